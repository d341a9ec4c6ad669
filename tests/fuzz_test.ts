/**
 * Property-based tests (fast-check): mutated valid messages, arbitrary JSON,
 * metadata, ids and search queries. Every failure must be a typed error,
 * nothing may be written by a rejected call, nothing crashes, and what is
 * accepted comes back exactly — as its JSON snapshot, for the values JSON
 * converts (`undefined` keys, `Date`, `URL`).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type History,
  HistoryError,
  type ModelMessage,
  openHistory,
} from "../mod.ts";
import { PYDANTIC_FIXTURES } from "./support/pydantic_fixtures.ts";

const RUNS = 150;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Applies one random edit at a random path of a JSON value. */
function mutate(
  value: Json,
  path: number[],
  edit: number,
  replacement: Json,
): Json {
  if (path.length === 0 || value === null || typeof value !== "object") {
    return edit % 3 === 0 ? replacement : value;
  }
  const [step, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return edit % 2 ? [replacement] : value;
    const i = step! % value.length;
    const copy = [...value];
    if (rest.length === 0 && edit % 3 === 1) copy.splice(i, 1);
    else copy[i] = mutate(copy[i]!, rest, edit, replacement);
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return edit % 2 ? { added: replacement } : value;
  const key = keys[step! % keys.length]!;
  const copy: { [k: string]: Json } = { ...value };
  if (rest.length === 0 && edit % 3 === 1) delete copy[key];
  else if (rest.length === 0 && edit % 3 === 2) {
    copy[`${key}_extra`] = replacement;
  } else copy[key] = mutate(copy[key]!, rest, edit, replacement);
  return copy;
}

function isTyped(error: unknown): boolean {
  return error instanceof HistoryError || error instanceof TypeError ||
    error instanceof RangeError;
}

async function withHistory(
  fn: (history: History, id: string) => Promise<void>,
): Promise<void> {
  await using history = await openHistory({ url: ":memory:", env: false });
  const { id } = await history.getOrCreateSession("fuzz");
  await history.saveMessages(id, [PYDANTIC_FIXTURES[0]!.message]);
  await fn(history, id);
}

/** Saves, then checks: either all of it came back exactly, or a typed error and nothing changed. */
async function saveOrReject(
  history: History,
  id: string,
  messages: unknown,
): Promise<void> {
  const before = await history.getMessagesJson(id);
  try {
    const saved = await history.saveMessages(id, messages as ModelMessage[]);
    const back = await history.getMessages(id, {
      afterSeq: saved.firstSeq - 1,
    });
    // What comes back is the snapshot: for these values, JSON's own view.
    assert.deepEqual(
      back,
      JSON.parse(
        typeof messages === "string" ? messages : JSON.stringify(messages),
      ),
    );
    await history.popMessages(id, { afterSeq: saved.firstSeq - 1 });
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert(isTyped(error), `untyped error: ${error}`);
  }
  assert.equal(
    await history.getMessagesJson(id),
    before,
    "the database is unchanged",
  );
}

const jsonValue = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

/** JSON, or a value the snapshot converts or refuses. */
const replacement = fc.oneof(
  { weight: 4, arbitrary: jsonValue },
  fc.constantFrom(
    undefined,
    new Date(0),
    new URL("https://example.com/a?b"),
    new Map(),
    Number.NaN,
    -0,
  ),
) as fc.Arbitrary<Json>;

Deno.test("saveMessages() on mutated valid messages stores them exactly or rejects them with a typed error", async () => {
  await withHistory(async (history, id) => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ...PYDANTIC_FIXTURES.map((f) => f.message as unknown as Json),
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        replacement,
        async (message, path, edit, replacement) => {
          await saveOrReject(history, id, [
            mutate(message, path, edit, replacement),
          ]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

Deno.test("saveMessages() on arbitrary JSON values and texts never crashes and writes nothing it rejects", async () => {
  await withHistory(async (history, id) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(jsonValue, fc.array(jsonValue, { maxLength: 3 })),
        async (value) => {
          await saveOrReject(history, id, value);
          await saveOrReject(history, id, JSON.stringify(value));
        },
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", maxLength: 60 }),
        async (text) => {
          await saveOrReject(history, id, text);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

Deno.test("getOrCreateSession() keeps any JSON metadata exactly or rejects it with a typed error", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.dictionary(fc.string({ unit: "binary" }), jsonValue),
        jsonValue,
      ),
      async (metadata) => {
        const id = `m${n++}`;
        try {
          const session = await history.getOrCreateSession(id, {
            metadata: metadata as never,
          });
          // Accepted means JSON-exact; compare as JSON objects (a null-prototype
          // object comes back as a plain one).
          const expected = JSON.parse(JSON.stringify(metadata));
          assert.deepEqual(session.metadata, expected);
          assert.deepEqual((await history.getSession(id))?.metadata, expected);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert(isTyped(error), `untyped error: ${error}`);
          assert.equal(
            await history.getSession(id),
            undefined,
            "nothing created",
          );
        }
      },
    ),
    { numRuns: RUNS },
  );
});

Deno.test("arbitrary ids and idempotency keys (SQL metacharacters, unicode) are plain text", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(
          "'",
          '"',
          "'; DROP TABLE chat_sessions; --",
          "%",
          "_",
          "\\",
          "\0",
          "a\nb",
          "💥",
          "x".repeat(512),
        ),
      ),
      async (id) => {
        try {
          const session = await history.getOrCreateSession(id);
          assert.equal(session.id, id);
          const saved = await history.saveMessages(id, [
            PYDANTIC_FIXTURES[0]!.message,
          ], { idempotencyKey: id });
          assert.equal(saved.replayed, seen.has(id));
          seen.add(id);
          assert.equal((await history.getSession(id))?.id, id);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert(
            error instanceof TypeError || error instanceof RangeError,
            `untyped error: ${error}`,
          );
          assert(
            id.length === 0 || id.length > 512 || !id.isWellFormed() ||
              id.includes("\0"),
            `rejected a valid id ${JSON.stringify(id)}`,
          );
        }
      },
    ),
    { numRuns: RUNS },
  );
  assert.equal(
    (await history.listSessions({ limit: 1000 })).sessions.length,
    seen.size,
  );
});

Deno.test("searchMessages() treats any query as plain text", async () => {
  await withHistory(async (history, id) => {
    const before = await history.getMessagesJson(id);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          fc.constantFrom(
            '"',
            "*",
            "NEAR(a b)",
            "a OR b",
            "col:x",
            "^x",
            "-x",
            "(",
            ")",
            "'; DROP TABLE chat_messages; --",
          ),
        ),
        async (query) => {
          const hits = await history.searchMessages(query, { sessionId: id });
          assert(Array.isArray(hits));
        },
      ),
      { numRuns: RUNS },
    );
    assert.equal(await history.getMessagesJson(id), before);
  });
});
