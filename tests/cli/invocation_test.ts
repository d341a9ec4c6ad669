/**
 * How the `history` tool is invoked, as a subprocess: the "next page" line
 * of `sessions` runs as printed against the same database, a file that is
 * not an export is one clear error, and a run without Deno permissions
 * names the `--allow-*` flags it lacks.
 */
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { tempDir } from "../support/targets.ts";
import { assertFails, assertOk, CLI, CONFIG, history } from "./cli_runner.ts";

/** Sessions s0…s(n-1) in `path`, owner alice for the even ones. */
async function seed(path: string, n: number): Promise<void> {
  let now = Date.UTC(2026, 0, 5);
  await using db = await openHistory({
    url: `file:${path}`,
    clock: () => (now += 1000),
  });
  for (let i = 0; i < n; i++) {
    await db.getOrCreateSession(`s${i}`, {
      ...(i % 2 === 0 ? { owner: "alice" } : {}),
    });
  }
}

/** The ids in the first column of a `sessions` table. */
function ids(stdout: string): string[] {
  return stdout.split("\n\n")[0]!.trimEnd().split("\n").slice(1).map((l) =>
    l.split(/\s+/)[0]!
  );
}

/** Runs a printed command line in bash, `history` being the tool. */
async function runPrinted(line: string, cwd: string): Promise<string> {
  const script =
    `history() { "$DENO" run --quiet -A --config="$CONFIG" "$CLI" "$@"; }\n${line}\n`;
  const out = await new Deno.Command("bash", {
    args: ["-c", script],
    cwd,
    env: {
      DENO: Deno.execPath(),
      CONFIG,
      CLI,
      NO_COLOR: "1",
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "",
      ...(Deno.env.get("DENO_DIR")
        ? { DENO_DIR: Deno.env.get("DENO_DIR")! }
        : {}),
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${line}: ${stderr}`);
  return new TextDecoder().decode(out.stdout);
}

Deno.test("history sessions: the next-page line keeps --url, --owner, --limit and --lenient, and runs as printed", async () => {
  await using dir = await tempDir();
  // A path with a space and a quote, elsewhere than the working directory.
  await Deno.mkdir(`${dir.path}/my data`);
  const db = `${dir.path}/my data/it's.db`;
  await seed(db, 7);
  await Deno.mkdir(`${dir.path}/elsewhere`);
  const cwd = `${dir.path}/elsewhere`;
  // A default database in the working directory, which the hint must not
  // fall back to.
  await seed(`${cwd}/ironclaw.db`, 1);

  const first = await history(
    ["sessions", "--url", db, "--owner", "alice", "--limit", "2", "--lenient"],
    { cwd },
  );
  assertOk(first);
  assert.deepEqual(ids(first.stdout), ["s6", "s4"]);
  const hint = /^Next page: (.+)$/m.exec(first.stdout)?.[1];
  assert(hint, first.stdout);
  assert.match(hint, /^history sessions --url '.*my data\/it'\\''s\.db' /);
  assert.match(hint, / --owner alice /);
  assert.match(hint, / --lenient /);
  assert.match(hint, / --limit 2 /);

  const second = await runPrinted(hint, cwd);
  assert.deepEqual(ids(second), ["s2", "s0"]);
  assert.doesNotMatch(second, /Next page/);

  // A token in the URL is never printed, whatever its spelling.
  for (const param of ["authToken", "AUTHTOKEN", "auth%54oken"]) {
    const url = `file:${db}?${param}=SECRET-1234`;
    const withToken = await history(
      ["sessions", "--url", url, "--limit", "1"],
      {
        cwd,
      },
    );
    assertOk(withToken);
    assert.doesNotMatch(withToken.stdout, /SECRET/);
    assert.match(
      withToken.stdout,
      /^Next page: history sessions --url '[^?]*it'\\''s\.db' --limit 1 --cursor /m,
    );
  }

  // Without --url, the hint has none: the same default applies again.
  const plain = await history(["sessions", "--limit", "1"], { cwd });
  assertOk(plain);
  const plainHint = /^Next page: (.+)$/m.exec(plain.stdout)?.[1];
  assert(plainHint === undefined, "one session: no next page");
});

Deno.test("history import of a file that is not an export (a README) is one clear error line", async () => {
  await using dir = await tempDir();
  const readme = [
    "# My project",
    "",
    "Some text, then a list:",
    ...Array.from({ length: 40 }, (_, i) => `- item ${i}`),
  ].join("\n");
  await Deno.writeTextFile(`${dir.path}/README.md`, readme);
  await Deno.writeTextFile(`${dir.path}/array.jsonl`, "[1,2,3]\n[4]\n");
  await Deno.writeTextFile(`${dir.path}/blank.jsonl`, "\n\n  \n");
  const [text, array, blank] = await Promise.all([
    history(["--url", "a.db", "import", "README.md"], { cwd: dir.path }),
    history(["--url", "b.db", "import", "array.jsonl"], { cwd: dir.path }),
    history(["--url", "c.db", "import", "blank.jsonl"], { cwd: dir.path }),
  ]);
  assertFails(
    text,
    1,
    /^history: line 1: not an ironclaw history export: its first line is not JSON .*\(nothing was imported\)$/,
  );
  assertFails(
    array,
    1,
    /^history: line 1: not an ironclaw history export: its first line is not a JSON object/,
  );
  assertFails(blank, 1, /the file is empty/);
});

Deno.test("history run without Deno permissions names the --allow-* flags it lacks (exit code 2)", async () => {
  await using dir = await tempDir();
  await seed(`${dir.path}/ironclaw.db`, 1);
  await Deno.writeTextFile(`${dir.path}/in.jsonl`, "");
  const run = (args: string[], permissions: string[]) =>
    history(args, { cwd: dir.path, permissions });
  const [none, some, remote, exported, served, all] = await Promise.all([
    run(["sessions"], []),
    run(["sessions"], ["--allow-env", "--allow-read"]),
    run(["--url", "libsql://db.example.com", "sessions"], ["--allow-env"]),
    run(["export", "--out", "x.jsonl"], [
      "--allow-env",
      "--allow-read",
      "--allow-ffi",
      "--allow-sys",
    ]),
    run(["serve", "--port", "0"], [
      "--allow-env",
      "--allow-read",
      "--allow-ffi",
      "--allow-sys",
    ]),
    run(["sessions"], [
      "--allow-env",
      "--allow-read",
      "--allow-ffi",
      "--allow-sys",
    ]),
  ]);
  assertFails(
    none!,
    2,
    /^history: sessions needs --allow-env --allow-ffi --allow-sys --allow-read \(run it with these flags, or with -A\)$/,
  );
  assertFails(some!, 2, /sessions needs --allow-ffi --allow-sys \(/);
  assertFails(remote!, 2, /sessions needs --allow-net \(run it with that flag/);
  assertFails(exported!, 2, /export needs --allow-write /);
  assertFails(served!, 2, /serve needs --allow-net /);
  // What the help and the README say a local database needs is enough.
  assertOk(all!);
  assert.match(all!.stdout, /^s0\s/m);
});
