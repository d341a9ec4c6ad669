/** Running statements: argument binding, sqld's error codes, migrations, and waiting for the write lock. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import { assertLibsqlError, connect, delay } from "./testing.ts";

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
