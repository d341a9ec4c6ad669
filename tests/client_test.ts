import assert from "node:assert/strict";
import { assertNoSecret } from "./support/secrets.ts";
import { ConfigError, openHistory, SyncError } from "../mod.ts";
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
