/**
 * Deleting sessions: one session by id, or the sessions inactive since a
 * time (pruning), both over {@linkcode deleteSessionsWhere}, the one delete
 * cascade. A session goes with everything derived from it — search entries,
 * idempotency keys, messages — in one atomic batch, without relying on
 * `PRAGMA foreign_keys`.
 *
 * @module
 */
import type { InStatement } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatMessages, chatSessions } from "../db/schema.ts";
import { checkDate, checkId, checkLimit } from "./checks.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { LOWER_WATERMARK, messagesFrom, unindex } from "./search_index.ts";
import { type Args, compile, Shapes, type Statement } from "./sql.ts";
import type { DeleteResult, PruneOptions } from "./types.ts";

const t = chatSessions;

/** Which sessions a cascade deletes. */
interface Which {
  /** The condition on a `session_id` column of a derived table. */
  readonly derived: (sessionId: Column) => SQL;
  /** The condition on `chat_sessions`. */
  readonly sessions: SQL;
  /** Read `chat_messages` by its (session, seq) index by name. */
  readonly indexed: boolean;
}

/** The statements of one cascade, in batch order. */
interface Cascade<A extends string> {
  readonly unindex: Statement<A>;
  readonly keys: Statement<A>;
  readonly messages: Statement<A>;
  readonly sessions: Statement<A>;
}

/**
 * The delete cascade: unindex the messages, delete the keys, the messages
 * and the sessions, then lower the search watermark (the search index's
 * protocol: `search_index.ts`). The sessions go last: the other steps find
 * their rows through the condition on the sessions (visible by id, or the
 * inactive pick), which matches nothing once the sessions are gone.
 *
 * @param which The sessions to delete, given the placeholders.
 * @returns The compiled statements.
 */
function deleteSessionsWhere<A extends string>(
  which: (a: { readonly [K in A]: SQL }) => Which,
): Cascade<A> {
  const step = (build: (w: Which) => SQL) => compile<A>((a) => build(which(a)));
  const k = chatIdempotency;
  const m = chatMessages;
  return {
    unindex: step((w) => unindex(w.derived(m.sessionId), w.indexed)),
    keys: step((w) => sql`DELETE FROM ${k} WHERE ${w.derived(k.sessionId)}`),
    messages: step((w) =>
      sql`DELETE FROM ${messagesFrom(w.indexed)} WHERE ${
        w.derived(m.sessionId)
      }`
    ),
    sessions: step((w) => sql`DELETE FROM ${t} WHERE ${w.sessions}`),
  };
}

/** Runs a cascade; returns how many sessions and messages went. */
async function runCascade<A extends string>(
  scope: Scope<unknown>,
  cascade: Cascade<A>,
  args: Args<A>,
  action: string,
): Promise<{ sessions: number; messages: number }> {
  const steps: Record<keyof Cascade<A> | "watermark", InStatement> = {
    unindex: cascade.unindex.bind(args),
    keys: cascade.keys.bind(args),
    messages: cascade.messages.bind(args),
    sessions: cascade.sessions.bind(args),
    watermark: LOWER_WATERMARK,
  };
  const results = await scope.batch(steps, "write", action);
  return {
    sessions: results.sessions.rowsAffected,
    messages: results.messages.rowsAffected,
  };
}

/**
 * One session by id, if this view sees it. Equality on `session_id` (not
 * `IN` a subquery) so every delete uses an index.
 */
const ONE = new Shapes((owned) =>
  deleteSessionsWhere<"sessionId" | "owner">((a) => {
    const visible =
      sql`EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${a.sessionId}${
        ownerFilter(owned, t.ownerId, a.owner)
      })`;
    return {
      derived: (sessionId) => sql`${sessionId} = ${a.sessionId} AND ${visible}`,
      sessions: sql`${t.id} = ${a.sessionId}${
        ownerFilter(owned, t.ownerId, a.owner)
      }`,
      indexed: false,
    };
  })
);

/**
 * One batch of inactive sessions, oldest first. The `IN` subquery would
 * lead the planner to scan the messages: they are read by their (session,
 * seq) index by name.
 */
const INACTIVE = new Shapes((owned) =>
  deleteSessionsWhere<"since" | "owner" | "batchSize">((a) => {
    const pick =
      sql`(SELECT ${t.id} FROM ${t} WHERE ${t.updatedAt} < ${a.since}${
        ownerFilter(owned, t.ownerId, a.owner)
      } ORDER BY ${t.updatedAt}, ${t.id} LIMIT ${a.batchSize})`;
    return {
      derived: (sessionId) => sql`${sessionId} IN ${pick}`,
      sessions: sql`${t.id} IN ${pick}`,
      indexed: true,
    };
  })
);

/**
 * `History.deleteSession`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @returns Whether it existed and how many messages went with it.
 */
export async function deleteSession(
  scope: Scope<unknown>,
  sessionId: string,
): Promise<DeleteResult> {
  checkId(sessionId, "Session id");
  const deleted = await runCascade(
    scope,
    ONE.get(scope.owned),
    { sessionId, owner: scope.ownerArg },
    `delete session "${sessionId}"`,
  );
  scope.shared.lastSeqs.delete(sessionId);
  return { deleted: deleted.sessions > 0, messages: deleted.messages };
}

/**
 * `History.pruneSessions`: batches of `batchSize` sessions, one round trip
 * each, until a batch is not full.
 *
 * @param scope The view.
 * @param options The cut-off time, owner and batch size.
 * @returns How many sessions were deleted.
 */
export async function pruneSessions(
  scope: Scope<unknown>,
  options: PruneOptions,
): Promise<number> {
  const since = checkDate(options.inactiveSince, "inactiveSince");
  const batchSize = checkLimit(options.batchSize, 100, 10_000, "batchSize");
  const owner = scope.scopeOwner(options.owner);
  const cascade = INACTIVE.get(owner === undefined ? 0 : OWNED);
  const args = { since, owner: owner ?? null, batchSize };
  let total = 0;
  for (;;) {
    const { sessions } = await runCascade(
      scope,
      cascade,
      args,
      "prune sessions",
    );
    if (sessions > 0) scope.shared.lastSeqs.clear();
    total += sessions;
    if (sessions < batchSize) return total;
  }
}
