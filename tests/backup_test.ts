/**
 * `history.backup(path)`: a consistent single-file copy taken while another
 * process keeps appending; the refusals (existing file, remote database,
 * URL target, missing directory, closed history).
 *
 * @module
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import {
  ConfigError,
  HistoryClosedError,
  type ModelMessage,
  openHistory,
} from "../mod.ts";
import { remoteTarget, tempDir } from "./support/targets.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

function ask(text: string): ModelMessage {
  return {
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: text }],
  };
}

function textOf(content: unknown): string {
  const m = JSON.parse(String(content)) as ModelMessage;
  return String((m.parts[0] as { content: string }).content);
}

/**
 * Appends turns of 1–3 messages to session "w" forever, printing
 * `ack <turn>` after each save returned (the turn is committed).
 */
const WRITER = `import { openHistory } from ${JSON.stringify(MOD)};
const history = await openHistory({ url: Deno.args[0], env: false });
await history.getOrCreateSession("w");
const encoder = new TextEncoder();
for (let turn = 0;; turn++) {
  const size = 1 + (turn % 3);
  const messages = Array.from({ length: size }, (_, part) => ({
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: \`turn \${turn} part \${part}/\${size} \${"x".repeat(300 * part)}\` }],
  }));
  await history.saveMessages("w", messages);
  Deno.stdout.writeSync(encoder.encode(\`ack \${turn}\\n\`));
}
`;

/** A writer subprocess and the turns it has acknowledged so far. */
class Writer implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #reading: Promise<void>;
  #acked = -1;
  #waiters: { turn: number; resolve: () => void }[] = [];

  constructor(script: string, url: string) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", `--config=${CONFIG}`, "-A", script, url],
      stdout: "piped",
      stderr: "inherit",
      stdin: "null",
    }).spawn();
    this.#reading = this.#read();
  }

  /** The last turn whose save had returned, as far as we have read. */
  get acked(): number {
    return this.#acked;
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of this.#child.stdout) {
      buffer += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const turn = Number(/^ack (\d+)$/.exec(line)?.[1]);
        if (Number.isInteger(turn)) this.#acked = turn;
      }
      this.#waiters = this.#waiters.filter((w) => {
        if (w.turn > this.#acked) return true;
        w.resolve();
        return false;
      });
    }
  }

  /** Resolves once `turn` was acknowledged. */
  until(turn: number): Promise<void> {
    if (this.#acked >= turn) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ turn, resolve }));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await this.#child.status;
    await this.#reading.catch(() => {});
  }
}

Deno.test("backup() while another process keeps appending: the copy is whole, checks out, and holds a gapless prefix of the acknowledged turns", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/live.db`;
  await (await openHistory({ url, env: false })).close(); // create and migrate
  const script = `${dir.path}/writer.ts`;
  await Deno.writeTextFile(script, WRITER);
  await using writer = new Writer(script, url);
  await writer.until(30);
  await using history = await openHistory({ url, env: false });
  const copies: { path: string; before: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const path = `${dir.path}/backup-${i}.db`;
    const before = writer.acked;
    const { bytes } = await history.backup(path);
    copies.push({ path, before });
    assert.equal(bytes, (await Deno.stat(path)).size);
    await writer.until(writer.acked + 5); // the writer went on meanwhile
  }
  await writer[Symbol.asyncDispose]();
  // What the writer committed in all, to compare each copy with.
  const live = (await history.getMessageRecords("w")).map((r) => r.json);
  const turnsPerCopy: number[] = [];
  for (const { path, before } of copies) {
    // One file: nothing beside it to copy along.
    await assert.rejects(Deno.stat(`${path}-wal`), Deno.errors.NotFound);
    const client = createClient({ url: `file:${path}` });
    try {
      const check = await client.execute("PRAGMA integrity_check");
      assert.equal(check.rows[0]?.[0], "ok");
      const rows = (await client.execute(
        "SELECT seq, content FROM chat_messages WHERE session_id = 'w' ORDER BY seq",
      )).rows;
      const session = (await client.execute(
        "SELECT last_seq FROM chat_sessions WHERE id = 'w'",
      )).rows[0];
      assert.equal(Number(session?.[0]), rows.length, "last_seq matches");
      // Gapless seqs, and whole turns in order: turn t has 1 + t % 3 parts.
      let turn = 0;
      let part = 0;
      rows.forEach((row, i) => {
        assert.equal(Number(row[0]), i + 1);
        const size = 1 + (turn % 3);
        assert.match(
          textOf(row[1]),
          new RegExp(`^turn ${turn} part ${part}/${size} `),
        );
        if (++part === size) [turn, part] = [turn + 1, 0];
      });
      assert.equal(part, 0, "the copy ends on a whole turn");
      const turns = turn;
      turnsPerCopy.push(turns);
      // Every turn acknowledged before the backup began is in the copy, and
      // the copy is exactly the start of what the writer committed.
      assert(turns >= before + 1, `${turns} turns, ${before + 1} acked before`);
      assert.deepEqual(
        rows.map((row) => String(row[1])),
        live.slice(0, rows.length),
      );
    } finally {
      client.close();
    }
    // And it opens as a history, already migrated.
    await using copy = await openHistory({ url: `file:${path}`, env: false });
    assert.deepEqual(copy.migrationsApplied, []);
    assert.equal((await copy.getSession("w"))?.id, "w");
  }
  // Each copy is a later snapshot: the writer never stopped for them.
  assert(
    turnsPerCopy[0]! < turnsPerCopy[1]! && turnsPerCopy[1]! < turnsPerCopy[2]!,
    String(turnsPerCopy),
  );
});

Deno.test("backup() of :memory: writes a file that opens as a history", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({ url: ":memory:", env: false });
  const { id } = await history.getOrCreateSession("m", {
    metadata: { title: "Memo" },
  });
  await history.saveMessages(id, [ask("one"), ask("two")]);
  const path = `${dir.path}/memory.db`;
  const { bytes } = await history.backup(path);
  assert(bytes > 0);
  await using copy = await openHistory({ url: `file:${path}`, env: false });
  assert.deepEqual(await copy.getMessages(id), [ask("one"), ask("two")]);
  assert.deepEqual((await copy.getSession(id))?.metadata, { title: "Memo" });
  assert.deepEqual(await copy.searchMessages("two").then((h) => h.length), 1);
});

Deno.test("backup() copies every owner's sessions, even from an owner view", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({ url: ":memory:", env: false });
  await history.forOwner("alice").getOrCreateSession("a");
  await history.forOwner("bob").getOrCreateSession("b");
  const path = `${dir.path}/owners.db`;
  await history.forOwner("alice").backup(path);
  await using copy = await openHistory({ url: `file:${path}`, env: false });
  assert.equal((await copy.getSession("a"))?.owner, "alice");
  assert.equal((await copy.getSession("b"))?.owner, "bob");
});

Deno.test("backup() refuses a target that exists, and leaves it alone", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({
    url: `file:${dir.path}/h.db`,
    env: false,
  });
  const taken = `${dir.path}/taken.db`;
  await Deno.writeTextFile(taken, "precious");
  const error = await history.backup(taken).catch((e) => e);
  assert(error instanceof ConfigError, String(error));
  assert.match(error.message, /already exists/);
  assert.equal(await Deno.readTextFile(taken), "precious");
  // An empty file too (SQLite itself would write into it), and the database
  // itself.
  const empty = `${dir.path}/empty.db`;
  await Deno.writeFile(empty, new Uint8Array());
  await assert.rejects(history.backup(empty), ConfigError);
  assert.equal((await Deno.stat(empty)).size, 0);
  await assert.rejects(history.backup(`${dir.path}/h.db`), ConfigError);
});

Deno.test("backup() refuses a URL or :memory: as target, a missing directory and a bad path", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({ url: ":memory:", env: false });
  await assert.rejects(
    history.backup(`file:${dir.path}/x.db`),
    (e) => e instanceof ConfigError && /not a URL/.test(e.message),
  );
  await assert.rejects(history.backup(":memory:"), ConfigError);
  await assert.rejects(
    history.backup(`${dir.path}/no/such/dir/x.db`),
    (e) =>
      e instanceof ConfigError && /directory does not exist/.test(e.message),
  );
  await assert.rejects(history.backup(""), TypeError);
  await assert.rejects(history.backup(42 as unknown as string), TypeError);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(dir.path)), []);
});

Deno.test("backup() of a closed history throws HistoryClosedError and writes nothing", async () => {
  await using dir = await tempDir();
  const history = await openHistory({ url: ":memory:", env: false });
  await history.close();
  await assert.rejects(history.backup(`${dir.path}/x.db`), HistoryClosedError);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(dir.path)), []);
});

Deno.test("backup() of a remote database is a ConfigError that says what to do instead", async () => {
  await using dir = await tempDir();
  await using db = await remoteTarget.open();
  const error = await db.history.backup(`${dir.path}/remote.db`).catch((e) =>
    e
  );
  assert(error instanceof ConfigError, String(error));
  assert.equal(error.code, "CONFIG");
  assert.match(error.message, /history export/);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(dir.path)), []);
});

Deno.test("backup() of an embedded replica copies its local file (here: offline)", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/replica.db`;
  {
    await using local = await openHistory({ url, env: false });
    await local.getOrCreateSession("r");
    await local.saveMessages("r", [ask("synced earlier")]);
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  await using replica = await openHistory({
    url,
    syncUrl: `http://127.0.0.1:${port}`,
    authToken: "replica-token",
    env: false,
  });
  assert.equal(replica.kind, "replica");
  const path = `${dir.path}/replica-backup.db`;
  await replica.backup(path);
  await using copy = await openHistory({ url: `file:${path}`, env: false });
  assert.deepEqual(await copy.getMessages("r"), [ask("synced earlier")]);
});
