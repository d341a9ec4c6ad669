import assert from "node:assert/strict";
import { assertNoSecret } from "./support/secrets.ts";
import {
  ConfigError,
  openHistory,
  resolveConnection,
  SyncError,
} from "../mod.ts";
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
