import assert from "node:assert/strict";
import {
  type Client,
  type Config,
  createClient,
  LibsqlBatchError,
  LibsqlError,
} from "@libsql/client/web";
import { HranaServer } from "./hrana_server.ts";

const TOKEN = "s3cret-test-token-1234";

/** A `@libsql/client/web` client that closes itself with `using`. */
function connect(
  server: HranaServer,
  config: Omit<Config, "url"> = {},
): Client & Disposable {
  const client = createClient({ url: server.url, ...config });
  return Object.assign(client, { [Symbol.dispose]: () => client.close() });
}

/** A custom `fetch` that aborts requests taking longer than `ms`. */
function fetchWithTimeout(ms: number): (request: Request) => Promise<Response> {
  return (request) => fetch(request, { signal: AbortSignal.timeout(ms) });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asserts that `promise` rejects with a `LibsqlError` carrying `code`. */
async function assertLibsqlError(
  promise: Promise<unknown>,
  code: string,
  messagePart?: string,
): Promise<LibsqlError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof LibsqlError, `expected LibsqlError: ${caught}`);
  assert.equal(caught.code, code, caught.message);
  if (messagePart !== undefined) {
    assert.ok(caught.message.includes(messagePart), caught.message);
  }
  return caught;
}

interface RawResponse {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends a raw Hrana pipeline request and reads the whole response. */
async function postPipeline(
  server: HranaServer,
  body: unknown,
  options: { version?: 2 | 3; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const response = await fetch(
    `${server.url}/v${options.version ?? 2}/pipeline`,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(body),
    },
  );
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** Parses a successful pipeline response. */
function pipelineBody(
  response: RawResponse,
): { baton: string | null; results: unknown[] } {
  assert.equal(response.status, 200, response.text);
  assert.equal(response.contentType, "application/json");
  return JSON.parse(response.text);
}

Deno.test("HranaServer answers version probes and 404s everything else", async () => {
  await using server = await HranaServer.start();
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    await response.body?.cancel();
    return [response.status, response.headers.get("content-type")];
  };
  assert.deepEqual(await get("/v2"), [200, "text/plain"]);
  assert.deepEqual(await get("/v3"), [200, "text/plain"]);
  assert.deepEqual(await get("/v3-protobuf"), [404, "text/plain"]);
  assert.deepEqual(await get("/"), [404, "text/plain"]);
  assert.deepEqual(await get("/v2/pipeline"), [404, "text/plain"]);
  assert.equal(server.requestCount, 0);
});

Deno.test("execute() round-trips null, integer, bigint, float, text and blob values", async () => {
  await using server = await HranaServer.start();
  using client = connect(server, { intMode: "bigint" });
  await client.execute(
    "CREATE TABLE v(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n)",
  );
  const big = 9_223_372_036_854_775_807n;
  const blob = new Uint8Array([0, 1, 2, 253, 254, 255]);
  const inserted = await client.execute({
    sql: "INSERT INTO v(i, r, t, b, n) VALUES (?, ?, ?, ?, ?)",
    args: [big, 2.5, "héllo ✓", blob, null],
  });
  assert.equal(inserted.rowsAffected, 1);
  assert.equal(inserted.lastInsertRowid, 1n);

  const result = await client.execute(
    "SELECT id, i, r, t, b, n, 0.5 + 1 AS expr FROM v",
  );
  assert.deepEqual(result.columns, ["id", "i", "r", "t", "b", "n", "expr"]);
  assert.deepEqual(result.columnTypes, [
    "INTEGER",
    "INTEGER",
    "REAL",
    "TEXT",
    "BLOB",
    "",
    "",
  ]);
  assert.equal(result.rowsAffected, 0);
  assert.equal(result.lastInsertRowid, undefined);
  const [row] = result.rows;
  assert.ok(row !== undefined);
  assert.equal(row.id, 1n);
  assert.equal(row.i, big);
  assert.equal(row.r, 2.5);
  assert.equal(row.t, "héllo ✓");
  assert.ok(row.b instanceof ArrayBuffer);
  assert.deepEqual(new Uint8Array(row.b), blob);
  assert.equal(row.n, null);
  assert.equal(row.expr, 1.5);

  // What the file really holds.
  assert.deepEqual(
    server.query(
      "SELECT i, typeof(i) AS ti, r, typeof(r) AS tr, t, b, n FROM v",
    ),
    [{
      i: big,
      ti: "integer",
      r: 2.5,
      tr: "real",
      t: "héllo ✓",
      b: blob,
      n: null,
    }],
  );
});

Deno.test("execute() binds JS numbers as REAL and bigint as INTEGER", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  const result = await client.execute({
    sql: "SELECT typeof(?) AS a, typeof(?) AS b, typeof(?) AS c, ? AS d",
    args: [42, 42n, true, 42],
  });
  assert.deepEqual(
    { ...result.rows[0] },
    { a: "real", b: "integer", c: "integer", d: 42 },
  );

  await client.execute("CREATE TABLE n(i INTEGER, r REAL)");
  await client.execute({ sql: "INSERT INTO n VALUES (?, ?)", args: [7, 7] });
  // INTEGER affinity turns the REAL 7.0 into an integer, as in sqld.
  assert.deepEqual(
    server.query("SELECT typeof(i) AS ti, typeof(r) AS tr FROM n"),
    [{ ti: "integer", tr: "real" }],
  );
});

Deno.test("execute() binds named arguments with and without prefixes", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  const result = await client.execute({
    sql: "SELECT :a AS a, $b AS b, @c AS c, :d AS d, :a || 'x' AS again",
    args: { ":a": "one", "$b": 2n, "@c": null, d: 4.5 },
  });
  assert.deepEqual(
    { ...result.rows[0] },
    { a: "one", b: 2, c: null, d: 4.5, again: "onex" },
  );
  const numbered = await client.execute({
    sql: "SELECT ?2 AS two, ?1 AS one, ? AS three",
    args: ["a", "b", "c"],
  });
  assert.deepEqual({ ...numbered.rows[0] }, { two: "b", one: "a", three: "c" });
});

Deno.test("execute() reports SQL errors with sqld's codes and messages", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT UNIQUE)");
  await client.execute("INSERT INTO t VALUES ('a')");

  await assertLibsqlError(
    client.execute("INSERT INTO t VALUES ('a')"),
    "SQLITE_CONSTRAINT",
    "SQLite error: UNIQUE constraint failed: t.name",
  );
  await assertLibsqlError(
    client.execute("SELECT * FROM missing"),
    "SQL_INPUT_ERROR",
    "no such table: missing",
  );
  await assertLibsqlError(
    client.execute("SELEC 1"),
    "SQL_PARSE_ERROR",
    "syntax error",
  );
  await assertLibsqlError(
    client.execute("SELECT 1; SELECT 2"),
    "SQL_MANY_STATEMENTS",
  );
  await assertLibsqlError(
    client.execute("  -- nothing\n"),
    "SQL_NO_STATEMENT",
  );
  await assertLibsqlError(
    client.execute({ sql: "SELECT ?", args: [1, 2] }),
    "ARGS_INVALID",
  );
  await assertLibsqlError(
    client.execute({ sql: "SELECT :a, :b", args: { a: 1 } }),
    "ARGS_INVALID",
    ":b",
  );
  await assertLibsqlError(client.execute("COMMIT"), "SQLITE_UNKNOWN");
  // Foreign keys are on for every stream, as on sqld.
  await client.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)");
  await client.execute("CREATE TABLE c(p INTEGER REFERENCES p(id))");
  await assertLibsqlError(
    client.execute("INSERT INTO c VALUES (1)"),
    "SQLITE_CONSTRAINT",
    "FOREIGN KEY",
  );
  assert.deepEqual(server.query("SELECT name FROM t"), [{ name: "a" }]);
});

Deno.test("batch('write') rolls back earlier statements when one fails", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT UNIQUE)");
  await client.execute("INSERT INTO t VALUES ('taken')");
  server.resetCount();

  const error = await assertLibsqlError(
    client.batch([
      { sql: "INSERT INTO t VALUES (?)", args: ["first"] },
      { sql: "INSERT INTO t VALUES (?)", args: ["second"] },
      { sql: "INSERT INTO t VALUES (?)", args: ["taken"] },
      { sql: "INSERT INTO t VALUES (?)", args: ["never"] },
    ], "write"),
    "SQLITE_CONSTRAINT",
    "UNIQUE constraint failed",
  );
  assert.ok(error instanceof LibsqlBatchError);
  assert.equal(error.statementIndex, 2);
  assert.deepEqual(server.query("SELECT name FROM t"), [{ name: "taken" }]);

  // A syntax error anywhere fails the whole batch before any step runs.
  await assertLibsqlError(
    client.batch(["INSERT INTO t VALUES ('x')", "SELEC 1"], "write"),
    "SQL_PARSE_ERROR",
  );
  assert.deepEqual(server.query("SELECT name FROM t"), [{ name: "taken" }]);
  await server.waitIdle();
  assert.equal(server.requestCount, 2);
});

Deno.test("batch() commits every statement in one request", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
  server.resetCount();
  const results = await client.batch([
    { sql: "INSERT INTO t(name) VALUES (?)", args: ["a"] },
    { sql: "INSERT INTO t(name) VALUES (?)", args: ["b"] },
    "UPDATE t SET name = upper(name)",
    "SELECT name FROM t ORDER BY id",
  ], "write");
  assert.deepEqual(results.map((r) => r.rowsAffected), [1, 1, 2, 0]);
  assert.deepEqual(results[1]?.lastInsertRowid, 2n);
  assert.deepEqual(results[2]?.lastInsertRowid, undefined);
  assert.deepEqual(results[3]?.rows.map((row) => row.name), ["A", "B"]);
  await server.waitIdle();
  assert.equal(server.requestCount, 1);
});

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

Deno.test("authToken rejects a missing or wrong token without echoing it", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const wrongToken = `${TOKEN}-wrong`;
  for (const authToken of [undefined, wrongToken]) {
    using client = connect(
      server,
      authToken === undefined ? {} : { authToken },
    );
    const error = await assertLibsqlError(
      client.execute("SELECT 1"),
      "SERVER_ERROR",
      "401",
    );
    assert.ok(!error.message.includes(TOKEN), error.message);
  }

  const raw = await postPipeline(server, { requests: [] }, {
    headers: { authorization: `Bearer ${wrongToken}` },
  });
  assert.equal(raw.status, 401);
  assert.equal(raw.contentType, "application/json");
  assert.match(JSON.parse(raw.text).error, /^Unauthorized: /);
  assert.ok(!raw.text.includes(TOKEN), raw.text);

  using client = connect(server, { authToken: TOKEN });
  const result = await client.execute("SELECT 1 AS one");
  assert.equal(result.rows[0]?.one, 1);
  assert.equal(server.requestCount, 4);
});

Deno.test("requestCount counts one request per execute, batch, migrate and executeMultiple", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  const counted = async (call: () => Promise<unknown>) => {
    server.resetCount();
    await call();
    await server.waitIdle();
    return server.requestCount;
  };
  assert.equal(await counted(() => client.execute("CREATE TABLE t(x)")), 1);
  assert.equal(
    await counted(() =>
      client.batch(["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"])
    ),
    1,
  );
  assert.equal(await counted(() => client.migrate(["CREATE TABLE m(x)"])), 1);
  assert.equal(
    await counted(() => client.executeMultiple("SELECT 1; SELECT 2;")),
    1,
  );
  assert.equal(await counted(() => client.transaction("write")), 0);
});

Deno.test("migrate() runs its statements atomically with foreign keys off", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)");
  await client.execute(
    "CREATE TABLE child(parent INTEGER REFERENCES parent(id))",
  );
  // Dangling references are allowed while foreign keys are off.
  await client.migrate([
    "INSERT INTO child VALUES (1)",
    { sql: "INSERT INTO parent VALUES (?)", args: [1] },
  ]);
  assert.deepEqual(server.query("SELECT parent FROM child"), [{ parent: 1 }]);

  await assertLibsqlError(
    client.migrate([
      "CREATE TABLE half(x)",
      "INSERT INTO nowhere VALUES (1)",
    ]),
    "SQL_INPUT_ERROR",
  );
  assert.deepEqual(
    server.query("SELECT name FROM sqlite_schema WHERE name = 'half'"),
    [],
  );
  // The next stream starts with foreign keys on again.
  const pragma = await client.execute("PRAGMA foreign_keys");
  assert.equal(pragma.rows[0]?.foreign_keys, 1);
});

Deno.test("executeMultiple() runs every statement, trigger bodies included", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.executeMultiple(`
    CREATE TABLE item(name TEXT); -- a comment; with a semicolon
    CREATE TABLE log(entry TEXT);
    CREATE TRIGGER item_log AFTER INSERT ON item BEGIN
      INSERT INTO log VALUES ('added ' || new.name);
      INSERT INTO log VALUES (CASE WHEN new.name = 'b' THEN 'b!' ELSE 'other' END);
    END;
    INSERT INTO item VALUES ('a; not a split');
    INSERT INTO item VALUES ('b');
  `);
  assert.deepEqual(server.query("SELECT entry FROM log ORDER BY rowid"), [
    { entry: "added a; not a split" },
    { entry: "other" },
    { entry: "added b" },
    { entry: "b!" },
  ]);
  // The first failing statement stops the script; earlier ones stay.
  await assertLibsqlError(
    client.executeMultiple(
      "INSERT INTO item VALUES ('c'); INSERT INTO missing VALUES (1); INSERT INTO item VALUES ('d');",
    ),
    "SQLITE_UNKNOWN",
    "no such table: missing",
  );
  assert.deepEqual(server.query("SELECT count(*) AS n FROM item"), [{ n: 3 }]);
});

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

Deno.test("a writer waits while another stream holds the write lock", async () => {
  await using server = await HranaServer.start();
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");

  const tx = await client.transaction("write");
  let pending: Promise<unknown> | undefined;
  try {
    await tx.execute("INSERT INTO t VALUES ('first')");
    let settled = false;
    pending = client.execute("INSERT INTO t VALUES ('second')").finally(() => {
      settled = true;
    });
    await delay(150);
    assert.equal(settled, false);
    // The lock holder's own requests still get through.
    await tx.execute("INSERT INTO t VALUES ('first again')");
    await tx.commit();
  } finally {
    tx.close();
  }
  await pending;
  assert.deepEqual(server.query("SELECT name FROM t ORDER BY rowid"), [
    { name: "first" },
    { name: "first again" },
    { name: "second" },
  ]);
});

Deno.test("a writer fails with SQLITE_BUSY after busyTimeoutMs without leaving locks behind", async () => {
  await using server = await HranaServer.start({ busyTimeoutMs: 150 });
  using client = connect(server);
  await client.execute("CREATE TABLE t(name TEXT)");

  const holder = await client.transaction("write");
  const reader = await client.transaction("deferred");
  try {
    await holder.execute("INSERT INTO t VALUES ('holder')");
    // Autocommit writes give up after busyTimeoutMs.
    const started = Date.now();
    await assertLibsqlError(
      client.execute("INSERT INTO t VALUES ('autocommit')"),
      "SQLITE_BUSY",
    );
    assert.ok(Date.now() - started >= 140);

    // A transaction whose write gives up is rolled back, and the stream
    // refuses further requests rather than carry on in autocommit mode.
    await reader.execute("SELECT count(*) FROM t");
    await assertLibsqlError(
      reader.execute("INSERT INTO t VALUES ('reader')"),
      "SQLITE_BUSY",
    );
    await assertLibsqlError(reader.commit(), "SERVER_ERROR", "400");

    await holder.execute("INSERT INTO t VALUES ('holder again')");
    await holder.commit();
  } finally {
    reader.close();
    holder.close();
  }
  await server.waitIdle();
  // No stream is left holding a lock or an uncommitted write.
  server.query("INSERT INTO t VALUES ('direct')");
  await client.execute("INSERT INTO t VALUES ('after')");
  assert.deepEqual(server.query("SELECT name FROM t ORDER BY rowid"), [
    { name: "holder" },
    { name: "holder again" },
    { name: "direct" },
    { name: "after" },
  ]);
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

Deno.test("HranaServer supports stored SQL, conditions and describe", async () => {
  await using server = await HranaServer.start();
  const stmt = (sql: string) => ({ sql, args: [], named_args: [] });
  const body = pipelineBody(
    await postPipeline(server, {
      requests: [
        { type: "store_sql", sql_id: 0, sql: "SELECT ? + 1 AS n" },
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: { sql_id: 0, args: [{ type: "integer", value: "41" }] } },
              { stmt: stmt("SELECT * FROM missing") },
              { condition: { type: "ok", step: 1 }, stmt: stmt("SELECT 1") },
              { condition: { type: "error", step: 1 }, stmt: stmt("SELECT 2") },
              {
                condition: {
                  type: "and",
                  conds: [{ type: "ok", step: 0 }, {
                    type: "not",
                    cond: { type: "ok", step: 2 },
                  }],
                },
                stmt: stmt("SELECT 3"),
              },
            ],
          },
        },
        { type: "close_sql", sql_id: 0 },
        { type: "describe", sql: "SELECT :a AS x, ?3" },
        { type: "sequence", sql: "SELECT 1; SELECT 2;" },
        { type: "close" },
      ],
    }),
  );
  assert.equal(body.baton, null);
  const [stored, batch, closedSql, described, sequence, close] = body
    .results as {
      type: string;
      response: { type: string; result: Record<string, unknown[]> };
    }[];
  assert.deepEqual(stored, { type: "ok", response: { type: "store_sql" } });
  const result = batch?.response.result;
  assert.deepEqual(
    result?.step_results?.map((r) => r === null ? null : "ran"),
    ["ran", null, null, "ran", "ran"],
  );
  assert.deepEqual(result?.step_errors?.map((e) => e === null ? null : "err"), [
    null,
    "err",
    null,
    null,
    null,
  ]);
  assert.deepEqual(
    (result?.step_results?.[0] as { rows: unknown[] }).rows,
    [[{ type: "integer", value: "42" }]],
  );
  assert.deepEqual(closedSql, { type: "ok", response: { type: "close_sql" } });
  assert.deepEqual(described?.response.result, {
    params: [{ name: ":a" }, { name: null }, { name: "?3" }],
    cols: [{ name: "x", decltype: null }, { name: "?3", decltype: null }],
    is_explain: false,
    is_readonly: true,
  });
  assert.deepEqual(sequence, { type: "ok", response: { type: "sequence" } });
  assert.deepEqual(close, { type: "ok", response: { type: "close" } });

  // A condition must reference an earlier step.
  const invalid = await postPipeline(server, {
    requests: [{
      type: "batch",
      batch: {
        steps: [{ condition: { type: "ok", step: 0 }, stmt: stmt("SELECT 1") }],
      },
    }],
  });
  assert.equal(invalid.status, 400);
});

Deno.test("HranaServer speaks Hrana 3 get_autocommit and is_autocommit on /v3", async () => {
  await using server = await HranaServer.start();
  const stmt = (sql: string) => ({ sql });
  const body = pipelineBody(
    await postPipeline(server, {
      requests: [
        { type: "get_autocommit" },
        { type: "execute", stmt: stmt("BEGIN") },
        { type: "get_autocommit" },
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: stmt("ROLLBACK") },
              {
                condition: { type: "not", cond: { type: "is_autocommit" } },
                stmt: stmt("SELECT 1"),
              },
            ],
          },
        },
        { type: "close" },
      ],
    }, { version: 3 }),
  );
  const results = body.results as {
    response: { is_autocommit?: boolean; result?: { step_results: unknown[] } };
  }[];
  assert.equal(results[0]?.response.is_autocommit, true);
  assert.equal(results[2]?.response.is_autocommit, false);
  assert.equal(results[3]?.response.result?.step_results[1], null);

  // Hrana 2 does not know these.
  const v2 = await postPipeline(server, {
    requests: [{ type: "get_autocommit" }],
  });
  assert.equal(v2.status, 400);
});

Deno.test("close() resolves a pending hang and closes open streams", async () => {
  const server = await HranaServer.start();
  const path = server.path;
  const open = pipelineBody(
    await postPipeline(server, {
      requests: [{ type: "execute", stmt: { sql: "BEGIN IMMEDIATE" } }],
    }),
  );
  assert.equal(typeof open.baton, "string");
  server.inject({ kind: "hang" });
  // Settle into a value at once so the rejection is never unhandled.
  const pending = fetch(`${server.url}/v2/pipeline`, {
    method: "POST",
    body: JSON.stringify({ requests: [] }),
  }).then((response) => response, (error: unknown) => error);
  while (server.requestCount < 2) await delay(5);
  await server.close();
  assert.ok(await pending instanceof TypeError);
  await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
});

Deno.test("HranaServer keeps a caller-provided database file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/kept.db`;
    {
      await using server = await HranaServer.start({ path });
      using client = connect(server);
      await client.execute("CREATE TABLE t(x)");
      await client.execute("INSERT INTO t VALUES (1)");
    }
    await using server = await HranaServer.start({ path });
    assert.deepEqual(server.query("SELECT x FROM t"), [{ x: 1 }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
