import assert from "node:assert/strict";
import { assertNoSecret } from "./support/secrets.ts";
import {
  AuthError,
  ConfigError,
  type History,
  HistoryClosedError,
  openHistory,
  resolveConnection,
  SyncError,
} from "../mod.ts";
import { ask } from "./contract/core.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { tempDir } from "./support/targets.ts";

const TOKEN = "secret-token-9f8e7d6c5b4a";

function assertNoToken(value: unknown): void {
  assertNoSecret(value, TOKEN);
}

Deno.test("openHistory() rejects an unsupported URL scheme with ConfigError, without the token", async () => {
  const error = await openHistory({
    url: `ftp://user:${TOKEN}@host/db?authToken=${TOKEN}`,
    authToken: TOKEN,
  })
    .catch((e) => e);
  assert(error instanceof ConfigError);
  assert.equal(error.code, "CONFIG");
  assert.match(error.message, /unsupported URL scheme "ftp:"/);
  assertNoToken(error);
});

Deno.test("openHistory() rejects inconsistent options with ConfigError", async (t) => {
  const cases: [string, Parameters<typeof openHistory>[0], RegExp][] = [
    [
      "replica of :memory:",
      { url: ":memory:", syncUrl: "libsql://db.example" },
      /needs a local file/,
    ],
    ["syncUrl on a remote url", {
      url: "https://db.example",
      syncUrl: "libsql://db.example",
    }, /local file/],
    [
      "syncUrl with a bad scheme",
      { url: "file:x.db", syncUrl: "ftp://x" },
      /syncUrl/,
    ],
    ["empty url", { url: " " }, /non-empty/],
    ["negative timeout", { url: ":memory:", timeout: -1 }, /timeout/],
    ["zero sync interval", {
      url: "file:x.db",
      syncUrl: "libsql://x",
      syncInterval: 0,
    }, /syncInterval/],
  ];
  for (const [name, options, pattern] of cases) {
    await t.step(name, async () => {
      const error = await openHistory({
        ...options,
        authToken: TOKEN,
        env: false,
      }).catch((e) => e);
      assert(error instanceof ConfigError, `${name}: ${error}`);
      assert.match(error.message, pattern);
      assertNoToken(error);
    });
  }
});

Deno.test("openHistory() takes url from options, then LIBSQL_URL, then TURSO_DATABASE_URL, then ironclaw.db", async () => {
  await using dir = await tempDir();
  const a = `file:${dir.path}/a.db`;
  const b = `file:${dir.path}/b.db`;
  const cases: [Parameters<typeof openHistory>[0], string][] = [
    [{ url: ":memory:", env: { LIBSQL_URL: a } }, ":memory:"],
    [{ env: { LIBSQL_URL: a, TURSO_DATABASE_URL: b } }, a],
    [{ env: { TURSO_DATABASE_URL: b } }, b],
    [{ url: `${dir.path}/plain.db`, env: false }, `file:${dir.path}/plain.db`],
  ];
  for (const [options, url] of cases) {
    await using history = await openHistory(options);
    assert.equal(history.url, url);
  }
});

Deno.test("sync() on a history that is not a replica throws SyncError", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  await assert.rejects(
    history.sync(),
    (e: unknown) => e instanceof SyncError && e.code === "SYNC",
  );
});

Deno.test("a history shows its URL without credentials", async () => {
  await using history = await openHistory({
    url: ":memory:",
    authToken: TOKEN,
    env: false,
  });
  assert.equal(history.kind, "memory");
  assert(!Deno.inspect(history, { depth: 10, getters: true }).includes(TOKEN));
});

Deno.test("resolveConnection() takes url from options, then LIBSQL_URL, then TURSO_DATABASE_URL, then ironclaw.db", () => {
  const cases: [Parameters<typeof resolveConnection>[0], string][] = [
    [{ url: "file:a.db", env: { LIBSQL_URL: "file:b.db" } }, "file:a.db"],
    [
      { env: { LIBSQL_URL: "file:b.db", TURSO_DATABASE_URL: "file:c.db" } },
      "file:b.db",
    ],
    [{ env: { LIBSQL_URL: "", TURSO_DATABASE_URL: "file:c.db" } }, "file:c.db"],
    [{ env: {} }, "file:ironclaw.db"],
    [{ env: false }, "file:ironclaw.db"],
  ];
  for (const [options, url] of cases) {
    assert.deepEqual(resolveConnection(options), {
      kind: "file",
      url,
      path: url.slice("file:".length),
    });
  }
});

Deno.test("resolveConnection() tells the kind and the local file of each URL form", () => {
  const cases: [string, string, string | undefined, string?][] = [
    // [url, kind, path, url after resolution]
    ["file:rel/a.db", "file", "rel/a.db"],
    ["rel/a.db", "file", "rel/a.db", "file:rel/a.db"],
    ["  /abs/a.db ", "file", "/abs/a.db", "file:/abs/a.db"],
    ["file:/abs/a.db", "file", "/abs/a.db"],
    ["file:///abs/a.db", "file", "/abs/a.db"],
    ["file://localhost/abs/a.db", "file", "/abs/a.db"],
    ["FILE://LocalHost/abs/a.db", "file", "/abs/a.db"],
    ["file:///abs/with%20space.db", "file", "/abs/with space.db"],
    [":memory:", "memory", undefined],
    ["file::memory:", "memory", undefined],
    ["libsql://db.example.turso.io", "remote", undefined],
    ["https://db.example:8080/", "remote", undefined],
  ];
  for (const [input, kind, path, url = input] of cases) {
    assert.deepEqual(
      resolveConnection({ url: input, env: false }),
      { kind, url, path },
      input,
    );
  }
  assert.deepEqual(
    resolveConnection({
      url: "file:///abs/replica.db",
      syncUrl: "libsql://db.example.turso.io",
      env: false,
    }),
    { kind: "replica", url: "file:///abs/replica.db", path: "/abs/replica.db" },
  );
});

Deno.test("resolveConnection() finds the file openHistory() creates", async (t) => {
  await using dir = await tempDir();
  const forms: [string, (path: string) => string][] = [
    ["file:/…", (path) => `file:${path}`],
    ["file:///…", (path) => `file://${path}`],
    ["file://localhost/…", (path) => `file://localhost${path}`],
    ["percent-encoded", (path) => `file:${path.replace(" ", "%20")}`],
    ["plain path", (path) => path],
  ];
  for (const [name, urlOf] of forms) {
    await t.step(name, async () => {
      const file = `${dir.path}/${name.replace(/\W+/g, "_")} history.db`;
      const url = urlOf(file);
      assert.equal(resolveConnection({ url, env: false }).path, file);
      await (await openHistory({ url, env: false })).close();
      assert((await Deno.stat(file)).isFile, `${url} opened ${file}`);
    });
  }
});

Deno.test("resolveConnection() removes an authToken query parameter and keeps the rest", () => {
  const cases: [string, string][] = [
    [`libsql://db.example?authToken=${TOKEN}`, "libsql://db.example"],
    [
      `https://db.example/?tls=1&authToken=${TOKEN}`,
      "https://db.example/?tls=1",
    ],
    [`wss://db.example?AUTHTOKEN=${TOKEN}&tls=1`, "wss://db.example?tls=1"],
    [`file:/abs/a.db?authToken=${TOKEN}`, "file:/abs/a.db"],
    ["http://127.0.0.1:8080?tls=0", "http://127.0.0.1:8080?tls=0"],
  ];
  for (const [url, expected] of cases) {
    const resolved = resolveConnection({ url, authToken: TOKEN, env: false });
    assert.equal(resolved.url, expected);
    assertNoToken(resolved);
  }
  const fromEnv = resolveConnection({
    env: { LIBSQL_URL: `libsql://db.example?authToken=${TOKEN}` },
  });
  assert.equal(fromEnv.url, "libsql://db.example");
});

Deno.test("resolveConnection() throws ConfigError for a bad URL, without the token", async (t) => {
  const cases: [string, Parameters<typeof resolveConnection>[0], RegExp][] = [
    [
      "unsupported scheme",
      { url: `ftp://host/db?authToken=${TOKEN}` },
      /unsupported URL scheme "ftp:"/,
    ],
    ["empty url", { url: " " }, /non-empty/],
    [
      "a file URL naming a host",
      { url: "file://host/abs/a.db" },
      /cannot name a host/,
    ],
    ["a file URL with a port", { url: "file://localhost:99/a.db" }, /port/],
    [
      "a file URL with a user",
      { url: `file://me:${TOKEN}@localhost/a.db` },
      /user/,
    ],
    ["bad percent-encoding", { url: "file:/abs/100%.db" }, /percent-encoding/],
    [
      "replica of :memory:",
      { url: ":memory:", syncUrl: "libsql://db.example" },
      /needs a local file/,
    ],
    ["syncUrl on a remote url", {
      url: "https://db.example",
      syncUrl: "libsql://db.example",
    }, /local file/],
  ];
  for (const [name, options, pattern] of cases) {
    await t.step(name, () => {
      const error = (() => {
        try {
          resolveConnection({ ...options, authToken: TOKEN, env: false });
        } catch (e) {
          return e;
        }
      })();
      assert(error instanceof ConfigError, `${name}: ${error}`);
      assert.match(error.message, pattern);
      assertNoToken(error);
    });
  }
});

Deno.test("openHistory() refuses the file URLs resolveConnection() refuses", async () => {
  for (const url of ["file://host/abs/a.db", "file://localhost:99/a.db"]) {
    assert.throws(() => resolveConnection({ url, env: false }), ConfigError);
    await assert.rejects(openHistory({ url, env: false }), ConfigError);
  }
});

/** Operations of every kind, started and not awaited. */
function startOperations(
  history: History,
  sessionId: string,
): Promise<unknown>[] {
  return [
    history.listSessions(),
    history.getMessages(sessionId),
    history.saveMessages(sessionId, [ask("while closing")]),
    history.getUsage(),
    history.searchMessages("closing"),
    history.getOrCreateSession("another"),
  ];
}

/**
 * Each operation's failure, checked to be HistoryClosedError; with
 * `mayFinish`, an operation may also have finished before the connection
 * closed. One at least must have been cut short inside the driver.
 */
async function assertAllClosed(
  operations: Promise<unknown>[],
  mayFinish = false,
): Promise<void> {
  const outcomes = await Promise.allSettled(operations);
  let cutShort = 0;
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === "fulfilled") {
      assert(mayFinish, `operation ${i} succeeded`);
      continue;
    }
    const error = outcome.reason;
    assert(
      error instanceof HistoryClosedError,
      `operation ${i}: ${Deno.inspect(error)}`,
    );
    assert.equal(error.code, "CLOSED");
    assertNoToken(error);
    // A cause is what the driver said: the operation was inside it.
    if (error.cause !== undefined) cutShort++;
  }
  assert(cutShort > 0, "no operation was inside the driver when it closed");
}

Deno.test("operations inside the driver of a local history when close() runs fail with HistoryClosedError", async (t) => {
  await using dir = await tempDir();
  for (const url of [":memory:", `file:${dir.path}/closing.db`]) {
    await t.step(url.startsWith("file:") ? "file" : url, async () => {
      const history = await openHistory({ url, authToken: TOKEN, env: false });
      const { id } = await history.getOrCreateSession("s");
      // Some start before close(), more at every step while it runs (it
      // may fold the write-ahead log first): those that reach the driver
      // before its connection closes may finish; none fails otherwise.
      const operations = startOperations(history, id);
      const closing = history.close();
      for (let step = 0; step < 50; step++) {
        operations.push(...startOperations(history, id));
        await Promise.resolve();
      }
      await closing;
      await assertAllClosed(operations, true);
      await assert.rejects(history.listSessions(), HistoryClosedError);
    });
  }
});

Deno.test("requests of a remote history in flight when close() runs fail at once with HistoryClosedError", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
    timeout: 5_000,
  });
  try {
    const { id } = await history.getOrCreateSession("s");
    await server.waitIdle();
    server.resetCount();
    // Every request from now on is received and never answered.
    server.inject({ kind: "hang", times: Infinity });
    const operations = startOperations(history, id);
    while (server.requestCount < operations.length) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const started = performance.now();
    await history.close();
    await assertAllClosed(operations);
    const took = performance.now() - started;
    assert(took < 2_000, `the operations waited ${Math.round(took)} ms`);
  } finally {
    await history.close();
    server.clearFaults();
    await server.waitIdle();
  }
});

Deno.test("an operation of a remote history whose request has not left when close() runs fails with HistoryClosedError", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const history = await openHistory({
    url: server.url,
    authToken: TOKEN,
    env: false,
  });
  const operations = startOperations(history, "s");
  await history.close();
  await assertAllClosed(operations);
  await server.waitIdle();
});

Deno.test("a failed open closes its client but reports why it failed, not HistoryClosedError", async () => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const error = await openHistory({
    url: server.url,
    authToken: `${TOKEN}-wrong`,
    env: false,
  }).catch((e) => e);
  assert(error instanceof AuthError, String(error));
  await server.waitIdle();
});
