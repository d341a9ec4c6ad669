/**
 * Remote-only behaviour, against the project's Hrana-over-HTTP test server:
 * round trips, edge import, faults and credentials.
 */
import assert from "node:assert/strict";
import { assertNoSecret } from "./support/secrets.ts";
import {
  AuthError,
  ConnectionError,
  type History,
  openHistory,
  TimeoutError,
} from "../mod.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { runDeno } from "./support/run.ts";
import { conversationTurns } from "./support/pydantic_fixtures.ts";
import { answer, ask } from "./contract/core.ts";

const TOKEN = "remote-test-token-7c1d2e3f4a5b";

function assertNoToken(value: unknown): void {
  assertNoSecret(value, TOKEN);
}

async function counted<T>(
  server: HranaServer,
  fn: () => Promise<T>,
): Promise<[T, number]> {
  await server.waitIdle();
  server.resetCount();
  const result = await fn();
  await server.waitIdle();
  return [result, server.requestCount];
}

function messageRows(server: HranaServer, sessionId: string): number {
  return Number(
    server.query(
      "SELECT count(*) AS n FROM chat_messages WHERE session_id = ?",
      [sessionId],
    )[0]?.n,
  );
}

Deno.test("a remote history costs at most 2 requests to open and 1 per operation", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const first = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
  });
  await first.close();

  const [history, opening] = await counted(
    server,
    () => openHistory({ url: server.url, authToken: TOKEN, env: false }),
  );
  try {
    assert(
      opening <= 2,
      `opening a migrated database took ${opening} requests`,
    );
    const [session, create] = await counted(
      server,
      () => history.getOrCreateSession("rt"),
    );
    assert.equal(create, 1, "getOrCreateSession");
    const [, existing] = await counted(
      server,
      () => history.getOrCreateSession("rt"),
    );
    assert.equal(existing, 1, "getOrCreateSession of an existing session");
    const [, save] = await counted(
      server,
      () => history.saveMessages(session.id, conversationTurns()),
    );
    assert.equal(save, 1, "saveMessages");
    const [, keyed] = await counted(
      server,
      () =>
        history.saveMessages(session.id, [ask("x")], {
          idempotencyKey: "k",
          expectedLastSeq: conversationTurns().length,
        }),
    );
    assert.equal(keyed, 1, "saveMessages with preconditions");
    const [messages, get] = await counted(
      server,
      () => history.getMessages(session.id),
    );
    assert.equal(get, 1, "getMessages");
    assert.equal(messages.length, conversationTurns().length + 1);
    const [, json] = await counted(
      server,
      () => history.getMessagesJson(session.id, { last: 2 }),
    );
    assert.equal(json, 1, "getMessagesJson");
    const [, info] = await counted(
      server,
      () => history.getSession(session.id),
    );
    assert.equal(info, 1, "getSession");
  } finally {
    await history.close();
    await server.waitIdle();
  }
});

Deno.test("opening a fresh remote database migrates it in 2 requests", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const [history, requests] = await counted(
    server,
    () => openHistory({ url: server.url, authToken: TOKEN, env: false }),
  );
  await history.close();
  assert.equal(requests, 2);
});

Deno.test("mod.ts runs on an edge runtime: no FFI, no file reads, only net and env", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const script = new URL("./support/scripts/edge_cycle.ts", import.meta.url);
  const result = await runDeno(script, {
    permissions: ["--allow-net=127.0.0.1", "--allow-env", "--no-prompt"],
    env: { LIBSQL_URL: server.url, LIBSQL_AUTH_TOKEN: TOKEN },
  });
  await server.waitIdle();
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.deepEqual(out.messages, conversationTurns());
  assert.equal(out.kind, "remote");
  assert.equal(messageRows(server, out.id), conversationTurns().length);
});

Deno.test("a wrong token gives AuthError without the token in it", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const wrong = `${TOKEN}-wrong`;
  const error = await openHistory({
    url: server.url,
    authToken: wrong,
    env: false,
  }).catch((e) => e);
  await server.waitIdle();
  assert(error instanceof AuthError, String(error));
  assert.equal(error.code, "AUTH");
  assert(error instanceof ConnectionError);
  const text = `${error} ${error.stack} ${Deno.inspect(error, { depth: 10 })}`;
  assert(!text.includes(wrong));
  assertNoToken(error);
});

Deno.test("an unreachable server gives ConnectionError quickly", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const started = performance.now();
  const error = await openHistory({
    url: `http://127.0.0.1:${port}`,
    authToken: TOKEN,
    env: false,
    timeout: 2_000,
  }).catch((e) => e);
  assert(error instanceof ConnectionError, String(error));
  assert.equal(error.code, "CONNECTION");
  assert(performance.now() - started < 5_000);
  assertNoToken(error);
});

Deno.test("a hanging server gives TimeoutError within the configured timeout", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
    timeout: 400,
  });
  try {
    const { id } = await history.getOrCreateSession("hang");
    server.inject({ kind: "hang" });
    const started = performance.now();
    const error = await history.saveMessages(id, [ask("x")]).catch((e) => e);
    const elapsed = performance.now() - started;
    assert(error instanceof TimeoutError, String(error));
    assert.equal(error.code, "TIMEOUT");
    assert.equal(error.timeoutMs, 400);
    assert(elapsed >= 350 && elapsed < 3_000, `took ${elapsed} ms`);
    assertNoToken(error);
    assert.equal(
      messageRows(server, id),
      0,
      "the hung request was not processed",
    );
  } finally {
    await history.close();
    server.clearFaults();
    await server.waitIdle();
  }
});

async function withRemote(
  fn: (server: HranaServer, history: History) => Promise<void>,
): Promise<void> {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
    timeout: 2_000,
  });
  try {
    await fn(server, history);
  } finally {
    await history.close();
    server.clearFaults();
    await server.waitIdle();
  }
}

/** A request that writes messages (a save: one statement or one batch). */
const isSave = (body: unknown) =>
  JSON.stringify(body).includes("INSERT INTO chat_messages");

for (const kind of ["status500", "reset"] as const) {
  Deno.test(`a save that fails with ${kind} writes nothing and can be retried`, async () => {
    await withRemote(async (server, history) => {
      const { id } = await history.getOrCreateSession("faulty");
      await history.saveMessages(id, [ask("before")]);
      server.inject({ kind, match: isSave });
      const error = await history.saveMessages(id, [ask("q"), answer("a")], {
        idempotencyKey: "t1",
      })
        .catch((e) => e);
      assert(error instanceof ConnectionError, String(error));
      assertNoToken(error);
      assert.equal(messageRows(server, id), 1, "nothing half-written");
      const retry = await history.saveMessages(id, [ask("q"), answer("a")], {
        idempotencyKey: "t1",
      });
      assert.equal(retry.replayed, false);
      assert.equal(messageRows(server, id), 3);
    });
  });
}

Deno.test("a save whose reply is lost after commit is not duplicated when retried with its key", async () => {
  await withRemote(async (server, history) => {
    const { id } = await history.getOrCreateSession("ambiguous");
    server.inject({ kind: "dropResponseAfterCommit", match: isSave });
    const turn = [ask("q"), answer("a")];
    const error = await history.saveMessages(id, turn, {
      idempotencyKey: "turn-1",
    }).catch((e) => e);
    assert(error instanceof ConnectionError, String(error));
    assert.equal(messageRows(server, id), 2, "the first attempt did commit");
    const retry = await history.saveMessages(id, turn, {
      idempotencyKey: "turn-1",
    });
    assert.deepEqual(retry, {
      sessionId: id,
      firstSeq: 1,
      lastSeq: 2,
      count: 2,
      replayed: true,
    });
    assert.equal(messageRows(server, id), 2, "no duplicate");
    assert.deepEqual(await history.getMessages(id), turn);
  });
});

Deno.test("a save whose reply is lost after commit is detected by expectedLastSeq on retry", async () => {
  await withRemote(async (server, history) => {
    const { id } = await history.getOrCreateSession("ambiguous-seq");
    server.inject({ kind: "dropResponseAfterCommit", match: isSave });
    const error = await history.saveMessages(id, [ask("q")], {
      expectedLastSeq: 0,
    }).catch((e) => e);
    assert(error instanceof ConnectionError);
    const retry = await history.saveMessages(id, [ask("q")], {
      expectedLastSeq: 0,
    }).catch((e) => e);
    assert.equal(retry.code, "CONFLICT");
    assert.equal(retry.actualLastSeq, 1);
    assert.equal(messageRows(server, id), 1);
  });
});

Deno.test("every operation of the full API is one request on a remote database", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
  });
  try {
    const alice = history.forOwner("alice");
    const { id } = await alice.getOrCreateSession("main", {
      metadata: { a: 1 },
    });
    await alice.saveMessages(id, conversationTurns());
    const one = async (name: string, fn: () => Promise<unknown>) => {
      const [, requests] = await counted(server, fn);
      assert.equal(requests, 1, name);
    };
    await one("listSessions", () => alice.listSessions({ limit: 2 }));
    const page = await alice.listSessions({ limit: 1 });
    await alice.getOrCreateSession("second");
    await one(
      "listSessions with a cursor",
      () => alice.listSessions({ limit: 1, cursor: page.nextCursor! }),
    );
    await one(
      "updateSession",
      () => alice.updateSession(id, { metadataPatch: { b: 2 } }),
    );
    await one("getMessages last", () => alice.getMessages(id, { last: 2 }));
    await one(
      "getMessageRecords page",
      () => alice.getMessageRecords(id, { afterSeq: 1, limit: 2 }),
    );
    await one(
      "forkSession",
      () => alice.forkSession(id, { id: "fork", upToSeq: 2 }),
    );
    await one("popMessages", () => alice.popMessages("fork", { count: 1 }));
    await one("searchMessages", () => alice.searchMessages("weather"));
    await one("getUsage of a session", () => alice.getUsage({ sessionId: id }));
    await one("getUsage of an owner", () => alice.getUsage());
    await one("deleteSession", () => alice.deleteSession("fork"));
    await one(
      "importSession",
      () =>
        alice.importSession({
          id: "imported",
          messages: [{ message: ask("1") }, { message: answer("2") }],
        }),
    );
    await one(
      "pruneSessions (one batch)",
      () => alice.pruneSessions({ inactiveSince: new Date(0) }),
    );
  } finally {
    await history.close();
    await server.waitIdle();
  }
});

Deno.test("saves retried as documented under random 500s, resets, hangs and lost replies leave no partial write and no duplicate", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
    timeout: 300,
  });
  const kinds = [
    "status500",
    "reset",
    "hang",
    "dropResponseAfterCommit",
    undefined,
  ] as const;
  let seed = 7;
  const next = () =>
    (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let failures = 0;
  try {
    const { id } = await history.getOrCreateSession("chaos");
    for (let turn = 0; turn < 30; turn++) {
      const messages = [ask(`q${turn}`), answer(`a${turn}`), ask(`tool${turn}`)]
        .slice(0, 2 + (turn % 2));
      for (let attempt = 0;; attempt++) {
        const kind = attempt < 3
          ? kinds[Math.floor(next() * kinds.length)]
          : undefined;
        if (kind) {
          server.inject({
            kind,
            match: isSave,
            ...(kind === "hang" ? { ms: 1_000 } : {}),
          });
        }
        try {
          await history.saveMessages(id, messages, {
            idempotencyKey: `turn-${turn}`,
          });
          break;
        } catch (error) {
          assert(error instanceof ConnectionError, String(error)); // TimeoutError is one too
          failures++;
        } finally {
          server.clearFaults();
        }
      }
    }
    assert(failures >= 10, `only ${failures} injected failures`);
    const records = await history.getMessageRecords(id);
    assert.deepEqual(records.map((r) => r.seq), records.map((_, i) => i + 1));
    const expected = Array.from(
      { length: 30 },
      (_, turn) =>
        [ask(`q${turn}`), answer(`a${turn}`), ask(`tool${turn}`)].slice(
          0,
          2 + (turn % 2),
        ),
    ).flat();
    assert.deepEqual(records.map((r) => r.message), expected);
    assert.equal(messageRows(server, id), expected.length);
  } finally {
    await history.close();
    await server.waitIdle(50, 10_000);
  }
});
