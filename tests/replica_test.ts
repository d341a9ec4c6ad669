/**
 * Embedded replicas (a local file kept in sync with a remote database). No
 * sync server can run here, so these tests cover what can be checked without
 * one: the options reach libSQL (it dials the syncUrl with the token), an
 * unreachable remote gives typed errors without the token, and a local copy
 * stays readable — and untouched — while the remote is unreachable.
 */
import assert from "node:assert/strict";
import { assertNoSecret } from "./support/secrets.ts";
import { ConnectionError, openHistory, SyncError } from "../mod.ts";
import { tempDir } from "./support/targets.ts";
import { conversationTurns } from "./support/pydantic_fixtures.ts";
import { answer, ask } from "./contract/core.ts";
import { createClient } from "@libsql/client";

const TOKEN = "replica-token-0a1b2c3d4e5f";

function assertNoToken(value: unknown): void {
  assertNoSecret(value, TOKEN);
}

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("openHistory() with syncUrl dials the remote with the auth token", async () => {
  await using dir = await tempDir();
  const capture = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-net=127.0.0.1",
      new URL("./support/scripts/capture_request.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines = capture.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const nextLine = async (): Promise<string> => {
    while (!buffered.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      buffered += value;
    }
    const at = buffered.indexOf("\n");
    const line = at < 0 ? buffered : buffered.slice(0, at);
    buffered = at < 0 ? "" : buffered.slice(at + 1);
    return line;
  };
  const port = Number(await nextLine());
  const error = await openHistory({
    url: `file:${dir.path}/replica.db`,
    syncUrl: `http://127.0.0.1:${port}`,
    authToken: TOKEN,
    syncInterval: 60,
    env: false,
  }).catch((e) => e);
  const request = JSON.parse(await nextLine()) as string;
  await lines.cancel();
  await capture.status;
  assert.match(
    request,
    /^(GET|POST) \/\S* HTTP\/1\.1\r\n/,
    "libSQL sent an HTTP request to syncUrl",
  );
  assert.match(
    request,
    new RegExp(`authorization: Bearer ${TOKEN}`, "i"),
    "with the token",
  );
  assert(error instanceof ConnectionError, String(error));
  assertNoToken(error);
});

Deno.test("openHistory() of a replica with no local copy and an unreachable remote gives ConnectionError", async () => {
  await using dir = await tempDir();
  const error = await openHistory({
    url: `file:${dir.path}/replica.db`,
    syncUrl: `http://127.0.0.1:${closedPort()}`,
    authToken: TOKEN,
    env: false,
  }).catch((e) => e);
  assert(error instanceof ConnectionError, String(error));
  assert.equal(error.code, "CONNECTION");
  assertNoToken(error);
});

Deno.test("a replica whose remote is unreachable still reads its local copy, refuses writes and loses nothing", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/replica.db`;
  {
    // The local copy, as a previous (online) run left it.
    await using local = await openHistory({ url, env: false });
    const { id } = await local.getOrCreateSession("offline", {
      metadata: { n: 1 },
    });
    await local.saveMessages(id, conversationTurns());
  }
  await using history = await openHistory({
    url,
    syncUrl: `http://127.0.0.1:${closedPort()}`,
    authToken: TOKEN,
    env: false,
  });
  assert.equal(history.kind, "replica");
  assert.equal(history.offline, true);
  assert.deepEqual(await history.getMessages("offline"), conversationTurns());
  assert.deepEqual((await history.getSession("offline"))?.metadata, { n: 1 });

  const write = await history.saveMessages("offline", [ask("while offline")])
    .catch((e) => e);
  assert(write instanceof ConnectionError, String(write));
  assert.match(write.message, /offline/);
  const sync = await history.sync().catch((e) => e);
  assert(sync instanceof SyncError, String(sync));
  assert.equal(sync.code, "SYNC");
  assertNoToken(sync);
  assertNoToken(write);
  assert.equal(history.offline, true);
  assert.deepEqual(
    await history.getMessages("offline"),
    conversationTurns(),
    "nothing lost",
  );
  await history.close();

  await using again = await openHistory({ url, env: false });
  assert.deepEqual(await again.getMessages("offline"), conversationTurns());
});

Deno.test("an offline replica's search finds what it holds, indexed or not", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/replica.db`;
  const state = async () => {
    const client = createClient({ url });
    try {
      const rs = await client.execute(
        "SELECT (SELECT indexed_upto FROM chat_search_state) AS upto, (SELECT count(*) FROM chat_messages_fts_docsize) AS docs",
      );
      return { upto: Number(rs.rows[0]!.upto), docs: Number(rs.rows[0]!.docs) };
    } finally {
      client.close();
    }
  };
  {
    // The local copy as the primary left it: some messages indexed by a
    // search there, more appended since (nobody has searched yet).
    await using local = await openHistory({ url, env: false });
    await local.getOrCreateSession("a", { owner: "alice" });
    await local.getOrCreateSession("b", { owner: "bob" });
    await local.saveMessages("a", [
      ask("weather in Paris"),
      answer("東京は晴れ"),
    ]);
    assert.equal((await local.searchMessages("paris")).length, 1);
    await local.saveMessages("a", [
      ask("Paris again"),
      answer("日本語のテキスト"),
    ]);
    await local.saveMessages("b", [ask("Paris for bob"), answer("東京タワー")]);
  }
  const before = await state();
  assert.equal(
    before.docs,
    2,
    "two messages indexed, four above the watermark",
  );

  await using history = await openHistory({
    url,
    syncUrl: `http://127.0.0.1:${closedPort()}`,
    authToken: TOKEN,
    env: false,
  });
  assert.equal(history.offline, true);
  const found = async (h: typeof history, query: string, sessionId?: string) =>
    (await h.searchMessages(query, sessionId ? { sessionId } : {})).map((hit) =>
      `${hit.sessionId}#${hit.seq}`
    ).sort();
  assert.deepEqual(await found(history, "paris"), ["a#1", "a#3", "b#1"]);
  assert.deepEqual(await found(history, "東京"), ["a#2", "b#2"]);
  assert.deepEqual(await found(history, "テキスト"), ["a#4"]);
  assert.deepEqual(await found(history, "paris again"), ["a#3"]);
  assert.deepEqual(await found(history, "paris", "a"), ["a#1", "a#3"]);
  assert.deepEqual(await found(history.forOwner("bob"), "東京"), ["b#2"]);
  const limited = await history.searchMessages("paris", { limit: 2 });
  assert.equal(limited.length, 2);
  assert(limited[0]!.rank <= limited[1]!.rank, "merged by rank");
  const [hit] = await history.searchMessages("テキスト");
  assert.match(hit!.snippet, /\[テキスト\]/);
  assert.deepEqual(await found(history, "paris"), ["a#1", "a#3", "b#1"]);
  await history.close();
  assert.deepEqual(await state(), before, "the offline search wrote nothing");
});
