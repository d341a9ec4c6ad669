/**
 * Where the time of ours goes, piece by piece, on the same seeded messages:
 *
 * - the CPU work per message (JSON, valibot, the JSON-safety walk);
 * - what the libSQL driver charges for reading 100 rows, by the number of
 *   columns and for a two-statement read batch (the driver builds each row
 *   with `Object.defineProperty` per column);
 * - what one turn's write costs: raw's two-statement batch, our single
 *   `INSERT … SELECT` gated on the last seq (the `chat_messages_last_seq`
 *   trigger moves the session row), and the same also storing the search
 *   text (run with `synchronous=NORMAL` so that the fsync, the same for
 *   every case, does not hide the statement costs).
 *
 * @module
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  type ModelMessage,
  ModelMessageSchema,
  pydanticAiFormat,
} from "../mod.ts";
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_MESSAGE_BYTES,
  snapshot,
} from "../src/_snapshot.ts";
import { benchCase, onExit } from "./_report.ts";
import { openRaw, rawClient } from "./_stores.ts";
import { roleOf, workload } from "./_workload.ts";

const dir = await Deno.makeTempDir({ prefix: "ironclaw-bench-" });
onExit(() => Deno.removeSync(dir, { recursive: true }));

const conversations = workload(100, 100);
const messages = conversations.slice(0, 10).flatMap((c) => c.messages);
const texts = messages.map((m) => JSON.stringify(m));

// --- CPU per message ---------------------------------------------------------

const CPU = "CPU per message";
const cpu: [string, () => void][] = [
  ["JSON.parse", () => texts.forEach((t) => JSON.parse(t))],
  ["JSON.stringify", () => messages.forEach((m) => JSON.stringify(m))],
  [
    "valibot safeParse (ModelMessageSchema)",
    () => messages.forEach((m) => v.safeParse(ModelMessageSchema, m)),
  ],
  [
    "snapshot (the one JSON copy a save validates and stores)",
    () =>
      messages.forEach((m) =>
        snapshot(m, {
          maxDepth: DEFAULT_MAX_DEPTH,
          maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
        })
      ),
  ],
];
for (const [name, fn] of cpu) {
  benchCase({
    group: CPU,
    name,
    baseline: name === "JSON.parse",
    n: 200,
    warmup: 10,
    messages: messages.length,
    run: () => Promise.resolve(fn()),
  });
}

// --- the driver: one 100-row read ----------------------------------------------

const readPath = `${dir}/read.db`;
const filler = await openRaw(readPath);
for (let s = 0; s < 10; s++) {
  await filler.createSession(`session-${s}`);
  for (const turn of conversations[s]!.turns) {
    await filler.append(`session-${s}`, turn);
  }
}
filler.close();
const reader = rawClient(readPath);
onExit(() => reader.close());
const READ = "driver: read 100 rows";
const byColumns = (columns: string) => (i: number) =>
  reader.execute({
    sql:
      `SELECT ${columns} FROM chat_messages WHERE session_id = ? ORDER BY seq`,
    args: [`session-${i % 10}`],
  });
const reads: [string, (i: number) => Promise<unknown>][] = [
  ["execute: content", byColumns("content")],
  ["execute: seq, content", byColumns("seq, content")],
  [
    "execute: seq, role, content, created_at",
    byColumns("seq, role, content, created_at"),
  ],
  [
    "batch(read): session row + seq, role, content, created_at",
    (i) =>
      reader.batch([
        {
          sql: "SELECT format, format_version FROM chat_sessions WHERE id = ?",
          args: [`session-${i % 10}`],
        },
        {
          sql:
            "SELECT seq, role, content, created_at FROM chat_messages WHERE session_id = ? ORDER BY seq",
          args: [`session-${i % 10}`],
        },
      ], "read"),
  ],
];
for (const [name, run] of reads) {
  benchCase({
    group: READ,
    name,
    baseline: name === "execute: content",
    n: 500,
    warmup: 25,
    messages: 100,
    run,
  });
}

// --- the driver: one turn's write ---------------------------------------------

const WRITE = "driver: one turn's write (synchronous=NORMAL)";
const turns = conversations.flatMap((c) => c.turns);
const searchTexts = new Map(
  turns.flat().map((m) => [m, pydanticAiFormat.textOf?.(m) || null]),
);
/** One turn as statements, given the session's last seq before it. */
type Write = (
  turn: readonly ModelMessage[],
  last: number,
  now: number,
) => { sql: string; args: (string | number | null)[] }[];
const gated = (withText: boolean): Write => (turn, last, now) => {
  const args: (string | number | null)[] = ["w", last, now];
  for (const message of turn) {
    args.push(roleOf(message), JSON.stringify(message));
    if (withText) args.push(searchTexts.get(message) ?? null);
  }
  args.push("w", last);
  return [{
    sql: `INSERT INTO chat_messages (session_id, seq, role, content, ${
      withText ? "search_text, " : ""
    }created_at) SELECT ?, ? + v.column1, v.column2, v.column3, ${
      withText ? "v.column4, " : ""
    }? FROM (VALUES ${
      turn.map((_, j) => `(${j + 1}, ?, ?${withText ? ", ?" : ""})`).join(
        ", ",
      )
    }) AS v WHERE EXISTS (SELECT 1 FROM chat_sessions WHERE id = ? AND last_seq = ?)`,
    args,
  }];
};
const writes: [string, Write][] = [
  ["batch: UPDATE + INSERT (raw's)", (turn, last, now) => [
    {
      sql: "UPDATE chat_sessions SET last_seq = ?, updated_at = ? WHERE id = ?",
      args: [last + turn.length, now, "w"],
    },
    {
      sql:
        `INSERT INTO chat_messages (session_id, seq, role, content, created_at) VALUES ${
          turn.map(() => "(?, ?, ?, ?, ?)").join(", ")
        }`,
      args: turn.flatMap((message, j) => [
        "w",
        last + j + 1,
        roleOf(message),
        JSON.stringify(message),
        now,
      ]),
    },
  ]],
  ["one INSERT … SELECT gated on the last seq (ours)", gated(false)],
  ["… also storing the search text (ours)", gated(true)],
];
for (const [index, [name, write]] of writes.entries()) {
  const path = `${dir}/write-${index}.db`;
  const store = await openRaw(path, { synchronous: "NORMAL" });
  const client = rawClient(path);
  await client.execute("PRAGMA synchronous = NORMAL");
  onExit(() => {
    store.close();
    client.close();
  });
  await store.createSession("w");
  let last = 0;
  benchCase({
    group: WRITE,
    name,
    baseline: index === 0,
    n: 2000,
    warmup: 100,
    async run(i) {
      const turn = turns[i % turns.length]!;
      const stmts = write(turn, last, Date.now());
      if (stmts.length === 1) {
        const rs = await client.execute(stmts[0]!);
        assert.equal(rs.rowsAffected, turn.length);
      } else {
        await client.batch(stmts, "write");
      }
      last += turn.length;
    },
  });
}
