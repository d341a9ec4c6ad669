/**
 * The history contract: one suite of behaviour every backend must show.
 * `tests/history_<target>_test.ts` run it for a file, `:memory:` and the
 * remote test server.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  ConflictError,
  CorruptRowError,
  HistoryClosedError,
  type ModelMessage,
  SessionNotFoundError,
  ValidationError,
} from "../../mod.ts";
import type { Opened, Target } from "../support/targets.ts";
import {
  conversationTurns,
  JSON_TEXT_FIXTURE,
  PYDANTIC_FIXTURES,
} from "../support/pydantic_fixtures.ts";

function allFixtureMessages(): ModelMessage[] {
  return PYDANTIC_FIXTURES.map((f) => structuredClone(f.message));
}

/** A user prompt request with the given text. */
export function ask(text: string): ModelMessage {
  return {
    kind: "request",
    parts: [{
      part_kind: "user-prompt",
      content: text,
      timestamp: "2026-01-01T00:00:00Z",
    }],
  };
}

/** A text response with the given text. */
export function answer(text: string): ModelMessage {
  return {
    kind: "response",
    parts: [{ part_kind: "text", content: text }],
    timestamp: "2026-01-01T00:00:01Z",
    usage: { input_tokens: 10, output_tokens: 5 },
    model_name: "test-model",
  };
}

function texts(messages: ModelMessage[]): string[] {
  return messages.map((m) => {
    const part = m.parts[0] as { content?: unknown } | undefined;
    return String(part?.content);
  });
}

async function countRows(
  opened: Opened,
  sessionId: string,
): Promise<number | undefined> {
  try {
    const rows = await opened.query(
      "SELECT count(*) AS n FROM chat_messages WHERE session_id = ?",
      [sessionId],
    );
    return Number(rows[0]?.n);
  } catch {
    return undefined; // :memory: cannot be inspected from outside
  }
}

/** Rejections: a message list, the index and path the error must name. */
const INVALID: {
  name: string;
  messages: unknown;
  index?: number;
  path: string;
}[] = [
  {
    name: "wrong kind",
    messages: [{ kind: "reply", parts: [] }],
    index: 0,
    path: "kind",
  },
  { name: "missing kind", messages: [{ parts: [] }], index: 0, path: "kind" },
  {
    name: "missing part_kind",
    messages: [ask("ok"), { kind: "request", parts: [{ content: "x" }] }],
    index: 1,
    path: "parts.0.part_kind",
  },
  {
    name: "request part in a response",
    messages: [{
      kind: "response",
      parts: [{ part_kind: "user-prompt", content: "x" }],
    }],
    index: 0,
    path: "parts.0.part_kind",
  },
  {
    name: "wrong field type",
    messages: [ask("a"), answer("b"), {
      kind: "response",
      parts: [{ part_kind: "text", content: 42 }],
    }],
    index: 2,
    path: "parts.0.content",
  },
  {
    name: "bad base64",
    messages: [{
      kind: "request",
      parts: [{
        part_kind: "user-prompt",
        content: [{
          kind: "binary",
          data: "not base64!!",
          media_type: "image/png",
        }],
      }],
    }],
    index: 0,
    path: "parts.0.content.0.data",
  },
  {
    name: "bad datetime",
    messages: [{
      kind: "response",
      parts: [{ part_kind: "text", content: "x" }],
      timestamp: "2026-13-45T99:00:00Z",
    }],
    index: 0,
    path: "timestamp",
  },
  {
    name: "null parts",
    messages: [{ kind: "request", parts: null }],
    index: 0,
    path: "parts",
  },
  { name: "non-array", messages: { kind: "request", parts: [] }, path: "" },
  {
    name: "JSON text that is not an array",
    messages: '{"kind":"request","parts":[]}',
    path: "",
  },
  {
    name: "JSON text that does not parse",
    messages: '[{"kind":"request",',
    path: "",
  },
  {
    name: "JSON text with an invalid message",
    messages:
      '[{"kind":"request","parts":[]},{"kind":"response","parts":[{"part_kind":"nope"}]}]',
    index: 1,
    path: "parts.0.part_kind",
  },
  {
    name: "a non-JSON value in an unknown field",
    messages: [{ kind: "request", parts: [], extra: new Map() }],
    index: 0,
    path: "extra",
  },
  {
    name: "NaN in an unknown field",
    messages: [{ kind: "request", parts: [], extra: { n: Number.NaN } }],
    index: 0,
    path: "extra.n",
  },
];

/**
 * Registers the contract tests for one target.
 *
 * @param target The backend.
 */
export function historyContract(target: Target): void {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${target.name}] ${name}`, fn });

  test("getOrCreateSession() creates a session with a UUIDv7 id and finds it again", async () => {
    await using db = await target.open();
    const created = await db.history.getOrCreateSession();
    assert.match(
      created.id,
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(created.lastSeq, 0);
    assert.equal(created.messageCount, 0);
    assert.deepEqual(created.metadata, {});
    assert.deepEqual(created.format, {
      name: "pydantic-ai",
      version: db.history.format.version,
    });
    const again = await db.history.getOrCreateSession(created.id, {
      metadata: { ignored: true },
    });
    assert.deepEqual(again, created);
    assert.deepEqual(await db.history.getSession(created.id), created);
    assert.equal(await db.history.getSession("missing"), undefined);
  });

  test("saveMessages() appends several messages that getMessages() returns in order", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession("s1");
    const turn = conversationTurns();
    const saved = await db.history.saveMessages(id, turn);
    assert.deepEqual(saved, {
      sessionId: id,
      firstSeq: 1,
      lastSeq: turn.length,
      count: turn.length,
      replayed: false,
    });
    assert.deepEqual(await db.history.getMessages(id), turn);
    const session = await db.history.getSession(id);
    assert.equal(session?.lastSeq, turn.length);
    assert.equal(session?.messageCount, turn.length);
  });

  test("getMessages() keeps append order when every message has the same timestamp", async () => {
    await using db = await target.open({ clock: () => 1_700_000_000_000 });
    const { id } = await db.history.getOrCreateSession();
    const expected: string[] = [];
    for (let call = 0; call < 12; call++) {
      const batch = [ask(`q${call}`), answer(`a${call}`)];
      expected.push(`q${call}`, `a${call}`);
      await db.history.saveMessages(id, batch);
    }
    assert.deepEqual(texts(await db.history.getMessages(id)), expected);
    const records = await db.history.getMessageRecords(id);
    assert.deepEqual(records.map((r) => r.seq), expected.map((_, i) => i + 1));
    assert(records.every((r) => r.createdAt.getTime() === 1_700_000_000_000));
  });

  test("getMessages() keeps append order when the clock goes backwards", async () => {
    const t0 = 1_800_000_000_000;
    let now = t0;
    await using db = await target.open({ clock: () => now });
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(id, [ask("first"), answer("second")]);
    now = t0 - 60_000;
    await db.history.saveMessages(id, [ask("third")]);
    now = t0 - 120_000;
    await db.history.saveMessages(id, [answer("fourth")]);
    now = t0 - 3_600_000;
    await db.history.saveMessages(id, [ask("fifth")]);
    assert.deepEqual(texts(await db.history.getMessages(id)), [
      "first",
      "second",
      "third",
      "fourth",
      "fifth",
    ]);
    const session = await db.history.getSession(id);
    assert.equal(
      session?.updatedAt.getTime(),
      t0,
      "updatedAt never moves back",
    );
  });

  test("getOrCreateSession() preserves nested unicode metadata exactly", async () => {
    await using db = await target.open();
    const metadata = {
      title: "Planung für 東京 🚀",
      nested: {
        deep: { list: [1, 2.5, -3e-7, true, null, "x"], empty: {} },
        arr: [],
      },
      quote: 'she said "hi"\\n\u2028\u0000',
      big: 9007199254740991,
      "unicodeKey_ü": "é",
    };
    const created = await db.history.getOrCreateSession("meta", { metadata });
    assert.deepEqual(created.metadata, metadata);
    assert.deepEqual((await db.history.getSession("meta"))?.metadata, metadata);
  });

  test("getMessages() returns every message kind, part kind and content kind losslessly", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    const messages = allFixtureMessages();
    await db.history.saveMessages(id, messages);
    assert.deepEqual(await db.history.getMessages(id), messages);
    const records = await db.history.getMessageRecords(id);
    assert.deepEqual(
      records.map((r) => r.role),
      PYDANTIC_FIXTURES.map((f) => f.role),
    );
  });

  test("getMessagesJson() returns JSON text saved as text byte-for-byte", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(id, JSON_TEXT_FIXTURE);
    assert.equal(await db.history.getMessagesJson(id), JSON_TEXT_FIXTURE);
    assert.deepEqual(
      await db.history.getMessages(id),
      JSON.parse(JSON_TEXT_FIXTURE),
    );
    // Appending more text keeps the whole history one valid dump.
    await db.history.saveMessages(id, JSON_TEXT_FIXTURE);
    const twice = await db.history.getMessagesJson(id);
    assert.equal(
      twice,
      `${JSON_TEXT_FIXTURE.slice(0, -1)},${JSON_TEXT_FIXTURE.slice(1)}`,
    );
  });

  for (const c of INVALID) {
    test(`saveMessages() rejects ${c.name} and writes nothing`, async () => {
      await using db = await target.open();
      const { id } = await db.history.getOrCreateSession();
      await db.history.saveMessages(id, [ask("before")]);
      const error = await db.history.saveMessages(
        id,
        c.messages as ModelMessage[],
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert(
        error instanceof ValidationError,
        `expected ValidationError, got ${error}`,
      );
      assert.equal(error.code, "VALIDATION");
      assert.equal(error.messageIndex, c.index);
      assert.equal(error.path, c.path);
      if (c.index !== undefined) {
        assert.match(error.message, new RegExp(`message ${c.index}\\b`));
      }
      assert.deepEqual(texts(await db.history.getMessages(id)), ["before"]);
      assert.equal((await db.history.getSession(id))?.lastSeq, 1);
      const rows = await countRows(db, id);
      if (rows !== undefined) assert.equal(rows, 1);
    });
  }

  test("getMessageRecords() stores the role derived from the payload", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    const cases: [ModelMessage, string][] = [
      [{
        kind: "request",
        parts: [{ part_kind: "system-prompt", content: "be brief" }],
      }, "system"],
      [{
        kind: "request",
        parts: [{ part_kind: "system-prompt", content: "s" }, {
          part_kind: "user-prompt",
          content: "u",
        }],
      }, "user"],
      [{
        kind: "request",
        parts: [{ part_kind: "tool-return", tool_name: "t", content: 1 }],
      }, "tool"],
      [{
        kind: "request",
        parts: [{ part_kind: "retry-prompt", content: "again" }],
      }, "tool"],
      [{
        kind: "request",
        parts: [{ part_kind: "speech", speaker: "user", transcript: "hi" }],
      }, "user"],
      [{ kind: "request", parts: [] }, "system"],
      [{ kind: "response", parts: [] }, "model"],
      [answer("x"), "model"],
    ];
    await db.history.saveMessages(id, cases.map(([m]) => m));
    const records = await db.history.getMessageRecords(id);
    assert.deepEqual(records.map((r) => r.role), cases.map(([, role]) => role));
  });

  test("saveMessages() and getMessages() throw SessionNotFoundError for a missing session", async () => {
    await using db = await target.open();
    await assert.rejects(
      db.history.saveMessages("nope", [ask("x")]),
      SessionNotFoundError,
    );
    await assert.rejects(db.history.getMessages("nope"), (e: unknown) => {
      assert(e instanceof SessionNotFoundError);
      assert.equal(e.code, "SESSION_NOT_FOUND");
      assert.equal(e.sessionId, "nope");
      return true;
    });
    assert.equal(await db.history.getSession("nope"), undefined);
  });

  test("saveMessages() with expectedLastSeq writes only when it matches", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    const first = await db.history.saveMessages(id, [ask("a")], {
      expectedLastSeq: 0,
    });
    assert.equal(first.lastSeq, 1);
    const error = await db.history.saveMessages(id, [ask("b")], {
      expectedLastSeq: 0,
    }).catch((e) => e);
    assert(error instanceof ConflictError);
    assert.equal(error.code, "CONFLICT");
    assert.equal(error.expectedLastSeq, 0);
    assert.equal(error.actualLastSeq, 1);
    assert.deepEqual(texts(await db.history.getMessages(id)), ["a"]);
    await db.history.saveMessages(id, [ask("b")], { expectedLastSeq: 1 });
    assert.deepEqual(texts(await db.history.getMessages(id)), ["a", "b"]);
  });

  test("saveMessages() with an idempotency key writes once and replays the result", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(id, [ask("zero")]);
    const first = await db.history.saveMessages(id, [ask("a"), answer("b")], {
      idempotencyKey: "turn-1",
    });
    assert.deepEqual(first, {
      sessionId: id,
      firstSeq: 2,
      lastSeq: 3,
      count: 2,
      replayed: false,
    });
    await db.history.saveMessages(id, [ask("c")]);
    const again = await db.history.saveMessages(id, [ask("a"), answer("b")], {
      idempotencyKey: "turn-1",
    });
    assert.deepEqual(again, { ...first, replayed: true });
    assert.deepEqual(texts(await db.history.getMessages(id)), [
      "zero",
      "a",
      "b",
      "c",
    ]);
  });

  test("saveMessages() of no messages writes nothing and reports the last seq", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(id, [ask("a")]);
    assert.deepEqual(await db.history.saveMessages(id, []), {
      sessionId: id,
      firstSeq: 2,
      lastSeq: 1,
      count: 0,
      replayed: false,
    });
    assert.deepEqual(await db.history.saveMessages(id, "[]"), {
      sessionId: id,
      firstSeq: 2,
      lastSeq: 1,
      count: 0,
      replayed: false,
    });
  });

  test("concurrent saveMessages() calls to one session get gapless, contiguous seqs", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => db.history.saveMessages(id, [ask(`q${i}`), answer(`a${i}`)]),
      ),
    );
    const seqs = results.flatMap((r) => [r.firstSeq, r.lastSeq]).sort((a, b) =>
      a - b
    );
    assert.deepEqual(seqs, Array.from({ length: 16 }, (_, i) => i + 1));
    const all = texts(await db.history.getMessages(id));
    for (const r of results) {
      const q = all[r.firstSeq - 1]!;
      assert.equal(
        all[r.lastSeq - 1],
        q.replace("q", "a"),
        "one call's messages stay together",
      );
    }
  });

  test("getMessages() reads windows by seq: last N, after, before, limit", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(
      id,
      Array.from({ length: 10 }, (_, i) => ask(`m${i + 1}`)),
    );
    const get = async (o: object) => texts(await db.history.getMessages(id, o));
    assert.deepEqual(await get({ last: 3 }), ["m8", "m9", "m10"]);
    assert.deepEqual(await get({ last: 0 }), []);
    assert.deepEqual(
      await get({ last: 50 }),
      texts(await db.history.getMessages(id)),
    );
    assert.deepEqual(await get({ afterSeq: 7 }), ["m8", "m9", "m10"]);
    assert.deepEqual(await get({ afterSeq: 2, limit: 2 }), ["m3", "m4"]);
    assert.deepEqual(await get({ beforeSeq: 4 }), ["m1", "m2", "m3"]);
    assert.deepEqual(await get({ beforeSeq: 8, limit: 2 }), ["m6", "m7"]);
    assert.deepEqual(await get({ afterSeq: 3, beforeSeq: 6 }), ["m4", "m5"]);
    assert.deepEqual(await get({ limit: 2 }), ["m1", "m2"]);
    assert.deepEqual(await get({ limit: 0 }), []);
    assert.deepEqual(await get({ beforeSeq: 5, limit: 0 }), []);
    assert.deepEqual(await get({ afterSeq: 10 }), []);
    await assert.rejects(
      db.history.getMessages("nobody", { limit: 0 }),
      SessionNotFoundError,
    );
    const json = await db.history.getMessagesJson(id, { last: 1 });
    assert.deepEqual(JSON.parse(json), [ask("m10")]);
  });

  test("the history rejects bad ids and arguments with TypeError or RangeError", async () => {
    await using db = await target.open();
    await assert.rejects(db.history.getOrCreateSession(""), RangeError);
    await assert.rejects(db.history.getOrCreateSession("a\0b"), RangeError);
    await assert.rejects(
      db.history.getOrCreateSession("lone \ud800"),
      RangeError,
    );
    await assert.rejects(
      db.history.getOrCreateSession("x".repeat(513)),
      RangeError,
    );
    await assert.rejects(
      db.history.getMessages(42 as unknown as string),
      TypeError,
    );
    const { id } = await db.history.getOrCreateSession();
    await assert.rejects(db.history.getMessages(id, { last: -1 }), RangeError);
    await assert.rejects(
      db.history.saveMessages(id, [], { expectedLastSeq: 1.5 }),
      RangeError,
    );
    await assert.rejects(
      db.history.getOrCreateSession("m", {
        metadata: [] as unknown as Record<string, never>,
      }),
      (e: unknown) => e instanceof ValidationError && e.path === "metadata",
    );
    await assert.rejects(
      db.history.getOrCreateSession("m", {
        metadata: { when: new Map() } as never,
      }),
      (e: unknown) =>
        e instanceof ValidationError && e.path === "metadata.when",
    );
    assert.equal(
      await db.history.getSession("m"),
      undefined,
      "rejected metadata creates nothing",
    );
  });

  test("ids with SQL metacharacters are stored and found as plain text", async () => {
    await using db = await target.open();
    const id = "x'); DROP TABLE chat_messages; --\"`";
    await db.history.getOrCreateSession(id, { metadata: { "a'b": 'c"d' } });
    await db.history.saveMessages(id, [
      ask("'; DELETE FROM chat_sessions; --"),
    ]);
    assert.deepEqual(texts(await db.history.getMessages(id)), [
      "'; DELETE FROM chat_sessions; --",
    ]);
  });

  test("a closed history throws HistoryClosedError", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.close();
    await db.history.close(); // idempotent
    await assert.rejects(db.history.getMessages(id), HistoryClosedError);
    await assert.rejects(
      db.history.saveMessages(id, [ask("x")]),
      HistoryClosedError,
    );
  });

  if (target.name !== "memory") {
    test("getMessages() raises CorruptRowError for a row changed under it, even after reading it before", async () => {
      await using db = await target.open();
      const { id } = await db.history.getOrCreateSession("c");
      await db.history.saveMessages(id, [ask("fine"), answer("fine too")]);
      assert.equal((await db.history.getMessages(id)).length, 2);
      await db.query(
        `UPDATE chat_messages SET content = json_set(content, '$.parts[0].part_kind', 'bogus') WHERE session_id = ? AND seq = 2`,
        [id],
      );
      const error = await db.history.getMessages(id).catch((e) => e);
      assert(error instanceof CorruptRowError, String(error));
      assert.equal(error.code, "CORRUPT_ROW");
      assert.equal(error.sessionId, id);
      assert.equal(error.seq, 2);
      assert.equal(error.path, "parts.0.part_kind");
      await db.query(
        "UPDATE chat_messages SET content = '{not json' WHERE session_id = ? AND seq = 1",
        [id],
      );
      const broken = await db.history.getMessagesJson(id).catch((e) => e);
      assert(broken instanceof CorruptRowError);
      assert.equal(broken.seq, 1);
    });
  }

  if (target.name !== "memory") {
    test("saveMessages() stays correct when another process appended since this one last looked", async () => {
      await using db = await target.open();
      const a = db.history;
      const b = await db.reopen();
      const { id } = await a.getOrCreateSession("shared");
      assert.equal(
        (await a.saveMessages(id, [ask("a1"), answer("a2")])).lastSeq,
        2,
      );
      assert.equal((await b.saveMessages(id, [ask("b1")])).lastSeq, 3);
      assert.equal((await b.saveMessages(id, [ask("b2")])).lastSeq, 4);
      // a still believes the session ends at seq 2.
      const next = await a.saveMessages(id, [ask("a3"), answer("a4")]);
      assert.deepEqual([next.firstSeq, next.lastSeq, next.replayed], [
        5,
        6,
        false,
      ]);
      await b.popMessages(id, { count: 3 });
      const after = await a.saveMessages(id, [ask("a5")], {
        idempotencyKey: "k",
      });
      assert.equal(after.lastSeq, 4);
      assert.equal(
        (await a.saveMessages(id, [ask("a5")], { idempotencyKey: "k" }))
          .replayed,
        true,
      );
      assert.deepEqual(texts(await b.getMessages(id)), [
        "a1",
        "a2",
        "b1",
        "a5",
      ]);
    });

    test("a second history on the same database reads what the first wrote", async () => {
      await using db = await target.open();
      const { id } = await db.history.getOrCreateSession("shared", {
        metadata: { n: 1 },
      });
      const turn = conversationTurns();
      await db.history.saveMessages(id, turn);
      await db.history.close();
      const other = await db.reopen();
      assert.deepEqual(await other.getMessages(id), turn);
      assert.deepEqual((await other.getSession(id))?.metadata, { n: 1 });
    });
  }
}
