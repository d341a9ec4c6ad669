/** Hrana values: what goes over the wire and what the file holds. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import { connect } from "./testing.ts";

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
