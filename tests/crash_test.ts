/**
 * Crash safety: a subprocess appends turns in a loop and acknowledges each;
 * we SIGKILL it at random moments, many times, and check that every
 * acknowledged turn is there, no turn is partly written, seqs are gapless
 * and the file passes `PRAGMA integrity_check`.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { type ModelMessage, openHistory } from "../mod.ts";
import { CONFIG } from "./support/run.ts";
import { tempDir } from "./support/targets.ts";

const KILLS = 24;
const script =
  new URL("./support/scripts/append_loop.ts", import.meta.url).pathname;

/** A seeded PRNG (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ack {
  turn: number;
  firstSeq: number;
  lastSeq: number;
  size: number;
}

/** Runs the appender until `afterAcks` acks arrived (plus a random delay), then SIGKILLs it. */
async function runAndKill(
  url: string,
  startTurn: number,
  afterAcks: number,
  delayMs: number,
): Promise<Ack[]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${CONFIG}`,
      "-A",
      script,
      url,
      "crash",
      String(startTurn),
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const acks: Ack[] = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let killed = false;
  const kill = () => {
    if (!killed) {
      killed = true;
      child.kill("SIGKILL");
    }
  };
  const guard = setTimeout(kill, 20_000);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let at: number;
      while ((at = buffer.indexOf("\n")) >= 0) {
        const [, turn, first, last, size] = buffer.slice(0, at).split(" ").map(
          Number,
        );
        acks.push({
          turn: turn!,
          firstSeq: first!,
          lastSeq: last!,
          size: size!,
        });
        buffer = buffer.slice(at + 1);
      }
      if (acks.length >= afterAcks && !killed) setTimeout(kill, delayMs);
    }
  } finally {
    clearTimeout(guard);
    kill();
    const status = await child.status;
    const stderr = await new Response(child.stderr).text();
    assert(
      status.signal === "SIGKILL",
      `appender ended by itself: ${status.code} ${stderr}`,
    );
  }
  return acks; // a partial last line (no newline) is not an acknowledgement
}

Deno.test(`saveMessages() loses no acknowledged turn and writes no partial turn across ${KILLS} SIGKILLs`, async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/crash.db`;
  const rand = random(0x1c1a);
  const acked = new Map<number, Ack>();
  let nextTurn = 0;
  for (let round = 0; round < KILLS; round++) {
    const acks = await runAndKill(
      url,
      nextTurn,
      1 + Math.floor(rand() * 15),
      Math.floor(rand() * 25),
    );
    for (const a of acks) acked.set(a.turn, a);

    await using history = await openHistory({ url, env: false });
    const records = await history.getMessageRecords("crash");
    // Seqs are 1..n without gaps, and the session agrees.
    assert.deepEqual(records.map((r) => r.seq), records.map((_, i) => i + 1));
    assert.equal((await history.getSession("crash"))?.lastSeq, records.length);
    // Every message belongs to a complete turn, turns are in order.
    const turns = new Map<number, string[]>();
    for (const r of records) {
      const text = String(
        (r.message as ModelMessage).parts[0] &&
          ((r.message as ModelMessage).parts[0] as { content: string }).content,
      );
      const [, turn, part, size] = /^turn (\d+) part (\d+)\/(\d+)/.exec(text)!
        .map(Number);
      const list = turns.get(turn!) ?? [];
      assert.equal(part, list.length, `turn ${turn} parts in order`);
      list.push(text);
      turns.set(turn!, list);
      if (part === size! - 1) assert.equal(list.length, size);
    }
    for (const [turn, parts] of turns) {
      const size = 2 + (turn % 3);
      assert.equal(
        parts.length,
        size,
        `turn ${turn} is complete (no partial write)`,
      );
    }
    // Every acknowledged turn is present, at the seqs it was acknowledged with.
    for (const a of acked.values()) {
      assert(turns.has(a.turn), `acknowledged turn ${a.turn} is present`);
      const text = String(
        ((records[a.firstSeq - 1]?.message as ModelMessage).parts[0] as {
          content: string;
        }).content,
      );
      assert.match(text, new RegExp(`^turn ${a.turn} part 0/`));
    }
    nextTurn = Math.max(-1, ...turns.keys()) + 1;
  }
  assert(acked.size >= KILLS, `only ${acked.size} turns were acknowledged`);
  const client = createClient({ url });
  try {
    const rs = await client.execute("PRAGMA integrity_check");
    assert.equal(rs.rows[0]?.integrity_check, "ok");
  } finally {
    client.close();
  }
});
