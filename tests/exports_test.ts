/**
 * The public surface: every public file under src/ is reachable from mod.ts
 * (helpers start with `_`; the CLI is its own entry point), and mod.ts
 * exports each name once.
 */
import assert from "node:assert/strict";
import * as mod from "../mod.ts";

const root = new URL("../", import.meta.url);
/**
 * Not part of mod.ts: the CLI is its own entry point; the drizzle schema is
 * read by drizzle-kit and the tests (its table types are not JSR-friendly).
 */
const ENTRY_POINTS = new Set(["src/cli.ts", "src/db/schema.ts"]);

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

Deno.test("every public file under src/ is reachable from mod.ts", async () => {
  const info = new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "mod.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "null",
  });
  const graph = JSON.parse(
    new TextDecoder().decode((await info.output()).stdout),
  );
  const reached = new Set<string>(
    graph.modules.map((m: { specifier: string }) => m.specifier).filter((
      s: string,
    ) => s.startsWith("file:"))
      .map((s: string) =>
        new URL(s).pathname.slice(new URL(root).pathname.length)
      ),
  );
  const missing = (await sourceFiles(new URL("src/", root), "src/"))
    .filter((f) => !ENTRY_POINTS.has(f) && !reached.has(f));
  assert.deepEqual(
    missing,
    [],
    "re-export these from mod.ts, or prefix them with _",
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
