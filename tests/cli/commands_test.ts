/**
 * The `history` command line, run as a user runs it: a subprocess
 * (`deno run -A src/cli/main.ts …`) in a temporary directory, on a database
 * seeded with the library API. Asserts output, exit codes and one-line
 * errors.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  type History,
  type MessageFormat,
  openHistory,
  pydanticAiFormat,
} from "../../mod.ts";
import { MIGRATIONS } from "../../src/db/migrations.ts";
import { tempDir } from "../support/targets.ts";
import {
  conversationTurns,
  PYDANTIC_DUMP_JSON,
  PYDANTIC_FIXTURES,
} from "../support/pydantic_fixtures.ts";
import { HranaServer } from "../support/hrana/mod.ts";
import {
  assertFails,
  assertLine,
  assertOk,
  CLI,
  CONFIG,
  history,
} from "./cli_runner.ts";
import {
  streamTextResponseMessages,
  uiConversation,
} from "../support/ai_sdk_fixtures.ts";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A clock that moves one second per call, from T0. */
function steppingClock(start = T0): () => number {
  let now = start;
  return () => (now += 1000);
}

/**
 * Seeds a database: "weather" (the conversation, with a title), "fixtures"
 * (every Pydantic AI fixture, owner alice, no title), "dump" (JSON text,
 * owner bob), "empty" (no messages). Oldest activity first. With `aiSdk`,
 * first (so oldest) "ai-model" (AI SDK ModelMessages, 4) and "ai-ui" (AI SDK
 * UIMessages, 2).
 */
async function seed(path: string, aiSdk = false): Promise<void> {
  await using db = await openHistory({
    url: `file:${path}`,
    clock: steppingClock(),
  });
  if (aiSdk) {
    const model = db.withFormat(aiSdkModelMessageFormat);
    await model.getOrCreateSession("ai-model", { owner: "carol" });
    await model.saveMessages("ai-model", streamTextResponseMessages());
    const ui = db.withFormat(aiSdkUIMessageFormat);
    await ui.getOrCreateSession("ai-ui", { metadata: { title: "useChat" } });
    await ui.saveMessages("ai-ui", uiConversation());
  }
  await db.getOrCreateSession("empty", { metadata: { note: "nothing yet" } });
  await db.getOrCreateSession("fixtures", { owner: "alice" });
  await db.saveMessages(
    "fixtures",
    PYDANTIC_FIXTURES.map((f) => structuredClone(f.message)),
  );
  await db.getOrCreateSession("dump", {
    owner: "bob",
    metadata: { title: "Tokyo rain", tags: ["jp", 3.5], nested: { a: null } },
  });
  await db.saveMessages("dump", PYDANTIC_DUMP_JSON);
  await db.getOrCreateSession("weather", {
    metadata: { title: "Paris weather", agent: "forecaster" },
  });
  await db.saveMessages("weather", conversationTurns());
}

async function seeded(aiSdk = false): Promise<
  { path: string; db: string } & AsyncDisposable
> {
  const dir = await tempDir();
  const db = `${dir.path}/ironclaw.db`;
  await seed(db, aiSdk);
  return {
    path: dir.path,
    db,
    [Symbol.asyncDispose]: () => dir[Symbol.asyncDispose](),
  };
}

const COMMANDS = [
  "sessions",
  "show",
  "search",
  "export",
  "import",
  "backup",
  "stats",
  "doctor",
  "migrate",
  "sync",
  "delete",
  "prune",
  "serve",
];

Deno.test("history --help and every command's --help print usage and exit 0", async () => {
  await using dir = await tempDir();
  const [main, helpCmd, ...each] = await Promise.all([
    history(["--help"], { cwd: dir.path }),
    history(["help", "export"], { cwd: dir.path }),
    ...COMMANDS.map((c) => history([c, "--help"], { cwd: dir.path })),
  ]);
  assertOk(main!);
  for (const c of COMMANDS) {
    assert.match(main!.stdout, new RegExp(`\\n  ${c}\\b`));
  }
  assert.match(
    main!.stdout,
    /Exit codes: 0 ok, 1 failure or problem found, 2 usage error/,
  );
  assert.match(main!.stdout, /LIBSQL_AUTH_TOKEN or TURSO_AUTH_TOKEN only/);
  assertOk(helpCmd!);
  assert.match(helpCmd!.stdout, /^Usage: history export \[options\]/);
  // The format is described where the help is read, not only in a file of
  // the repository.
  assert.match(helpCmd!.stdout, /"format":"ironclaw-history-export"/);
  assert.match(helpCmd!.stdout, /"type":"session","id":/);
  assert.match(helpCmd!.stdout, /"type":"message","session":…,"seq":1/);
  each.forEach((result, i) => {
    assertOk(result);
    assert.match(
      result.stdout,
      new RegExp(`^Usage: history ${COMMANDS[i]}\\b`),
    );
    assert.match(result.stdout, /--url <URL>/);
  });
  // --help never opens (or creates) a database.
  await assert.rejects(
    Deno.stat(`${dir.path}/ironclaw.db`),
    Deno.errors.NotFound,
  );
});

Deno.test("history reports usage errors in one line with exit code 2", async () => {
  await using dir = await tempDir();
  const cases: [string[], RegExp][] = [
    [[], /missing command/],
    [["bogus"], /unknown command "bogus"/],
    [["sessions", "--auth-token", "secret"], /unknown option "--auth-token"/],
    [["sessions", "--limit", "0"], /--limit must be an integer from 1 to 1000/],
    [["sessions", "--limit"], /--limit needs a value/],
    [["show"], /show: missing <session>/],
    [["show", "a", "b"], /unexpected argument "b"/],
    [["prune"], /needs --inactive-since/],
    [["prune", "--inactive-since", "last week"], /--inactive-since must be/],
    [["prune", "--inactive-since", "2026-02-30"], /2026-02 has no day 30/],
    [["prune", "--inactive-since", "2025-02-29"], /2025-02 has no day 29/],
    [["prune", "--inactive-since", "2026-01-31T24:00"], /not a time of day/],
    [["prune", "--inactive-since", "999999999w"], /at most 100 years/],
    [["--url", "foo://x", "sessions"], /unsupported URL scheme "foo:"/],
    [["--url", "http://[::1", "sessions"], /Cannot open history/],
    [["sessions", "--sync-url", "ftp://x"], /syncUrl/],
    [["serve", "--port", "70000"], /--port must be an integer from 0 to 65535/],
    [["help", "nope"], /unknown command "nope"/],
  ];
  const results = await Promise.all(
    cases.map(([args]) => history(args, { cwd: dir.path })),
  );
  results.forEach((result, i) => assertFails(result, 2, cases[i]![1]));
});

Deno.test("history sessions lists newest first with titles, pages with the printed cursor, filters by owner", async () => {
  await using dir = await seeded();
  const [table, page1, owned, json] = await Promise.all([
    history(["sessions"], { cwd: dir.path, env: {} }),
    history(["sessions", "--limit", "2"], { cwd: dir.path }),
    history(["sessions", "--owner", "alice"], { cwd: dir.path }),
    history(["sessions", "--json", "--limit", "3"], { cwd: dir.path }),
  ]);
  assertOk(table!);
  assert(!table!.stdout.includes("\x1b["), "no colors when stdout is a pipe");
  const lines = table!.stdout.trimEnd().split("\n");
  assert.match(lines[0]!, /^ID\s+OWNER\s+UPDATED \(UTC\)\s+MSGS\s+TITLE$/);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(/\s+/)[0]),
    ["weather", "dump", "fixtures", "empty"],
  );
  assert.match(
    lines[1]!,
    /^weather\s+—\s+2026-01-05 \d\d:\d\d:\d\d\s+4\s+Paris weather$/,
  );
  assert.match(lines[2]!, /^dump\s+bob\s.*\s2\s+Tokyo rain$/);
  // No title in the metadata: the first user words.
  assert.match(
    lines[3]!,
    /^fixtures\s+alice\s.*What's the weather like in Lisbon/,
  );
  assert.doesNotMatch(table!.stdout, /Next page/);

  assertOk(page1!);
  assert.match(page1!.stdout, /^weather/m);
  assert.match(page1!.stdout, /^dump/m);
  const cursor = /--cursor (\S+)/.exec(page1!.stdout)?.[1];
  assert(cursor, `a next-page line: ${page1!.stdout}`);
  const [page2, badCursor] = await Promise.all([
    history(["sessions", "--limit", "2", "--cursor", cursor], {
      cwd: dir.path,
    }),
    history(["sessions", "--cursor", "not-a-cursor"], { cwd: dir.path }),
  ]);
  assertOk(page2!);
  assert.deepEqual(
    page2!.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(/\s+/)[0]),
    ["fixtures", "empty"],
  );
  assertFails(badCursor!, 2, /--cursor "not-a-cursor" is not a cursor/);

  assertOk(owned!);
  assert.deepEqual(
    owned!.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(/\s+/)[0]),
    ["fixtures"],
  );

  assertOk(json!);
  const parsed = JSON.parse(json!.stdout);
  assert.equal(parsed.sessions.length, 3);
  assert.equal(typeof parsed.nextCursor, "string");
  assert.deepEqual(parsed.sessions[1], {
    id: "dump",
    owner: "bob",
    title: "Tokyo rain",
    createdAt: parsed.sessions[1].createdAt,
    updatedAt: parsed.sessions[1].updatedAt,
    messageCount: 2,
    metadata: { title: "Tokyo rain", tags: ["jp", 3.5], nested: { a: null } },
    format: { name: "pydantic-ai", version: "1" },
  });
});

Deno.test("history show prints a readable transcript, --json the stored text byte-for-byte, --last N the newest", async () => {
  await using dir = await seeded();
  const [show, last, jsonDump, jsonLast, missing, fixtures] = await Promise.all(
    [
      history(["show", "weather"], { cwd: dir.path }),
      history(["show", "weather", "--last", "1"], { cwd: dir.path }),
      history(["show", "dump", "--json"], { cwd: dir.path }),
      history(["show", "weather", "--json", "--last", "2"], { cwd: dir.path }),
      history(["show", "nope"], { cwd: dir.path }),
      history(["show", "fixtures"], { cwd: dir.path }),
    ],
  );
  assertOk(show!);
  const text = show!.stdout;
  assert.match(text, /^Session weather — Paris weather$/m);
  assert.match(text, /4 messages/);
  assert.match(text, /^#1 user 2026-01-05 \d\d:\d\d:\d\dZ$/m);
  assertLine(text, "  system: You are a helpful weather assistant.");
  assertLine(text, "  Will it rain in Paris tomorrow?");
  assert.match(text, /^#2 model .* gpt-5\.2 · 214 in \/ 23 out tokens$/m);
  assertLine(
    text,
    '  → get_forecast({"city":"Paris","day":"2026-08-21"})  call_Xq81Lm0b',
  );
  assert.match(text, /^#3 tool /m);
  assertLine(
    text,
    "  ← get_forecast: Light rain expected in the afternoon, 17°C.",
  );
  assertLine(
    text,
    "  Yes: light rain is expected in Paris tomorrow afternoon, around 17°C. Take an umbrella.",
  );
  assert.match(
    text,
    /^Usage: 2 responses · 482 in \/ 54 out · 536 total tokens \(gpt-5\.2\)$/m,
  );

  assertOk(last!);
  assert.match(last!.stdout, /the last 1 of 4 messages/);
  assert.doesNotMatch(last!.stdout, /^#3 /m);
  assert.match(last!.stdout, /^#4 model/m);

  await using db = await openHistory({ url: `file:${dir.db}` });
  assertOk(jsonDump!);
  assert.equal(jsonDump!.stdout, (await db.getMessagesJson("dump")) + "\n");
  assert.equal(jsonDump!.stdout, PYDANTIC_DUMP_JSON + "\n");
  assertOk(jsonLast!);
  assert.equal(
    jsonLast!.stdout,
    (await db.getMessagesJson("weather", { last: 2 })) + "\n",
  );

  assertFails(missing!, 1, /Cannot show session "nope": no such session/);

  // Every part kind renders; thinking is folded to one line.
  assertOk(fixtures!);
  const thinking = fixtures!.stdout.split("\n").filter((l) =>
    l.startsWith("  thinking: ")
  );
  assert(thinking.length > 0, "thinking lines");
  for (const line of thinking) assert.match(line, /\(\d[\d,]* chars\)$/);
  assertLine(
    fixtures!.stdout,
    "  [image https://example.com/photos/harbour.jpg]",
  );
  assert.match(fixtures!.stdout, /↻ retry/);
});

Deno.test("history search prints hits with snippets, limited to a session or as JSON", async () => {
  await using dir = await seeded();
  const [all, inSession, json, none] = await Promise.all([
    history(["search", "rain"], { cwd: dir.path }),
    history(["search", "rain", "--session", "weather"], { cwd: dir.path }),
    history(["search", "Paris", "umbrella", "--json"], { cwd: dir.path }),
    history(["search", "zebra"], { cwd: dir.path }),
  ]);
  assertOk(all!);
  assert.match(all!.stdout, /^weather #3 tool 2026-01-05 /m);
  assertLine(
    all!.stdout,
    "  Light [rain] expected in the afternoon, 17°C.",
  );
  assert.match(all!.stdout, /^dump #\d /m);
  assert.match(all!.stdout, /^\d+ matches\.$/m);
  assertOk(inSession!);
  assert.doesNotMatch(inSession!.stdout, /^dump /m);
  assert.match(inSession!.stdout, /^weather #3 /m);
  assertOk(json!);
  const hits = JSON.parse(json!.stdout).hits;
  assert.equal(hits.length, 1);
  assert.equal(hits[0].sessionId, "weather");
  assert.equal(hits[0].seq, 4);
  assert.equal(hits[0].role, "model");
  assert.match(hits[0].snippet, /\[umbrella\]/);
  assertOk(none!);
  assert.equal(none!.stdout, 'No messages match "zebra".\n');
});

/** Everything a history knows about its sessions, for deep comparison. */
async function snapshot(db: History): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.listSessions({
      limit: 2,
      ...(cursor ? { cursor } : {}),
    });
    for (const session of page.sessions) {
      const format = [
        pydanticAiFormat,
        aiSdkModelMessageFormat,
        aiSdkUIMessageFormat,
      ].find((f) => f.name === session.format.name)!;
      const view = db.withFormat(format as MessageFormat<unknown>);
      out.push({
        session,
        records: await view.getMessageRecords(session.id),
        json: await view.getMessagesJson(session.id),
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

Deno.test("history export → import round-trips into a fresh database, deep-equal and byte-identical, in every format; a second import adds nothing", async () => {
  await using dir = await seeded(true);
  const exported = await history(["export", "--out", "backup.jsonl"], {
    cwd: dir.path,
  });
  assertOk(exported);
  assert.equal(
    exported.stdout,
    "Exported 6 sessions and 34 messages to backup.jsonl.\n",
  );
  const [toStdout, one, ui] = await Promise.all([
    history(["export"], { cwd: dir.path }),
    history(["export", "--session", "dump", "--session", "empty"], {
      cwd: dir.path,
    }),
    history(["show", "ai-ui"], { cwd: dir.path }),
  ]);
  // AI SDK sessions render too.
  assertOk(ui!);
  assert.match(ui!.stdout, /format ai-sdk-ui-message@7 · 2 messages/);
  assertLine(ui!.stdout, "  Weather in Lisbon tomorrow?");
  assert.match(
    ui!.stdout,
    /^ {2}→ weather\(\{"location":"Lisbon","unit":"celsius"\}\) {2}call_/m,
  );
  assert.match(ui!.stdout, /^ {2}← weather: \{"location":"Lisbon",/m);
  assertOk(toStdout!);
  const file = await Deno.readTextFile(`${dir.path}/backup.jsonl`);
  assert.equal(toStdout!.stdout, file, "stdout and --out write the same bytes");
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(dir.path))).map((e) => e.name).filter((
      n,
    ) => n.includes("partial")),
    [],
    "no temporary file left behind",
  );

  // The format: a header, then each session line followed by its messages.
  const lines = file.trimEnd().split("\n");
  assert.equal(lines.length, 1 + 6 + 34);
  assert.deepEqual(JSON.parse(lines[0]!), {
    type: "header",
    format: "ironclaw-history-export",
    version: 1,
    messageFormat: { name: "pydantic-ai", version: "1" },
  });
  const records = lines.map((l) => JSON.parse(l));
  assert.deepEqual(
    records.map((r) => r.type === "session" ? `S:${r.id}` : r.type[0]).join(
      " ",
    ),
    "h S:weather m m m m S:dump m m S:fixtures " + "m ".repeat(22) +
      "S:empty S:ai-ui m m S:ai-model m m m m",
  );
  const dumpSession = records.find((r) => r.id === "dump");
  assert.deepEqual(Object.keys(dumpSession), [
    "type",
    "id",
    "owner",
    "metadata",
    "createdAt",
    "updatedAt",
    "format",
    "messageCount",
  ]);
  // The stored text is embedded raw: 3.0 and 2^70 survive, unlike JSON.parse.
  const dumpLine = lines.find((l) => l.includes('"session":"dump","seq":2'))!;
  assert(
    dumpLine.startsWith(
      '{"type":"message","session":"dump","seq":2,"role":"model","createdAt":"',
    ),
  );
  const messages = JSON.parse(PYDANTIC_DUMP_JSON) as unknown[];
  assert(dumpLine.endsWith(`"message":${
    PYDANTIC_DUMP_JSON.slice(
      PYDANTIC_DUMP_JSON.indexOf('{"parts":[{"tool_name"'),
      -1,
    )
  }}`));
  assert.equal(messages.length, 2);

  assertOk(one!);
  assert.deepEqual(
    one!.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).type),
    ["header", "session", "message", "message", "session"],
  );

  // Import into a fresh database, twice.
  const target = `${dir.path}/restored.db`;
  const first = await history(["--url", target, "import", "backup.jsonl"], {
    cwd: dir.path,
  });
  assertOk(first);
  assert.equal(
    first.stdout,
    "Imported 6 sessions (34 messages); skipped 0 that already existed.\n",
  );
  const second = await history(["--url", target, "import", "backup.jsonl"], {
    cwd: dir.path,
  });
  assertOk(second);
  assert.equal(
    second.stdout,
    "Imported 0 sessions (0 messages); skipped 6 that already existed.\n",
  );

  await using source = await openHistory({ url: `file:${dir.db}` });
  await using restored = await openHistory({ url: `file:${target}` });
  const [before, after] = [await snapshot(source), await snapshot(restored)];
  assert.equal(after.length, 6);
  assert.deepEqual(after, before);
  assert.equal(
    (await restored.getSession("ai-model"))?.format.name,
    "ai-sdk-model-message",
  );
  assert.equal(await restored.getMessagesJson("dump"), PYDANTIC_DUMP_JSON);
  assert.deepEqual(
    await restored.searchMessages("umbrella"),
    await source.searchMessages("umbrella"),
  );
});

Deno.test("history export puts a hand-formatted message on one line, keeping every value", async () => {
  await using dir = await tempDir();
  const text =
    '[\n  {\n    "kind": "request",\n    "parts": [ { "part_kind": "user-prompt", "content": "a  b\\n c", "n": 3.0 } ]\n  }\n]';
  {
    await using db = await openHistory({ url: `file:${dir.path}/ironclaw.db` });
    await db.getOrCreateSession("pretty");
    await db.saveMessages("pretty", text);
  }
  const exported = await history(["export", "--out", "x.jsonl"], {
    cwd: dir.path,
  });
  assertOk(exported);
  const lines = (await Deno.readTextFile(`${dir.path}/x.jsonl`)).trimEnd()
    .split("\n");
  assert.equal(lines.length, 3);
  assert(lines[2]!.endsWith(
    '"message":{"kind":"request","parts":[{"part_kind":"user-prompt","content":"a  b\\n c","n":3.0}]}}',
  ));
  const imported = await history(["--url", "y.db", "import", "x.jsonl"], {
    cwd: dir.path,
  });
  assertOk(imported);
  await using y = await openHistory({ url: `file:${dir.path}/y.db` });
  assert.deepEqual(await y.getMessages("pretty"), JSON.parse(text));
});

Deno.test("history import checks the whole file first, names line numbers and writes nothing", async () => {
  await using dir = await seeded();
  const exported = await history(["export", "--out", "good.jsonl"], {
    cwd: dir.path,
  });
  assertOk(exported);
  const lines = (await Deno.readTextFile(`${dir.path}/good.jsonl`)).trimEnd()
    .split("\n");
  // Break line 4 (weather seq 2) and line 9 (a message of "dump"); the first
  // sessions are valid, yet nothing may be written.
  const bad = [...lines];
  bad[3] = bad[3]!.replace('"kind":"response"', '"kind":"reply"');
  bad[8] = "{not json";
  await Deno.writeTextFile(`${dir.path}/bad.jsonl`, bad.join("\n") + "\n");
  await Deno.writeTextFile(
    `${dir.path}/other.jsonl`,
    '{"type":"header","format":"something-else","version":1}\n',
  );
  const newer = [
    lines[0]!.replace('"version":1', '"version":2'),
    ...lines.slice(1),
  ];
  await Deno.writeTextFile(`${dir.path}/newer.jsonl`, newer.join("\n"));
  const [result, other, newerResult, missing] = await Promise.all([
    history(["--url", "fresh.db", "import", "bad.jsonl"], { cwd: dir.path }),
    history(["--url", "fresh2.db", "import", "other.jsonl"], { cwd: dir.path }),
    history(["--url", "fresh3.db", "import", "newer.jsonl"], { cwd: dir.path }),
    history(["--url", "fresh4.db", "import", "nope.jsonl"], { cwd: dir.path }),
  ]);
  assert.equal(result!.code, 1);
  assert.equal(result!.stdout, "");
  const errors = result!.stderr.trimEnd().split("\n");
  assert.match(
    errors[0]!,
    /^history: line 4: session "weather" seq 2: the message is invalid at "kind": /,
  );
  assert.match(errors[1]!, /^history: line 9: not valid JSON/);
  assert.match(
    errors.at(-1)!,
    /^history: nothing was imported: \d+ problems in the file$/,
  );
  assert.doesNotMatch(result!.stderr, /\n\s+at /);
  await using fresh = await openHistory({ url: `file:${dir.path}/fresh.db` });
  assert.equal(
    (await fresh.listSessions()).sessions.length,
    0,
    "nothing written",
  );

  assertFails(other!, 1, /line 1: not an ironclaw history export/);
  assert.match(
    newerResult!.stderr,
    /^history: line 1: the export has format version 2, written by a newer version/,
  );
  assertFails(missing!, 1, /Cannot import "nope\.jsonl": no such file/);
});

Deno.test("history stats counts sessions, messages, file size and usage; migrate reports what it applied", async () => {
  await using dir = await seeded();
  const [text, json, owned, upToDate, fresh] = await Promise.all([
    history(["stats"], { cwd: dir.path }),
    history(["stats", "--json"], { cwd: dir.path }),
    history(["stats", "--owner", "bob", "--json"], { cwd: dir.path }),
    history(["migrate"], { cwd: dir.path }),
    history(["--url", "new.db", "migrate"], { cwd: dir.path }),
  ]);
  assertOk(text!);
  assert.match(text!.stdout, /^Database {2}file:ironclaw\.db {2}\(\d+\.\d KB/m);
  assertLine(text!.stdout, "Sessions  4  (2 owners, 2 without owner)");
  assertLine(text!.stdout, "Messages  28");
  assert.match(
    text!.stdout,
    /^Usage {5}\d+ responses · [\d,]+ in \/ [\d,]+ out · [\d,]+ total tokens/m,
  );
  assert.match(text!.stdout, /^ {2}gpt-5\.2: /m);
  assertOk(json!);
  const stats = JSON.parse(json!.stdout);
  await using db = await openHistory({ url: `file:${dir.db}` });
  assert.deepEqual(stats.usage, await db.getUsage());
  assert.equal(stats.sessions, 4);
  assert.equal(stats.messages, 28);
  assert(stats.fileBytes > 0);
  assertOk(owned!);
  const bob = JSON.parse(owned!.stdout);
  assert.equal(bob.sessions, 1);
  assert.equal(bob.messages, 2);
  assert.equal(bob.usage.inputTokens, 51);

  const tags = MIGRATIONS.map((m) => m.tag);
  assert.deepEqual(tags.slice(0, 3), [
    "0000_init",
    "0001_search_index",
    "0002_last_seq_trigger",
  ]);
  assertOk(upToDate!);
  assert.equal(
    upToDate!.stdout,
    `file:ironclaw.db is up to date (${tags.length} migrations: ${
      tags.join(", ")
    }).\n`,
  );
  assertOk(fresh!);
  assert.equal(
    fresh!.stdout,
    `Applied ${tags.length} migrations to file:new.db: ${tags.join(", ")}.\n`,
  );
});

Deno.test("history doctor exits 0 on a healthy database and 1 naming the session and seq of each corrupt row", async () => {
  await using dir = await seeded();
  const healthy = await history(["doctor"], { cwd: dir.path });
  assertOk(healthy);
  assert.equal(
    healthy.stdout,
    "Checked 4 sessions and 28 messages: every row is valid.\n",
  );

  const raw = createClient({ url: `file:${dir.db}` });
  try {
    await raw.execute({
      sql:
        "UPDATE chat_messages SET content = ? WHERE session_id = ? AND seq = ?",
      args: ['{"kind":"request","parts":[{"part_kind":"nope"}]}', "weather", 2],
    });
    await raw.execute({
      sql:
        "UPDATE chat_messages SET content = ? WHERE session_id = ? AND seq = ?",
      args: ["{not json", "fixtures", 7],
    });
  } finally {
    raw.close();
  }
  const [sick, json, show, exported] = await Promise.all([
    history(["doctor"], { cwd: dir.path }),
    history(["doctor", "--json", "--session", "weather"], { cwd: dir.path }),
    history(["show", "weather"], { cwd: dir.path }),
    history(["export", "--out", "x.jsonl"], { cwd: dir.path }),
  ]);
  assert.equal(sick!.code, 1);
  assert.equal(sick!.stderr, "");
  const out = sick!.stdout.trimEnd().split("\n");
  assert.equal(out.length, 3);
  assert.match(
    out[0]!,
    /^corrupt row: session "weather" seq 2 at "parts\.0\.part_kind": /,
  );
  assert.match(
    out[1]!,
    /^corrupt row: session "fixtures" seq 7 at "": stored JSON does not parse/,
  );
  assert.equal(
    out[2],
    "Checked 4 sessions and 28 messages: 2 problems (2 corrupt rows) in 2 sessions.",
  );
  assert.equal(json!.code, 1);
  const report = JSON.parse(json!.stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.problems.map((
      p: { sessionId: string; seq: number },
    ) => [p.sessionId, p.seq]),
    [["weather", 2]],
  );
  assertFails(
    show!,
    1,
    /session "weather": stored message seq 2 is corrupt.*history doctor/,
  );
  assertFails(exported!, 1, /stored message seq 2 is corrupt/);
  assert.equal(
    (await Array.fromAsync(Deno.readDir(dir.path))).filter((e) =>
      e.name.startsWith("x.jsonl")
    ).length,
    0,
    "a failed export leaves no file",
  );
});

Deno.test("history delete and prune remove sessions; prune --dry-run only lists them", async () => {
  await using dir = await seeded();
  const deleted = await history(["delete", "dump"], { cwd: dir.path });
  assertOk(deleted);
  assert.equal(deleted.stdout, 'Deleted session "dump" and its 2 messages.\n');
  const again = await history(["delete", "dump"], { cwd: dir.path });
  assertFails(again, 1, /Cannot delete session "dump": no such session/);

  // The cut-off is the weather session's last activity: the older ones go.
  let cut: string;
  {
    await using db = await openHistory({ url: `file:${dir.db}` });
    cut = (await db.getSession("weather"))!.updatedAt.toISOString();
  }
  const dry = await history(["prune", "--inactive-since", cut, "--dry-run"], {
    cwd: dir.path,
  });
  assertOk(dry);
  assert.match(
    dry.stdout,
    /^would delete "fixtures" \(last active 2026-01-05 /m,
  );
  assert.match(dry.stdout, /^would delete "empty" /m);
  assert.doesNotMatch(dry.stdout, /"weather"/);
  assert.match(
    dry.stdout,
    /^Would delete 2 sessions inactive since .* \(dry run: nothing deleted\)\.$/m,
  );
  const owned = await history(
    ["prune", "--inactive-since", cut, "--owner", "alice"],
    { cwd: dir.path },
  );
  assertOk(owned);
  assert.match(owned.stdout, /^Deleted 1 session inactive since /);
  const all = await history(["prune", "--inactive-since", "1d"], {
    cwd: dir.path,
  });
  assertOk(all);
  assert.match(all.stdout, /^Deleted 2 sessions inactive since /);
  await using db = await openHistory({ url: `file:${dir.db}` });
  assert.equal((await db.listSessions()).sessions.length, 0);
});

Deno.test("history sync fails in one line on a database that is not a replica; a remote URL takes its token from the environment", async () => {
  await using dir = await seeded();
  const TOKEN = "cli-test-token-0d9e8f";
  await using server = await HranaServer.start({ authToken: TOKEN });
  {
    await using remote = await openHistory({
      url: server.url,
      authToken: TOKEN,
      env: false,
    });
    await remote.getOrCreateSession("remote-1", {
      metadata: { title: "Over HTTP" },
    });
    await remote.saveMessages("remote-1", conversationTurns());
  }
  const [sync, listed, refused] = await Promise.all([
    history(["sync"], { cwd: dir.path }),
    history(["sessions", "--url", server.url], {
      cwd: dir.path,
      env: { LIBSQL_AUTH_TOKEN: TOKEN },
    }),
    history(["show", "remote-1"], {
      cwd: dir.path,
      env: { TURSO_DATABASE_URL: server.url, TURSO_AUTH_TOKEN: "wrong" },
    }),
  ]);
  assertFails(sync!, 1, /not an embedded replica/);
  assertOk(listed!);
  assert.match(listed!.stdout, /^remote-1\s+—\s.*\s4\s+Over HTTP$/m);
  assert.equal(refused!.code, 1);
  assertFails(refused!, 1, /.+/);
  assert(!refused!.stderr.includes("wrong"), "the token is not printed");
});

Deno.test("history on a database file that does not exist fails without creating it", async () => {
  await using dir = await tempDir();
  const result = await history(["sessions"], { cwd: dir.path });
  assertFails(
    result,
    1,
    /Cannot open history "file:ironclaw\.db": no such file/,
  );
  await assert.rejects(
    Deno.stat(`${dir.path}/ironclaw.db`),
    Deno.errors.NotFound,
  );
});

Deno.test("history serve prints its URL, serves the list and a transcript, and refuses writes", async () => {
  await using dir = await seeded();
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["HOME", "DENO_DIR"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "-A",
      `--config=${CONFIG}`,
      CLI,
      "serve",
      "--port",
      "0",
    ],
    cwd: dir.path,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let first = "";
    while (!first.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      first += value;
    }
    const url =
      /Serving file:ironclaw\.db at (http:\/\/127\.0\.0\.1:\d+\/) \(read-only/
        .exec(first)?.[1];
    assert(url, `the URL line: ${first}`);
    const list = await fetch(url);
    assert.equal(list.status, 200);
    assert.match(
      list.headers.get("content-security-policy") ?? "",
      /default-src 'none'/,
    );
    const listHtml = await list.text();
    assert.match(listHtml, /<a href="\/s\/weather">weather<\/a>/);
    assert.match(listHtml, /Paris weather/);
    const session = await fetch(`${url}s/weather`);
    const html = await session.text();
    assert.match(html, /get_forecast\(\{&#34;city&#34;:&#34;Paris&#34;/);
    const post = await fetch(url, { method: "POST", body: "x" });
    await post.body?.cancel();
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");
  } finally {
    child.kill("SIGTERM");
    await lines.cancel();
  }
  const status = await child.status;
  assert.equal(status.code, 0, await stderr);
  assert.equal(await stderr, "");
});
