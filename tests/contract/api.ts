/**
 * The contract of the full history API (owners, listing, metadata, undo,
 * fork, delete, search, usage, retention), run on every backend.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  ConflictError,
  type History,
  type ModelMessage,
  type Session,
  SessionNotFoundError,
  ValidationError,
} from "../../mod.ts";
import { answer, ask } from "./core.ts";
import type { Opened, Target } from "../support/targets.ts";

function texts(messages: ModelMessage[]): string[] {
  return messages.map((m) =>
    String((m.parts[0] as { content?: unknown } | undefined)?.content)
  );
}

function toolTurn(city: string): ModelMessage[] {
  return [
    ask(`Weather in ${city}?`),
    {
      kind: "response",
      parts: [{
        part_kind: "tool-call",
        tool_name: "get_weather",
        args: { city },
        tool_call_id: "c1",
      }],
      usage: { input_tokens: 100, output_tokens: 10, cache_read_tokens: 40 },
      model_name: "model-a",
    },
    {
      kind: "request",
      parts: [{
        part_kind: "tool-return",
        tool_name: "get_weather",
        content: `Sunny and warm in ${city}`,
        tool_call_id: "c1",
      }],
    },
    {
      kind: "response",
      parts: [{ part_kind: "text", content: `It is sunny in ${city}.` }],
      usage: { input_tokens: 150, output_tokens: 20, cache_write_tokens: 5 },
      model_name: "model-b",
    },
  ];
}

/**
 * Checks, after a search has caught the index up, that the FTS5 index holds
 * exactly the searchable text of the messages that exist (FTS5's own
 * integrity check compares the index with its content table).
 */
async function assertSearchIndexExact(db: Opened): Promise<void> {
  await db.history.searchMessages("anything");
  try {
    await db.query(
      "INSERT INTO chat_messages_fts (chat_messages_fts, rank) VALUES ('integrity-check', 1)",
    );
  } catch (error) {
    if (String(error).includes(":memory:")) return; // cannot be inspected from outside
    throw error;
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(
    () => assert.fail("expected a rejection"),
    (e: unknown) => e,
  );
}

async function pageAll(
  history: History,
  limit: number,
  between?: (page: number) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let page = 0;
  do {
    const result = await history.listSessions({
      limit,
      ...(cursor ? { cursor } : {}),
    });
    assert(result.sessions.length <= limit);
    ids.push(...result.sessions.map((s) => s.id));
    cursor = result.nextCursor;
    if (between) await between(page++);
  } while (cursor);
  return ids;
}

/**
 * Registers the full-API contract tests for one target.
 *
 * @param target The backend.
 */
export function apiContract(target: Target): void {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${target.name}] ${name}`, fn });

  test("forOwner() keeps another owner's session invisible through every operation", async () => {
    await using db = await target.open();
    const alice = db.history.forOwner("alice");
    const bob = db.history.forOwner("bob");
    const secret = await alice.getOrCreateSession("alice-chat", {
      metadata: { secret: "a" },
    });
    await alice.saveMessages(secret.id, toolTurn("Paris"));
    assert.equal(secret.owner, "alice");

    // A foreign session and a missing one are indistinguishable.
    for (const id of [secret.id, "no-such-session"]) {
      assert.equal(await bob.getSession(id), undefined);
      for (
        const op of [
          () => bob.getMessages(id),
          () => bob.getMessageRecords(id),
          () => bob.getMessagesJson(id),
          () => bob.saveMessages(id, [ask("intrusion")]),
          () => bob.updateSession(id, { metadata: { hacked: true } }),
          () => bob.popMessages(id, { count: 1 }),
          () => bob.forkSession(id, { id: `stolen-${id}` }),
          () => bob.getUsage({ sessionId: id }),
        ]
      ) {
        const error = await rejection(op());
        assert(error instanceof SessionNotFoundError, String(error));
        assert.equal(error.sessionId, id);
      }
      assert.deepEqual(await bob.deleteSession(id), {
        deleted: false,
        messages: 0,
      });
    }
    assert.deepEqual((await bob.listSessions()).sessions, []);
    assert.deepEqual(await bob.searchMessages("Paris"), []);
    assert.equal((await bob.getUsage()).responses, 0);
    assert.equal(
      await bob.pruneSessions({ inactiveSince: new Date(8.64e15) }),
      0,
    );
    const taken = await rejection(bob.getOrCreateSession(secret.id));
    assert(taken instanceof ConflictError, String(taken));
    assert(
      !JSON.stringify(taken).includes("secret"),
      "no data of the other owner leaks",
    );

    // Alice's session is untouched, and the root history sees everything.
    assert.deepEqual(await alice.getMessages(secret.id), toolTurn("Paris"));
    assert.deepEqual((await alice.getSession(secret.id))?.metadata, {
      secret: "a",
    });
    assert.equal((await alice.searchMessages("Paris")).length > 0, true);
    assert.equal((await db.history.getSession(secret.id))?.owner, "alice");
    assert.equal(
      (await db.history.listSessions({ owner: "alice" })).sessions.length,
      1,
    );
    assert.throws(() => alice.forOwner("bob"), TypeError);
  });

  test("listSessions() lists most recently active first, with owner, metadata and counts", async () => {
    let now = 1_000;
    await using db = await target.open({ clock: () => now });
    for (const id of ["a", "b", "c"]) {
      now += 10;
      await db.history.getOrCreateSession(id, {
        owner: "o1",
        metadata: { name: id },
      });
    }
    now += 10;
    await db.history.saveMessages("a", [ask("x"), answer("y")]);
    const { sessions, nextCursor } = await db.history.listSessions();
    assert.equal(nextCursor, undefined);
    assert.deepEqual(sessions.map((s) => s.id), ["a", "c", "b"]);
    const a = sessions[0] as Session;
    assert.equal(a.owner, "o1");
    assert.equal(a.messageCount, 2);
    assert.deepEqual(a.metadata, { name: "a" });
    assert.equal(a.updatedAt.getTime(), 1_040);
    assert.equal(a.createdAt.getTime(), 1_010);
  });

  test("listSessions() breaks ties on updatedAt by id, deterministically", async () => {
    await using db = await target.open({ clock: () => 5_000 });
    for (const id of ["m", "z", "a", "q"]) {
      await db.history.getOrCreateSession(id);
    }
    assert.deepEqual(await pageAll(db.history, 1), ["z", "q", "m", "a"]);
    assert.deepEqual(await pageAll(db.history, 3), ["z", "q", "m", "a"]);
  });

  test("listSessions() pages neither skip nor repeat while sessions are created and appended to", async () => {
    let now = 10_000;
    await using db = await target.open({ clock: () => now });
    const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
    for (const id of ids) {
      now += 100;
      await db.history.getOrCreateSession(id);
      await db.history.saveMessages(id, [ask(id)]);
    }
    const expected = [...ids].reverse();
    const seen = await pageAll(db.history, 3, async (page) => {
      now += 100;
      if (page === 0) {
        await db.history.saveMessages("s0", [answer("moved to the top")]); // not yet listed
        await db.history.saveMessages("s8", [answer("listed already")]);
        await db.history.getOrCreateSession("newcomer");
      }
      if (page === 1) {
        await db.history.popMessages("s1", { count: 1 });
        await db.history.saveMessages("s4", [answer("again")]);
      }
    });
    assert.deepEqual(seen, expected);
    const fresh = await pageAll(db.history, 4);
    assert.equal(
      fresh[0],
      "s4",
      "a new listing shows the latest activity first",
    );
    assert.equal(new Set(fresh).size, 10);
  });

  test("listSessions() filters on metadata values and rejects bad cursors", async () => {
    await using db = await target.open();
    await db.history.getOrCreateSession("p1", {
      metadata: { project: "x", archived: false, n: 1 },
    });
    await db.history.getOrCreateSession("p2", {
      metadata: { project: "x", archived: true, n: 2.5 },
    });
    await db.history.getOrCreateSession("p3", {
      metadata: { project: "y'; DROP TABLE x; --", gone: null },
    });
    const ids = async (
      metadata: Record<string, string | number | boolean | null>,
    ) =>
      (await db.history.listSessions({ metadata })).sessions.map((s) => s.id)
        .sort();
    assert.deepEqual(await ids({ project: "x" }), ["p1", "p2"]);
    assert.deepEqual(await ids({ project: "x", archived: false }), ["p1"]);
    assert.deepEqual(await ids({ n: 2.5 }), ["p2"]);
    assert.deepEqual(await ids({ gone: null }), ["p3"]);
    assert.deepEqual(await ids({ project: "y'; DROP TABLE x; --" }), ["p3"]);
    assert.deepEqual(await ids({ missing: "x" }), []);
    await assert.rejects(
      db.history.listSessions({ cursor: "garbage" }),
      TypeError,
    );
    await assert.rejects(db.history.listSessions({ limit: 0 }), RangeError);
  });

  test("updateSession() replaces metadata or merge-patches it, without moving updatedAt", async () => {
    let now = 50_000;
    await using db = await target.open({ clock: () => now });
    await db.history.getOrCreateSession("u", {
      metadata: {
        title: "Draft",
        tags: ["a"],
        prefs: { lang: "fr", theme: "dark" },
      },
    });
    now += 1_000;
    const patched = await db.history.updateSession("u", {
      metadataPatch: {
        title: "Trip 🚆",
        tags: null,
        prefs: { theme: null, size: 2 },
      },
    });
    assert.deepEqual(patched.metadata, {
      title: "Trip 🚆",
      prefs: { lang: "fr", size: 2 },
    });
    assert.equal(patched.updatedAt.getTime(), 50_000);
    const replaced = await db.history.updateSession("u", {
      metadata: { only: [1, { two: 2 }] },
    });
    assert.deepEqual(replaced.metadata, { only: [1, { two: 2 }] });
    assert.deepEqual((await db.history.getSession("u"))?.metadata, {
      only: [1, { two: 2 }],
    });
    const invalid = await rejection(
      db.history.updateSession("u", { metadata: { d: new Date() } as never }),
    );
    assert(invalid instanceof ValidationError);
    assert.equal(invalid.path, "metadata.d");
    await assert.rejects(
      db.history.updateSession("nope", { metadata: {} }),
      SessionNotFoundError,
    );
    await assert.rejects(db.history.updateSession("u", {} as never), TypeError);
    assert.deepEqual((await db.history.getSession("u"))?.metadata, {
      only: [1, { two: 2 }],
    });
  });

  test("popMessages() removes the newest messages atomically and returns them", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession();
    await db.history.saveMessages(id, [ask("m1"), answer("m2")]);
    await db.history.saveMessages(id, [ask("m3 tangerine"), answer("m4")], {
      idempotencyKey: "k2",
    });
    const removed = await db.history.popMessages(id, { count: 2 });
    assert.deepEqual(removed.map((r) => r.seq), [3, 4]);
    assert.deepEqual(texts(removed.map((r) => r.message)), [
      "m3 tangerine",
      "m4",
    ]);
    assert.deepEqual(removed.map((r) => r.role), ["user", "model"]);
    assert.deepEqual(texts(await db.history.getMessages(id)), ["m1", "m2"]);
    assert.equal((await db.history.getSession(id))?.lastSeq, 2);
    assert.deepEqual(
      await db.history.searchMessages("tangerine"),
      [],
      "search forgets removed text",
    );
    // The removed turn's idempotency key is forgotten too: resending writes it again.
    const again = await db.history.saveMessages(id, [ask("m3 again")], {
      idempotencyKey: "k2",
    });
    assert.deepEqual([again.firstSeq, again.replayed], [3, false]);
    const afterSeq = await db.history.popMessages(id, { afterSeq: 1 });
    assert.deepEqual(afterSeq.map((r) => r.seq), [2, 3]);
    assert.deepEqual(
      await db.history.popMessages(id, { count: 10 }).then((r) => r.length),
      1,
    );
    assert.deepEqual(await db.history.popMessages(id, { count: 1 }), []);
    const next = await db.history.saveMessages(id, [ask("fresh")]);
    assert.equal(next.firstSeq, 1, "seqs stay gapless");
    await assert.rejects(db.history.popMessages(id, {} as never), TypeError);
    await assert.rejects(
      db.history.popMessages("nope", { count: 1 }),
      SessionNotFoundError,
    );
  });

  test("forkSession() copies a session up to a seq; the original is untouched", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession("orig", {
      owner: "o",
      metadata: { v: 1 },
    });
    await db.history.saveMessages(id, toolTurn("Lima"));
    const fork = await db.history.forkSession(id, { upToSeq: 2, id: "fork" });
    assert.equal(fork.id, "fork");
    assert.equal(fork.lastSeq, 2);
    assert.equal(fork.owner, "o");
    assert.deepEqual(fork.metadata, { v: 1 });
    assert.deepEqual(
      await db.history.getMessages("fork"),
      toolTurn("Lima").slice(0, 2),
    );
    assert.deepEqual(await db.history.getMessages(id), toolTurn("Lima"));
    await db.history.saveMessages("fork", [ask("different path")]);
    assert.equal((await db.history.getSession(id))?.lastSeq, 4);
    const hits = await db.history.searchMessages("Lima");
    assert.deepEqual(
      hits.map((h) => `${h.sessionId}#${h.seq}`).sort(),
      ["fork#1", "orig#1", "orig#3", "orig#4"],
    );
    const full = await db.history.forkSession(id, { metadata: { copy: true } });
    assert.match(full.id, /^[0-9a-f-]{36}$/);
    assert.equal(full.lastSeq, 4);
    assert.deepEqual(full.metadata, { copy: true });
    const taken = await rejection(db.history.forkSession(id, { id: "fork" }));
    assert(taken instanceof ConflictError);
    assert.equal(
      (await db.history.getSession("fork"))?.lastSeq,
      3,
      "the taken id is untouched",
    );
    await assert.rejects(db.history.forkSession("nope"), SessionNotFoundError);
    await assertSearchIndexExact(db);
  });

  test("deleteSession() removes a session and everything derived from it", async () => {
    await using db = await target.open();
    const { id } = await db.history.getOrCreateSession("doomed");
    await db.history.saveMessages(id, toolTurn("Oslo"), {
      idempotencyKey: "turn",
    });
    const other = await db.history.getOrCreateSession("survivor");
    await db.history.saveMessages(other.id, toolTurn("Oslo"));
    assert.deepEqual(await db.history.deleteSession(id), {
      deleted: true,
      messages: 4,
    });
    assert.deepEqual(await db.history.deleteSession(id), {
      deleted: false,
      messages: 0,
    });
    assert.equal(await db.history.getSession(id), undefined);
    await assert.rejects(db.history.getMessages(id), SessionNotFoundError);
    assert(
      (await db.history.searchMessages("Oslo")).every((h) =>
        h.sessionId === other.id
      ),
      "no search hit of the deleted session",
    );
    if (target.name !== "memory") {
      const rows = await db.query(
        "SELECT (SELECT count(*) FROM chat_messages WHERE session_id = ?) AS m, (SELECT count(*) FROM chat_idempotency WHERE session_id = ?) AS k",
        [id, id],
      );
      assert.deepEqual(rows.map((r) => [Number(r.m), Number(r.k)]), [[0, 0]]);
    }
    await assertSearchIndexExact(db);
    // A new session with the same id starts empty, and the old key is free.
    await db.history.getOrCreateSession(id);
    const fresh = await db.history.saveMessages(id, [ask("new life")], {
      idempotencyKey: "turn",
    });
    assert.deepEqual([fresh.firstSeq, fresh.replayed], [1, false]);
    assert.equal((await db.history.getMessages(other.id)).length, 4);
  });

  test("searchMessages() ranks hits with snippets, across sessions or within one", async () => {
    await using db = await target.open();
    await db.history.getOrCreateSession("s1");
    await db.history.getOrCreateSession("s2");
    await db.history.saveMessages("s1", [
      ask("Plan a trip to Kyoto in spring"),
      answer("Kyoto is lovely in spring; cherry blossoms peak in early April."),
    ]);
    await db.history.saveMessages("s2", [
      ask("What is the capital of Japan?"),
      answer("Tokyo. Kyoto was the capital before."),
      {
        kind: "request",
        parts: [{
          part_kind: "system-prompt",
          content: "secret system prompt about Kyoto",
        }],
      },
      {
        kind: "request",
        parts: [{
          part_kind: "user-prompt",
          content: "Un café crème, s'il vous plaît",
        }],
      },
    ]);
    const all = await db.history.searchMessages("kyoto");
    assert.deepEqual(all.map((h) => `${h.sessionId}#${h.seq}`).sort(), [
      "s1#1",
      "s1#2",
      "s2#2",
    ]);
    assert(
      all.every((h, i) => i === 0 || all[i - 1]!.rank <= h.rank),
      "sorted by rank",
    );
    const hit = all.find((h) => h.sessionId === "s1" && h.seq === 1)!;
    assert.equal(hit.role, "user");
    assert.match(hit.snippet, /\[Kyoto\]/);
    assert(hit.createdAt instanceof Date);
    const within = await db.history.searchMessages("Kyoto spring", {
      sessionId: "s1",
    });
    assert.deepEqual(within.map((h) => h.seq).sort(), [1, 2]);
    assert.deepEqual(
      (await db.history.searchMessages("cafe")).map((h) => h.seq),
      [4],
      "accents fold",
    );
    assert.equal(
      (await db.history.searchMessages("kyoto", { limit: 1 })).length,
      1,
    );
    for (
      const hostile of [
        '"',
        "*",
        "kyoto OR tokyo NEAR(",
        "'; DROP TABLE chat_messages; --",
        "",
        "(",
        "^",
      ]
    ) {
      const hits = await db.history.searchMessages(hostile);
      assert(Array.isArray(hits));
    }
    assert.equal(
      (await db.history.getMessages("s2")).length,
      4,
      "hostile queries changed nothing",
    );
  });

  test("getUsage() adds up token usage per session, per owner and per model in SQL", async () => {
    await using db = await target.open();
    await db.history.getOrCreateSession("a", { owner: "o1" });
    await db.history.getOrCreateSession("b", { owner: "o1" });
    await db.history.getOrCreateSession("c", { owner: "o2" });
    for (const id of ["a", "b", "c"]) {
      await db.history.saveMessages(id, toolTurn(id));
    }
    await db.history.saveMessages("a", toolTurn("again"));
    const a = await db.history.getUsage({ sessionId: "a" });
    assert.equal(a.responses, 4);
    assert.equal(a.inputTokens, 500);
    assert.equal(a.outputTokens, 60);
    assert.equal(a.cacheReadTokens, 80);
    assert.equal(a.cacheWriteTokens, 10);
    assert.equal(a.totalTokens, 560);
    assert.deepEqual(Object.keys(a.byModel).sort(), ["model-a", "model-b"]);
    assert.equal(a.byModel["model-a"]?.inputTokens, 200);
    const o1 = await db.history.forOwner("o1").getUsage();
    assert.equal(o1.responses, 6);
    assert.equal(o1.inputTokens, 750);
    assert.equal((await db.history.getUsage({ owner: "o2" })).inputTokens, 250);
    assert.equal((await db.history.getUsage()).inputTokens, 1000);
    const empty = await db.history.getOrCreateSession("empty");
    assert.equal(
      (await db.history.getUsage({ sessionId: empty.id })).totalTokens,
      0,
    );
    await assert.rejects(
      db.history.getUsage({ sessionId: "nope" }),
      SessionNotFoundError,
    );
  });

  test("pruneSessions() deletes inactive sessions in bounded atomic batches", async () => {
    let now = 1_000_000;
    await using db = await target.open({ clock: () => now });
    for (let i = 0; i < 7; i++) {
      now += 1_000;
      const { id } = await db.history.getOrCreateSession(`old${i}`, {
        owner: i % 2 ? "odd" : "even",
      });
      await db.history.saveMessages(id, [ask(`old ${i}`)]);
    }
    const cutoff = new Date(now + 1);
    now += 60_000;
    await db.history.getOrCreateSession("recent");
    await db.history.saveMessages("old0", [answer("revived")]); // active again
    assert.equal(
      await db.history.pruneSessions({
        inactiveSince: cutoff,
        owner: "odd",
        batchSize: 2,
      }),
      3,
    );
    assert.equal(
      await db.history.pruneSessions({ inactiveSince: cutoff, batchSize: 2 }),
      3,
    );
    const left = (await db.history.listSessions()).sessions.map((s) => s.id)
      .sort();
    assert.deepEqual(left, ["old0", "recent"]);
    assert.deepEqual(await db.history.searchMessages("old"), [
      ...(await db.history.searchMessages("old", { sessionId: "old0" })),
    ]);
    assert.equal(await db.history.pruneSessions({ inactiveSince: cutoff }), 0);
    await assertSearchIndexExact(db);
    await assert.rejects(
      db.history.pruneSessions({ inactiveSince: new Date(Number.NaN) }),
      TypeError,
    );
  });

  test("importSession() writes a whole session atomically, keeps times and JSON text, and skips existing ids", async () => {
    await using db = await target.open();
    const text =
      '{"kind":"request","parts":[{"part_kind":"user-prompt","content":"imported 3.0 pelican"}],"n":3.0}';
    const result = await db.history.importSession({
      id: "restored",
      owner: "o",
      metadata: { from: "backup" },
      createdAt: new Date(1_000),
      updatedAt: new Date(5_000),
      messages: [
        { json: text, createdAt: new Date(2_000) },
        { message: answer("reply"), createdAt: new Date(3_000) },
      ],
    });
    assert.deepEqual(result, { imported: true, messages: 2 });
    const session = await db.history.getSession("restored");
    assert.equal(session?.owner, "o");
    assert.equal(session?.lastSeq, 2);
    assert.equal(session?.createdAt.getTime(), 1_000);
    assert.equal(session?.updatedAt.getTime(), 5_000);
    assert.deepEqual(session?.metadata, { from: "backup" });
    const records = await db.history.getMessageRecords("restored");
    assert.equal(records[0]?.json, text, "stored byte-for-byte");
    assert.deepEqual(records.map((r) => r.createdAt.getTime()), [2_000, 3_000]);
    assert.deepEqual(records.map((r) => r.role), ["user", "model"]);
    assert.equal(
      (await db.history.searchMessages("pelican"))[0]?.sessionId,
      "restored",
    );
    // Running the import again writes nothing.
    const again = await db.history.importSession({
      id: "restored",
      messages: [{ message: ask("dup") }],
    });
    assert.deepEqual(again, { imported: false, messages: 0 });
    assert.equal((await db.history.getMessages("restored")).length, 2);
    // An invalid message anywhere rejects the whole session.
    const bad = await rejection(db.history.importSession({
      id: "broken",
      messages: [{ message: ask("ok") }, {
        json: '{"kind":"response","parts":[{"part_kind":"text"}]}',
      }],
    }));
    assert(bad instanceof ValidationError);
    assert.equal(bad.messageIndex, 1);
    assert.equal(bad.path, "parts.0.content");
    assert.equal(await db.history.getSession("broken"), undefined);
  });

  test("message times never go backwards within a session, whatever the clock does", async () => {
    let now = 9_000_000;
    await using db = await target.open({ clock: () => now });
    const { id } = await db.history.getOrCreateSession();
    for (const step of [0, -5_000, 2_000, -60_000]) {
      now += step;
      await db.history.saveMessages(id, [ask(`t${step}`)]);
    }
    const times = (await db.history.getMessageRecords(id)).map((r) =>
      r.createdAt.getTime()
    );
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });
}
