// deno-lint-ignore-file no-console -- printing the results table is the point
/**
 * Peak memory of reading one huge session: `iterMessages` (keyset pages)
 * against `getMessages` (the whole session in one array), on sessions of
 * 10,000 and 100,000 messages of the seeded workload (0.3–4 KB of JSON
 * each). Each read runs in a fresh subprocess (this file, run with
 * `--child`) that reports the kernel's peak resident set (`VmHWM` of
 * `/proc/self/status`, the true peak, where sampling could miss it) and
 * the largest V8 heap in use it sampled (`Deno.memoryUsage().heapUsed`, the
 * live data, which the peak RSS exceeds by what V8 keeps for its young
 * generation); a subprocess that only opens the history gives the floor.
 * Every message read is touched (its parts counted), as a consumer would.
 *
 * The database is built through our API on first use (about a minute) and
 * cached in `$BENCH_CACHE_DIR` (default `/tmp/ironclaw-history-bench`); a
 * schema or workload change gives a new file name. `deno bench` times each
 * subprocess whole (start to exit); the memory table is printed at the end.
 *
 * @module
 */
import { benchCase, median, onExit, rounds } from "./_report.ts";
import { conversation, prng, SEED, WORKLOAD_VERSION } from "./_workload.ts";
import { openHistory } from "../mod.ts";
import { MIGRATIONS } from "../src/db/migrations.ts";

/** The sessions of the database: id and message count. */
const SESSIONS: readonly [id: string, messages: number][] = [
  ["s10k", 10_000],
  ["s100k", 100_000],
];

/** What a subprocess does: open only, or read the session one way. */
const MODES = ["open", "iterMessages", "iterMessages-1000", "getMessages"];

/**
 * Where the database is cached, as `_big_db.ts` says (not imported: it
 * brings the Mastra store, whose modules would raise the floor of every
 * subprocess).
 */
function cacheDir(): string {
  return Deno.env.get("BENCH_CACHE_DIR") ?? "/tmp/ironclaw-history-bench";
}

/** What a subprocess reports, as one line of JSON. */
interface Measure {
  readonly messages: number;
  readonly readMs: number;
  /** The largest V8 heap in use, sampled every 1,000 messages, in bytes. */
  readonly heapUsed: number;
  /** The kernel's peak resident set of the process, in bytes. */
  readonly vmHwm: number;
}

function vmHwm(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb === undefined ? NaN : Number(kb) * 1024;
}

/** The subprocess: one read, then its measures on stdout. */
async function child(mode: string, path: string, id: string): Promise<void> {
  const history = await openHistory({
    url: `file:${path}`,
    env: false,
    migrate: false,
  });
  let messages = 0;
  let heapUsed = Deno.memoryUsage().heapUsed;
  let parts = 0;
  const t0 = performance.now();
  if (mode === "getMessages") {
    const all = await history.getMessages(id);
    heapUsed = Math.max(heapUsed, Deno.memoryUsage().heapUsed);
    for (const message of all) parts += message.parts.length;
    messages = all.length;
  } else if (mode.startsWith("iterMessages")) {
    const pageSize = mode === "iterMessages" ? undefined : 1000;
    const options = pageSize === undefined ? {} : { pageSize };
    for await (const message of history.iterMessages(id, options)) {
      parts += message.parts.length;
      if (++messages % 1000 === 0) {
        heapUsed = Math.max(heapUsed, Deno.memoryUsage().heapUsed);
      }
    }
  } else {
    await history.getSession(id);
  }
  const readMs = performance.now() - t0;
  const measure: Measure = { messages, readMs, heapUsed, vmHwm: vmHwm() };
  await history.close();
  if (parts < messages) throw new Error("a message without parts");
  console.log(JSON.stringify(measure));
}

/** The cached database's path, built now if missing. */
async function database(): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify({
      migrations: MIGRATIONS.map((m) => m.hash),
      workload: WORKLOAD_VERSION,
      sessions: SESSIONS,
    })),
  );
  const tag = Array.from(
    new Uint8Array(digest).slice(0, 6),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const dir = cacheDir();
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/iterate-${tag}.db`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // Not built yet.
  }
  const t0 = performance.now();
  const building = `${path}.building-${Deno.pid}`;
  const history = await openHistory({ url: `file:${building}`, env: false });
  const rand = prng(SEED);
  for (const [id, count] of SESSIONS) {
    await history.getOrCreateSession(id);
    const { turns } = conversation(rand, 0, count);
    let chunk: (typeof turns)[number][] = [];
    let size = 0;
    for (const turn of turns) {
      chunk.push(turn);
      size += turn.length;
      if (size >= 5_000) {
        await history.saveMessages(id, chunk.flat());
        chunk = [];
        size = 0;
      }
    }
    if (size > 0) await history.saveMessages(id, chunk.flat());
  }
  await history.close();
  for (const suffix of ["-wal", "-shm"]) {
    // Empty after close's truncating checkpoint.
    await Deno.remove(`${building}${suffix}`).catch(() => {});
  }
  await Deno.rename(building, path);
  console.log(
    `built ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return path;
}

async function spawn(mode: string, path: string, id: string): Promise<Measure> {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      new URL("../tests/deno.json", import.meta.url).pathname,
      "-A",
      import.meta.filename!,
      "--child",
      mode,
      path,
      id,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) throw new Error(`${mode} on ${id}: exit code ${code}`);
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as Measure;
}

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * The memory table: medians per case, the range of peaks over the runs, and
 * how many times more `getMessages` needs — in all, and above the floor of
 * a process that only opened the history.
 */
function memoryTable(results: Map<string, Measure[]>): string {
  const lines = [
    "| session | read | runs | peak RSS (VmHWM) | range | above the open-only floor | V8 heap in use, max | read time | getMessages ÷ this: peak | above the floor |",
    "| ------- | ---- | ---: | ---------------: | ----- | ------------------------: | ------------------: | --------: | -----------------------: | --------------: |",
  ];
  for (const [id, count] of SESSIONS) {
    const list = (mode: string) => results.get(`${id} ${mode}`) ?? [];
    const of = (mode: string, key: keyof Measure) =>
      median(list(mode).map((m) => m[key]));
    const floor = of("open", "vmHwm");
    const get = of("getMessages", "vmHwm");
    for (const mode of MODES) {
      const peaks = list(mode).map((m) => m.vmHwm);
      if (peaks.length === 0) continue;
      const hwm = of(mode, "vmHwm");
      const read = mode !== "open";
      lines.push(
        `| ${
          count.toLocaleString("en")
        } messages | ${mode} | ${peaks.length} | ${mib(hwm)} | ${
          mib(Math.min(...peaks))
        } … ${mib(Math.max(...peaks))} | ${read ? mib(hwm - floor) : "—"} | ${
          mib(of(mode, "heapUsed"))
        } | ${read ? `${of(mode, "readMs").toFixed(0)} ms` : "—"} | ${
          read ? `${(get / hwm).toFixed(2)}×` : "—"
        } | ${read ? `${((get - floor) / (hwm - floor)).toFixed(1)}×` : "—"} |`,
      );
    }
  }
  return lines.join("\n");
}

if (Deno.args[0] === "--child") {
  const [, mode, path, id] = Deno.args;
  await child(mode!, path!, id!);
} else {
  const path = await database();
  const results = new Map<string, Measure[]>();
  for (let round = 1; round <= rounds(); round++) {
    for (const [id, count] of SESSIONS) {
      for (const mode of MODES) {
        benchCase({
          group: `peak memory, ${count.toLocaleString("en")}-message session`,
          name: mode,
          baseline: mode === "open",
          round,
          n: 1,
          warmup: 0,
          async run() {
            const measure = await spawn(mode, path, id);
            if (mode !== "open" && measure.messages !== count) {
              throw new Error(`${mode} read ${measure.messages} of ${count}`);
            }
            const key = `${id} ${mode}`;
            results.set(key, [...results.get(key) ?? [], measure]);
          },
        });
      }
    }
  }
  onExit(() => {
    console.log(
      "\nPeak memory of one read in a fresh process (medians over the runs):\n",
    );
    console.log(memoryTable(results));
    console.log();
  });
}
