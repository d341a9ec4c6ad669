/**
 * Reading messages: a window of a session (see {@linkcode ReadOptions}) in
 * one statement, each message checked against the format on the way out
 * (or found in the cache of texts checked before). Two readers: one reads
 * only the stored JSON text (every column costs per row in the client), one
 * reads records (seq, role, time too).
 *
 * @module
 */
import type { Row } from "@libsql/client/web";
import * as v from "valibot";
import { sql } from "drizzle-orm";
import { chatMessages } from "../db/schema.ts";
import { CorruptRowError, SessionNotFoundError } from "../errors.ts";
import type { Role } from "../formats/format.ts";
import { checkId, checkSeq, issuesOf } from "./checks.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { compile, FROM_M, FROM_S, list, m, s, Shapes, when } from "./sql.ts";
import type { MessageRecord, ReadOptions } from "./types.ts";

/** Shape bits of {@linkcode WINDOW} (bit 1 is the owner's). */
const LAST = 2;
const AFTER = 4;
const BEFORE = 8;
const LIMIT = 16;
/** Newest first, reversed in the client: a backward page (`beforeSeq` + `limit`). */
const BACKWARD = 32;
/** Seq, role and time besides the content. */
const RECORDS = 64;

const CONTENT = chatMessages.content.name;
const SEQ = chatMessages.seq.name;
const ROLE = chatMessages.role.name;
const CREATED_AT = chatMessages.createdAt.name;

/**
 * A window of message rows in one statement: the session row LEFT JOINed to
 * its messages, so a session with an empty window still gives one row (of
 * NULLs). The session must have this view's format (and owner); no row at
 * all means it is missing or foreign.
 */
const WINDOW = new Shapes((flags) =>
  compile<
    | "last"
    | "afterSeq"
    | "beforeSeq"
    | "sessionId"
    | "format"
    | "owner"
    | "limit"
  >((a) =>
    sql`SELECT ${
      flags & RECORDS ? list(m.content, m.seq, m.role, m.createdAt) : m.content
    } FROM ${FROM_S} LEFT JOIN ${FROM_M} ON ${m.sessionId} = ${s.id}${
      when(flags & LAST, sql` AND ${m.seq} > ${s.lastSeq} - ${a.last}`)
    }${when(flags & AFTER, sql` AND ${m.seq} > ${a.afterSeq}`)}${
      when(flags & BEFORE, sql` AND ${m.seq} < ${a.beforeSeq}`)
    } WHERE ${s.id} = ${a.sessionId} AND ${s.format} = ${a.format}${
      ownerFilter(flags, s.ownerId, a.owner)
    } ORDER BY ${m.seq}${when(flags & BACKWARD, sql` DESC`)}${
      when(flags & LIMIT, sql` LIMIT ${a.limit}`)
    }`
  )
);

/** Reads the window's stored JSON texts only. */
export function readContent(
  scope: Scope<unknown>,
  sessionId: string,
  window: ReadOptions,
): Promise<Row[]> {
  return readWindow(scope, sessionId, window, 0);
}

/** Reads the window's records: content, seq, role and time. */
export function readRecords(
  scope: Scope<unknown>,
  sessionId: string,
  window: ReadOptions,
): Promise<Row[]> {
  return readWindow(scope, sessionId, window, RECORDS);
}

async function readWindow(
  scope: Scope<unknown>,
  sessionId: string,
  window: ReadOptions,
  records: number,
): Promise<Row[]> {
  const action = `read messages of session "${sessionId}"`;
  checkId(sessionId, "Session id");
  const { last, afterSeq, beforeSeq, limit } = window;
  if (last !== undefined) checkSeq(last, "last");
  if (afterSeq !== undefined) checkSeq(afterSeq, "afterSeq");
  if (beforeSeq !== undefined) checkSeq(beforeSeq, "beforeSeq");
  if (limit !== undefined) checkSeq(limit, "limit");
  const backward = beforeSeq !== undefined && afterSeq === undefined &&
    limit !== undefined;
  const flags = scope.owned | records |
    (last === undefined ? 0 : LAST) | (afterSeq === undefined ? 0 : AFTER) |
    (beforeSeq === undefined ? 0 : BEFORE) |
    (limit === undefined ? 0 : LIMIT) | (backward ? BACKWARD : 0);
  const { rows } = await scope.execute(
    WINDOW.get(flags).bind({
      last: last ?? null,
      afterSeq: afterSeq ?? null,
      beforeSeq: beforeSeq ?? null,
      sessionId,
      format: scope.format.name,
      owner: scope.ownerArg,
      // LIMIT 0 would drop the session row too: read one, return none.
      limit: limit === undefined ? null : Math.max(limit, 1),
    }),
    action,
  );
  if (rows.length === 0) return await noSession(scope, sessionId, action);
  if (rows[0]![CONTENT] === null || limit === 0) return [];
  return backward ? [...rows].reverse() : rows;
}

/**
 * Throws for a session a read did not find with this view's format and
 * owner: FormatMismatchError when it has another format, else
 * SessionNotFoundError (missing, another owner's, or created since).
 */
async function noSession(
  scope: Scope<unknown>,
  sessionId: string,
  action: string,
): Promise<never> {
  const { rows } = await scope.execute(scope.formatOf(sessionId), action);
  if (rows[0]) scope.checkFormat(sessionId, rows[0]);
  throw new SessionNotFoundError(sessionId, "read messages of");
}

/**
 * Parses and checks one stored message, or throws
 * {@linkcode CorruptRowError}.
 *
 * @param scope The view (its format and cache of checked texts).
 * @param sessionId The session, for the error.
 * @param text The stored JSON text.
 * @param seq Its seq, or -1 when the read did not ask for it.
 * @param remember Add a text that passed to the cache of checked texts
 *   (streams over huge sessions do not: they would fill it and push out the
 *   texts of the sessions agents re-read every turn).
 * @returns The message.
 */
export function decode<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  text: string,
  seq: number,
  remember = true,
): TMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptRowError(sessionId, seq, [{
      path: "",
      message: `stored JSON does not parse: ${(error as Error).message}`,
    }]);
  }
  const { format, shared } = scope;
  if (shared.checked.has(format, text)) return value as TMessage;
  const result = v.safeParse(format.schema, value);
  if (!result.success) {
    throw new CorruptRowError(sessionId, seq, issuesOf(result.issues));
  }
  if (remember) shared.checked.add(format, text);
  return value as TMessage;
}

/**
 * @param scope The view.
 * @param sessionId The session.
 * @param row A row with the message's content, seq, role and time.
 * @returns The checked record.
 */
export function toRecord<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  row: Row,
): MessageRecord<TMessage> {
  const seq = Number(row[SEQ]);
  const json = String(row[CONTENT]);
  return {
    seq,
    role: String(row[ROLE]) as Role,
    createdAt: new Date(Number(row[CREATED_AT])),
    message: decode(scope, sessionId, json, seq),
    json,
  };
}

/**
 * Reads without `seq` leave a CorruptRowError without its seq: read the
 * same window again as records (a rare, failing path) to name the row.
 */
async function locateCorruption(
  scope: Scope<unknown>,
  sessionId: string,
  window: ReadOptions,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof CorruptRowError) || error.seq >= 0) return error;
  try {
    for (const row of await readRecords(scope, sessionId, window)) {
      toRecord(scope, sessionId, row);
    }
  } catch (located) {
    return located;
  }
  return error;
}

/**
 * `History.getMessages`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param window Which messages.
 * @returns The messages.
 */
export async function getMessages<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  window: ReadOptions,
): Promise<TMessage[]> {
  const rows = await readContent(scope, sessionId, window);
  try {
    return rows.map((row) =>
      decode(scope, sessionId, String(row[CONTENT]), -1)
    );
  } catch (error) {
    throw await locateCorruption(scope, sessionId, window, error);
  }
}

/**
 * `History.getMessageRecords`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param window Which messages.
 * @returns The records.
 */
export async function getMessageRecords<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  window: ReadOptions,
): Promise<MessageRecord<TMessage>[]> {
  const rows = await readRecords(scope, sessionId, window);
  return rows.map((row) => toRecord(scope, sessionId, row));
}

/**
 * `History.getMessagesJson`: the stored texts joined into an array; a text
 * checked before needs no parse and is returned as is.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param window Which messages.
 * @returns The JSON text of the array.
 */
export async function getMessagesJson(
  scope: Scope<unknown>,
  sessionId: string,
  window: ReadOptions,
): Promise<string> {
  const rows = await readContent(scope, sessionId, window);
  const { format, shared } = scope;
  try {
    for (const row of rows) {
      const text = String(row[CONTENT]);
      if (!shared.checked.has(format, text)) {
        decode(scope, sessionId, text, -1);
      }
    }
  } catch (error) {
    throw await locateCorruption(scope, sessionId, window, error);
  }
  return `[${rows.map((row) => String(row[CONTENT])).join(",")}]`;
}
