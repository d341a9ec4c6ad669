/**
 * Only runtime dependencies reach users. The package's `deno.json` maps what
 * the published modules import and nothing else; the tests, benchmarks and
 * tools map the rest in `tests/deno.json`, a separate configuration with its
 * own lock and `node_modules`, used through `--config tests/deno.json` by the
 * tasks. (A workspace member would not do: a workspace shares one lock, and a
 * cold `deno task` or `deno run` installs every package the lock pins.)
 *
 * @module
 */
import assert from "node:assert/strict";
import { denoCommand, describeResult } from "./deno_command.ts";
import {
  lockedClosure,
  lockedKeys,
  readLockfile,
  specifierName,
} from "./lockfile.ts";

const ROOT = new URL("../../", import.meta.url);

interface DenoConfig {
  name: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
  compilerOptions?: unknown;
  lint?: { rules?: unknown };
}

async function readConfig(path: string): Promise<DenoConfig> {
  return JSON.parse(await Deno.readTextFile(new URL(path, ROOT))) as DenoConfig;
}

const root = await readConfig("deno.json");
const tests = await readConfig("tests/deno.json");

Deno.test("tests/deno.json maps every runtime import exactly as deno.json does", () => {
  for (const [specifier, target] of Object.entries(root.imports)) {
    assert.equal(tests.imports[specifier], target, specifier);
  }
});

Deno.test("tests/deno.json maps the package's own name to each export", () => {
  for (const [subpath, file] of Object.entries(root.exports)) {
    const specifier = `${root.name}${subpath.slice(1)}`;
    assert.equal(tests.imports[specifier], `.${file}`, specifier);
  }
});

Deno.test("tests/deno.json has the compiler options and lint rules of deno.json", () => {
  assert.deepEqual(tests.compilerOptions, root.compilerOptions);
  assert.deepEqual(tests.lint?.rules, root.lint?.rules);
});

Deno.test("deno.lock pins only what the runtime imports need", async () => {
  const lock = await readLockfile(new URL("deno.lock", ROOT));
  assert.deepEqual(
    new Set((lock.workspace?.dependencies ?? []).map(specifierName)),
    new Set(Object.values(root.imports).map(specifierName)),
    "deno.lock is out of date with deno.json's imports",
  );
  // Deno adds @types/node itself when it type-checks code that uses node:.
  const typesNode = Object.keys(lock.specifiers ?? {})
    .filter((s) => specifierName(s) === "@types/node");
  const needed = lockedClosure(lock, [
    ...lock.workspace?.dependencies ?? [],
    ...typesNode,
  ]);
  const extra = [...lockedKeys(lock)].filter((key) => !needed.has(key));
  assert.deepEqual(
    extra,
    [],
    "deno.lock pins packages no runtime import needs, and a cold `deno task " +
      "demo` would install them: a command run with the root config (no " +
      "--config tests/deno.json, no --no-lock) reached a test-only package or " +
      "a subpath's optional peer. Take them out (git checkout deno.lock).",
  );
});

/** The npm and JSR package names a module's graph resolves, types included. */
async function graphPackages(file: string): Promise<Set<string>> {
  // --no-lock: an optional peer of a subpath (a full npm: specifier) must not
  // land in deno.lock, or every cold demo would install it.
  const info = await denoCommand(
    ["info", "--json", "--no-lock", "--node-modules-dir=none", file],
    { cwd: ROOT },
  );
  assert.equal(info.code, 0, describeResult(info));
  const graph = JSON.parse(info.stdout) as { modules: { specifier: string }[] };
  // (Its npmPackages field lists the whole resolution, not just this graph.)
  return new Set(
    graph.modules.map((m) => m.specifier).flatMap((s) =>
      s.startsWith("npm:")
        ? [specifierName(s)]
        : s.startsWith("https://jsr.io/")
        ? [s.split("/").slice(3, 5).join("/")]
        : []
    ),
  );
}

Deno.test("every import of deno.json is used by a published module", async () => {
  const used = new Set<string>();
  for (const file of Object.values(root.exports)) {
    for (const name of await graphPackages(file)) used.add(name);
  }
  const unused = Object.entries(root.imports)
    .filter(([, target]) => !used.has(specifierName(target)))
    .map(([specifier]) => specifier);
  assert.deepEqual(
    unused,
    [],
    "not imported by any export: move these to tests/deno.json",
  );
});

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) yield* sourceFiles(new URL(`${entry.name}/`, dir));
    else if (entry.name.endsWith(".ts")) yield new URL(entry.name, dir);
  }
}

Deno.test("a full npm: or jsr: import in src/ (an optional peer of a subpath) names the version tests/deno.json maps", async () => {
  const mismatched: string[] = [];
  for await (const file of sourceFiles(new URL("src/", ROOT))) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/\bfrom\s+"((?:npm|jsr):[^"]+)"/g)) {
      const specifier = m[1]!;
      const name = specifierName(specifier);
      const base = specifier.replace(/^((?:npm|jsr):@?[^@]+@[^/]+).*$/, "$1");
      if (tests.imports[name] !== base) {
        mismatched.push(
          `${file.pathname.slice(ROOT.pathname.length)}: ${specifier}`,
        );
      }
    }
  }
  assert.deepEqual(
    mismatched,
    [],
    "map each of these packages in tests/deno.json to the same version",
  );
});
