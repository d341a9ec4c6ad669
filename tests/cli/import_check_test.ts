/**
 * `history import` is all or nothing: the checking pass refuses everything
 * the writing pass would, so for any file either every session is imported
 * or nothing is written and each problem names a line. Examples of what
 * only the library knows (NUL and lone surrogates in ids and owners, lone
 * surrogates in metadata, values nested 100,000 deep), then a property
 * over generated hostile files.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { openHistory } from "../../mod.ts";
import {
  checkExport,
  ImportFileError,
  importHistory,
  type ImportSource,
} from "../../src/cli/exchange/import.ts";

const HEADER =
  '{"type":"header","format":"ironclaw-history-export","version":1}';
const T = "2026-01-01T00:00:00.000Z";
const PROMPT =
  '{"kind":"request","parts":[{"part_kind":"user-prompt","content":"hi"}]}';

/** A session as it is written in a file: each field as JSON text. */
interface FileSession {
  readonly id: string;
  readonly owner: string;
  readonly metadata: string;
  readonly messages: readonly string[];
  /** Added to the true message count in the session line. */
  readonly countError: number;
}

/** JSON text nested `depth` levels deep. */
function deep(depth: number, open = "[", close = "]"): string {
  return open.repeat(depth) + close.repeat(depth);
}

function sessionLine(s: FileSession): string {
  return `{"type":"session","id":${s.id},"owner":${s.owner},"metadata":${s.metadata},"createdAt":"${T}","updatedAt":"${T}","format":{"name":"pydantic-ai","version":"1"},"messageCount":${
    s.messages.length + s.countError
  }}`;
}

function messageLine(id: string, seq: number, message: string): string {
  return `{"type":"message","session":${id},"seq":${seq},"role":"user","createdAt":"${T}","message":${message}}`;
}

function fileLines(sessions: readonly FileSession[]): string[] {
  const lines = [HEADER];
  for (const s of sessions) {
    lines.push(sessionLine(s));
    s.messages.forEach((m, i) => lines.push(messageLine(s.id, i + 1, m)));
  }
  return lines;
}

function source(lines: readonly string[]): ImportSource {
  const bytes = new TextEncoder().encode(lines.join("\n"));
  return { size: bytes.length, open: () => new Blob([bytes]).stream() };
}

/**
 * Imports the file into a fresh history and asserts all or nothing: an
 * `ImportFileError` whose problems name lines of the file and nothing
 * written, or every session there with its messages.
 *
 * @returns The error, when the file was refused.
 */
async function assertAllOrNothing(
  lines: readonly string[],
  sessions: readonly { id: string; messages: number }[],
): Promise<ImportFileError | undefined> {
  await using db = await openHistory({ url: ":memory:" });
  let error: unknown;
  try {
    await importHistory(db, source(lines));
  } catch (e) {
    error = e;
  }
  const stored = (await db.listSessions({ limit: 1000 })).sessions;
  if (error !== undefined) {
    assert(
      error instanceof ImportFileError,
      `an ImportFileError, got ${String(error)}`,
    );
    assert(error.problems.length > 0);
    for (const p of error.problems) {
      assert(p.line >= 1 && p.line <= lines.length, `line ${p.line}`);
      assert.doesNotMatch(p.message, /unexpected error/);
    }
    assert.deepEqual(stored.map((s) => s.id), [], "nothing was written");
    return error;
  }
  assert.equal(stored.length, sessions.length, "every session was imported");
  for (const s of sessions) {
    const session = await db.getSession(s.id);
    assert.equal(session?.messageCount, s.messages, `session ${s.id}`);
  }
  return undefined;
}

const good = (id: string, messages = [PROMPT]): FileSession => ({
  id: JSON.stringify(id),
  owner: "null",
  metadata: "{}",
  messages,
  countError: 0,
});

Deno.test("importHistory() refuses in the checking pass what only the library refuses, naming the line and writing nothing", async () => {
  const cases: [string, Partial<FileSession>, RegExp][] = [
    [
      "NUL in the id",
      { id: '"a\\u0000b"' },
      /Session id must be valid Unicode/,
    ],
    ["lone surrogate in the id", { id: '"a\\ud800"' }, /Session id/],
    [
      "NUL in the owner",
      { owner: '"o\\u0000"' },
      /Owner must be valid Unicode/,
    ],
    ["lone surrogate in the owner", { owner: '"\\udc00"' }, /Owner/],
    [
      "lone surrogate in the metadata",
      { metadata: '{"t":"\\udc00"}' },
      /metadata.*lone surrogate/,
    ],
    [
      "metadata 100,000 deep",
      { metadata: `{"a":${deep(100_000)}}` },
      /nested too deeply|deep|depth/i,
    ],
  ];
  for (const [what, bad, expected] of cases) {
    const sessions = [good("first"), good("second"), {
      ...good("bad"),
      ...bad,
    }];
    const lines = fileLines(sessions);
    const error = await assertAllOrNothing(lines, []);
    assert(error, `${what}: refused`);
    const problem = error.problems[0]!;
    // The bad session's line: header, first + message, second + message.
    assert.equal(problem.line, 6, `${what}: ${problem.message}`);
    assert.match(problem.message, expected, what);
    // checkExport alone finds it too: nothing needs a target to be found.
    const checked = await checkExport(source(lines));
    assert.equal(checked.problems[0]?.line, 6, what);
  }
});

Deno.test("importHistory() names the line of a message nested 100,000 deep, or imports it", async () => {
  const message =
    `{"kind":"request","parts":[{"part_kind":"user-prompt","content":${
      deep(100_000)
    }}]}`;
  const lines = fileLines([good("first"), good("deep", [PROMPT, message])]);
  const error = await assertAllOrNothing(lines, [
    { id: "first", messages: 1 },
    { id: "deep", messages: 2 },
  ]);
  if (error) assert.equal(error.problems[0]!.line, 6);
});

/** Ids: mostly ordinary, some the library refuses. */
const idText = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z]{1,4}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "a\u0000b",
      "\ud800",
      "x\udc00y",
      "line\nbreak",
      "\u202e",
      "",
      "x".repeat(512),
      "x".repeat(513),
      "😀",
    ),
  },
).map((id) => JSON.stringify(id));

const metadataText = fc.oneof(
  { weight: 4, arbitrary: fc.constant("{}") },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) =>
      JSON.stringify({ k: v })
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"t":"\\ud800"}',
      '{"\\udc00":1}',
      '{"title":"a\\u0000b"}',
      `{"a":${deep(999)}}`,
      `{"a":${deep(1001)}}`,
      `{"a":${deep(100_000)}}`,
      `{"a":${deep(5000, '{"b":', "}").replace(/\{"b":\}/, '{"b":1}')}}`,
      "null",
      "[]",
      '"text"',
    ),
  },
);

const messageText = fc.oneof(
  { weight: 6, arbitrary: fc.constant(PROMPT) },
  {
    weight: 2,
    arbitrary: fc.string({ maxLength: 20 }).map((content) =>
      JSON.stringify({
        kind: "request",
        parts: [{ part_kind: "user-prompt", content }],
      })
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"kind":"request"}',
      '{"kind":"request","parts":[{"part_kind":"user-prompt","content":"\\ud800"}]}',
      `{"kind":"request","parts":[{"part_kind":"user-prompt","content":${
        deep(1001)
      }}]}`,
      `{"kind":"request","parts":[{"part_kind":"user-prompt","content":${
        deep(100_000)
      }}]}`,
      `{"kind":"response","parts":[{"part_kind":"tool-call","tool_name":"t","args":{"a":${
        deep(2000)
      }},"tool_call_id":"c"}]}`,
      "[1]",
    ),
  },
);

const fileSession: fc.Arbitrary<FileSession> = fc.record({
  id: idText,
  owner: fc.oneof(
    { weight: 3, arbitrary: fc.constant("null") },
    { weight: 1, arbitrary: idText },
  ),
  metadata: metadataText,
  messages: fc.array(messageText, { maxLength: 3 }),
  countError: fc.oneof(
    { weight: 9, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 1) },
  ),
});

Deno.test("property: for any file, importHistory() either imports every session or writes nothing and names a line", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fileSession, { minLength: 1, maxLength: 4 }),
      fc.option(fc.nat(), { nil: undefined }),
      async (sessions, garbageAt) => {
        const lines = fileLines(sessions);
        if (garbageAt !== undefined) {
          lines.splice(1 + (garbageAt % lines.length), 0, "{not json");
        }
        await assertAllOrNothing(
          lines,
          sessions.map((s) => ({
            id: JSON.parse(s.id),
            messages: s.messages.length,
          })),
        );
      },
    ),
    { numRuns: 150 },
  );
});
