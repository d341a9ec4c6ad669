/**
 * Operation ids: how a write request executed twice is applied once.
 *
 * A reply can be lost after the database committed, and an HTTP client may
 * send the same POST again on its own (Deno's `fetch` does when a kept-alive
 * connection closes without an answer); the second execution's reply is
 * then the one the library sees. So every write call carries a random
 * operation id, bound into its request, and its batch recognises a second
 * execution in SQL:
 *
 * - an append writes its id into the first message row it inserts
 *   (`chat_messages.op`). The common save, an insert gated on the last seq
 *   `n`, writes nothing when executed again (its first execution moved the
 *   seq); before the save appends any other way, it looks for its id on the
 *   row at `n + 1`, by the (session, seq) index — so the common save stays
 *   one statement, with no index or table of its own to keep. A batched
 *   append (no known seq, or many messages) also records its id in
 *   `chat_ops`, as it cannot know in advance where its rows go;
 * - every other write gates each of its statements on its id being new
 *   ({@linkcode opIsNew}), records the id with its result in `chat_ops` in
 *   the same transaction, and ends with {@linkcode OP_RESULT}, the stored
 *   result: a second execution changes nothing and answers with the first
 *   result. An operation whose result depends on rows it deletes (an undo,
 *   a delete) writes its result first under a staged id
 *   ({@linkcode stagedId}), which the batch's last write renames to the op
 *   id ({@linkcode COMMIT_STAGED}), so its own later statements still see
 *   the id as new.
 *
 * Recorded operations are kept a day ({@linkcode OPS_KEPT_MS}), removed a
 * few at a time by later writes ({@linkcode EXPIRE_OPS}): a re-sent request
 * arrives within seconds of the first (the client's request timeout bounds
 * it), and the day also absorbs clocks of different clients that disagree
 * by hours.
 *
 * @module
 */
import type { InStatement, ResultSet } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatMessages, chatOps } from "../db/schema.ts";
import { bare, compile, names, type Statement } from "./sql.ts";
import { randomToken } from "./write_token.ts";

const o = chatOps;

/** How long a recorded operation is kept: a day, in milliseconds. */
export const OPS_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * At most this many expired operations go per write: more than one, so the
 * table shrinks even when every write records one.
 */
const EXPIRE_BATCH = 16;

/** @returns A new operation id: unique across processes and calls. */
export function newOpId(): string {
  return randomToken();
}

/**
 * The condition that operation `op` has not been applied (recorded) yet.
 *
 * @param op The placeholder of the operation id.
 * @returns The condition, for a `WHERE` clause.
 */
export function opIsNew(op: SQL | Column): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM ${o} WHERE ${o.id} = ${op})`;
}

/**
 * The id a result is staged under until the batch's end.
 *
 * @param op The placeholder of the operation id.
 * @returns The staged id, as an SQL expression.
 */
export function stagedId(op: SQL): SQL {
  return sql`${op} || ':staged'`;
}

/** `INSERT INTO chat_ops (…)`: what {@linkcode recordOp} writes. */
const INSERT_OP = sql`INSERT INTO ${o} (${
  names(o.id, o.sessionId, o.result, o.createdAt)
})`;

/**
 * Records an operation and its result, unless it was recorded already.
 *
 * @param values The id (the op id, or {@linkcode stagedId}), the session
 *   (or `NULL`), the result as JSON text, and the time.
 * @param op The placeholder of the operation id.
 * @param from The `FROM` item the values are read from, if any.
 * @param where What must hold besides the op being new, if anything.
 * @returns The statement, for `compile()`.
 */
export function recordOp(
  values: { id: SQL; sessionId: SQL; result: SQL; now: SQL },
  op: SQL,
  from?: SQL,
  where?: SQL,
): SQL {
  return sql`${INSERT_OP} SELECT ${values.id}, ${values.sessionId}, ${values.result}, ${values.now}${
    from === undefined ? sql.empty() : sql` FROM ${from}`
  } WHERE ${where === undefined ? sql.empty() : sql`${where} AND `}${
    opIsNew(op)
  }`;
}

/**
 * Records, for the appends whose first rows an undo is about to remove, their
 * operation ids with their first seq (`[seq]`, what a batched append
 * records too): an append executed again after its messages were undone is
 * still applied, not written a second time.
 *
 * @param rows `FROM chat_messages WHERE …`, the rows to be removed.
 * @param now The placeholder of the time.
 * @returns The statement, for `compile()`.
 */
export function recordUndoneAppends(rows: SQL, now: SQL): SQL {
  const m = chatMessages;
  return sql`${INSERT_OP} SELECT ${m.op}, ${m.sessionId}, json_array(${m.seq}), ${now} ${rows} AND ${m.op} IS NOT NULL AND ${
    opIsNew(m.op)
  }`;
}

/** The last write of a staged batch: the staged result becomes the op's. */
export const COMMIT_STAGED: Statement<"op"> = compile<"op">((a) =>
  sql`UPDATE ${o} SET ${bare(o.id)} = ${a.op} WHERE ${o.id} = ${stagedId(a.op)}`
);

/**
 * Removes a few operations older than {@linkcode OPS_KEPT_MS}, oldest
 * first, by the `created_at` index.
 */
export const EXPIRE_OPS: Statement<"now"> = compile<"now">((a) =>
  sql`DELETE FROM ${o} WHERE ${o.id} IN (SELECT ${o.id} FROM ${o} WHERE ${o.createdAt} < ${a.now} - ${
    sql.raw(String(OPS_KEPT_MS))
  } ORDER BY ${o.createdAt} LIMIT ${sql.raw(String(EXPIRE_BATCH))})`
);

/**
 * An operation's stored result, as a scalar subquery (NULL when it was not
 * recorded).
 *
 * @param op The placeholder of the operation id.
 * @returns The subquery.
 */
export function recordedResult(op: SQL): SQL {
  return sql`(SELECT ${o.result} FROM ${o} WHERE ${o.id} = ${op})`;
}

/** The stored result of an operation (no row when it was not recorded). */
export const OP_RESULT: Statement<"op"> = compile<"op">((a) =>
  sql`SELECT ${o.result} FROM ${o} WHERE ${o.id} = ${a.op}`
);

/**
 * Right after {@linkcode COMMIT_STAGED}: the stored result only if the
 * commit renamed nothing, that is in a second execution. The first one
 * reads its result from its own steps, as they ran.
 */
export const OP_REPLAY: Statement<"op"> = compile<"op">((a) =>
  sql`SELECT ${o.result} FROM ${o} WHERE ${o.id} = ${a.op} AND changes() = 0`
);

/**
 * The two statements that end a recording batch: expire old operations,
 * then read this one's result.
 *
 * @param op The operation id.
 * @param now The batch's time.
 * @returns The steps, to spread into a batch (`result` last).
 */
export function endSteps(
  op: string,
  now: number,
): { expire: InStatement; result: InStatement } {
  return { expire: EXPIRE_OPS.bind({ now }), result: OP_RESULT.bind({ op }) };
}

/**
 * @param rs The result of {@linkcode OP_RESULT}.
 * @returns The operation's recorded result, parsed, or `undefined` when it
 *   recorded none.
 */
export function opResult(rs: ResultSet): unknown {
  const row = rs.rows[0];
  return row === undefined ? undefined : JSON.parse(String(row[o.result.name]));
}
