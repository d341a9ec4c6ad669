/**
 * Text from the database cannot forge output: session ids, owners, titles,
 * metadata, model and tool names holding line breaks, tabs, escape
 * sequences, C1 controls, bidirectional overrides and Unicode line
 * separators are shown escaped by every text output of the `history` tool
 * (`sessions`, `show`, `search`, `stats`, `doctor`, `prune --dry-run`,
 * `delete`, errors, import problems), run as a subprocess.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { openHistory } from "../../mod.ts";
import { deletePrompt } from "../../src/cli/commands/delete.ts";
import { conversationTurns } from "../support/pydantic_fixtures.ts";
import { tempDir } from "../support/targets.ts";
import { history, type Result } from "./cli_runner.ts";

/**
 * Every id starts a forged row with `FORGED` after a character that could
 * end or reorder a line; the escaped output must never begin a line with it.
 */
const EVIL_ID = "evil\nFORGED row\tx";
const EVIL_OWNER = "own\r\nFORGED owner\u202e";
const OTHER_IDS = [
  "esc\x1b[2J\x1b]0;t\x07FORGED",
  "nel\u0085FORGED",
  "ls\u2028FORGED\u2029FORGED",
  "bidi\u202eFORGED\u2066\u200f",
  "vt\vFORGED\fFORGED",
];
const MISSING_ID = "missing\nFORGED error";

/** What no line of text output may contain raw. */
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Asserts that output has no forged line and no raw control character. */
function assertClean(result: Result, what: string): void {
  for (
    const [name, text] of [["stdout", result.stdout], [
      "stderr",
      result.stderr,
    ]] as const
  ) {
    assert.doesNotMatch(
      text,
      /^[^\s\w]*FORGED/m,
      `${what}: a forged ${name} line:\n${text}`,
    );
    const bad = UNSAFE.exec(text);
    assert(
      bad === null,
      `${what}: raw U+${
        bad?.[0].charCodeAt(0).toString(16).padStart(4, "0")
      } in ${name}:\n${text}`,
    );
  }
}

/** Messages whose model, tool and call ids and text are hostile too. */
function hostileTurns(): unknown[] {
  const turns = conversationTurns() as unknown as Record<string, unknown>[];
  const json = JSON.stringify(turns)
    .replaceAll('"gpt-5.2"', JSON.stringify("gpt\nFORGED model"))
    .replaceAll('"get_forecast"', JSON.stringify("forecast\nFORGED tool"))
    .replaceAll('"call_Xq81Lm0b"', JSON.stringify("call\r\nFORGED call"))
    .replaceAll("Will it rain", "Will unicorn\u2028FORGED rain");
  return JSON.parse(json);
}

async function seed(path: string): Promise<void> {
  await using db = await openHistory({ url: `file:${path}` });
  await db.getOrCreateSession(EVIL_ID, {
    owner: EVIL_OWNER,
    metadata: {
      title: "Title\u2028FORGED\u202e title",
      note: "a\nFORGED metadata\u0085\u2066",
    },
  });
  await db.saveMessages(EVIL_ID, hostileTurns() as never);
  for (const id of OTHER_IDS) {
    await db.getOrCreateSession(id, { owner: EVIL_OWNER });
    await db.saveMessages(id, hostileTurns() as never);
  }
  const raw = createClient({ url: `file:${path}` });
  try {
    // A corrupt row in a hostile session, for doctor.
    await raw.execute({
      sql:
        "UPDATE chat_messages SET content = ? WHERE session_id = ? AND seq = 2",
      args: [
        '{"kind":"request","parts":[{"part_kind":"no\\nFORGED"}]}',
        OTHER_IDS[0]!,
      ],
    });
  } finally {
    raw.close();
  }
}

Deno.test("history text output shows hostile ids, owners, titles, metadata and names escaped, never as a row of their own", async () => {
  await using dir = await tempDir();
  await seed(`${dir.path}/ironclaw.db`);
  const run = (args: string[]) => history(args, { cwd: dir.path });
  const runs: [string, string[]][] = [
    ["sessions", ["sessions"]],
    ["sessions page", ["sessions", "--limit", "1", "--owner", EVIL_OWNER]],
    ["show", ["show", EVIL_ID]],
    ...OTHER_IDS.slice(1).map((id, i): [string, string[]] => [
      `show ${i}`,
      ["show", id],
    ]),
    ["show corrupt", ["show", OTHER_IDS[0]!]],
    ["search", ["search", "unicorn"]],
    ["search owner", ["search", "unicorn", "--owner", EVIL_OWNER]],
    ["stats", ["stats"]],
    ["stats owner", ["stats", "--owner", EVIL_OWNER]],
    ["doctor", ["doctor"]],
    ["prune", ["prune", "--inactive-since", "2999-01-01", "--dry-run"]],
    ["missing", ["show", MISSING_ID]],
    ["delete missing", ["delete", MISSING_ID, "--yes"]],
    ["bad owner", ["sessions", "--owner", `${"x".repeat(513)}\nFORGED`]],
    ["export", ["export", "--session", OTHER_IDS[0]!]],
  ];
  const results = await Promise.all(runs.map(([, args]) => run(args)));
  runs.forEach(([what], i) => assertClean(results[i]!, what));
  const byName = new Map(runs.map(([what], i) => [what, results[i]!]));

  // The escaped forms are what is shown.
  const sessions = byName.get("sessions")!;
  assert.equal(sessions.code, 0);
  assert.match(
    sessions.stdout,
    /^evil\\u000aFORGED row\\u0009x\s+own\\u000d\\u000aFORGED owner\\u202e\s/m,
  );
  assert.match(sessions.stdout, /Title FORGED\\u202e title/);
  assert.match(
    byName.get("sessions page")!.stdout,
    /^Next page: history sessions --owner \$'own\\r\\nFORGED owner\\u202e' /m,
  );
  const show = byName.get("show")!;
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^Session evil\\u000aFORGED row\\u0009x — /m);
  assert.match(show.stdout, /metadata .*"a\\nFORGED metadata\\u0085\\u2066"/);
  assert.match(show.stdout, /gpt\\u000aFORGED model/);
  assert.match(show.stdout, /→ forecast\\u000aFORGED tool\(/);
  assert.match(show.stdout, /call\\u000d\\u000aFORGED call/);
  assert.match(
    byName.get("search")!.stdout,
    /^evil\\u000aFORGED row\\u0009x #1 user /m,
  );
  assert.match(byName.get("stats")!.stdout, /^ {2}gpt\\u000aFORGED model: /m);
  const doctor = byName.get("doctor")!;
  assert.equal(doctor.code, 1);
  assert.match(
    doctor.stdout,
    /^corrupt row: session "esc\\u001b\[2J\\u001b\]0;t\\u0007FORGED" seq 2 /m,
  );
  assert.match(
    byName.get("prune")!.stdout,
    /^would delete "evil\\u000aFORGED row\\u0009x" /m,
  );
  assert.match(
    byName.get("missing")!.stderr,
    /^history: Cannot show session "missing\\u000aFORGED error": no such session\n$/,
  );
  assert.equal(byName.get("bad owner")!.code, 2);
  // The JSON Lines export is JSON: its strings are escaped by JSON itself.
  assert.equal(byName.get("export")!.code, 1, "a corrupt row stops the export");

  // A session deleted with --yes, and the question asked on a terminal.
  const deleted = await run(["delete", EVIL_ID, "--yes"]);
  assertClean(deleted, "delete");
  assert.match(
    deleted.stdout,
    /^Deleted session "evil\\u000aFORGED row\\u0009x" and its \d+ messages?\.\n$/,
  );
  assert.equal(
    deletePrompt(EVIL_ID, 4),
    'Delete session "evil\\u000aFORGED row\\u0009x" and its 4 messages?',
  );
});

Deno.test("history import problems show hostile ids escaped, one line each", async () => {
  await using dir = await tempDir();
  const T = "2026-01-01T00:00:00.000Z";
  const session = (id: string) =>
    JSON.stringify({
      type: "session",
      id,
      owner: null,
      metadata: {},
      createdAt: T,
      updatedAt: T,
      format: { name: "pydantic-ai", version: "1" },
      messageCount: 1,
    });
  const lines = [
    '{"type":"header","format":"ironclaw-history-export","version":1}',
    session(EVIL_ID),
    JSON.stringify({
      type: "message",
      session: "other\nFORGED",
      seq: 1,
      role: "user",
      createdAt: T,
      message: { kind: "request", parts: [] },
    }),
    session(OTHER_IDS[0]!),
    session(OTHER_IDS[0]!),
  ];
  await Deno.writeTextFile(`${dir.path}/in.jsonl`, lines.join("\n"));
  const result = await history(["--url", "x.db", "import", "in.jsonl"], {
    cwd: dir.path,
  });
  assert.equal(result.code, 1);
  assertClean(result, "import");
  assert.match(
    result.stderr,
    /^history: line 3: a message of session "other\\u000aFORGED" inside session "evil\\u000aFORGED row\\u0009x"/m,
  );
  assert.match(
    result.stderr,
    /^history: line 5: session "esc\\u001b\[2J\\u001b\]0;t\\u0007FORGED": session "esc.*" appears twice$/m,
  );
});
