/**
 * One tenant cannot break the others (issue 12): whatever a save accepts —
 * values nested to the depth limit, huge token counts in JSON text, odd
 * keys (`__proto__`, `""`, NUL, dots), any Unicode — every report, listing,
 * search and page still works, for everyone: root `listSessions` with a
 * metadata filter, `getUsage()` at root, per owner and per session,
 * `searchMessages`, every read, the viewer's pages and the CLI's `stats`,
 * `sessions`, `search` and `show`. A property test (fast-check) generates
 * the accepted inputs; fixed cases pin the usage-sum semantics.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type History,
  type JsonObject,
  type ModelMessage,
  openHistory,
  ValidationError,
} from "../mod.ts";
import { viewerHandler } from "../src/cli/viewer/handler.ts";
import { sessionHref } from "../src/cli/viewer/paths.ts";
import { history as cli } from "./cli/cli_runner.ts";
import { TARGETS, tempDir } from "./support/targets.ts";

/** The message object is one level; what it holds may use the rest. */
const MAX_INNER_DEPTH = 255;

/** Keys and strings that have broken parsers, SQL paths or objects before. */
const ODD = [
  "__proto__",
  "constructor",
  "toJSON",
  "prototype",
  "",
  "\0",
  "a\0b",
  "a.b",
  "$",
  "$.usage",
  "[0]",
  "'",
  '"',
  "\\",
  "\\u0000",
  "\\ud800",
  "日本語のテキスト",
  "東京",
  "💥",
  "\u202e",
  "e\u0301",
  "\u2028",
  "hello",
];

const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.string({ unit: "binary", maxLength: 10 }).filter((s) => s.isWellFormed()),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 60, 1e300, -1e300, 5e-324),
);

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(oddString, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A value nested exactly `depth` levels (arrays or objects keyed `key`). */
function nest(depth: number, key: string, arrays: boolean, inner: unknown) {
  let value = inner;
  for (let i = 0; i < depth; i++) {
    value = arrays ? [value] : Object.defineProperty({}, key, {
      value,
      enumerable: true,
    });
  }
  return value;
}

const deep: fc.Arbitrary<unknown> = fc.record({
  depth: fc.oneof(
    fc.constant(MAX_INNER_DEPTH),
    fc.integer({ min: 1, max: MAX_INNER_DEPTH }),
  ),
  key: oddString,
  arrays: fc.boolean(),
  leaf,
}).map(({ depth, key, arrays, leaf }) => nest(depth, key, arrays, leaf));

/** Numbers as JSON text may write them, stored byte for byte. */
const bigNumber = fc.constantFrom(
  "1152921504606846976",
  "18446744073709551616",
  "123456789012345678901234567890",
  "1e300",
  "-0",
  "9007199254740993",
  "0.5e1",
  "7",
);

const RESERVED = new Set(["kind", "parts", "usage", "model_name", "extra"]);

/** One tenant's turn: metadata, a patch, a request as a value, a response as text. */
const turn = fc.record({
  metadata: fc.dictionary(oddString, json, { maxKeys: 4 }),
  deepMetadata: deep,
  patch: fc.dictionary(oddString, fc.oneof(json, deep), { maxKeys: 3 }),
  words: oddString,
  oddKey: oddString.filter((k) => !RESERVED.has(k)),
  oddValue: json,
  extra: deep,
  model: oddString,
  input: bigNumber,
  output: bigNumber,
  asText: fc.boolean(),
});

type Turn = typeof turn extends fc.Arbitrary<infer T> ? T : never;

function request(t: Turn): ModelMessage {
  const message = {
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: `hello ${t.words}` }],
    extra: t.extra,
  };
  Object.defineProperty(message, t.oddKey, {
    value: t.oddValue,
    enumerable: true,
  });
  return message as ModelMessage;
}

function responseText(t: Turn): string {
  return `{"kind":"response","parts":[{"part_kind":"text","content":${
    JSON.stringify(`hello back ${t.words}`)
  }}],"usage":{"input_tokens":${t.input},"output_tokens":${t.output}},"model_name":${
    JSON.stringify(t.model)
  },"extra":${JSON.stringify(t.extra)}}`;
}

/** Saves one turn in `view`; the refusal, when the history refused a part. */
async function save(
  view: History,
  id: string,
  t: Turn,
): Promise<ValidationError | undefined> {
  try {
    await view.getOrCreateSession(id, {
      metadata: { ...t.metadata, deep: t.deepMetadata } as JsonObject,
    });
    await view.updateSession(id, { metadataPatch: t.patch as JsonObject });
    if (t.asText) {
      await view.saveMessages(id, `[${JSON.stringify(request(t))}]`);
    } else await view.saveMessages(id, [request(t)]);
    await view.saveMessages(id, `[ ${responseText(t)} ]`);
    return undefined;
  } catch (error) {
    // A refusal must be typed; it is fine, it is not what is tested here.
    assert(error instanceof ValidationError, String(error));
    return error;
  }
}

/** Everything everyone can do still works, and sees every session. */
async function everyoneCanRead(
  history: History,
  sessions: readonly { id: string; owner: string }[],
  viewedIds: readonly string[],
): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await history.listSessions(
      cursor === undefined ? { limit: 7 } : { limit: 7, cursor },
    );
    for (const s of page.sessions) seen.add(s.id);
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, new Set(sessions.map((s) => s.id)));
  for (const filter of [{ team: "a" }, { "": 1 }, { ["__proto__"]: null }]) {
    await history.listSessions({ metadata: filter });
  }
  const alice = await history.listSessions({ metadata: { team: "a" } });
  assert.deepEqual(alice.sessions.map((s) => s.id), ["alice-1"]);
  for (
    const report of [
      await history.getUsage(),
      await history.getUsage({ owner: "alice" }),
    ]
  ) {
    for (
      const n of Object.values(report).filter((x) => typeof x === "number")
    ) {
      assert(Number.isFinite(n), JSON.stringify(report));
    }
  }
  assert.deepEqual(
    await history.forOwner("alice").getUsage(),
    await history.getUsage({ sessionId: "alice-1" }),
  );
  assert.equal((await history.getUsage({ owner: "alice" })).inputTokens, 10);
  for (const { id, owner } of sessions) {
    const view = history.forOwner(owner);
    await view.getUsage({ sessionId: id });
    const messages = await view.getMessages(id);
    assert.deepEqual(
      await view.getMessages(id, { last: 1 }),
      messages.slice(-1),
    );
    assert.equal(
      await view.getMessagesJson(id),
      `[${(await view.getMessageRecords(id)).map((r) => r.json).join(",")}]`,
    );
  }
  const hits = await history.searchMessages("hello", { limit: 1000 });
  assert(hits.some((h) => h.sessionId === "alice-1"));
  await history.forOwner("alice").searchMessages("hello");
  const handle = viewerHandler(history);
  for (
    const path of [
      "/",
      "/?q=hello",
      ...viewedIds.flatMap((
        id,
      ) => [sessionHref(id), sessionHref(id, { json: true })]),
    ]
  ) {
    const response = await handle(new Request(`http://127.0.0.1${path}`));
    const body = await response.text();
    assert.equal(response.status, 200, `${path}: ${body.slice(0, 300)}`);
  }
}

async function withAlice(history: History): Promise<void> {
  const alice = history.forOwner("alice");
  await alice.getOrCreateSession("alice-1", { metadata: { team: "a" } });
  await alice.saveMessages("alice-1", [
    {
      kind: "request",
      parts: [{ part_kind: "user-prompt", content: "hello there" }],
    },
    {
      kind: "response",
      parts: [{ part_kind: "text", content: "hello alice" }],
      usage: { input_tokens: 10, output_tokens: 5 },
      model_name: "gpt",
    },
  ]);
}

Deno.test("property: nothing one tenant saves breaks a listing, report, search or page of anyone", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  await withAlice(history);
  const sessions = [{ id: "alice-1", owner: "alice" }];
  let accepted = 0;
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(turn, async (t) => {
      const id = `mallory-${runs++}`;
      const mallory = history.forOwner("mallory");
      if (!await save(mallory, id, t)) accepted++;
      if (await mallory.getSession(id)) sessions.push({ id, owner: "mallory" });
      await everyoneCanRead(history, sessions, ["alice-1", id]);
    }),
    { numRuns: 60 },
  );
  assert(accepted >= 20, `only ${accepted} of ${runs} turns were accepted`);
});

Deno.test("getUsage() adds up only safe token counts, as floating point, and never throws", async (t) => {
  for (const target of TARGETS) {
    await t.step(target.name, async () => {
      await using db = await target.open();
      const history = db.history;
      await withAlice(history);
      const mallory = history.forOwner("mallory");
      await mallory.getOrCreateSession("m");
      const response = (input: string, output: string, model: string) =>
        `{"kind":"response","parts":[{"part_kind":"text","content":"x"}],"usage":{"input_tokens":${input},"output_tokens":${output}},"model_name":${model}}`;
      await mallory.saveMessages(
        "m",
        `[${
          [
            response("1152921504606846976", "3", '"big"'), // 2^60, an SQLite integer
            response("18446744073709551616", "3", '"big"'), // 2^64, an SQLite real
            response("1e300", "3", '"big"'),
            response("9007199254740000", "-4", '"__proto__"'),
            response("2", "1", '"a\\u0000b"'),
            response("2", "1", '"a"'),
          ].join(",")
        }]`,
      );
      const usage = await history.getUsage({ sessionId: "m" });
      assert.equal(usage.responses, 6);
      assert.equal(usage.inputTokens, 9007199254740004);
      assert.equal(usage.outputTokens, 3 + 3 + 3 - 4 + 1 + 1);
      assert.deepEqual(Object.keys(usage.byModel).sort(), [
        "__proto__",
        "a",
        "big",
      ]);
      assert.equal(Object.getPrototypeOf(usage.byModel), Object.prototype);
      assert.deepEqual(usage.byModel.big, {
        responses: 3,
        inputTokens: 0,
        outputTokens: 9,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        totalTokens: 9,
      });
      // The name after a NUL is lost on the way back: both add up under "a".
      assert.equal(usage.byModel.a?.responses, 2);
      const root = await history.getUsage();
      assert.equal(root.responses, 7);
      assert.equal(root.inputTokens, usage.inputTokens + 10);
      assert.deepEqual(await history.getUsage({ owner: "mallory" }), usage);
      assert.equal(
        (await history.getUsage({ owner: "alice" })).inputTokens,
        10,
      );
    });
  }
});

Deno.test("the CLI's stats, sessions, search and show work on a database one tenant filled with the worst it may", async () => {
  await using dir = await tempDir();
  {
    await using history = await openHistory({
      url: `file:${dir.path}/ironclaw.db`,
      env: false,
    });
    await withAlice(history);
    const worst: Turn = {
      metadata: {
        ["__proto__"]: { "": [null] },
        "a\0b": "\u202e💥",
        "$.x": 1e300,
      },
      deepMetadata: nest(MAX_INNER_DEPTH, "__proto__", false, "deep"),
      patch: { "": nest(MAX_INNER_DEPTH, "0", true, 1) },
      words: "日本語のテキスト \0 \u2028",
      oddKey: "__proto__",
      oddValue: { "toJSON": "x" },
      extra: nest(MAX_INNER_DEPTH, "a.b", false, "x"),
      model: "__proto__",
      input: "18446744073709551616",
      output: "1152921504606846976",
      asText: false,
    };
    assert.equal(
      await save(history.forOwner("mallory"), "mallory-1", worst),
      undefined,
    );
    const mallory = history.forOwner("mallory");
    assert.equal(
      await save(mallory, "mallory-2", { ...worst, asText: true }),
      undefined,
    );
    await everyoneCanRead(history, [
      { id: "alice-1", owner: "alice" },
      { id: "mallory-1", owner: "mallory" },
      { id: "mallory-2", owner: "mallory" },
    ], ["alice-1", "mallory-1", "mallory-2"]);
  }
  const runs = await Promise.all([
    ["stats"],
    ["stats", "--json"],
    ["stats", "--owner", "alice", "--json"],
    ["sessions"],
    ["sessions", "--json"],
    ["search", "hello"],
    ["show", "mallory-1"],
    ["show", "alice-1"],
    ["export"],
  ].map((args) => cli(args, { cwd: dir.path })));
  for (const [i, run] of runs.entries()) {
    assert.equal(run.code, 0, `run ${i}: ${run.stderr}`);
    assert.equal(run.stderr, "", `run ${i}`);
  }
  const stats = JSON.parse(runs[1]!.stdout);
  assert.equal(stats.sessions, 3);
  assert.equal(stats.usage.inputTokens, 10);
});
