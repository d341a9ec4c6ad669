/**
 * Closing a local history folds the write-ahead log into the database file:
 * after `close()` — even followed by `Deno.exit()`, or at the end of a CLI
 * command — the `.db` file copied alone (without `-wal`/`-shm`) holds every
 * message. And closing never fails because another process has the file.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { type ModelMessage, openHistory } from "../mod.ts";
import { runDeno } from "./support/run.ts";
import { tempDir } from "./support/targets.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;
const CLI = new URL("../src/cli/main.ts", import.meta.url);
const TURNS = 50;

function ask(text: string): ModelMessage {
  return {
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: text }],
  };
}

function texts(messages: ModelMessage[]): string[] {
  return messages.map((m) =>
    String((m.parts[0] as { content: string }).content)
  );
}

/** Writes a subprocess script into `dir` and returns its path. */
async function script(
  dir: string,
  name: string,
  body: string,
): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(
    path,
    `import { openHistory } from ${JSON.stringify(MOD)};\n${body}`,
  );
  return path;
}

/** Copies the `.db` file alone into a new directory, as a user would copy it. */
async function copyAlone(dbPath: string, into: string): Promise<string> {
  await Deno.mkdir(into);
  const copy = `${into}/copy.db`;
  await Deno.copyFile(dbPath, copy);
  return copy;
}

/** Every message text of every session in a database file, by session. */
async function readAll(path: string): Promise<Record<string, string[]>> {
  await using history = await openHistory({
    url: `file:${path}`,
    env: false,
    migrate: false,
  });
  const out: Record<string, string[]> = {};
  for (const s of (await history.listSessions({ limit: 100 })).sessions) {
    out[s.id] = texts(await history.getMessages(s.id));
  }
  return out;
}

async function integrity(path: string): Promise<unknown> {
  const client = createClient({ url: `file:${path}` });
  try {
    return (await client.execute("PRAGMA integrity_check")).rows[0]?.[0];
  } finally {
    client.close();
  }
}

Deno.test("close() then Deno.exit(0): the .db file alone holds every message", async () => {
  await using dir = await tempDir();
  const db = `${dir.path}/ironclaw.db`;
  const writer = await script(
    dir.path,
    "writer.ts",
    `const history = await openHistory({ url: Deno.args[0], env: false });
const { id } = await history.getOrCreateSession("s");
for (let i = 0; i < ${TURNS}; i++) {
  await history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "m" + i }] }]);
}
await history.close();
Deno.exit(0);
`,
  );
  const run = await runDeno(writer, { args: [`file:${db}`] });
  assert.equal(run.code, 0, run.stderr);
  // The log was folded and truncated, not left for the next opener.
  assert.equal(
    (await Deno.stat(`${db}-wal`).catch(() => ({ size: 0 }))).size,
    0,
  );
  const copy = await copyAlone(db, `${dir.path}/elsewhere`);
  assert.equal(await integrity(copy), "ok");
  assert.deepEqual(await readAll(copy), {
    s: Array.from({ length: TURNS }, (_, i) => `m${i}`),
  });
});

Deno.test("a CLI command (import) leaves its data in the .db file", async () => {
  await using dir = await tempDir();
  const source = `file:${dir.path}/source.db`;
  {
    await using history = await openHistory({ url: source, env: false });
    for (const id of ["a", "b"]) {
      await history.getOrCreateSession(id);
      await history.saveMessages(id, [ask(`${id}1`), ask(`${id}2`)]);
    }
  }
  const exported = `${dir.path}/export.jsonl`;
  const out = await runDeno(CLI, {
    args: ["export", "--url", source, "--out", exported],
  });
  assert.equal(out.code, 0, out.stderr);
  const restored = `${dir.path}/restored.db`;
  const run = await runDeno(CLI, {
    args: ["import", exported, "--url", `file:${restored}`],
  });
  assert.equal(run.code, 0, run.stderr);
  const copy = await copyAlone(restored, `${dir.path}/elsewhere`);
  assert.equal(await integrity(copy), "ok");
  assert.deepEqual(await readAll(copy), { a: ["a1", "a2"], b: ["b1", "b2"] });
});

Deno.test("close() folds the log while another process has the file open", async () => {
  await using dir = await tempDir();
  const db = `${dir.path}/shared.db`;
  const url = `file:${db}`;
  await (await openHistory({ url, env: false })).close(); // create and migrate
  await using other = holder(
    await script(
      dir.path,
      "idle.ts",
      `const history = await openHistory({ url: Deno.args[0], env: false });
await history.getOrCreateSession("other");
console.log("ready");
await new Promise((resolve) => setTimeout(resolve, 30_000));
await history.close();
`,
    ),
    url,
  );
  await other.ready;
  const history = await openHistory({ url, env: false });
  await history.getOrCreateSession("mine");
  await history.saveMessages("mine", [ask("kept")]);
  await history.close();
  const copy = await copyAlone(db, `${dir.path}/elsewhere`);
  assert.equal(await integrity(copy), "ok");
  assert.deepEqual(await readAll(copy), { mine: ["kept"], other: [] });
});

Deno.test("close() succeeds, quickly, while another process holds a read transaction", async () => {
  await using dir = await tempDir();
  const db = `${dir.path}/busy.db`;
  const url = `file:${db}`;
  await (await openHistory({ url, env: false })).close(); // create and migrate
  const reader = `${dir.path}/reader.ts`;
  // A raw connection that opens a read transaction and sits in it: the log
  // cannot be truncated past what that reader sees until it ends.
  await Deno.writeTextFile(
    reader,
    `import { createClient } from "@libsql/client";
const client = createClient({ url: Deno.args[0] });
const tx = await client.transaction("read");
await tx.execute("SELECT count(*) FROM chat_messages");
console.log("ready");
await new Promise((resolve) => setTimeout(resolve, 30_000));
tx.close();
client.close();
`,
  );
  await using other = holder(reader, url);
  await other.ready;
  const history = await openHistory({ url, env: false });
  await history.getOrCreateSession("mine");
  await history.saveMessages("mine", [ask("still durable")]);
  const started = performance.now();
  await history.close(); // must not throw
  const took = performance.now() - started;
  assert(took < 2_000, `close took ${Math.round(took)} ms`);
  assert.equal(history.closed, true);
  // The data is still there (in the log, which a reopen reads).
  assert.deepEqual(await readAll(db), { mine: ["still durable"] });
});

/** A subprocess holding the database open until disposed. */
function holder(
  path: string,
  url: string,
): { ready: Promise<void> } & AsyncDisposable {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${new URL("../deno.json", import.meta.url).pathname}`,
      "-A",
      path,
      url,
    ],
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  const ready = (async () => {
    const decoder = new TextDecoder();
    let seen = "";
    for await (const chunk of child.stdout) {
      seen += decoder.decode(chunk, { stream: true });
      if (seen.includes("ready")) return;
    }
    throw new Error(`the holder exited before it was ready: ${seen}`);
  })();
  return {
    ready,
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await child.status;
      await ready.catch(() => {});
      await child.stdout.cancel().catch(() => {});
    },
  };
}
