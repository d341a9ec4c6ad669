/**
 * The package used from someone else's project, the way the README says: a
 * scratch project in a temporary folder outside this repository, with its own
 * `deno.json` and no `--config`, runs `deno link <checkout>` (the step before
 * the package is on JSR), imports it by its bare name, saves and reads a
 * session, lists it with the CLI, and ends with a lock file that holds no
 * test, bench or tool dependency. Then
 * the publish dry run, on a copy of the package so that it cannot add
 * anything to this checkout's `deno.lock`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { relative } from "node:path";
import { denoCommand, describeResult } from "./deno_command.ts";
import { lockedNames, readLockfile, specifierName } from "./lockfile.ts";

const ROOT = new URL("../../", import.meta.url);
const ROOT_PATH = ROOT.pathname.replace(/\/$/, "");

interface DenoConfig {
  name: string;
  version: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
}

async function readConfig(url: URL): Promise<DenoConfig> {
  return JSON.parse(await Deno.readTextFile(url)) as DenoConfig;
}

/** A temporary folder that is not inside this repository. */
async function outsideFolder(
  prefix: string,
): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix });
  assert(
    !`${path}/`.startsWith(`${ROOT_PATH}/`),
    `${path} is inside the repository`,
  );
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}

/** The user's program: create, save, read back. */
const USER_PROGRAM = `import { openHistory } from "@ironclaw/history";

await using history = await openHistory(); // file:ironclaw.db here
const session = await history.getOrCreateSession("install-check", {
  metadata: { project: "scratch" },
});
const saved = await history.saveMessages(session.id, [
  { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
  { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
]);
const messages = await history.getMessages(session.id);
const again = await history.getSession(session.id);
console.log(JSON.stringify({
  seqs: [saved.firstSeq, saved.lastSeq],
  messages,
  metadata: again?.metadata,
}));
`;

Deno.test("a project outside the repository links this checkout with `deno link`, saves and reads a session, and locks only runtime dependencies", async () => {
  const config = await readConfig(new URL("deno.json", ROOT));
  const tests = await readConfig(new URL("tests/deno.json", ROOT));
  await using project = await outsideFolder("ironclaw-install-");
  await Deno.writeTextFile(`${project.path}/deno.json`, "{}\n");
  await Deno.writeTextFile(`${project.path}/main.ts`, USER_PROGRAM);
  // The documented step, until the package is on JSR.
  const checkout = relative(project.path, ROOT_PATH);
  const link = await denoCommand(["link", checkout], { cwd: project.path });
  assert.equal(link.code, 0, describeResult(link));
  const user = JSON.parse(
    await Deno.readTextFile(`${project.path}/deno.json`),
  ) as { links?: string[] };
  assert.deepEqual(user.links, [checkout]);

  const run = await denoCommand([
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-ffi",
    "--allow-sys",
    "main.ts",
  ], { cwd: project.path });
  assert.equal(run.code, 0, describeResult(run));
  assert.deepEqual(JSON.parse(run.stdout), {
    seqs: [1, 2],
    messages: [
      { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
      { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
    ],
    metadata: { project: "scratch" },
  });

  if ("./cli" in config.exports) {
    const cli = await denoCommand(
      ["run", "-A", `jsr:${config.name}/cli`, "sessions"],
      { cwd: project.path },
    );
    assert.equal(cli.code, 0, describeResult(cli));
    assert.match(cli.stdout, /install-check/);
  }

  // What the user's lock pins: the package's runtime imports and what they
  // need, never a package that only the tests, benchmarks or tools import.
  const lock = await readLockfile(`${project.path}/deno.lock`);
  const links = Object.values(lock.workspace?.links ?? {});
  assert.equal(links.length, 1, "the lock records the linked package");
  assert.deepEqual(
    new Set((links[0]!.dependencies ?? []).map(specifierName)),
    new Set(Object.values(config.imports).map(specifierName)),
  );
  const runtime = lockedNames(await readLockfile(new URL("deno.lock", ROOT)));
  const devOnly = Object.values(tests.imports)
    .filter((target) => /^(npm|jsr):/.test(target))
    .map(specifierName)
    .filter((name) => !runtime.has(name));
  assert(devOnly.length > 0, "tests/deno.json has its own dependencies");
  const leaked = [...lockedNames(lock)].filter((name) =>
    devOnly.includes(name)
  );
  assert.deepEqual(leaked, [], "test-only packages in a user's lock");
});

/** Files and folders a copy of the package leaves out. */
function skipped(name: string): boolean {
  return name === ".git" || name === "node_modules" ||
    /\.db(-wal|-shm|-journal)?$/.test(name);
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (skipped(entry.name)) continue;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
  }
}

Deno.test("deno publish --dry-run passes, and publishes no test, bench, example or script", async () => {
  await using copy = await outsideFolder("ironclaw-publish-");
  await copyTree(ROOT_PATH, copy.path);
  const publish = await denoCommand([
    "publish",
    "--dry-run",
    "--allow-dirty",
    "--node-modules-dir=none",
  ], { cwd: copy.path });
  assert.equal(publish.code, 0, describeResult(publish));
  const files = [...publish.stderr.matchAll(/file:\/\/\S+/g)]
    .map((m) => m[0].slice(`file://${copy.path}/`.length));
  assert(files.includes("mod.ts"), describeResult(publish));
  assert.deepEqual(
    files.filter((f) => /^(tests|bench|examples|scripts|\.ci)\//.test(f)),
    [],
  );
});
