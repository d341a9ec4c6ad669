/**
 * Ours vs raw `@libsql/client` (the baseline: the floor for our stack) vs
 * Mastra's `LibSQLStore`, on the same seeded workload — 100 sessions × 100
 * realistic Pydantic AI messages (0.3–4 KB), appended in turns of 2–4
 * messages per call — in local database files in a temp dir (the default
 * product mode).
 *
 * - `append`: one iteration appends one whole 100-message conversation to a
 *   new session, turn by turn (≈ 34 calls); the 100 measured iterations of
 *   a round are exactly the 100 × 100 workload. Per message = per iteration
 *   / 100. Ours and raw run with SQLite's default `synchronous=FULL` (an
 *   fsync per commit); Mastra sets `synchronous=NORMAL` on its local files,
 *   so it also runs once with FULL, and raw once with NORMAL, to compare
 *   like with like.
 * - `read full history`: one iteration reads one session's 100 messages
 *   (ours checks each with valibot; raw is SELECT + `JSON.parse`).
 * - `read last 20`: the newest 20 messages of one session, oldest first.
 *
 * Every case runs in `$BENCH_ROUNDS` rounds (default 2), interleaved, in an
 * order rotated each round.
 * Run with `deno task bench`; the table of medians is printed at the end.
 *
 * @module
 */
import assert from "node:assert/strict";
import { benchCase, inRound, onExit, rounds } from "./_report.ts";
import { openMastra, openOurs, openRaw, type Store } from "./_stores.ts";
import { workload } from "./_workload.ts";

const SESSIONS = 100;
const PER_SESSION = 100;
const LAST = 20;

const dir = await Deno.makeTempDir({ prefix: "ironclaw-bench-" });
onExit(() => Deno.removeSync(dir, { recursive: true }));

const conversations = workload(SESSIONS, PER_SESSION);

// --- append -----------------------------------------------------------------

const writers: [Store, boolean][] = [
  [await openRaw(`${dir}/append-raw.db`), true],
  [await openOurs(`${dir}/append-ours.db`), false],
  [await openMastra(`${dir}/append-mastra.db`), false],
  [
    await openMastra(`${dir}/append-mastra-full.db`, { synchronousFull: true }),
    false,
  ],
  [
    await openRaw(`${dir}/append-raw-normal.db`, { synchronous: "NORMAL" }),
    false,
  ],
  [
    await openOurs(`${dir}/append-ours-normal.db`, { durability: "normal" }),
    false,
  ],
];
for (const [store] of writers) onExit(() => store.close());
for (let round = 1; round <= rounds(); round++) {
  for (const [store, baseline] of inRound(writers, round)) {
    benchCase({
      group: "append",
      name: store.name,
      baseline,
      round,
      n: SESSIONS,
      warmup: 5,
      messages: PER_SESSION,
      async setup(i) {
        const id = `append-${round}-${i}`;
        await store.createSession(id);
        // The last 100 iterations (the measured ones) cover each
        // conversation once.
        return { id, conversation: conversations[i % SESSIONS]! };
      },
      async run(_i, { id, conversation }) {
        for (const turn of conversation.turns) await store.append(id, turn);
      },
    });
  }
}

// --- reads ------------------------------------------------------------------

/** Fills a store with the whole workload through its own write path. */
async function fill(store: Store): Promise<void> {
  for (let s = 0; s < SESSIONS; s++) {
    const id = `session-${s}`;
    await store.createSession(id);
    for (const turn of conversations[s]!.turns) await store.append(id, turn);
  }
}

// Ours and raw read the same file, written through our API; Mastra reads its
// own, written through its API.
const ours = await openOurs(`${dir}/read-ours.db`);
await fill(ours);
const raw = await openRaw(`${dir}/read-ours.db`);
const mastra = await openMastra(`${dir}/read-mastra.db`);
await fill(mastra);

// The same file read again with the checked-text cache off: every read runs
// valibot on every message (the cold cost of "checked on the way out").
const oursCold = await openOurs(`${dir}/read-ours.db`, { checkedCacheSize: 0 });

const readers: [Store, boolean][] = [
  [raw, true],
  [ours, false],
  [oursCold, false],
  [mastra, false],
];
for (const [store] of readers) {
  onExit(() => store.close());
  // Every contender returns exactly the saved messages.
  for (const s of [0, 37, SESSIONS - 1]) {
    const expected = conversations[s]!.messages;
    assert.deepStrictEqual(await store.readAll(`session-${s}`), expected);
    assert.deepStrictEqual(
      await store.readLast(`session-${s}`, LAST),
      expected.slice(-LAST),
    );
  }
}

for (let round = 1; round <= rounds(); round++) {
  for (const [store, baseline] of inRound(readers, round)) {
    benchCase({
      group: "read full history",
      name: store.name,
      baseline,
      round,
      n: 500,
      warmup: 25,
      messages: PER_SESSION,
      run: (i) => store.readAll(`session-${i % SESSIONS}`),
    });
  }
}

for (let round = 1; round <= rounds(); round++) {
  for (const [store, baseline] of inRound(readers, round)) {
    benchCase({
      group: "read last 20",
      name: store.name,
      baseline,
      round,
      n: 2000,
      warmup: 100,
      messages: LAST,
      run: (i) => store.readLast(`session-${i % SESSIONS}`, LAST),
    });
  }
}
