// deno-lint-ignore-file no-console -- printing the results is the point
/**
 * Edge cold start: how long a fresh `deno run --allow-net --allow-env`
 * process takes, from its start to its exit, to read one session from a
 * remote database — (a) importing `mod.ts` and running `openHistory` +
 * `getMessages`, against (b) a bare `@libsql/client/web` program running
 * one `SELECT` and `JSON.parse` on each row. The database is the Hrana test
 * server (`tests/support/hrana/mod.ts`) on 127.0.0.1, started here with a
 * session of 20 workload messages.
 *
 * The programs are written to a temporary folder and run with the
 * package's own `deno.json` (runtime dependencies only; `--frozen`, so its
 * lock is never written) and no other permission: a module that reached
 * for the file system, FFI or a native addon at import would fail. One
 * warm-up run of each fills Deno's caches (a deployed edge function starts
 * warm too), then `COLD_RUNS` (default 15) runs of each, interleaved.
 * Besides the wall time, each program reports `performance.now()` (time
 * since its process began) when its imports were evaluated, when it was
 * connected and when its read returned; the server counts its requests.
 *
 * Then the module graph of the web path: the modules `deno info --json
 * mod.ts` reaches by static imports (the native `@libsql/client` is a
 * dynamic import, loaded only for local files), and — with `strace`, when
 * it is installed — the source files each program really opens, by
 * package, with their bytes.
 *
 * Run: `deno run --config tests/deno.json -A bench/cold_start.ts`.
 *
 * @module
 */
import { median } from "./_report.ts";
import { conversation, prng, SEED } from "./_workload.ts";
import { openHistory } from "../mod.ts";
import { HranaServer } from "../tests/support/hrana/mod.ts";

const ROOT = new URL("../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const MOD = new URL("mod.ts", ROOT).href;
const SESSION = "cold";
const RUNS = Number(Deno.env.get("COLD_RUNS") ?? "15");
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 200) {
  throw new RangeError("COLD_RUNS must be an integer from 1 to 200");
}

/** What each program prints: its timestamps (ms since process start). */
interface Stamps {
  readonly imported: number;
  readonly connected: number;
  readonly read: number;
  readonly messages: number;
}

const REPORT =
  `console.log(JSON.stringify({ imported, connected, read, messages: messages.length }));`;

const OURS = "mod.ts: openHistory + getMessages";
const BARE = "bare @libsql/client/web";

/** Imports only, to split the import time between the packages. */
function importOnly(...imports: string[]): string {
  return `${imports.join("\n")}
const imported = performance.now(), connected = imported, read = imported, messages = [];
${REPORT}`;
}

/** The programs, by name: the source of each. */
const PROGRAMS: Readonly<Record<string, string>> = {
  [OURS]: `
import { openHistory } from ${JSON.stringify(MOD)};
const imported = performance.now();
const history = await openHistory({ url: Deno.env.get("COLD_URL"), authToken: Deno.env.get("COLD_TOKEN"), env: false });
const connected = performance.now();
const messages = await history.getMessages(${JSON.stringify(SESSION)});
const read = performance.now();
await history.close();
${REPORT}`,
  "mod.ts, migrate: false": `
import { openHistory } from ${JSON.stringify(MOD)};
const imported = performance.now();
const history = await openHistory({ url: Deno.env.get("COLD_URL"), authToken: Deno.env.get("COLD_TOKEN"), env: false, migrate: false });
const connected = performance.now();
const messages = await history.getMessages(${JSON.stringify(SESSION)});
const read = performance.now();
await history.close();
${REPORT}`,
  [BARE]: `
import { createClient } from "@libsql/client/web";
const imported = performance.now();
const client = createClient({ url: Deno.env.get("COLD_URL"), authToken: Deno.env.get("COLD_TOKEN") });
const connected = performance.now();
const rs = await client.execute({ sql: "SELECT content FROM chat_messages WHERE session_id = ? ORDER BY seq", args: [${
    JSON.stringify(SESSION)
  }] });
const messages = rs.rows.map((row) => JSON.parse(String(row.content)));
const read = performance.now();
client.close();
${REPORT}`,
  "import only: mod.ts": importOnly(
    `import * as mod from ${JSON.stringify(MOD)};`,
    "if (!mod.openHistory) throw new Error();",
  ),
  "import only: @libsql/client/web + drizzle-orm + valibot": importOnly(
    `import { createClient } from "@libsql/client/web";`,
    `import { sql } from "drizzle-orm";`,
    `import { alias, SQLiteSyncDialect, sqliteTable } from "drizzle-orm/sqlite-core";`,
    `import * as v from "valibot";`,
    "if (!createClient || !sql || !alias || !SQLiteSyncDialect || !sqliteTable || !v.object) throw new Error();",
  ),
  "deno alone (empty program)": importOnly(),
};
/** Programs also run as one bundle (`deno bundle`), as edge platforms deploy. */
const BUNDLED = [OURS, BARE];

/**
 * The command line of a program: with the package's config, or, for a
 * bundle (a `.js` file), with none.
 */
function args(file: string): string[] {
  const config = file.endsWith(".js")
    ? ["--no-config"]
    : ["--config", CONFIG, "--frozen"];
  return [
    "run",
    ...config,
    "--no-prompt",
    "--allow-net",
    "--allow-env",
    file,
  ];
}

/**
 * Bundles a program into `outdir`; code splitting keeps the native client
 * (a dynamic import) in a chunk of its own, never loaded.
 *
 * @returns The bundle's entry file.
 */
async function bundle(file: string, outdir: string): Promise<string> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--config",
      CONFIG,
      "--frozen",
      "--platform",
      "deno",
      "--code-splitting",
      "--outdir",
      outdir,
      file,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno bundle failed: ${new TextDecoder().decode(stderr)}`);
  }
  const name = file.slice(file.lastIndexOf("/") + 1).replace(/\.ts$/, ".js");
  return `${outdir}/${name}`;
}

/** The size of a bundle's files (entry and chunks), in bytes. */
async function bundleBytes(outdir: string): Promise<string> {
  const sizes: string[] = [];
  for await (const entry of Deno.readDir(outdir)) {
    sizes.push(
      `${entry.name} ${kb((await Deno.stat(`${outdir}/${entry.name}`)).size)}`,
    );
  }
  return sizes.sort().join(", ");
}

interface Run extends Stamps {
  readonly wallMs: number;
  readonly requests: number;
}

async function runOnce(
  file: string,
  env: Record<string, string>,
  server: HranaServer,
): Promise<Run> {
  await server.waitIdle(5);
  server.resetCount();
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: args(file),
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - t0;
  if (code !== 0) {
    throw new Error(
      `${file} exited with ${code}: ${new TextDecoder().decode(stderr)}`,
    );
  }
  await server.waitIdle(5);
  const stamps = JSON.parse(new TextDecoder().decode(stdout)) as Stamps;
  return { ...stamps, wallMs, requests: server.requestCount };
}

/** Files and bytes `deno info` says the static graph of `mod.ts` holds. */
async function staticGraph(): Promise<string> {
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--config", CONFIG, "--frozen", "--json", "mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).output();
  const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
    roots: string[];
    redirects: Record<string, string>;
    modules: {
      specifier: string;
      kind: string;
      size?: number;
      dependencies?: {
        code?: { specifier: string };
        isDynamic?: boolean;
      }[];
    }[];
  };
  const bySpecifier = new Map(graph.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const todo = [...graph.roots];
  while (todo.length > 0) {
    const specifier = todo.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (!dep.code) continue; // a type-only import
      const target = graph.redirects[dep.code.specifier] ?? dep.code.specifier;
      if (dep.isDynamic) dynamic.add(target);
      else todo.push(target);
    }
  }
  const reached = [...seen].map((s) => bySpecifier.get(s)!).filter(Boolean);
  const local = reached.filter((m) => m.kind === "esm");
  const npm = reached.filter((m) => m.kind === "npm").map((m) => m.specifier);
  const bytes = local.reduce((sum, m) => sum + (m.size ?? 0), 0);
  const all = graph.modules.filter((m) => m.kind === "esm");
  return [
    `- static graph of mod.ts (deno info): ${local.length} of the package's ${all.length} modules, ${
      kb(bytes)
    } of TypeScript source;`,
    `  npm entry points reached statically: ${npm.sort().join(", ")};`,
    `  dynamic only (not loaded by a remote program): ${
      [...dynamic].filter((s) => !seen.has(s)).join(", ") || "none"
    }.`,
  ].join("\n");
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/**
 * The source files a run of `file` opens (from `strace`), grouped: our
 * package's files, then each npm package.
 */
async function openedFiles(
  file: string,
  env: Record<string, string>,
): Promise<string | undefined> {
  const log = await Deno.makeTempFile({ prefix: "cold_start_strace_" });
  try {
    const { code } = await new Deno.Command("strace", {
      args: [
        "-f",
        "-qq",
        "-e",
        "trace=openat,open",
        "-o",
        log,
        Deno.execPath(),
        ...args(file),
      ],
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    if (code !== 0) return undefined;
    const paths = new Set<string>();
    for (const line of (await Deno.readTextFile(log)).split("\n")) {
      const match = /open(?:at)?\([^"]*"([^"]+)".*\) = \d+$/.exec(line);
      if (match && /\.(?:[cm]?js|ts|json)$/.test(match[1]!)) {
        paths.add(match[1]!);
      }
    }
    const groups = new Map<string, { files: number; bytes: number }>();
    for (const path of paths) {
      const pkg =
        /node_modules\/(?:\.deno\/[^/]+\/node_modules\/)?(@[^/]+\/[^/]+|[^/@][^/]*)\//
          .exec(path)?.[1] ??
          (path.startsWith(ROOT.pathname) ? "this package" : undefined);
      if (pkg === undefined || /\/(?:package|deno)\.json$/.test(path)) {
        continue; // manifests, not modules
      }
      const group = groups.get(pkg) ?? { files: 0, bytes: 0 };
      group.files++;
      group.bytes += (await Deno.stat(path)).size;
      groups.set(pkg, group);
    }
    const total = [...groups.values()].reduce(
      (sum, g) => ({ files: sum.files + g.files, bytes: sum.bytes + g.bytes }),
      { files: 0, bytes: 0 },
    );
    const parts = [...groups].sort((a, b) => b[1].bytes - a[1].bytes).map((
      [name, g],
    ) => `${name} ${g.files} files / ${kb(g.bytes)}`);
    return `${total.files} files, ${kb(total.bytes)} (${parts.join("; ")})`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // no strace
    throw error;
  } finally {
    await Deno.remove(log);
  }
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const authToken = `cold-${crypto.randomUUID()}`;
  await using server = await HranaServer.start({ authToken });
  {
    await using history = await openHistory({
      url: server.url,
      authToken,
      env: false,
    });
    await history.getOrCreateSession(SESSION);
    await history.saveMessages(
      SESSION,
      conversation(prng(SEED), 0, 20).messages,
    );
  }
  const env = { COLD_URL: server.url, COLD_TOKEN: authToken };
  const dir = await Deno.makeTempDir({ prefix: "cold_start_" });
  try {
    const files = new Map<string, string>();
    const bundles: string[] = [];
    let i = 0;
    for (const [name, source] of Object.entries(PROGRAMS)) {
      const file = `${dir}/program_${i++}.ts`;
      await Deno.writeTextFile(file, source);
      files.set(name, file);
      if (BUNDLED.includes(name)) {
        const outdir = `${dir}/bundle_${i}`;
        files.set(`bundled: ${name}`, await bundle(file, outdir));
        bundles.push(`- bundle of "${name}": ${await bundleBytes(outdir)}`);
      }
    }
    // Warm-up: Deno's caches (emitted code, npm resolution, code cache).
    for (const file of files.values()) await runOnce(file, env, server);
    const runs = new Map<string, Run[]>();
    const names = [...files.keys()];
    for (let round = 0; round < RUNS; round++) {
      // Rotate, so no program always runs right after the same other one.
      const k = round % names.length;
      for (const name of [...names.slice(k), ...names.slice(0, k)]) {
        const run = await runOnce(files.get(name)!, env, server);
        runs.set(name, [...runs.get(name) ?? [], run]);
      }
    }
    printRuns(runs);
    console.log("Module graph of the web path:\n");
    console.log(await staticGraph());
    for (const name of [OURS, BARE]) {
      const opened = await openedFiles(files.get(name)!, env);
      if (opened) console.log(`- source files opened by "${name}": ${opened}`);
    }
    console.log(bundles.join("\n"));
    console.log();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The table of medians, and the difference between ours and bare, split. */
function printRuns(runs: Map<string, Run[]>): void {
  const of = (name: string, key: keyof Run) =>
    median((runs.get(name) ?? []).map((r) => r[key]));
  console.log(
    `\nCold start, ${RUNS} runs each (medians; ms since the process began):\n`,
  );
  console.log(
    "| program | wall, start to exit | ratio to bare client | imports evaluated | connected | read done | requests | runs (wall, min … max) |",
  );
  console.log(
    "| ------- | ------------------: | -------------------: | ----------------: | --------: | --------: | -------: | ---------------------- |",
  );
  for (const [name, list] of runs) {
    const base = of(
      name.startsWith("bundled: ") ? `bundled: ${BARE}` : BARE,
      "wallMs",
    );
    const walls = list.map((r) => r.wallMs);
    const ratio = name.endsWith(BARE)
      ? "1.00× (baseline)"
      : `${(of(name, "wallMs") / base).toFixed(2)}×`;
    console.log(
      `| ${name} | ${ms(of(name, "wallMs"))} | ${ratio} | ${
        ms(of(name, "imported"))
      } | ${ms(of(name, "connected"))} | ${ms(of(name, "read"))} | ${
        of(name, "requests")
      } | ${ms(Math.min(...walls))} … ${ms(Math.max(...walls))} |`,
    );
  }
  const span = (name: string, from: keyof Run, to: keyof Run) =>
    of(name, to) - of(name, from);
  const deps = "import only: @libsql/client/web + drizzle-orm + valibot";
  console.log(
    `\nOurs − bare, wall: ${ms(of(OURS, "wallMs") - of(BARE, "wallMs"))}; ` +
      `imports ${ms(of(OURS, "imported") - of(BARE, "imported"))} ` +
      `(drizzle-orm + valibot ${
        ms(of(deps, "imported") - of(BARE, "imported"))
      }, our modules ${
        ms(of("import only: mod.ts", "imported") - of(deps, "imported"))
      }), ` +
      `connect ${
        ms(
          span(OURS, "imported", "connected") -
            span(BARE, "imported", "connected"),
        )
      }, read ${
        ms(span(OURS, "connected", "read") - span(BARE, "connected", "read"))
      }.\n`,
  );
}

await main();
