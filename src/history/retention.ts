/**
 * Deleting sessions: one session by id, or the sessions inactive since a
 * time (pruning), both over {@linkcode deleteSessionsWhere}, the one delete
 * cascade. A session goes with everything derived from it — search entries,
 * idempotency keys, messages — in one atomic batch, without relying on
 * `PRAGMA foreign_keys`. Each batch records its operation id and result
 * (`ops.ts`): executed twice, it deletes nothing more and answers with
 * what the first execution deleted.
 *
 * @module
 */
import type { InStatement } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatMessages, chatSessions } from "../db/schema.ts";
import { DatabaseError } from "../errors.ts";
import { checkDate, checkId, checkLimit } from "./checks.ts";
import {
  COMMIT_STAGED,
  endSteps,
  newOpId,
  opIsNew,
  opResult,
  recordOp,
  stagedId,
} from "./ops.ts";
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

/**
 * The statements of one cascade, in batch order, with the one that records
 * the operation's result: staged just before the messages go (`stage`,
 * when the result counts them), or recorded right after the sessions go
 * (`record`).
 */
interface Cascade<A extends string> {
  readonly unindex: Statement<A>;
  readonly keys: Statement<A>;
  readonly messages: Statement<A>;
  readonly stage?: Statement<A>;
  readonly sessions: Statement<A>;
  readonly record?: Statement<A>;
}

/** How a cascade records its result: where, and the statement. */
interface Recorder<A extends string> {
  /** `stage` before the messages go, or `record` after the sessions go. */
  readonly at: "stage" | "record";
  /** The statement, given the placeholders and the sessions' conditions. */
  readonly build: (a: { readonly [K in A]: SQL }, which: Which) => SQL;
}

/**
 * The delete cascade: unindex the messages, delete the keys, the messages
 * and the sessions, then lower the search watermark (the search index's
 * protocol: `search_index.ts`). The sessions go last: the other steps find
 * their rows through the condition on the sessions (visible by id, or the
 * inactive pick), which matches nothing once the sessions are gone.
 *
 * The conditions of `which` include that the operation is new, so a
 * second execution of the batch deletes nothing.
 *
 * @param which The sessions to delete, given the placeholders.
 * @param recorder The statement recording the result.
 * @returns The compiled statements.
 */
function deleteSessionsWhere<A extends string>(
  which: (a: { readonly [K in A]: SQL }) => Which,
  recorder: Recorder<A>,
): Cascade<A> {
  const step = (build: (w: Which) => SQL) => compile<A>((a) => build(which(a)));
  const k = chatIdempotency;
  const m = chatMessages;
  const records = compile<A>((a) => recorder.build(a, which(a)));
  const staged = recorder.at === "stage";
  return {
    unindex: step((w) => unindex(w.derived(m.sessionId), w.indexed)),
    keys: step((w) => sql`DELETE FROM ${k} WHERE ${w.derived(k.sessionId)}`),
    ...(staged ? { stage: records } : {}),
    messages: step((w) =>
      sql`DELETE FROM ${messagesFrom(w.indexed)} WHERE ${
        w.derived(m.sessionId)
      }`
    ),
    sessions: step((w) => sql`DELETE FROM ${t} WHERE ${w.sessions}`),
    ...(staged ? {} : { record: records }),
  };
}

/**
 * Runs a cascade as one batch that ends with the operation's result.
 *
 * @returns The recorded result, parsed.
 */
async function runCascade<A extends string>(
  scope: Scope<unknown>,
  cascade: Cascade<A>,
  args: Args<A> & { readonly op: string; readonly now: number },
  action: string,
): Promise<unknown> {
  const { op, now } = args;
  const steps: Record<string, InStatement> = {
    unindex: cascade.unindex.bind(args),
    keys: cascade.keys.bind(args),
    ...(cascade.stage ? { stage: cascade.stage.bind(args) } : {}),
    messages: cascade.messages.bind(args),
    sessions: cascade.sessions.bind(args),
    ...(cascade.record ? { record: cascade.record.bind(args) } : {}),
    watermark: LOWER_WATERMARK,
    ...(cascade.stage ? { commit: COMMIT_STAGED.bind({ op }) } : {}),
    ...endSteps(op, now),
  };
  const results = await scope.batch(steps, "write", action);
  const recorded = opResult(results.result!);
  if (recorded === undefined) {
    throw new DatabaseError(
      `Cannot ${action}: the database did not return the operation's result`,
    );
  }
  return recorded;
}

/**
 * One session by id, if this view sees it and the delete is new. Equality
 * on `session_id` (not `IN` a subquery) so every delete uses an index. The
 * result, `[deleted (0 or 1), messages]`, is staged just before the
 * messages go, counting them.
 */
const ONE = new Shapes((owned) =>
  deleteSessionsWhere<"sessionId" | "owner" | "op" | "now">((a) => {
    const session = sql`${t.id} = ${a.sessionId}${
      ownerFilter(owned, t.ownerId, a.owner)
    } AND ${opIsNew(a.op)}`;
    const visible = sql`EXISTS (SELECT 1 FROM ${t} WHERE ${session})`;
    return {
      derived: (sessionId) => sql`${sessionId} = ${a.sessionId} AND ${visible}`,
      sessions: session,
      indexed: false,
    };
  }, {
    at: "stage",
    build: (a, which) =>
      recordOp({
        id: stagedId(a.op),
        sessionId: a.sessionId,
        // Counted before the delete, not with changes() after it: once a
        // search has indexed the session, the unindexing trigger earlier in
        // the batch leaves changes() unreliable for the DELETE that follows.
        result:
          sql`json_array(EXISTS (SELECT 1 FROM ${t} WHERE ${which.sessions}), (SELECT count(*) FROM ${chatMessages} WHERE ${
            which.derived(chatMessages.sessionId)
          }))`,
        now: a.now,
      }, a.op),
  })
);

/**
 * One batch of inactive sessions, oldest first, unless the batch was
 * applied already. The `IN` subquery would lead the planner to scan the
 * messages: they are read by their (session, seq) index by name. The
 * result, `[sessions]`, is recorded once they are gone.
 */
const INACTIVE = new Shapes((owned) =>
  deleteSessionsWhere<"since" | "owner" | "batchSize" | "op" | "now">((a) => {
    const pick =
      sql`(SELECT ${t.id} FROM ${t} WHERE ${t.updatedAt} < ${a.since}${
        ownerFilter(owned, t.ownerId, a.owner)
      } AND ${
        opIsNew(a.op)
      } ORDER BY ${t.updatedAt}, ${t.id} LIMIT ${a.batchSize})`;
    return {
      derived: (sessionId) => sql`${sessionId} IN ${pick}`,
      sessions: sql`${t.id} IN ${pick}`,
      indexed: true,
    };
  }, {
    at: "record",
    build: (a) =>
      recordOp({
        id: a.op,
        sessionId: sql`NULL`,
        result: sql`json_array(changes())`,
        now: a.now,
      }, a.op),
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
  const [deleted, messages] = await runCascade(
    scope,
    ONE.get(scope.owned),
    {
      sessionId,
      owner: scope.ownerArg,
      op: newOpId(),
      now: scope.shared.clock(),
    },
    `delete session "${sessionId}"`,
  ) as [number, number];
  scope.shared.lastSeqs.delete(sessionId);
  return { deleted: deleted === 1, messages };
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
    // One operation per batch: each batch is its own request.
    const [sessions] = await runCascade(
      scope,
      cascade,
      { ...args, op: newOpId(), now: scope.shared.clock() },
      "prune sessions",
    ) as [number];
    if (sessions > 0) scope.shared.lastSeqs.clear();
    total += sessions;
    if (sessions < batchSize) return total;
  }
}
