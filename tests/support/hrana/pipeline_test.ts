/** Pipelines: batches, stored SQL, conditions, describe and the Hrana 3 requests. */
import assert from "node:assert/strict";
import { LibsqlBatchError } from "@libsql/client/web";
import { HranaServer } from "./mod.ts";
import {
  assertLibsqlError,
  connect,
  pipelineBody,
  postPipeline,
} from "./testing.ts";

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
