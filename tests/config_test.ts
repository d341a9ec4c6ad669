/**
 * Malformed URLs and tokens fail at `openHistory` with `ConfigError` — never
 * a raw `LibsqlError` or `TypeError` — with a message that says what is
 * wrong and holds no token; the URL forms that are accepted still open.
 */
import assert from "node:assert/strict";
import {
  ConfigError,
  HistoryError,
  openHistory,
  resolveConnection,
} from "../mod.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { assertNoSecret } from "./support/secrets.ts";
import { tempDir } from "./support/targets.ts";

const TOKEN = "config-test-token-5e6f7a8b";

type Options = NonNullable<Parameters<typeof openHistory>[0]>;

/** `url` with `?authToken=TOKEN` added to its query (before any fragment). */
function withUrlToken(url: string): string {
  const pair = `authToken=${TOKEN}`;
  const hash = url.indexOf("#");
  const [head, tail] = hash === -1
    ? [url, ""]
    : [url.slice(0, hash), url.slice(hash)];
  return head.includes("?")
    ? `${head.replace("?", `?${pair}&`)}${tail}`
    : `${head}?${pair}${tail}`;
}

/** [what is wrong, url, what the message must say] */
const REMOTE_CASES: readonly [string, string, RegExp][] = [
  ["an unclosed IPv6 bracket", "http://[::1", /IPv6 address has no closing \]/],
  ["an unclosed IPv6 bracket with a port", "http://[::1:8080/", /closing \]/],
  ["an invalid IPv6 address", "http://[zz]:8080", /IPv6 address .*not valid/],
  ["text after the IPv6 bracket", "http://[::1]x", /host is malformed/],
  ["an unknown query parameter", "https://db.example?foo=1", /query parameter/],
  [
    "an unknown parameter among known ones",
    "https://db.example?tls=1&mode=rw",
    /query parameter/,
  ],
  ["an empty query key", "https://db.example?=x", /query parameter/],
  ["tls=2", "https://db.example?tls=2", /tls query parameter must be 0 or 1/],
  ["an empty tls", "https://db.example?tls=", /tls .*must be 0 or 1/],
  ["tls=true", "https://db.example?TLS=true", /tls .*must be 0 or 1/],
  ["a fragment", "https://db.example/#frag", /fragment/],
  ["an empty fragment", "https://db.example#", /fragment/],
  ["%zz in the path", "https://db.example/%zz", /path has an invalid percent/],
  ["a lone % in the path", "https://db.example/100%", /percent-encoding/],
  ["%zz in the query", "https://db.example?tls=%zz", /query has an invalid/],
  ["a port above 65535", "https://db.example:99999", /port 99999 .*range/],
  ["port 0", "https://db.example:0", /port 0 is out of range/],
  ["a huge port", `https://db.example:${"9".repeat(40)}`, /out of range/],
  ["a port that is not a number", "https://db.example:8a", /not a number/],
  ["two ports", "http://db.example:80:81", /port is not a number/],
  ["an empty host with a port", "https://:8080", /no host/],
  ["an empty host", "https://", /no host/],
  ["an empty IPv6 host", "http://[]:8080", /no host/],
  ["no // after the scheme", "http:db.example", /needs a host after "\/\/"/],
  ["a space in the host", "http://db example", /space or a control/],
  ["a space in the path", "http://db.example/a b", /space or a control/],
  ["a newline in the host", "http://db\n.example", /control character/],
  ["a NUL in the path", "http://db.example/\0", /control character/],
  ["a tab in the query", "http://db.example?tls=\t1", /control character/],
  ["an invalid host", "http://256.1.1.1", /not a valid host/],
  ["a percent-encoded space in the host", "http://a%20b", /not a valid host/],
  ["tls=0 on libsql: without a port", "libsql://db.example?tls=0", /port/],
  [
    "a user name and password",
    `https://user:${TOKEN}@db.example`,
    /user name or password/,
  ],
  [
    "a password with an unencoded /",
    `https://user:a/${TOKEN}@db.example`,
    /user name or password/,
  ],
  [
    "an unencoded newline in the token",
    `https://db.example?authToken=a\nb`,
    /control character/,
  ],
  ["%0A in the token", "https://db.example?authToken=a%0Ab", /auth token/],
  ["%00 in the token", "https://db.example?authToken=a%00b", /auth token/],
  [
    "%E2%82%AC in the token",
    "https://db.example?authToken=%E2%82%AC",
    /U\+00FF/,
  ],
  ["%zz in the token", "https://db.example?authToken=%zz", /percent-encoding/],
];

/** [what is wrong, options, what the message must say] */
const OTHER_CASES: readonly [string, Options, RegExp][] = [
  ["a file URL with a fragment", { url: "file:a.db#x" }, /fragment/],
  ["a plain path with #", { url: "dir/a#b.db" }, /%23/],
  ["a file URL with a query", { url: "file:a.db?foo=1" }, /query parameter/],
  ["a file URL with tls=9", { url: "file:a.db?tls=9" }, /tls .*0 or 1/],
  ["a memory URL with a bad cache", {
    url: "file::memory:?cache=bogus",
  }, /cache .*shared or private/],
  ["a file URL with %zz", { url: "file:a%zz.db" }, /percent-encoding/],
  ["a malformed syncUrl", {
    url: "file:replica.db",
    syncUrl: `libsql://[::1?authToken=${TOKEN}`,
  }, /syncUrl "libsql:\/\/\[::1": the IPv6 address/],
  ["a syncUrl with a fragment", {
    url: "file:replica.db",
    syncUrl: "https://db.example#x",
  }, /syncUrl .*fragment/],
  ["a syncUrl with a port out of range", {
    url: "file:replica.db",
    syncUrl: "https://db.example:70000",
  }, /syncUrl .*out of range/],
  ["a remote token with a newline", {
    url: "https://db.example",
    authToken: `${TOKEN}\n`,
  }, /auth token contains a control character/],
  ["a replica token with a NUL", {
    url: "file:replica.db",
    syncUrl: "https://db.example",
    authToken: `${TOKEN}\0`,
  }, /auth token contains a control character/],
  ["a remoteEncryptionKey with a newline", {
    url: "https://db.example",
    remoteEncryptionKey: `${TOKEN}\n`,
  }, /remoteEncryptionKey contains a control character/],
];

/** The error `openHistory` (and `resolveConnection`) throws for `options`. */
async function refusal(options: Options): Promise<unknown> {
  try {
    resolveConnection(options);
    assert.fail("resolveConnection() accepted it");
  } catch (error) {
    assert(error instanceof ConfigError, `resolveConnection(): ${error}`);
  }
  const history = await openHistory(options).catch((e) => e);
  if (!(history instanceof Error)) {
    await history.close();
    assert.fail("openHistory() accepted it");
  }
  return history;
}

function assertRefused(error: unknown, pattern: RegExp): void {
  assert(error instanceof ConfigError, `not a ConfigError: ${error}`);
  assert(error instanceof HistoryError);
  assert.equal(error.code, "CONFIG");
  assert.match(error.message, /^Cannot open history "/);
  assert.match(error.message, pattern);
  assertNoSecret(error, TOKEN);
}

Deno.test("openHistory() refuses each malformed remote URL with ConfigError naming what is wrong, without the token", async (t) => {
  await using dir = await tempDir();
  for (const [name, url, pattern] of REMOTE_CASES) {
    await t.step(name, async () => {
      // The token as an option, then in the URL's own query.
      const given = await refusal({ url, authToken: TOKEN, env: false });
      assertRefused(given, pattern);
      const inUrl = await refusal({ url: withUrlToken(url), env: false });
      assertRefused(inUrl, pattern);
      // As the syncUrl of a replica, the same check, naming the syncUrl.
      const replica = await refusal({
        url: `file:${dir.path}/replica.db`,
        syncUrl: url,
        authToken: TOKEN,
        env: false,
      });
      assertRefused(replica, pattern);
      const message = (replica as Error).message;
      if (!/auth token/.test(message)) assert.match(message, /syncUrl "/);
    });
  }
});

Deno.test("openHistory() refuses malformed file URLs, syncUrls and tokens with ConfigError", async (t) => {
  await using dir = await tempDir();
  for (const [name, options, pattern] of OTHER_CASES) {
    await t.step(name, async () => {
      const inDir = (url: string | undefined) =>
        url?.startsWith("file:") && !url.startsWith("file::")
          ? `file:${dir.path}/${url.slice("file:".length)}`
          : url;
      const url = options.url?.startsWith("dir/")
        ? `${dir.path}/${options.url}`
        : inDir(options.url);
      const error = await refusal({
        authToken: TOKEN,
        ...options,
        ...(url === undefined ? {} : { url }),
        env: false,
      });
      assertRefused(error, pattern);
    });
  }
});

Deno.test("openHistory() refuses a bad token from the environment with ConfigError, without the token", async () => {
  for (const name of ["LIBSQL_AUTH_TOKEN", "TURSO_AUTH_TOKEN"]) {
    const error = await refusal({
      env: { LIBSQL_URL: "https://db.example", [name]: `${TOKEN}\r\n` },
    });
    assertRefused(error, /auth token contains a control character/);
  }
});

Deno.test("a bad token is no error for a local file, which does not use it", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({
    url: `file:${dir.path}/local.db`,
    authToken: `${TOKEN}\n`,
    env: false,
  });
  assert.equal(history.kind, "file");
});

Deno.test("the remote URL forms that are accepted open and connect", async (t) => {
  await using server = await HranaServer.start({ authToken: TOKEN });
  const plus = `${TOKEN}+/=&?#%`;
  await using withPlus = await HranaServer.start({ authToken: plus });
  const base = server.url; // http://127.0.0.1:port
  const cases: [string, string, string, string?][] = [
    // [name, url, server url, token option]
    ["plain", base, base, TOKEN],
    ["a trailing slash", `${base}/`, base, TOKEN],
    ["tls=0", `${base}?tls=0`, base, TOKEN],
    ["the token in the query", `${base}?authToken=${TOKEN}`, base],
    ["AUTHTOKEN in any letter case", `${base}/?AUTHTOKEN=${TOKEN}`, base],
    ["the query token wins", `${base}?authToken=${TOKEN}`, base, "wrong"],
    ["empty pairs", `${base}?&authToken=${TOKEN}&&tls=0&`, base],
    [
      "a percent-encoded token",
      `${withPlus.url}?authToken=${encodeURIComponent(plus)}`,
      withPlus.url,
    ],
    [
      "the token as an option, with every URL character",
      withPlus.url,
      withPlus.url,
      plus,
    ],
    ["an upper-case scheme", base.replace("http:", "HTTP:"), base, TOKEN],
  ];
  for (const [name, url, shown, authToken] of cases) {
    await t.step(name, async () => {
      await using history = await openHistory({
        url,
        ...(authToken === undefined ? {} : { authToken }),
        env: false,
      });
      assert.equal(history.kind, "remote");
      assert(!history.url.includes(TOKEN), history.url);
      assert.equal(history.url.toLowerCase().replace(/\/$/, ""), shown);
      await history.getOrCreateSession("opened");
      const resolved = resolveConnection({ url, env: false });
      assert(!resolved.url.includes(TOKEN) && !resolved.url.includes(plus));
    });
  }
  await server.waitIdle();
  await withPlus.waitIdle();
});
