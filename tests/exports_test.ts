/**
 * The public surface: every file under src/ is reachable from an entry point
 * of the package (the exports of deno.json: mod.ts, the CLI's
 * src/cli/main.ts…) unless it is a private helper (its name starts with
 * `_`), and mod.ts exports each name once.
 */
import assert from "node:assert/strict";
import * as mod from "../mod.ts";

const root = new URL("../", import.meta.url);
/** The roots every other file must be reachable from: deno.json's exports. */
async function entryPoints(): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", root)),
  ) as { exports: Record<string, string> };
  return Object.values(config.exports).map((path) => path.replace(/^\.\//, ""));
}

async function sourceFiles(dir: URL, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      out.push(
        ...await sourceFiles(new URL(`${entry.name}/`, dir), `${path}/`),
      );
    } else if (entry.name.endsWith(".ts") && !entry.name.startsWith("_")) {
      out.push(path);
    }
  }
  return out;
}

/** The files of this repository that `entry` imports, directly or not. */
async function reachableFrom(entry: string): Promise<string[]> {
  const info = new Deno.Command(Deno.execPath(), {
    args: ["info", "--no-lock", "--json", entry],
    cwd: root,
    stdout: "piped",
    stderr: "null",
  });
  const graph = JSON.parse(
    new TextDecoder().decode((await info.output()).stdout),
  );
  return graph.modules.map((m: { specifier: string }) => m.specifier).filter((
    s: string,
  ) => s.startsWith("file:"))
    .map((s: string) =>
      new URL(s).pathname.slice(new URL(root).pathname.length)
    );
}

Deno.test("every file under src/ but a private helper is reachable from an export of deno.json (mod.ts, src/cli/main.ts)", async () => {
  const entries = await entryPoints();
  assert.deepEqual(
    ["mod.ts", "src/cli/main.ts"].filter((e) => !entries.includes(e)),
    [],
  );
  const reached = new Set<string>();
  for (const entry of entries) {
    for (const file of await reachableFrom(entry)) reached.add(file);
  }
  const missing = (await sourceFiles(new URL("src/", root), "src/"))
    .filter((f) => !reached.has(f));
  assert.deepEqual(
    missing,
    [],
    "import these from mod.ts or the CLI, or prefix private helpers with _",
  );
});

Deno.test("mod.ts exports the documented entry points", () => {
  for (
    const name of [
      "openHistory",
      "History",
      "defineFormat",
      "pydanticAiFormat",
      "ModelMessageSchema",
      "ModelMessagesSchema",
      "HistoryError",
      "ValidationError",
      "SessionNotFoundError",
      "ConflictError",
      "FormatMismatchError",
      "CorruptRowError",
      "ConfigError",
      "ConnectionError",
      "AuthError",
      "TimeoutError",
      "SyncError",
    ]
  ) {
    assert(name in mod, `${name} is exported`);
  }
});
