/**
 * The contract of the full history API (owners, listing, metadata, undo,
 * fork, delete, search, usage, retention, whole chats), run on every
 * backend.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type AiSdkUIMessage,
  aiSdkUIMessageFormat,
  ConflictError,
  FormatMismatchError,
  type History,
  type ModelMessage,
  type Session,
  SessionNotFoundError,
  ValidationError,
} from "../../mod.ts";
import { answer, ask } from "./core.ts";
import type { Opened, Target } from "../support/targets.ts";
import { pageAll } from "../support/paging.ts";

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
    // Both indexes: words (unicode61) and the trigram one for scripts
    // written without spaces.
    for (const table of ["chat_messages_fts", "chat_messages_trigram"]) {
      await db.query(
        `INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`,
      );
    }
  } catch (error) {
    if (String(error).includes(":memory:")) return; // cannot be inspected from outside
    throw error;
  }
}

/** A one-text UI message (saveChat's cases). */
function ui(
  id: string,
  role: "user" | "assistant",
  text: string,
): AiSdkUIMessage {
  return { id, role, parts: [{ type: "text", text }] };
}

/**
 * Runs `fn`, and on the remote target asserts it took one request (the
 * other targets have no requests to count).
 */
async function oneTrip<T>(db: Opened, fn: () => Promise<T>): Promise<T> {
  const server = db.server;
  if (!server) return await fn();
  await server.waitIdle();
  server.resetCount();
  const result = await fn().finally(() => server.waitIdle());
  assert.equal(server.requestCount, 1, "round trips");
  return result;
}

/** The counts of a saveChat result. */
function chatCounts(
  result: Awaited<ReturnType<History["saveChat"]>>,
): number[] {
  return [result.kept, result.replaced, result.appended, result.removed];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(
    () => assert.fail("expected a rejection"),
    (e: unknown) => e,
  );
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
      db.history.updateSession("u", { metadata: { d: new Map() } as never }),
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
    // Indexed by a search first: the count must not depend on it.
    assert((await db.history.searchMessages("Oslo")).length > 0);
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
  test("saveChat() keeps, appends, replaces and regenerates a whole chat, one round trip each", async () => {
    await using db = await target.open();
    const chats = db.history.withFormat(aiSdkUIMessageFormat);
    await chats.getOrCreateSession("chat");
    const u1 = ui("u1", "user", "A weekend in Lisbon?");
    const a1 = ui("a1", "assistant", "Pack a sweater.");
    const u2 = ui("u2", "user", "And the trams?");
    const a2 = ui("a2", "assistant", "Take tram 28.");
    const save = (list: AiSdkUIMessage[], regenerate = false) =>
      oneTrip(db, () => chats.saveChat("chat", list, { regenerate }));

    const first = await save([u1, a1]);
    assert.deepEqual(first, {
      sessionId: "chat",
      kept: 0,
      replaced: 0,
      appended: 2,
      removed: 0,
      firstSeq: 1,
      lastSeq: 2,
    });
    const before = await chats.getSession("chat");
    const same = await save([u1, a1]);
    assert.deepEqual(chatCounts(same), [2, 0, 0, 0]);
    assert.deepEqual([same.firstSeq, same.lastSeq], [3, 2]);
    assert.deepEqual(await chats.getSession("chat"), before, "nothing written");
    assert.deepEqual(chatCounts(await save([u1, a1, u2, a2])), [2, 0, 2, 0]);
    assert.equal((await chats.searchMessages("tram"))[0]?.seq, 4);

    // The last message rewritten in place (same id), as after a tool approval.
    const a2b = ui("a2", "assistant", "Take the funicular.");
    const rewritten = await save([u1, a1, u2, a2b]);
    assert.deepEqual(chatCounts(rewritten), [3, 1, 0, 0]);
    assert.deepEqual([rewritten.firstSeq, rewritten.lastSeq], [4, 4]);
    assert.deepEqual(
      await chats.searchMessages("tram"),
      [],
      "the replaced message is no longer found",
    );
    assert.equal((await chats.searchMessages("funicular"))[0]?.seq, 4);
    // A regenerated answer (another id); an edited question (same id).
    const a3 = ui("a3", "assistant", "Walk up to the castle.");
    assert.deepEqual(chatCounts(await save([u1, a1, u2, a3], true)), [
      3,
      1,
      0,
      0,
    ]);
    const u2b = ui("u2", "user", "And the beaches?");
    const a4 = ui("a4", "assistant", "Cascais, by train.");
    assert.deepEqual(chatCounts(await save([u1, a1, u2b, a4])), [2, 2, 0, 0]);
    assert.deepEqual(await chats.getMessages("chat"), [u1, a1, u2b, a4]);
    const session = await chats.getSession("chat");
    assert.equal(session?.lastSeq, 4);
    assert.equal(session?.messageCount, 4);
    await assertSearchIndexExact(db);
    // Appends go on from the chat's last seq.
    const more = await chats.saveMessages("chat", [ui("u3", "user", "Thanks")]);
    assert.equal(more.firstSeq, 5);
  });

  test("saveChat() writes nothing for a list the stored chat moved past, or an invalid one", async () => {
    await using db = await target.open();
    const chats = db.history.withFormat(aiSdkUIMessageFormat);
    await chats.getOrCreateSession("chat", { owner: "ada" });
    const u1 = ui("u1", "user", "Hi");
    const a1 = ui("a1", "assistant", "Hello");
    const stored = [
      u1,
      a1,
      ui("u2", "user", "Tab A"),
      ui("a2", "assistant", "A"),
    ];
    await chats.saveChat("chat", stored);

    // Another tab's list: it has u3 where u2 is stored.
    const stale = [
      u1,
      a1,
      ui("u3", "user", "Tab B"),
      ui("a3", "assistant", "B"),
    ];
    const conflict = await oneTrip(
      db,
      () => rejection(chats.saveChat("chat", stale)),
    );
    assert(conflict instanceof ConflictError, String(conflict));
    assert.equal(conflict.sessionId, "chat");
    assert.equal(conflict.actualLastSeq, 4);
    assert.match(conflict.message, /"u2".*"u3"/);
    // A list that lacks the stored tail, and a stale last seq.
    assert(
      await rejection(chats.saveChat("chat", [u1, a1])) instanceof
        ConflictError,
    );
    const seq = await rejection(
      chats.saveChat("chat", [...stored, ui("u4", "user", "x")], {
        expectedLastSeq: 3,
      }),
    );
    assert(seq instanceof ConflictError);
    assert.deepEqual([seq.expectedLastSeq, seq.actualLastSeq], [3, 4]);

    // Ids: missing, empty, repeated.
    const cases: [unknown[], number][] = [
      [[u1, { role: "user", parts: [{ type: "text", text: "x" }] }], 1],
      [[{ ...u1, id: "" }], 0],
      [[u1, a1, { ...u1 }], 2],
    ];
    for (const [list, index] of cases) {
      const error = await rejection(
        chats.saveChat("chat", list as AiSdkUIMessage[]),
      );
      assert(error instanceof ValidationError, String(error));
      assert.equal(error.messageIndex, index);
      assert.equal(error.path, "id");
    }
    assert.deepEqual(await chats.getMessages("chat"), stored);

    // Sessions: missing, another owner's, another format's.
    for (
      const [view, id] of [[chats, "missing"], [
        chats.forOwner("bob"),
        "chat",
      ]] as const
    ) {
      const missing = await rejection(view.saveChat(id, [u1]));
      assert(missing instanceof SessionNotFoundError, String(missing));
    }
    await db.history.getOrCreateSession("pydantic");
    const mismatch = await rejection(chats.saveChat("pydantic", [u1]));
    assert(mismatch instanceof FormatMismatchError, String(mismatch));
    assert.deepEqual(await db.history.getMessages("pydantic"), []);
  });

  test("saveChat() drops the idempotency keys of the messages it replaces", async () => {
    await using db = await target.open();
    const chats = db.history.withFormat(aiSdkUIMessageFormat);
    await chats.getOrCreateSession("chat");
    const u1 = ui("u1", "user", "Delete report.txt?");
    const asking = ui("a1", "assistant", "May I?");
    await chats.saveMessages("chat", [u1, asking], {
      idempotencyKey: "turn-1",
    });
    const done = ui("a1", "assistant", "Deleted.");
    // saveMessages stored u1 with its keys in the order given; saveChat
    // compares key-sorted texts, so it rewrites u1 too (the same message).
    assert.deepEqual(chatCounts(await chats.saveChat("chat", [u1, done])), [
      0,
      2,
      0,
      0,
    ]);
    // The key's messages are gone: it no longer makes a save a replay.
    const again = await chats.saveMessages("chat", [ui("u2", "user", "x")], {
      idempotencyKey: "turn-1",
    });
    assert.equal(again.replayed, false);
    assert.deepEqual(
      (await chats.getMessages("chat")).map((m) => m.id),
      ["u1", "a1", "u2"],
    );
    await assertSearchIndexExact(db);
  });
  test("saveChat() sent twice (a lost reply) applies once and answers with the first result", async () => {
    if (target.name !== "remote") return;
    // The next request that runs statements is sent twice, another
    // client's save in between; the second reply is the one returned.
    let between: (() => Promise<unknown>) | undefined;
    const twice = async (request: Request): Promise<Response> => {
      const body = await request.clone().text();
      if (between === undefined || !/"type":"(batch|execute)"/.test(body)) {
        return await fetch(request);
      }
      const run = between;
      between = undefined;
      const copy = request.clone();
      await (await fetch(request)).arrayBuffer();
      await run();
      return await fetch(copy);
    };
    await using db = await target.open({ fetch: twice });
    const other = db.history.withFormat(aiSdkUIMessageFormat);
    const chats = (await db.reopen({ fetch: twice })).withFormat(
      aiSdkUIMessageFormat,
    );
    await chats.getOrCreateSession("chat");
    const u1 = ui("u1", "user", "Delete report.txt?");
    await chats.saveChat("chat", [u1, ui("a1", "assistant", "May I?")]);
    const done = [u1, ui("a1", "assistant", "Deleted.")];
    const later = [
      ...done,
      ui("u2", "user", "Thanks"),
      ui("a2", "assistant", "Any time"),
    ];
    between = () => other.saveChat("chat", later);
    const result = await chats.saveChat("chat", done);
    assert.equal(between, undefined, "the request was sent twice");
    assert.deepEqual(chatCounts(result), [1, 1, 0, 0]);
    assert.equal(result.lastSeq, 2);
    // The other client's messages were not undone by the second execution.
    assert.deepEqual(await other.getMessages("chat"), later);
  });
}
