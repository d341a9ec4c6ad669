/**
 * Saving messages: each save is one atomic write in one round trip, whose
 * SQL checks the session's last seq, format, owner and idempotency key
 * itself. When it writes nothing, one read afterwards says why: a replay,
 * a missing session, another format or a conflict.
 *
 * @module
 */
import type { InStatement, Row } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatSessions } from "../db/schema.ts";
import { ConflictError, SessionNotFoundError } from "../errors.ts";
import { checkId, checkSeq } from "./checks.ts";
import {
  fromValues,
  INSERT_CHUNK,
  INSERT_MESSAGES,
  messageValues,
  V,
} from "./message_insert.ts";
import { type PreparedRow, prepareMessages } from "./prepare.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { bare, compile, FROM_S, named, names, s, Shapes, when } from "./sql.ts";
import type { Messages, SaveMessagesOptions, SaveResult } from "./types.ts";
import { randomToken } from "./write_token.ts";

const t = chatSessions;
const k = chatIdempotency;

/** Shape bit: the save has an idempotency key. */
const WITH_KEY = 2;
/** Shape bit: the session's last seq is known (a hint or the caller's). */
const KNOWN = 4;

/** The condition that an append's idempotency key is new. */
function keyIsNew(a: { sessionId: SQL; key: SQL }): SQL {
  return sql` AND NOT EXISTS (SELECT 1 FROM ${k} WHERE ${k.sessionId} = ${a.sessionId} AND ${k.key} = ${a.key})`;
}

/** The columns of an idempotency key's row, as an insert's column list. */
const KEY_NAMES = names(
  k.sessionId,
  k.key,
  k.firstSeq,
  k.lastSeq,
  k.createdAt,
);

/**
 * The common save: one INSERT … SELECT, gated on the session's last seq
 * being `known` (and on the idempotency key being new). The gate reads no
 * inserted row, so SQLite checks it once, before the first insert; the
 * `chat_messages_last_seq` trigger then moves the session's last_seq and
 * updated_at, in the same statement. All rows or none: the statement is
 * atomic. created_at is never before the session's updated_at (a clock
 * that went back), so times never decrease along seq.
 */
const GATED_INSERT = new Shapes((flags) =>
  compile<
    "sessionId" | "known" | "now" | "format" | "owner" | "key",
    "values"
  >((a, slot) =>
    sql`${INSERT_MESSAGES} SELECT ${a.sessionId}, ${a.known} + ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, max(${a.now}, (SELECT ${t.updatedAt} FROM ${t} WHERE ${t.id} = ${a.sessionId})) FROM ${
      fromValues(slot.values)
    } WHERE EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${a.sessionId} AND ${t.format} = ${a.format}${
      ownerFilter(flags, t.ownerId, a.owner)
    } AND ${t.lastSeq} = ${a.known})${when(flags & WITH_KEY, keyIsNew(a))}`
  )
);

/**
 * The key of a gated insert, recorded only if that insert wrote the n rows:
 * changes() counts the rows the previous statement inserted (not the
 * trigger's).
 */
const RECORD_KEY = compile<
  "sessionId" | "key" | "first" | "last" | "now" | "count"
>((a) =>
  sql`INSERT INTO ${k} (${KEY_NAMES}) SELECT ${a.sessionId}, ${a.key}, ${a.first}, ${a.last}, ${a.now} WHERE changes() = ${a.count}`
);

/**
 * The first step of a marked batch: moves the session's last seq by n and
 * marks the row with the batch's token, if the gate holds. Without a known
 * last seq it returns the new one.
 */
const MARK = new Shapes((flags) =>
  compile<
    | "count"
    | "now"
    | "token"
    | "sessionId"
    | "format"
    | "owner"
    | "known"
    | "key"
  >((a) =>
    sql`UPDATE ${t} SET ${bare(t.lastSeq)} = ${t.lastSeq} + ${a.count}, ${
      bare(t.updatedAt)
    } = max(${t.updatedAt}, ${a.now}), ${
      bare(t.lastWrite)
    } = ${a.token} WHERE ${t.id} = ${a.sessionId} AND ${t.format} = ${a.format}${
      ownerFilter(flags, t.ownerId, a.owner)
    }${when(flags & KNOWN, sql` AND ${t.lastSeq} = ${a.known}`)}${
      when(flags & WITH_KEY, keyIsNew(a))
    }${when(!(flags & KNOWN), sql` RETURNING ${t.lastSeq}`)}`
  )
);

/**
 * One chunk of a marked batch's messages, numbered below the moved last
 * seq; created_at is the session's (clamped, never decreasing) updated_at.
 */
const MARKED_INSERT = compile<"count" | "sessionId" | "token", "values">((
  a,
  slot,
) =>
  sql`${INSERT_MESSAGES} SELECT ${s.id}, ${s.lastSeq} - ${a.count} + ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, ${s.updatedAt} FROM ${FROM_S}, ${
    fromValues(slot.values)
  } WHERE ${s.id} = ${a.sessionId} AND ${s.lastWrite} = ${a.token}`
);

/** The key of a marked batch, recorded where the mark took. */
const MARKED_KEY = compile<"key" | "count" | "now" | "sessionId" | "token">((
  a,
) =>
  sql`INSERT INTO ${k} (${KEY_NAMES}) SELECT ${t.id}, ${a.key}, ${t.lastSeq} - ${a.count} + 1, ${t.lastSeq}, ${a.now} FROM ${t} WHERE ${t.id} = ${a.sessionId} AND ${t.lastWrite} = ${a.token}`
);

/** The names of the two key columns {@linkcode SAVE_STATE} reads. */
const KEY_FIRST = "key_first";
const KEY_LAST = "key_last";

/** The session's state after a save that wrote nothing, to say why. */
const SAVE_STATE = new Shapes((owned) =>
  compile<"key" | "sessionId" | "owner">((a) => {
    const keyColumn = (column: Column) =>
      sql`(SELECT ${column} FROM ${k} WHERE ${k.sessionId} = ${s.id} AND ${k.key} = ${a.key})`;
    return sql`SELECT ${s.lastSeq}, ${s.format}, ${s.formatVersion}, ${
      keyColumn(k.firstSeq)
    } AS ${named(KEY_FIRST)}, ${keyColumn(k.lastSeq)} AS ${
      named(KEY_LAST)
    } FROM ${FROM_S} WHERE ${s.id} = ${a.sessionId}${
      ownerFilter(owned, s.ownerId, a.owner)
    }`;
  })
);

/**
 * `History.saveMessages`. The write is conditioned on a known last seq
 * when there is one: the caller's precondition, else what this process
 * last saw of the session. Known, it needs no RETURNING (cheaper). A stale
 * hint makes the write do nothing; then it runs again without one. The
 * hint only gates the write: seqs always come from the session row.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param messages The messages, or the JSON text of an array of them.
 * @param options Expected last seq, idempotency key.
 * @returns Where the messages went.
 */
export async function saveMessages<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  messages: Messages<TMessage>,
  options: SaveMessagesOptions,
): Promise<SaveResult> {
  checkId(sessionId, "Session id");
  const action = `save messages to session "${sessionId}"`;
  const { expectedLastSeq, idempotencyKey } = options;
  if (expectedLastSeq !== undefined) {
    checkSeq(expectedLastSeq, "expectedLastSeq");
  }
  if (idempotencyKey !== undefined) {
    checkId(idempotencyKey, "Idempotency key");
  }
  const rows = prepareMessages(scope.format, messages, action);
  const n = rows.length;
  const { lastSeqs, checked } = scope.shared;
  if (n > 0) {
    const hint = expectedLastSeq ?? lastSeqs.get(sessionId);
    const append = { scope, sessionId, rows, idempotencyKey, action };
    let written = await appendRows(append, hint);
    if (
      written === undefined && expectedLastSeq === undefined &&
      hint !== undefined
    ) {
      written = await appendRows(append, undefined);
    }
    if (written !== undefined) {
      // The stored texts are the ones just checked.
      for (const row of rows) checked.add(scope.format, row.content);
      lastSeqs.set(sessionId, written);
      return {
        sessionId,
        firstSeq: written - n + 1,
        lastSeq: written,
        count: n,
        replayed: false,
      };
    }
  }
  return await explainNothingWritten(scope, sessionId, n, options, action);
}

/** One append: the rows to write where, and for which call. */
interface Append {
  readonly scope: Scope<unknown>;
  readonly sessionId: string;
  readonly rows: readonly PreparedRow[];
  readonly idempotencyKey: string | undefined;
  readonly action: string;
}

/**
 * Appends prepared rows atomically, in one round trip: a gated insert when
 * the last seq is `known` and the rows fit one statement, else a marked
 * batch.
 *
 * @returns The new last seq, or `undefined` when nothing was written.
 */
function appendRows(
  append: Append,
  known: number | undefined,
): Promise<number | undefined> {
  return known !== undefined && append.rows.length <= INSERT_CHUNK
    ? gatedInsert(append, known)
    : markedBatch(append, known);
}

/**
 * One {@linkcode GATED_INSERT}, whose row count tells success (with an
 * idempotency key, in a batch with the key's row).
 */
async function gatedInsert(
  { scope, sessionId, rows, idempotencyKey, action }: Append,
  known: number,
): Promise<number | undefined> {
  const n = rows.length;
  const now = scope.shared.clock();
  const flags = scope.owned | (idempotencyKey === undefined ? 0 : WITH_KEY);
  const insert = GATED_INSERT.get(flags).bind({
    sessionId,
    known,
    now,
    format: scope.format.name,
    owner: scope.ownerArg,
    key: idempotencyKey ?? null,
  }, { values: messageValues(rows, 1) });
  const rs = idempotencyKey === undefined
    ? await scope.write(insert, action)
    : (await scope.batch(
      {
        insert,
        key: RECORD_KEY.bind({
          sessionId,
          key: idempotencyKey,
          first: known + 1,
          last: known + n,
          now,
          count: n,
        }),
      },
      "write",
      action,
    )).insert;
  return rs.rowsAffected === n ? known + n : undefined;
}

/**
 * One write batch that marks the session row with a token
 * ({@linkcode MARK}: `UPDATE … RETURNING` when the last seq is not known)
 * and inserts where the token matches.
 */
async function markedBatch(
  { scope, sessionId, rows, idempotencyKey, action }: Append,
  known: number | undefined,
): Promise<number | undefined> {
  const n = rows.length;
  const now = scope.shared.clock();
  const token = randomToken();
  const flags = scope.owned | (known === undefined ? 0 : KNOWN) |
    (idempotencyKey === undefined ? 0 : WITH_KEY);
  const inserts: InStatement[] = [];
  for (let start = 0; start < n; start += INSERT_CHUNK) {
    const values = messageValues(
      rows.slice(start, start + INSERT_CHUNK),
      start + 1,
    );
    inserts.push(
      MARKED_INSERT.bind({ count: n, sessionId, token }, { values }),
    );
  }
  const { mark } = await scope.batch(
    {
      mark: MARK.get(flags).bind({
        count: n,
        now,
        token,
        sessionId,
        format: scope.format.name,
        owner: scope.ownerArg,
        known: known ?? null,
        key: idempotencyKey ?? null,
      }),
      inserts,
      key: idempotencyKey === undefined ? [] : [
        MARKED_KEY.bind({
          key: idempotencyKey,
          count: n,
          now,
          sessionId,
          token,
        }),
      ],
    },
    "write",
    action,
  );
  if (known === undefined) {
    const row = mark.rows[0];
    return row ? Number(row[t.lastSeq.name]) : undefined;
  }
  return mark.rowsAffected === 1 ? known + n : undefined;
}

/**
 * Nothing was written (or nothing was asked): read why. A read after a
 * write that did nothing, so no race can make it lie about a write.
 */
async function explainNothingWritten(
  scope: Scope<unknown>,
  sessionId: string,
  n: number,
  { expectedLastSeq, idempotencyKey }: SaveMessagesOptions,
  action: string,
): Promise<SaveResult> {
  const state = await saveState(scope, sessionId, idempotencyKey, action);
  const lastSeqs = scope.shared.lastSeqs;
  if (!state) {
    lastSeqs.delete(sessionId);
    throw new SessionNotFoundError(sessionId, "save messages to");
  }
  const lastSeq = Number(state[t.lastSeq.name]);
  lastSeqs.set(sessionId, lastSeq);
  if (idempotencyKey !== undefined && state[KEY_FIRST] !== null) {
    const first = Number(state[KEY_FIRST]);
    const last = Number(state[KEY_LAST]);
    return {
      sessionId,
      firstSeq: first,
      lastSeq: last,
      count: last - first + 1,
      replayed: true,
    };
  }
  scope.checkFormat(sessionId, state);
  if (n === 0) {
    return {
      sessionId,
      firstSeq: lastSeq + 1,
      lastSeq,
      count: 0,
      replayed: false,
    };
  }
  throw new ConflictError(
    `Cannot ${action}: expected last seq ${expectedLastSeq}, but it is ${lastSeq}`,
    { sessionId, expectedLastSeq, actualLastSeq: lastSeq },
  );
}

/** The session's last seq, format and the key's seqs, if it is visible. */
async function saveState(
  scope: Scope<unknown>,
  sessionId: string,
  idempotencyKey: string | undefined,
  action: string,
): Promise<Row | undefined> {
  const { state } = await scope.batch(
    {
      state: SAVE_STATE.get(scope.owned).bind({
        key: idempotencyKey ?? null,
        sessionId,
        owner: scope.ownerArg,
      }),
    },
    "read",
    action,
  );
  return state.rows[0];
}
