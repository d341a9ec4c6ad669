/**
 * Several processes on one local file: two append to the same session with
 * optimistic concurrency (expectedLastSeq + retry), two to their own
 * sessions, and a reader checks order the whole time. No SQLITE_BUSY may
 * reach a caller (WAL + a busy timeout on every connection), nothing is
 * lost, and every session's order is consistent.
 */
import assert from "node:assert/strict";
import { type ModelMessage, openHistory } from "../mod.ts";
import { runDeno } from "./support/run.ts";
import { tempDir } from "./support/targets.ts";

const TURNS = 40;
const script = new URL(
  "./support/scripts/concurrent_writer.ts",
  import.meta.url,
);

function text(m: ModelMessage): string {
  return String((m.parts[0] as { content: string }).content);
}

Deno.test("4 processes appending to one file (shared and own sessions) plus a reader lose nothing and never see SQLITE_BUSY", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/concurrent.db`;
  (await openHistory({ url, env: false })).close(); // create and migrate once
  const runs = await Promise.all([
    runDeno(script, { args: ["shared", url, "A", String(TURNS)] }),
    runDeno(script, { args: ["shared", url, "B", String(TURNS)] }),
    runDeno(script, { args: ["own", url, "C", String(TURNS)] }),
    runDeno(script, { args: ["own", url, "D", String(TURNS)] }),
    runDeno(script, { args: ["read", url, "2500"] }),
  ]);
  for (const r of runs) {
    assert.equal(r.code, 0, `${r.stdout} ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).ok, true, r.stdout);
  }
  assert(
    JSON.parse(runs[4]!.stdout).conflicts > 0,
    "the reader read while writers wrote",
  );

  await using history = await openHistory({ url, env: false });
  const shared = (await history.getMessages("shared")).map(text);
  assert.equal(shared.length, 4 * TURNS, "both writers' turns are all there");
  for (const writer of ["A", "B"]) {
    const mine = shared.filter((t) => t.startsWith(`${writer} `));
    assert.deepEqual(
      mine,
      Array.from(
        { length: TURNS },
        (_, n) => [`${writer} ${n} q`, `${writer} ${n} a`],
      ).flat(),
    );
  }
  for (let i = 0; i < shared.length; i += 2) {
    assert.equal(
      shared[i + 1],
      shared[i]!.replace(/ q$/, " a"),
      "a turn's two messages stay together",
    );
  }
  for (const writer of ["C", "D"]) {
    const own = (await history.getMessages(`own-${writer}`)).map(text);
    assert.deepEqual(
      own,
      Array.from(
        { length: TURNS },
        (_, n) => [`${writer} ${n} q`, `${writer} ${n} a`],
      ).flat(),
    );
  }
});
