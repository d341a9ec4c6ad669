/** Injected faults, as a client sees them. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import { assertLibsqlError, connect } from "./testing.ts";

/** A custom `fetch` that aborts requests taking longer than `ms`. */
function fetchWithTimeout(ms: number): (request: Request) => Promise<Response> {
  return (request) => fetch(request, { signal: AbortSignal.timeout(ms) });
}

Deno.test("inject() makes each fault kind visible to the client", async (t) => {
  await using server = await HranaServer.start();
  using client = connect(server, { fetch: fetchWithTimeout(1_000) });
  await client.execute("CREATE TABLE t(name TEXT)");
  const names = () => server.query("SELECT name FROM t").map((row) => row.name);

  await t.step("status500 answers HTTP 500 without processing", async () => {
    server.inject({ kind: "status500" });
    await assertLibsqlError(
      client.execute("INSERT INTO t VALUES ('500')"),
      "SERVER_ERROR",
      "500",
    );
    assert.deepEqual(names(), []);
  });

  await t.step("reset drops the connection without processing", async () => {
    server.inject({ kind: "reset" });
    await assert.rejects(
      client.execute("INSERT INTO t VALUES ('reset')"),
      TypeError,
    );
    assert.deepEqual(names(), []);
  });

  await t.step("hang never answers, so the client times out", async () => {
    using hangClient = connect(server, { fetch: fetchWithTimeout(200) });
    server.inject({ kind: "hang" });
    const started = Date.now();
    await assert.rejects(
      hangClient.execute("INSERT INTO t VALUES ('hang')"),
      (error: Error) => error.name === "TimeoutError",
    );
    assert.ok(Date.now() - started >= 190);
    await server.waitIdle();
    assert.deepEqual(names(), []);
  });

  await t.step("hang with ms drops the connection after ms", async () => {
    server.inject({ kind: "hang", ms: 100 });
    await assert.rejects(client.execute("SELECT 1"), TypeError);
  });

  await t.step(
    "dropResponseAfterCommit commits but loses the reply",
    async () => {
      server.inject({ kind: "dropResponseAfterCommit" });
      await assert.rejects(
        client.execute("INSERT INTO t VALUES ('dropped')"),
        TypeError,
      );
      assert.deepEqual(names(), ["dropped"]);
    },
  );

  await t.step("latency delays the request, which then succeeds", async () => {
    server.inject({ kind: "latency", ms: 150 });
    const started = Date.now();
    await client.execute("SELECT 1");
    assert.ok(Date.now() - started >= 140);
  });

  await t.step("latencyMs delays every request", async () => {
    server.latencyMs = 60;
    const started = Date.now();
    await client.execute("SELECT 1");
    await client.execute("SELECT 1");
    assert.ok(Date.now() - started >= 110);
    server.latencyMs = 0;
  });

  await t.step("times and match select the requests a fault hits", async () => {
    server.inject({ kind: "status500", times: 2 });
    await assertLibsqlError(client.execute("SELECT 1"), "SERVER_ERROR");
    await assertLibsqlError(client.execute("SELECT 1"), "SERVER_ERROR");
    await client.execute("SELECT 1");

    server.inject({
      kind: "status500",
      match: (body) => JSON.stringify(body).includes("'matched'"),
    });
    await client.execute("INSERT INTO t VALUES ('unmatched')");
    await assertLibsqlError(
      client.execute("INSERT INTO t VALUES ('matched')"),
      "SERVER_ERROR",
    );
    assert.deepEqual(names(), ["dropped", "unmatched"]);

    server.inject({ kind: "reset", times: Infinity });
    await assert.rejects(client.execute("SELECT 1"), TypeError);
    await assert.rejects(client.execute("SELECT 1"), TypeError);
    server.clearFaults();
    await client.execute("SELECT 1");
  });

  await server.waitIdle();
});

Deno.test("inject() status500 in a transaction lets the client close the stream", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");
  server.resetCount();

  const tx = await client.transaction("write");
  try {
    await tx.execute("INSERT INTO t VALUES ('a')");
    server.inject({ kind: "status500" });
    await assertLibsqlError(
      tx.execute("INSERT INTO t VALUES ('b')"),
      "SERVER_ERROR",
    );
    await assertLibsqlError(tx.commit(), "TRANSACTION_CLOSED");
  } finally {
    tx.close();
  }
  await server.waitIdle();
  // execute, the failed execute, then the client's background close.
  assert.equal(server.requestCount, 3);
  // The close carried a valid baton, so the lock is already released.
  server.query("INSERT INTO t VALUES ('direct')");
  assert.deepEqual(server.query("SELECT name FROM t"), [{ name: "direct" }]);
});

Deno.test("inject() dropResponseAfterCommit strands the stream until it expires", async () => {
  await using server = await HranaServer.start({ streamExpiryMs: 300 });
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");

  const tx = await client.transaction("write");
  try {
    await tx.execute("INSERT INTO t VALUES ('stranded')");
    server.inject({ kind: "dropResponseAfterCommit" });
    await assert.rejects(tx.execute("SELECT 1"), TypeError);
  } finally {
    tx.close();
  }
  // The client's close carried the stale baton, so the lock is still held.
  await server.waitIdle();
  assert.throws(
    () => server.query("INSERT INTO t VALUES ('direct')"),
    (error: Error & { code?: string }) => error.code === "SQLITE_BUSY",
  );
  // A writer waits for the lock (without blocking the server) and wins
  // once expiry rolls the stranded transaction back.
  const started = Date.now();
  await client.execute("INSERT INTO t VALUES ('later')");
  assert.ok(Date.now() - started >= 100);
  // The inspector recovered from its own SQLITE_BUSY: this write commits.
  server.query("INSERT INTO t VALUES ('direct')");
  const seen = await client.execute("SELECT name FROM t ORDER BY rowid");
  assert.deepEqual(seen.rows.map((row) => row.name), ["later", "direct"]);
});
