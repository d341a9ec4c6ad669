/**
 * Where the time of ours goes, piece by piece, on the same seeded messages:
 *
 * - the CPU work per message (JSON, valibot, the JSON-safety walk);
 * - what the libSQL driver charges for reading 100 rows, by the number of
 *   columns and for a two-statement read batch (the driver builds each row
 *   with `Object.defineProperty` per column);
 * - what one more row-returning statement costs inside a turn's write batch
 *   (run with `synchronous=NORMAL` so that the fsync, the same for every
 *   case, does not hide the statement costs).
 *
 * @module
 */
import * as v from "valibot";
import { ModelMessageSchema } from "../mod.ts";
import { findNonJson } from "../src/json.ts";
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
  ["findNonJson (JSON-safety walk)", () => messages.forEach(findNonJson)],
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

// --- the driver: one turn's write batch ------------------------------------------

const WRITE = "driver: write batch per turn (synchronous=NORMAL)";
const turns = conversations.flatMap((c) => c.turns);
const extras: [string, (id: string) => { sql: string; args: string[] }[]][] = [
  ["UPDATE + INSERT", () => []],
  ["+ 1-row SELECT, 1 column", (id) => [{
    sql: "SELECT last_seq FROM chat_sessions WHERE id = ?",
    args: [id],
  }]],
  ["+ 1-row SELECT, 7 columns, 2 correlated subqueries", (id) => [{
    sql:
      "SELECT last_seq, format, format_version, owner_id, last_write = ? AS applied, (SELECT first_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_first, (SELECT last_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_last FROM chat_sessions AS s WHERE id = ?",
    args: ["token", "", "", id],
  }]],
];
for (const [name, extra] of extras) {
  const path = `${dir}/write-${extras.findIndex(([n]) => n === name)}.db`;
  const store = await openRaw(path, { synchronous: "NORMAL" });
  const client = rawClient(path);
  await client.execute("PRAGMA synchronous = NORMAL");
  onExit(() => {
    store.close();
    client.close();
  });
  await store.createSession("w");
  let seq = 0;
  benchCase({
    group: WRITE,
    name,
    baseline: name === "UPDATE + INSERT",
    n: 2000,
    warmup: 100,
    async run(i) {
      const turn = turns[i % turns.length]!;
      const now = Date.now();
      const args: (string | number)[] = [];
      for (const message of turn) {
        args.push("w", ++seq, roleOf(message), JSON.stringify(message), now);
      }
      await client.batch([
        {
          sql:
            "UPDATE chat_sessions SET last_seq = ?, updated_at = ? WHERE id = ?",
          args: [seq, now, "w"],
        },
        {
          sql:
            `INSERT INTO chat_messages (session_id, seq, role, content, created_at) VALUES ${
              turn.map(() => "(?, ?, ?, ?, ?)").join(", ")
            }`,
          args,
        },
        ...extra("w"),
      ], "write");
    },
  });
}
