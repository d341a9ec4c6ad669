/**
 * Lost replies and re-sent requests: every write executed twice on a remote
 * database is applied once, and what the caller is told is the truth.
 *
 * A reply can be lost after the server committed, and Deno's `fetch` may
 * send a POST again on its own when a kept-alive connection closes without
 * an answer; the second execution's reply is then what the library sees.
 * Each write operation is run against the Hrana test server in three ways:
 *
 * - the server executes the request and drops the connection without
 *   answering, and the client's `fetch` sends the identical request again
 *   (what Deno's `fetch` does on a kept-alive connection);
 * - the client's `fetch` sends the identical request twice and returns the
 *   second reply (no fault at all);
 * - the server drops the reply and nobody sends it again: the caller gets a
 *   `ConnectionError`, and the write happened exactly once.
 *
 * Some cases let another client write between the two executions (`between`),
 * which is where a write applied twice does visible harm: it undoes or
 * repeats what the other client did.
 */
import assert from "node:assert/strict";
import {
  ConnectionError,
  type History,
  type JsonObject,
  openHistory,
} from "../mod.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { answer, ask } from "./contract/core.ts";

/** Whether a pipeline body runs a statement (not only a stream `close`). */
function hasStatements(body: unknown): boolean {
  const requests = (body as { requests?: { type?: string }[] }).requests ?? [];
  return requests.some((r) => r.type === "batch" || r.type === "execute");
}

/**
 * The client's `fetch`, which the test arms for the next request that runs
 * statements: `"twice"` sends it twice and answers with the second reply;
 * `"resend"` sends it again when the first attempt fails (the connection
 * closed without an answer). `between` runs between the two sends.
 */
class Wire {
  #armed: "twice" | "resend" | undefined;
  #between: (() => Promise<void>) | undefined;
  #skip = 0;
  /** How many requests were sent twice. */
  doubled = 0;

  /** Arms for the next request that runs statements, after `skip` others. */
  arm(
    mode: "twice" | "resend",
    between: (() => Promise<void>) | undefined,
    skip: number,
  ): void {
    this.#armed = mode;
    this.#between = between;
    this.#skip = skip;
  }

  fetch = async (request: Request): Promise<Response> => {
    const mode = this.#armed;
    if (mode === undefined) return await fetch(request);
    const copy = request.clone();
    if (!hasStatements(JSON.parse(await request.clone().text()))) {
      return await fetch(request);
    }
    if (this.#skip > 0) {
      this.#skip--;
      return await fetch(request);
    }
    this.#armed = undefined;
    const between = this.#between;
    if (mode === "twice") {
      const first = await fetch(request);
      await first.arrayBuffer();
    } else {
      const first = await fetch(request).then(
        (r) => r,
        (error: unknown) => error,
      );
      assert(
        !(first instanceof Response),
        "the first attempt should have lost its reply",
      );
    }
    await between?.();
    this.doubled++;
    return await fetch(copy);
  };
}

/** What a case gets to work with. */
interface Remote {
  readonly server: HranaServer;
  /** The history under test, whose `fetch` is the {@linkcode Wire}. */
  readonly history: History;
  /** Another client of the same database. */
  readonly other: History;
}

/** One write operation executed twice. */
interface Case {
  readonly name: string;
  readonly setup?: (r: Remote) => Promise<void>;
  /** The operation under test, on `r.history`. */
  readonly act: (r: Remote) => Promise<unknown>;
  /** Another client's write between the two executions. */
  readonly between?: (r: Remote) => Promise<void>;
  /** Requests of the operation that go through before the one executed twice. */
  readonly skip?: number;
  /** What the call must return. */
  readonly result: (value: unknown, r: Remote) => void | Promise<void>;
  /** What must be stored afterwards. */
  readonly state: (r: Remote) => Promise<void>;
}

function rows(server: HranaServer, sql: string, args: unknown[] = []) {
  return server.query(sql, args);
}

function count(server: HranaServer, sql: string, args: unknown[] = []) {
  return Number(Object.values(rows(server, sql, args)[0] ?? {})[0]);
}

async function messagesOf(r: Remote, id: string): Promise<unknown[]> {
  return await r.other.getMessages(id);
}

const SAVE_RESULT = {
  sessionId: "s",
  firstSeq: 2,
  lastSeq: 3,
  count: 2,
  replayed: false,
};

/** A session "s" with one message, saved by `h` (which then knows its seq). */
async function oneMessage(h: History): Promise<void> {
  await h.getOrCreateSession("s");
  await h.saveMessages("s", [ask("first")]);
}

const CASES: Case[] = [
  {
    name: "saveMessages without a key",
    setup: (r) => oneMessage(r.history),
    act: (r) => r.history.saveMessages("s", [ask("q"), answer("a")]),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("q"),
        answer("a"),
      ]),
  },
  {
    name: "saveMessages without a key, the process's first save to the session",
    setup: (r) => oneMessage(r.other),
    act: (r) => r.history.saveMessages("s", [ask("q"), answer("a")]),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("q"),
        answer("a"),
      ]),
  },
  {
    name: "saveMessages without a key while another client appends",
    setup: (r) => oneMessage(r.history),
    act: (r) => r.history.saveMessages("s", [ask("q"), answer("a")]),
    between: async (r) => void await r.other.saveMessages("s", [ask("other")]),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("q"),
        answer("a"),
        ask("other"),
      ]),
  },
  {
    name:
      "saveMessages without a key after another client appended (its batch executed twice)",
    setup: async (r) => {
      await oneMessage(r.history);
      await r.other.saveMessages("s", [ask("other")]);
    },
    act: (r) => r.history.saveMessages("s", [ask("q"), answer("a")]),
    // The insert gated on the stale seq writes nothing; the batch after it
    // is the request executed twice.
    skip: 1,
    result: (v) =>
      assert.deepEqual(v, { ...SAVE_RESULT, firstSeq: 3, lastSeq: 4 }),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("other"),
        ask("q"),
        answer("a"),
      ]),
  },
  {
    name: "saveMessages without a key while another client undoes it",
    setup: (r) => oneMessage(r.history),
    act: (r) => r.history.saveMessages("s", [ask("q"), answer("a")]),
    // The undo brings the last seq back to 1: the insert gated on 1 would
    // hold again if the save were not recorded as applied.
    between: async (r) => void await r.other.popMessages("s", { count: 2 }),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [ask("first")]),
  },
  {
    name: "saveMessages with expectedLastSeq",
    setup: (r) => oneMessage(r.history),
    act: (r) =>
      r.history.saveMessages("s", [ask("q"), answer("a")], {
        expectedLastSeq: 1,
      }),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("q"),
        answer("a"),
      ]),
  },
  {
    name: "saveMessages with an idempotency key",
    setup: (r) => oneMessage(r.history),
    act: (r) =>
      r.history.saveMessages("s", [ask("q"), answer("a")], {
        idempotencyKey: "turn-1",
      }),
    result: (v) => assert.deepEqual(v, SAVE_RESULT),
    state: async (r) => {
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("first"),
        ask("q"),
        answer("a"),
      ]);
      // The key replays the same seqs afterwards.
      const again = await r.other.saveMessages("s", [ask("q"), answer("a")], {
        idempotencyKey: "turn-1",
      });
      assert.deepEqual(again, { ...SAVE_RESULT, replayed: true });
    },
  },
  {
    name: "saveMessages of more messages than one statement holds",
    setup: (r) => oneMessage(r.history),
    act: (r) =>
      r.history.saveMessages(
        "s",
        Array.from({ length: 401 }, (_, i) => ask(`m${i}`)),
      ),
    result: (v) =>
      assert.deepEqual(v, {
        sessionId: "s",
        firstSeq: 2,
        lastSeq: 402,
        count: 401,
        replayed: false,
      }),
    state: async (r) => {
      const records = await r.other.getMessageRecords("s");
      assert.deepEqual(records.map((m) => m.seq), records.map((_, i) => i + 1));
      assert.equal(records.length, 402);
    },
  },
  {
    name: "popMessages({ count: 1 }) while another client appends",
    setup: async (r) => {
      await r.history.getOrCreateSession("s");
      await r.history.saveMessages("s", [ask("1"), answer("2"), ask("3")]);
    },
    act: (r) => r.history.popMessages("s", { count: 1 }),
    between: async (r) => void await r.other.saveMessages("s", [ask("other")]),
    result: (v) => {
      const removed = v as { seq: number; message: unknown }[];
      assert.deepEqual(removed.map((m) => [m.seq, m.message]), [[3, ask("3")]]);
    },
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [
        ask("1"),
        answer("2"),
        ask("other"),
      ]),
  },
  {
    name: "popMessages({ afterSeq })",
    setup: async (r) => {
      await r.history.getOrCreateSession("s");
      await r.history.saveMessages("s", [ask("1"), answer("2"), ask("3")]);
    },
    act: (r) => r.history.popMessages("s", { afterSeq: 1 }),
    result: (v) => {
      const removed = v as { seq: number; message: unknown; json: string }[];
      assert.deepEqual(removed.map((m) => [m.seq, m.message]), [
        [2, answer("2")],
        [3, ask("3")],
      ]);
      assert.equal(removed[0]?.json, JSON.stringify(answer("2")));
    },
    state: async (r) => assert.deepEqual(await messagesOf(r, "s"), [ask("1")]),
  },
  {
    name: "forkSession",
    setup: async (r) => {
      await r.history.getOrCreateSession("s", { metadata: { a: 1 } });
      await r.history.saveMessages("s", [ask("1"), answer("2"), ask("3")]);
    },
    act: (r) => r.history.forkSession("s", { id: "f", upToSeq: 2 }),
    result: (v) => {
      const fork = v as { id: string; lastSeq: number; metadata: JsonObject };
      assert.deepEqual([fork.id, fork.lastSeq, fork.metadata], [
        "f",
        2,
        { a: 1 },
      ]);
    },
    state: async (r) => {
      assert.deepEqual(await messagesOf(r, "f"), [ask("1"), answer("2")]);
      assert.equal((await messagesOf(r, "s")).length, 3);
    },
  },
  {
    name: "deleteSession while another client creates the id again",
    setup: async (r) => {
      await r.history.getOrCreateSession("s");
      await r.history.saveMessages("s", [ask("1"), answer("2")]);
    },
    act: (r) => r.history.deleteSession("s"),
    between: async (r) => {
      await r.other.getOrCreateSession("s");
      await r.other.saveMessages("s", [ask("new")]);
    },
    result: (v) => assert.deepEqual(v, { deleted: true, messages: 2 }),
    state: async (r) =>
      assert.deepEqual(await messagesOf(r, "s"), [ask("new")]),
  },
  {
    name: "deleteSession",
    setup: async (r) => {
      await r.history.getOrCreateSession("s");
      await r.history.saveMessages("s", [ask("1"), answer("2")]);
    },
    act: (r) => r.history.deleteSession("s"),
    result: (v) => assert.deepEqual(v, { deleted: true, messages: 2 }),
    state: async (r) => {
      assert.equal(await r.other.getSession("s"), undefined);
      assert.equal(
        count(r.server, "SELECT count(*) FROM chat_messages"),
        0,
      );
    },
  },
  {
    name: "importSession",
    act: (r) =>
      r.history.importSession({
        id: "imp",
        metadata: { from: "backup" },
        messages: [{ message: ask("1") }, { message: answer("2") }],
      }),
    result: (v) => assert.deepEqual(v, { imported: true, messages: 2 }),
    state: async (r) => {
      assert.deepEqual(await messagesOf(r, "imp"), [ask("1"), answer("2")]);
      assert.deepEqual((await r.other.getSession("imp"))?.metadata, {
        from: "backup",
      });
    },
  },
  {
    name: "updateSession while another client updates it",
    setup: async (r) => {
      await r.history.getOrCreateSession("s", { metadata: { keep: true } });
    },
    act: (r) => r.history.updateSession("s", { metadataPatch: { x: 1 } }),
    between: async (r) =>
      void await r.other.updateSession("s", { metadataPatch: { x: 2 } }),
    result: (v) =>
      assert.deepEqual((v as { metadata: JsonObject }).metadata, {
        keep: true,
        x: 1,
      }),
    state: async (r) =>
      assert.deepEqual((await r.other.getSession("s"))?.metadata, {
        keep: true,
        x: 2,
      }),
  },
  {
    name: "pruneSessions while another client creates a session",
    setup: async (r) => {
      await r.history.getOrCreateSession("old-1");
      await r.history.getOrCreateSession("old-2");
      await r.history.saveMessages("old-2", [ask("1")]);
    },
    act: (r) =>
      r.history.pruneSessions({ inactiveSince: new Date(Date.now() + 60_000) }),
    between: async (r) => void await r.other.getOrCreateSession("late"),
    result: (v) => assert.equal(v, 2),
    state: (r) => {
      const ids = rows(r.server, "SELECT id FROM chat_sessions ORDER BY id")
        .map((row) => row.id);
      assert.deepEqual(ids, ["late"]);
      assert.equal(count(r.server, "SELECT count(*) FROM chat_messages"), 0);
      return Promise.resolve();
    },
  },
  {
    name: "getOrCreateSession while another client deletes it",
    act: (r) => r.history.getOrCreateSession("g", { metadata: { a: 1 } }),
    between: async (r) => void await r.other.deleteSession("g"),
    result: (v) => {
      const session = v as { id: string; metadata: JsonObject };
      assert.deepEqual([session.id, session.metadata], ["g", { a: 1 }]);
    },
    state: async (r) => assert.equal(await r.other.getSession("g"), undefined),
  },
  {
    name: "getOrCreateSession",
    act: (r) => r.history.getOrCreateSession("g", { metadata: { a: 1 } }),
    result: (v) =>
      assert.deepEqual((v as { metadata: JsonObject }).metadata, { a: 1 }),
    state: async (r) => {
      assert.deepEqual((await r.other.getSession("g"))?.metadata, { a: 1 });
      assert.equal(count(r.server, "SELECT count(*) FROM chat_sessions"), 1);
    },
  },
];

type Mode = "resend" | "twice" | "lost";

const MODES: Record<Mode, string> = {
  resend: "the server drops the reply and fetch sends the request again",
  twice: "fetch sends the identical request twice",
  lost: "the server drops the reply and nobody sends it again",
};

async function run(c: Case, mode: Mode): Promise<void> {
  await using server = await HranaServer.start();
  const wire = new Wire();
  const history = await openHistory({
    url: server.url,
    env: false,
    fetch: wire.fetch,
    timeout: 10_000,
  });
  const other = await openHistory({ url: server.url, env: false });
  const r: Remote = { server, history, other };
  try {
    await c.setup?.(r);
    await server.waitIdle();
    const between = c.between && (() => c.between!(r));
    if (mode !== "twice") {
      let skip = c.skip ?? 0;
      server.inject({
        kind: "dropResponseAfterCommit",
        match: (body) => hasStatements(body) && skip-- <= 0,
      });
    }
    if (mode === "lost") {
      const error = await c.act(r).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert(error instanceof ConnectionError, String(error));
      await between?.();
    } else {
      wire.arm(mode, between, c.skip ?? 0);
      const value = await c.act(r);
      assert.equal(wire.doubled, 1, "the request was executed twice");
      await c.result(value, r);
    }
    await c.state(r);
  } finally {
    await history.close();
    await other.close();
    server.clearFaults();
    await server.waitIdle();
  }
}

for (const c of CASES) {
  for (const mode of Object.keys(MODES) as Mode[]) {
    Deno.test(`${c.name}: ${MODES[mode]}: applied once, told the truth`, async () => {
      await run(c, mode);
    });
  }
}

Deno.test("recorded operations are kept a day, then removed a few at a time by later writes", async () => {
  await using server = await HranaServer.start();
  const day = 24 * 60 * 60 * 1000;
  const start = Date.UTC(2026, 0, 1);
  let now = start;
  const history = await openHistory({
    url: server.url,
    env: false,
    clock: () => now,
  });
  const ops = () => count(server, "SELECT count(*) FROM chat_ops");
  try {
    // Forty operations of a day ago, as if many writes had recorded them.
    for (let i = 0; i < 40; i++) {
      server.query(
        "INSERT INTO chat_ops (id, session_id, result, created_at) VALUES (?, NULL, '[]', ?)",
        [`old-${i}`, start - day - 1],
      );
    }
    await history.getOrCreateSession("s");
    await history.saveMessages("s", [ask("1"), answer("2")]);
    // Appends record nothing in chat_ops: their op id is on their first row.
    assert.equal(ops(), 40 - 16 + 1, "the create expired 16 and recorded 1");
    await history.popMessages("s", { count: 1 });
    assert.equal(ops(), 40 - 32 + 2);
    now = start + day - 1;
    await history.updateSession("s", { metadataPatch: { a: 1 } });
    await history.deleteSession("nothing-here");
    // The last old ones went; today's create and pop are still kept.
    assert.deepEqual(
      rows(server, "SELECT created_at FROM chat_ops ORDER BY created_at")
        .map((r) => r.created_at),
      [start, start, start + day - 1, start + day - 1],
    );
    now = start + day + 1;
    await history.deleteSession("s");
    assert.deepEqual(
      rows(server, "SELECT created_at FROM chat_ops ORDER BY created_at")
        .map((r) => r.created_at),
      [start + day - 1, start + day - 1, start + day + 1],
    );
  } finally {
    await history.close();
    await server.waitIdle();
  }
});
