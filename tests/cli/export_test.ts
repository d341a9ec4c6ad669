/**
 * The JSON Lines export format, in process: streaming reads, raw message
 * text, paging across page boundaries, and every kind of broken file.
 */
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { exportHistory } from "../../src/cli/exchange/export.ts";
import {
  checkExport,
  ImportFileError,
  importHistory,
  type ImportSource,
} from "../../src/cli/exchange/import.ts";
import {
  minifyJson,
  rawMembers,
  readLines,
} from "../../src/cli/exchange/jsonl.ts";
import { conversationTurns } from "../support/pydantic_fixtures.ts";

/** A source whose bytes arrive in chunks of `chunk` bytes. */
function source(text: string | Uint8Array, chunk = 7): ImportSource {
  const bytes = typeof text === "string"
    ? new TextEncoder().encode(text)
    : text;
  return {
    size: bytes.length,
    open: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += chunk) {
            controller.enqueue(bytes.slice(i, i + chunk));
          }
          controller.close();
        },
      }),
  };
}

const HEADER =
  '{"type":"header","format":"ironclaw-history-export","version":1,"messageFormat":{"name":"pydantic-ai","version":"1"}}';
const T = "2026-01-01T00:00:00.000Z";
const sessionLine = (id: string, count: number, extra = "") =>
  `{"type":"session","id":"${id}","owner":null,"metadata":{},"createdAt":"${T}","updatedAt":"${T}","format":{"name":"pydantic-ai","version":"1"},"messageCount":${count}${extra}}`;
const messageLine = (
  id: string,
  seq: number,
  message = '{"kind":"request","parts":[]}',
) =>
  `{"type":"message","session":"${id}","seq":${seq},"role":"system","createdAt":"${T}","message":${message}}`;

Deno.test("readLines() splits on LF and CRLF across chunk boundaries, drops a leading BOM, reports bad UTF-8 by line", async () => {
  const text = "\ufeffé1\r\nline two ✓\n\nlast";
  const lines = [];
  for await (
    const line of readLines(
      source(text, 3).open() as ReadableStream<Uint8Array>,
    )
  ) {
    lines.push([line.number, line.text]);
  }
  assert.deepEqual(lines, [[1, "é1"], [2, "line two ✓"], [3, ""], [4, "last"]]);
  const bad = new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a]);
  await assert.rejects(
    Array.fromAsync(
      readLines(source(bad).open() as ReadableStream<Uint8Array>),
    ),
    /line 2: the text is not valid UTF-8/,
  );
});

Deno.test("rawMembers() returns each value's text exactly; minifyJson() keeps every value", () => {
  const text =
    '{ "a" : 3.0 , "message":{"x":[1,"]}\\"",{"y":1180591620717411303424}]} , "z":null}';
  const members = rawMembers(text);
  assert.equal(members.get("a"), "3.0");
  assert.equal(
    members.get("message"),
    '{"x":[1,"]}\\"",{"y":1180591620717411303424}]}',
  );
  assert.equal(members.get("z"), "null");
  assert.equal(
    minifyJson('{\n  "a b": [ 1 ,\t2.50 ],\r\n  "s": " keep  \\" this "\n}'),
    '{"a b":[1,2.50],"s":" keep  \\" this "}',
  );
});

Deno.test("exportHistory() pages through sessions and messages and importHistory() restores them exactly", async () => {
  await using db = await openHistory({ url: ":memory:" });
  for (let s = 0; s < 5; s++) {
    const { id } = await db.getOrCreateSession(`s${s}`, {
      owner: s % 2 ? "alice" : "bob",
      metadata: { n: s },
    });
    for (let t = 0; t < s; t++) await db.saveMessages(id, conversationTurns());
  }
  let text = "";
  const chunks: string[] = [];
  const result = await exportHistory(db, (chunk) => {
    chunks.push(chunk);
    text += chunk;
    return Promise.resolve();
  }, { pageSize: 3 });
  assert.deepEqual(result, { sessions: 5, messages: 40, reflowed: 0 });
  assert(chunks.every((c) => c.endsWith("\n")), "whole lines per chunk");
  const alice = { text: "" };
  await exportHistory(db, (c) => Promise.resolve(void (alice.text += c)), {
    owner: "alice",
  });
  assert.equal(
    alice.text.split("\n").filter((l) => l.includes('"type":"session"')).length,
    2,
  );

  await using copy = await openHistory({ url: ":memory:" });
  const progress: string[] = [];
  const summary = await importHistory(copy, source(text, 4096), {
    onProgress: (phase) => progress.push(phase),
  });
  assert.deepEqual(summary, {
    sessions: 5,
    messages: 40,
    imported: 5,
    importedMessages: 40,
    skipped: 0,
  });
  assert(progress.includes("check") && progress.includes("import"));
  for (let s = 0; s < 5; s++) {
    assert.deepEqual(
      await copy.getSession(`s${s}`),
      await db.getSession(`s${s}`),
    );
    assert.deepEqual(
      await copy.getMessageRecords(`s${s}`),
      await db.getMessageRecords(`s${s}`),
    );
  }
});

Deno.test("checkExport() names the line of every kind of problem", async () => {
  const cases: [string[], RegExp][] = [
    [[], /^1: the file is empty$/],
    [["{}"], /^1: not an ironclaw history export/],
    [
      [HEADER.replace('"version":1', '"version":0')],
      /^1: unsupported export version 0$/,
    ],
    [
      [HEADER, messageLine("a", 1)],
      /^2: a message line before any session line$/,
    ],
    [
      [HEADER, sessionLine("a", 1), messageLine("b", 1)],
      /^3: a message of session "b" inside session "a"/,
    ],
    [
      [HEADER, sessionLine("a", 2), messageLine("a", 1), messageLine("a", 3)],
      /^4: session "a": expected message seq 2, got 3$/,
    ],
    [
      [HEADER, sessionLine("a", 2), messageLine("a", 1)],
      /^2: session "a" declares 2 messages but 1 follow it$/,
    ],
    [
      [HEADER, sessionLine("a", 0), sessionLine("a", 0)],
      /^3: session "a": session "a" appears twice$/,
    ],
    [
      [HEADER, sessionLine("a", 0).replace('"pydantic-ai"', '"ai-sdk"')],
      /^2: session "a": message format "ai-sdk" is not one this tool imports$/,
    ],
    [[
      HEADER,
      sessionLine("a", 0).replace(
        `"createdAt":"${T}"`,
        '"createdAt":"yesterday"',
      ),
    ], /^2: session "a": "createdAt" must be an ISO date-time$/],
    [
      [HEADER, sessionLine("", 0)],
      /^2: session: "id" must be a string of 1 to 512 characters$/,
    ],
    [
      [HEADER, sessionLine("a", 1), messageLine("a", 1, "[1]")],
      /^3: session "a" seq 1: "message" must be a JSON object$/,
    ],
    [
      [HEADER, sessionLine("a", 1), messageLine("a", 1, '{"kind":"request"}')],
      /^3: session "a" seq 1: the message is invalid at "parts"/,
    ],
    [[HEADER, '{"type":"note"}'], /^2: unknown line type "note"$/],
    [[HEADER, HEADER], /^2: a second header line$/],
    [[HEADER, "[1,2]"], /^2: expected a JSON object$/],
  ];
  for (const [lines, expected] of cases) {
    const { problems } = await checkExport(source(lines.join("\n")));
    const first = problems[0];
    assert(first, `a problem for ${JSON.stringify(lines)}`);
    assert.match(`${first.line}: ${first.message}`, expected);
  }
  // A valid file, with CRLF line ends and blank lines, has none.
  const ok = [HEADER, "", sessionLine("a", 1), messageLine("a", 1)].join(
    "\r\n",
  );
  assert.deepEqual((await checkExport(source(ok))).problems, []);
});

Deno.test("importHistory() writes nothing when any line is wrong, and lists at most maxProblems", async () => {
  await using db = await openHistory({ url: ":memory:" });
  const lines = [HEADER, sessionLine("good", 1), messageLine("good", 1)];
  for (let i = 0; i < 30; i++) lines.push(`bad ${i}`);
  const error = await importHistory(db, source(lines.join("\n")), {
    maxProblems: 5,
  }).then(() => undefined, (e: unknown) => e);
  assert(error instanceof ImportFileError);
  assert.equal(error.problems.length, 5);
  assert.equal(error.truncated, true);
  assert.equal(error.problems[0]!.line, 4);
  assert.equal(await db.getSession("good"), undefined);
});
