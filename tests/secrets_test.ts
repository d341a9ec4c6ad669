/**
 * A token never shows, whatever its shape: not in an error's message,
 * `cause` chain, stack, own properties, `JSON.stringify`, `String` or
 * `Deno.inspect`, and not in what the `history` tool prints. Property tests
 * over token strings, against the Hrana test server (which asks for a
 * token), against malformed URLs, against a server that echoes what it
 * was sent, and through the command line as a subprocess.
 *
 * How a leak is seen for any token: each generated token carries two
 * random canaries (ten letters and digits) between arbitrary hostile
 * pieces (newlines, NUL, `%`, quotes, spaces, `&`, `#`, unicode, `%0A`,
 * `%00`…). A canary survives every encoding unchanged, so a token that
 * shows in any form, or any piece of it that holds a canary, is found by
 * a case-insensitive search. Tokens that are common words (`history`,
 * `open`, the host) cannot be searched for; for those, the error must be
 * exactly the one a neutral token gives.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AuthError,
  ConfigError,
  ConnectionError,
  type History,
  HistoryClosedError,
  HistoryError,
  openHistory,
  SessionNotFoundError,
} from "../mod.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { runDeno } from "./support/run.ts";
import { tempDir } from "./support/targets.ts";

const SERVER_TOKEN = "secrets-test-server-token-1f2e3d";
const CLI = new URL("../src/cli/main.ts", import.meta.url).pathname;

/** A generated token and the canaries inside it. */
interface Token {
  readonly token: string;
  readonly canaries: readonly string[];
}

const ALNUM = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
];
const canary = fc.string({
  unit: fc.constantFrom(...ALNUM),
  minLength: 10,
  maxLength: 10,
});
const HOSTILE = [
  "\n",
  "\r\n",
  "\0",
  "\t",
  " ",
  "%",
  "%0A",
  "%0a",
  "%00",
  "%zz",
  "%25",
  "%2",
  '"',
  "'",
  "\\",
  "&",
  "#",
  "?",
  "=",
  "+",
  "/",
  "@",
  ":",
  "[",
  "]",
  "<",
  ">",
  "é",
  "ÿ",
  "日本語",
  "😀",
  "\ud800",
  "\u2028",
  "\u0085",
  "Bearer ",
  "authToken=",
  "[redacted]",
];
const piece = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
);
const pieces = fc.array(piece, { maxLength: 3 }).map((p) => p.join(""));
/** Any token: hostile pieces around two canaries. */
const anyToken: fc.Arbitrary<Token> = fc
  .tuple(pieces, canary, pieces, canary, pieces)
  .map(([a, c1, b, c2, d]) => ({
    token: `${a}${c1}${b}${c2}${d}`,
    canaries: [c1, c2],
  }));

/** Tokens every property test also tries: very long, encoded, split lines. */
const EXAMPLES: Token[] = [
  { token: `${"x".repeat(100_000)}Hb4Lw8Qe2Zn6`, canaries: ["Hb4Lw8Qe2Zn6"] },
  { token: "Ru5Ft1Yk9Dm3%0A%00%25%zz", canaries: ["Ru5Ft1Yk9Dm3"] },
  { token: "Gs7Pv3Cx6Jq1\nGs7Pv3Cx6Jq1", canaries: ["Gs7Pv3Cx6Jq1"] },
  { token: " Wm2Ka8Tn4Eb9 ", canaries: ["Wm2Ka8Tn4Eb9"] },
];

/** Everything a person or a log could see of `value`, as one text. */
function renderings(value: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== "object" || seen.has(v)) {
      return;
    }
    seen.add(v);
    parts.push(String(v));
    try {
      parts.push(JSON.stringify(v) ?? "");
    } catch {
      // a cycle: its parts are visited one by one below
    }
    for (const key of Reflect.ownKeys(v)) {
      const field = (v as Record<PropertyKey, unknown>)[key];
      parts.push(String(key));
      if (typeof field === "object") visit(field, depth + 1);
      else parts.push(String(field));
    }
  };
  parts.push(String(value));
  visit(value, 0);
  parts.push(
    Deno.inspect(value, { depth: 10, getters: true, showHidden: true }),
  );
  return parts.join("\n");
}

/** The forms a token could be printed in. */
function formsOf(token: string): string[] {
  const forms = [token, JSON.stringify(token).slice(1, -1)];
  forms.push(token.replace(/\s*\n\s*/g, " ")); // one line, as the CLI prints
  try {
    forms.push(encodeURIComponent(token));
  } catch {
    // a lone surrogate has no percent-encoding
  }
  return forms.filter((f) => f.length >= 10);
}

/** Fails if `text` holds the token, in any form, or any of its canaries. */
function assertNoLeak(text: string, { token, canaries }: Token): void {
  const lower = text.toLowerCase();
  for (const c of canaries) {
    assert(
      !lower.includes(c.toLowerCase()),
      `the token leaked (canary ${c}): ${text.slice(0, 4000)}`,
    );
  }
  for (const form of formsOf(token)) {
    assert(!text.includes(form), `the token leaked: ${text.slice(0, 4000)}`);
  }
}

/** The error of a call that must fail, checked to be a history error. */
async function failure(call: () => Promise<unknown>): Promise<HistoryError> {
  const result = await call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ("value" in result) {
    const history = result.value as { close?: () => Promise<void> };
    await history?.close?.();
    assert.fail("the call succeeded");
  }
  assert(
    result.error instanceof HistoryError,
    `not a HistoryError: ${Deno.inspect(result.error)}`,
  );
  return result.error;
}

/** `token` percent-encoded, or `undefined` when it has a lone surrogate. */
function encoded(token: string): string | undefined {
  try {
    return encodeURIComponent(token);
  } catch {
    return undefined;
  }
}

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** URLs that are wrong in some way, with `{T}` where the token goes. */
const MALFORMED = [
  "http://[::1?authToken={T}",
  "http://127.0.0.1:99999/?authToken={T}",
  "{server}/%zz?authToken={T}",
  "{server}?tls=9&authToken={T}",
  "{server}?authToken={T}#fragment",
  "{server}?authToken={T}&unknown=1",
  "{server}?unknown={T}",
  "{server}?{T}",
  "http://user:{T}@127.0.0.1:1/",
  "ftp://user:{T}@host/db?authToken={T}",
  "{server}/a b?authToken={T}",
  "{server}#{T}",
];

Deno.test("no token shows in the errors of a remote history, whatever its shape", async () => {
  await using server = await HranaServer.start({ authToken: SERVER_TOKEN });
  await fc.assert(
    fc.asyncProperty(anyToken, async (t) => {
      const opening = [
        { url: server.url, authToken: t.token },
        { url: `${server.url}?authToken=${t.token}` },
        { url: `${server.url}/?tls=0&authToken=${t.token}`, authToken: "x" },
      ];
      const enc = encoded(t.token);
      if (enc !== undefined) {
        opening.push({ url: `${server.url}?authToken=${enc}` });
      }
      for (const options of opening) {
        const error = await failure(() =>
          openHistory({ ...options, env: false })
        );
        // Refused at open, or by the server (401; 400 for bytes above
        // ASCII, which the test server does not take in a header).
        assert(
          error instanceof ConfigError || error instanceof ConnectionError,
          String(error),
        );
        assertNoLeak(renderings(error), t);
      }
      await server.waitIdle();
    }),
    { numRuns: 60, examples: EXAMPLES.map((e) => [e]) },
  );
});

Deno.test("no token shows when the URL around it is malformed, raw or encoded", async () => {
  await using server = await HranaServer.start({ authToken: SERVER_TOKEN });
  await fc.assert(
    fc.asyncProperty(
      anyToken,
      fc.constantFrom(...MALFORMED),
      fc.boolean(),
      async (t, template, encode) => {
        const inUrl = encode ? encoded(t.token) ?? t.token : t.token;
        const url = template.replaceAll("{server}", server.url)
          .replaceAll("{T}", inUrl);
        const error = await failure(() =>
          openHistory({ url, authToken: t.token, env: false })
        );
        assert(
          error instanceof ConfigError || error instanceof ConnectionError,
          String(error),
        );
        assertNoLeak(renderings(error), t);
      },
    ),
    { numRuns: 150 },
  );
  await server.waitIdle();
});

Deno.test("no token shows in the errors of an embedded replica whose remote is down", async () => {
  await using dir = await tempDir();
  const port = closedPort();
  await fc.assert(
    fc.asyncProperty(anyToken, fc.boolean(), async (t, inUrl) => {
      const enc = encoded(t.token) ?? "x";
      const error = await failure(() =>
        openHistory({
          url: `file:${dir.path}/replica.db`,
          syncUrl: inUrl
            ? `http://127.0.0.1:${port}?authToken=${enc}`
            : `http://127.0.0.1:${port}`,
          authToken: t.token,
          env: false,
        })
      );
      assertNoLeak(renderings(error), t);
    }),
    { numRuns: 20 },
  );
});

/** How {@linkcode echoingFetch} answers. */
type Shape = "text" | "json" | "throw" | "status";

/**
 * A `fetch` standing in for a server or proxy that puts what it was sent
 * — the Authorization header in several encodings, and the URL — in its
 * error answer, in the ways libSQL reads error answers.
 */
function echoingFetch(
  shape: Shape,
): (request: Request) => Promise<Response> {
  return (request) => {
    const auth = request.headers.get("authorization") ?? "";
    const token = auth.replace(/^Bearer /, "");
    const echo = [
      auth,
      encodeURIComponent(token),
      JSON.stringify(token),
      JSON.stringify(token).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
      ),
      encodeURIComponent(token).toLowerCase(),
      request.url,
    ].join(" | ");
    switch (shape) {
      case "text":
        return Promise.resolve(
          new Response(`rejected: ${echo}`, {
            status: 500,
            headers: { "content-type": "text/plain" },
          }),
        );
      case "json":
        return Promise.resolve(Response.json({ message: echo, code: token }, {
          status: 400,
        }));
      case "throw":
        return Promise.reject(new TypeError(`cannot send ${echo}`));
      case "status":
        return Promise.resolve(
          new Response(echo, {
            status: 503,
            statusText: "Unavailable",
            headers: { "content-type": "text/plain" },
          }),
        );
    }
  };
}

Deno.test("no token shows when the server echoes it back in any encoding", async () => {
  await fc.assert(
    fc.asyncProperty(
      anyToken,
      fc.constantFrom<Shape[]>("text", "json", "throw", "status"),
      fc.boolean(),
      async (t, shape, inUrl) => {
        const enc = encoded(t.token);
        const url = inUrl && enc !== undefined
          ? `https://db.example?authToken=${enc}`
          : "https://db.example";
        const error = await failure(() =>
          openHistory({
            url,
            authToken: t.token,
            fetch: echoingFetch(shape),
            env: false,
          })
        );
        assertNoLeak(renderings(error), t);
      },
    ),
    {
      numRuns: 150,
      examples: EXAMPLES.flatMap((e): [Token, Shape, boolean][] => [
        [e, "text", true],
        [e, "json", false],
      ]),
    },
  );
});

Deno.test("a token that is a common word changes nothing in the error", async (t) => {
  await using server = await HranaServer.start({ authToken: SERVER_TOKEN });
  const port = new URL(server.url).port;
  const neutral = "Qz7Wx2Rv9Kp4Jm6Lt3";
  const words = [
    "history",
    "open",
    "Cannot",
    "http",
    "127.0.0.1",
    port,
    "authToken",
    "token",
    "the",
    "e",
    "1",
    ":",
    "/",
    '"',
    "redacted",
    "[redacted]",
    "refused the credentials",
    server.url,
  ];
  const errorFor = async (token: string, how: string) => {
    const options = how === "option"
      ? { url: server.url, authToken: token }
      : { url: `${server.url}?authToken=${encodeURIComponent(token)}` };
    return await failure(() => openHistory({ ...options, env: false }));
  };
  for (const how of ["option", "url"]) {
    const expected = await errorFor(neutral, how);
    assert(expected instanceof AuthError);
    for (const word of words) {
      await t.step(`${JSON.stringify(word)} as ${how}`, async () => {
        const error = await errorFor(word, how);
        assert.equal(error.constructor, expected.constructor);
        assert.equal(error.message, expected.message);
        assert.equal(String(error), String(expected));
        assert.equal(JSON.stringify(error), JSON.stringify(expected));
        assert.equal(
          (error.cause as Error | undefined)?.message,
          (expected.cause as Error | undefined)?.message,
        );
      });
    }
  }
  await server.waitIdle();
});

/** A pipeline request that does more than close a stream. */
function isWork(body: unknown): boolean {
  const requests = (body as { requests?: { type?: string }[] })?.requests;
  return Array.isArray(requests) && requests.some((r) => r.type !== "close");
}

Deno.test("no token shows in the errors of a history that opened with it", async () => {
  await fc.assert(
    fc.asyncProperty(anyToken, async (t) => {
      await using server = await HranaServer.start({ authToken: t.token });
      let history: History;
      try {
        history = await openHistory({
          url: server.url,
          authToken: t.token,
          env: false,
          timeout: 3_000,
        });
      } catch (error) {
        // A token fetch cannot send (or one it trims) never gets this far.
        assert(error instanceof HistoryError, String(error));
        assertNoLeak(renderings(error), t);
        return;
      }
      try {
        const missing = await failure(() => history.getMessages("nobody"));
        assert(missing instanceof SessionNotFoundError);
        assertNoLeak(renderings(missing), t);
        // Each fault waits for the driver's own background requests (the
        // close of the last stream) to end, and skips them.
        await server.waitIdle();
        server.inject({ kind: "status500", match: isWork });
        assertNoLeak(
          renderings(await failure(() => history.getOrCreateSession("s"))),
          t,
        );
        await server.waitIdle();
        server.inject({ kind: "reset", match: isWork });
        assertNoLeak(
          renderings(await failure(() => history.listSessions())),
          t,
        );
        await server.waitIdle();
        server.inject({ kind: "hang", match: isWork });
        const held = failure(() => history.getUsage());
        await new Promise((resolve) => setTimeout(resolve, 20));
        await history.close();
        const closed = await held;
        assert(closed instanceof HistoryClosedError, String(closed));
        assertNoLeak(renderings(closed), t);
      } finally {
        await history.close();
        server.clearFaults();
        await server.waitIdle();
      }
    }),
    { numRuns: 20 },
  );
});

/** Runs the CLI with these arguments and token environment; all it printed. */
async function cli(args: string[], env: Record<string, string>) {
  const result = await runDeno(CLI, { args, env, timeoutMs: 60_000 });
  return { ...result, printed: `${result.stdout}\n${result.stderr}` };
}

Deno.test("no token shows in what the history tool prints", async (t) => {
  await using server = await HranaServer.start({ authToken: SERVER_TOKEN });
  // No NUL: an argument or environment variable cannot hold one.
  const tokens = fc.sample(
    anyToken.filter((x) => !x.token.includes("\0")),
    { numRuns: 4, seed: 12 },
  );
  const extra: Token[] = [
    { token: "a\nQz7Wx2Rv9Kp4\nb", canaries: ["Qz7Wx2Rv9Kp4"] },
    { token: "Mq3Zr8Ws1Lx6%0A%00", canaries: ["Mq3Zr8Ws1Lx6"] },
    { token: `"Tn5Yb2Hc8Gd4' <&>`, canaries: ["Tn5Yb2Hc8Gd4"] },
    { token: `${"x".repeat(70_000)}Pv2Nc7Bz4Kw9`, canaries: ["Pv2Nc7Bz4Kw9"] },
  ];
  for (const token of [...extra, ...tokens]) {
    const enc = encoded(token.token) ?? "x";
    const runs: [string, string[], Record<string, string>][] = [
      ["env", ["sessions", "--url", server.url], {
        LIBSQL_AUTH_TOKEN: token.token,
      }],
      ["turso env", ["stats", "--url", server.url], {
        TURSO_AUTH_TOKEN: token.token,
        HISTORY_DEBUG: "1",
      }],
      ["url", ["sessions", "--url", `${server.url}?authToken=${enc}`], {}],
      [
        "raw url",
        ["doctor", "--url", `${server.url}?authToken=${token.token}`],
        {
          HISTORY_DEBUG: "1",
        },
      ],
      ["malformed url", ["sessions", "--url", `http://[::1?authToken=${enc}`], {
        LIBSQL_AUTH_TOKEN: token.token,
      }],
      ["bad port", [
        "export",
        "--url",
        `http://127.0.0.1:70000?authToken=${enc}`,
      ], {}],
    ];
    for (const [name, args, env] of runs) {
      await t.step(
        `${name}: ${JSON.stringify(token.token.slice(0, 40))}`,
        async () => {
          const result = await cli(args, env);
          assert.notEqual(result.code, 0, result.printed);
          assert.match(result.stderr, /^history: /);
          assertNoLeak(result.printed, token);
        },
      );
    }
  }
  await server.waitIdle();
});
