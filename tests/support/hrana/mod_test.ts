/** The server as a whole: its HTTP surface, authentication, request counting, closing and its database file. */
import assert from "node:assert/strict";
import { HranaServer } from "./mod.ts";
import {
  assertLibsqlError,
  connect,
  delay,
  pipelineBody,
  postPipeline,
} from "./testing.ts";

const TOKEN = "s3cret-test-token-1234";

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
