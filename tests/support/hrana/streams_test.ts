/** Streams: transactions across requests, expiry and batons. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import {
  assertLibsqlError,
  connect,
  delay,
  pipelineBody,
  postPipeline,
} from "./testing.ts";

Deno.test("transaction() commits writes made across several HTTP requests", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");
  server.resetCount();

  const tx = await client.transaction("write");
  try {
    await tx.execute({ sql: "INSERT INTO t VALUES (?)", args: ["a"] });
    await tx.execute({ sql: "INSERT INTO t VALUES (?)", args: ["b"] });
    const inside = await tx.execute("SELECT count(*) AS n FROM t");
    assert.equal(inside.rows[0]?.n, 2);
    // Not committed yet, so the file shows nothing.
    assert.deepEqual(server.query("SELECT count(*) AS n FROM t"), [{ n: 0 }]);
    await tx.commit();
  } finally {
    tx.close();
  }
  await server.waitIdle();
  assert.equal(server.requestCount, 4);
  assert.deepEqual(server.query("SELECT name FROM t ORDER BY name"), [
    { name: "a" },
    { name: "b" },
  ]);
});

Deno.test("transaction() rollback discards writes and releases the lock", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");

  const tx = await client.transaction("write");
  try {
    await tx.execute("INSERT INTO t VALUES ('a')");
    // A failing statement leaves the transaction open.
    await assertLibsqlError(
      tx.execute("SELECT * FROM nope"),
      "SQL_INPUT_ERROR",
    );
    await tx.execute("INSERT INTO t VALUES ('b')");
    await tx.rollback();
  } finally {
    tx.close();
  }
  assert.deepEqual(server.query("SELECT count(*) AS n FROM t"), [{ n: 0 }]);
  // The inspector does not wait for locks, so this fails if one is held.
  server.query("INSERT INTO t VALUES ('direct')");
  assert.deepEqual(server.query("SELECT name FROM t"), [{ name: "direct" }]);
});

Deno.test("transaction() fails with STREAM_EXPIRED once idle past streamExpiryMs", async () => {
  await using server = await HranaServer.start({ streamExpiryMs: 150 });
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");

  const tx = await client.transaction("write");
  try {
    await tx.execute("INSERT INTO t VALUES ('lost')");
    await delay(400);
    await assertLibsqlError(
      tx.execute("SELECT 1"),
      "STREAM_EXPIRED",
      "The stream has expired due to inactivity",
    );
    await assertLibsqlError(tx.commit(), "TRANSACTION_CLOSED");
  } finally {
    tx.close();
  }
  await server.waitIdle();
  // Expiry rolled back and released the write lock.
  assert.deepEqual(server.query("SELECT count(*) AS n FROM t"), [{ n: 0 }]);
  server.query("INSERT INTO t VALUES ('direct')");
});

Deno.test("HranaServer issues a new baton per response and rejects stale ones", async () => {
  await using server = await HranaServer.start();
  const select = {
    type: "execute",
    stmt: { sql: "SELECT 1 AS one, 2.5 AS r", want_rows: true },
  };
  const first = pipelineBody(
    await postPipeline(server, { requests: [select] }),
  );
  assert.equal(typeof first.baton, "string");
  assert.deepEqual(first.results, [{
    type: "ok",
    response: {
      type: "execute",
      result: {
        cols: [{ name: "one", decltype: null }, { name: "r", decltype: null }],
        rows: [[{ type: "integer", value: "1" }, {
          type: "float",
          value: 2.5,
        }]],
        affected_row_count: 0,
        last_insert_rowid: null,
      },
    },
  }]);

  const second = pipelineBody(
    await postPipeline(server, { baton: first.baton, requests: [select] }),
  );
  assert.equal(typeof second.baton, "string");
  assert.notEqual(second.baton, first.baton);

  const stale = await postPipeline(server, {
    baton: first.baton,
    requests: [select],
  });
  assert.equal(stale.status, 400);
  assert.equal(stale.contentType, "text/plain");
  assert.match(stale.text, /already been used/);

  const unknown = await postPipeline(server, {
    baton: "not-a-baton",
    requests: [],
  });
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /invalid baton/);

  const closed = pipelineBody(
    await postPipeline(server, {
      baton: second.baton,
      requests: [{ type: "close" }],
    }),
  );
  assert.equal(closed.baton, null);
  assert.deepEqual(closed.results, [{
    type: "ok",
    response: { type: "close" },
  }]);

  const afterClose = await postPipeline(server, {
    requests: [{ type: "close" }, select],
  });
  assert.equal(afterClose.status, 400);
});
