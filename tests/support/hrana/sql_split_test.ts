/** Splitting scripts into statements, trigger bodies included. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import { assertLibsqlError, connect } from "./testing.ts";

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
