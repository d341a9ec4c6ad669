/**
 * Every read path of the history uses an index and never scans all messages.
 * The SQL is captured on the wire (the remote client's `fetch`), then each
 * statement is explained with `EXPLAIN QUERY PLAN` on the same database.
 */
import assert from "node:assert/strict";
import { type History, openHistory } from "../mod.ts";
import { HranaServer } from "./support/hrana/mod.ts";
import { conversationTurns } from "./support/pydantic_fixtures.ts";

interface Captured {
  sql: string;
  args: unknown[];
}

type WireValue = { type: string; value?: unknown };

function decode(value: WireValue): unknown {
  switch (value.type) {
    case "integer":
      return Number(value.value);
    case "float":
    case "text":
      return value.value;
    default:
      return null;
  }
}

/** A `fetch` that records every statement sent in a pipeline. */
function recordingFetch(
  log: Captured[],
): (request: Request) => Promise<Response> {
  const stored = new Map<number, string>();
  return async (request: Request) => {
    const body = JSON.parse(await request.clone().text());
    for (const r of body.requests ?? []) {
      if (r.type === "store_sql") stored.set(r.sql_id, r.sql);
      const steps = r.type === "batch"
        ? r.batch.steps.map((s: { stmt: unknown }) => s.stmt)
        : r.type === "execute"
        ? [r.stmt]
        : [];
      for (const stmt of steps) {
        const sql = stmt.sql ?? stored.get(stmt.sql_id);
        if (typeof sql === "string") {
          log.push({ sql, args: (stmt.args ?? []).map(decode) });
        }
      }
    }
    return fetch(request);
  };
}

async function explain(
  server: HranaServer,
  captured: Captured,
): Promise<string[]> {
  await Promise.resolve();
  return server.query(`EXPLAIN QUERY PLAN ${captured.sql}`, captured.args).map((
    r,
  ) => String(r.detail));
}

const FULL_SCAN = /^SCAN (chat_messages|m|o|c|chat_idempotency)\b(?! USING)/;

async function plansOf(
  name: string,
  fn: (history: History) => Promise<unknown>,
): Promise<void> {
  await using server = await HranaServer.start();
  const log: Captured[] = [];
  const history = await openHistory({
    url: server.url,
    env: false,
    fetch: recordingFetch(log),
  });
  try {
    // Enough data that the planner has real choices.
    for (let s = 0; s < 5; s++) {
      const { id } = await history.forOwner(`o${s % 2}`).getOrCreateSession(
        `s${s}`,
      );
      for (let i = 0; i < 4; i++) {
        await history.saveMessages(id, conversationTurns());
      }
    }
    server.query("ANALYZE");
    log.length = 0;
    await fn(history);
    const statements = log.filter((c) =>
      /^\s*(SELECT|WITH|UPDATE|DELETE|INSERT)/i.test(c.sql)
    );
    assert(statements.length > 0, `${name}: no statement captured`);
    for (const captured of statements) {
      const plan = await explain(server, captured);
      const scans = plan.filter((line) => FULL_SCAN.test(line));
      assert.deepEqual(
        scans,
        [],
        `${name}: full scan in\n${captured.sql}\n${plan.join("\n")}`,
      );
    }
  } finally {
    await history.close();
    await server.waitIdle();
  }
}

const READ_PATHS: [string, (h: History) => Promise<unknown>][] = [
  ["getMessages", (h) => h.getMessages("s1")],
  ["getMessages last", (h) => h.getMessages("s1", { last: 5 })],
  [
    "getMessages after/limit",
    (h) => h.getMessages("s1", { afterSeq: 3, limit: 4 }),
  ],
  [
    "getMessages before/limit",
    (h) => h.getMessages("s1", { beforeSeq: 9, limit: 4 }),
  ],
  ["getMessagesJson", (h) => h.getMessagesJson("s1")],
  ["getSession", (h) => h.getSession("s1")],
  ["getOrCreateSession", (h) => h.getOrCreateSession("s1")],
  [
    "saveMessages",
    (h) =>
      h.saveMessages("s1", conversationTurns(), {
        idempotencyKey: "k",
        expectedLastSeq: 4 * conversationTurns().length,
      }),
  ],
  ["listSessions", (h) => h.listSessions({ limit: 2 })],
  [
    "listSessions of an owner",
    (h) => h.forOwner("o1").listSessions({ limit: 2 }),
  ],
  ["popMessages", (h) => h.popMessages("s1", { count: 2 })],
  ["forkSession", (h) => h.forkSession("s1", { upToSeq: 5 })],
  ["deleteSession", (h) => h.deleteSession("s2")],
  ["searchMessages", (h) => h.searchMessages("weather", { sessionId: "s1" })],
  ["searchMessages of a CJK word", (h) => h.searchMessages("日本語")],
  [
    "searchMessages of a two-character CJK word",
    (h) => h.searchMessages("東京"),
  ],
  [
    "searchMessages of mixed scripts in a session",
    (h) => h.searchMessages("weather 東京 日本語", { sessionId: "s1" }),
  ],
  [
    "listSessions second page",
    async (h) => {
      const first = await h.listSessions({ limit: 1 });
      return await h.listSessions({
        limit: 1,
        ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
      });
    },
  ],
  ["getUsage of a session", (h) => h.getUsage({ sessionId: "s1" })],
  ["getUsage of an owner", (h) => h.forOwner("o1").getUsage()],
  ["updateSession", (h) => h.updateSession("s1", { metadataPatch: { a: 1 } })],
  ["pruneSessions", (h) => h.pruneSessions({ inactiveSince: new Date(0) })],
];

for (const [name, fn] of READ_PATHS) {
  Deno.test(`${name}() uses an index and never scans all messages`, () =>
    plansOf(name, fn));
}
