/**
 * Reading the newest 20 messages of one session must not depend on how big
 * the database is: ours vs raw `@libsql/client` (baseline) on databases of
 * 10k, 100k and 1M messages (sessions of 100, written round-robin so each
 * session is spread over the whole file). Every iteration reads a different
 * session, in a seeded random order. The file is read once first, so the
 * operating system has it cached for every case alike.
 *
 * The databases are built with raw SQL on first use (1M: about 20 s and
 * 2.1 GB) and cached in `$BENCH_CACHE_DIR` (default
 * `/tmp/ironclaw-history-bench`); a schema or workload change gives new
 * file names. `BENCH_SCALE=10k` or `100k` stops at that size (default `1m`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { bigDatabase, bigSessionId } from "./_big_db.ts";
import { benchCase, inRound, onExit, rounds } from "./_report.ts";
import { openOurs, openRaw, type Store } from "./_stores.ts";
import { prng } from "./_workload.ts";

const SIZES: [label: string, messages: number][] = [
  ["10k", 10_000],
  ["100k", 100_000],
  ["1M", 1_000_000],
];
const scale = (Deno.env.get("BENCH_SCALE") ?? "1m").toLowerCase();
const last = SIZES.findIndex(([label]) => label.toLowerCase() === scale);
if (last < 0) {
  throw new TypeError(
    `BENCH_SCALE must be one of 10k, 100k, 1m; got "${scale}"`,
  );
}

for (const [label, messages] of SIZES.slice(0, last + 1)) {
  const { path, sessions } = await bigDatabase(messages);
  // Read the file once so that every case starts with it in the OS cache.
  // (`readable` closes the file at the end.)
  const file = await Deno.open(path);
  for await (const _ of file.readable) {
    // Just reading.
  }
  const raw = await openRaw(path);
  const ours = await openOurs(path);
  onExit(() => {
    raw.close();
    ours.close();
  });
  const probe = bigSessionId(sessions - 1);
  const expected = await raw.readLast(probe, 20);
  assert.equal(expected.length, 20);
  assert.deepStrictEqual(await ours.readLast(probe, 20), expected);

  const order = new Uint32Array(4096);
  const rand = prng(messages);
  for (let i = 0; i < order.length; i++) {
    order[i] = Math.floor(rand() * sessions);
  }
  const cases: [Store, boolean][] = [[raw, true], [ours, false]];
  for (let round = 1; round <= rounds(); round++) {
    for (const [store, baseline] of inRound(cases, round)) {
      benchCase({
        group: `last 20 of ${label}`,
        name: store.name,
        baseline,
        round,
        n: 1000,
        warmup: 50,
        messages: 20,
        run: (i) => store.readLast(bigSessionId(order[i % order.length]!), 20),
      });
    }
  }
}
