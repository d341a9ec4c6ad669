/**
 * Saving messages: each save is one atomic write in one round trip, whose
 * SQL checks the session's last seq, format, owner and idempotency key
 * itself. When it writes nothing, one read afterwards says why: a replay,
 * a missing session, another format or a conflict.
 *
 * Every save carries an operation id (`ops.ts`), written into the first
 * row it inserts, so a save whose request was executed twice (a lost reply
 * sent again) is applied once: the second execution's gate fails, and the
 * save looks for its id on the row at the seq it tried (`tried + 1`)
 * before it would ever append again. A marked batch, which does not know
 * where its rows go, also records its id in `chat_ops`.
 *
 * @module
 */
import type { InStatement, Row } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatMessages, chatSessions } from "../db/schema.ts";
import { ConflictError, SessionNotFoundError } from "../errors.ts";
import { checkId, checkSeq } from "./checks.ts";
import {
  fromValues,
  INSERT_CHUNK,
  messageValues,
  V,
} from "./message_insert.ts";
import {
  EXPIRE_OPS,
  newOpId,
  opIsNew,
  recordedResult,
  recordOp,
} from "./ops.ts";
import { type PreparedRow, prepareMessages } from "./prepare.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { bare, compile, FROM_S, named, names, s, Shapes, when } from "./sql.ts";
import type { Messages, SaveMessagesOptions, SaveResult } from "./types.ts";

const t = chatSessions;
const k = chatIdempotency;
const msg = chatMessages;

/** Shape bit: the save has an idempotency key. */
const WITH_KEY = 2;
/** Shape bit: the session's last seq is known (a hint or the caller's). */
const KNOWN = 4;

/** The condition that an append's idempotency key is new. */
function keyIsNew(a: { sessionId: SQL; key: SQL }): SQL {
  return sql` AND NOT EXISTS (SELECT 1 FROM ${k} WHERE ${k.sessionId} = ${a.sessionId} AND ${k.key} = ${a.key})`;
}

/**
 * `INSERT INTO chat_messages (…)` with the operation id last: every select
 * feeding it ends with {@linkcode opOfFirst}.
 */
const INSERT_APPENDED = sql`INSERT INTO ${msg} (${
  names(
    msg.sessionId,
    msg.seq,
    msg.role,
    msg.content,
    msg.searchText,
    msg.createdAt,
    msg.op,
  )
})`;

/** The op id on the save's first row (`v.column1` counts from 1), else NULL. */
function opOfFirst(op: SQL): SQL {
  return sql`CASE ${V.seq} WHEN 1 THEN ${op} END`;
}

/**
 * `tried + 1` if the save's first row is there — an earlier attempt of the
 * same save, gated on the last seq `tried`, wrote it — else NULL (also when
 * `tried` is NULL: no such attempt). By the (session, seq) index.
 */
function ownRowAfter(sessionId: SQL | Column, tried: SQL, op: SQL): SQL {
  return sql`(SELECT ${msg.seq} FROM ${msg} WHERE ${msg.sessionId} = ${sessionId} AND ${msg.seq} = ${tried} + 1 AND ${msg.op} = ${op})`;
}

/**
 * The first seq of the save's rows if it was applied: recorded with its
 * operation (a batched append, or an append an undo removed since), or on
 * the row after `tried` (an insert gated on that seq), else NULL.
 */
function appliedFirst(sessionId: SQL | Column, tried: SQL, op: SQL): SQL {
  return sql`COALESCE(json_extract(${recordedResult(op)}, '$[0]'), ${
    ownRowAfter(sessionId, tried, op)
  })`;
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
 * that went back), so times never decrease along seq. Executed a second
 * time, the gate fails: its own first execution moved the last seq, or, if
 * an undo brought the seq back since, recorded the save's operation.
 */
const GATED_INSERT = new Shapes((flags) =>
  compile<
    "sessionId" | "known" | "now" | "format" | "owner" | "key" | "op",
    "values"
  >((a, slot) =>
    sql`${INSERT_APPENDED} SELECT ${a.sessionId}, ${a.known} + ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, max(${a.now}, (SELECT ${t.updatedAt} FROM ${t} WHERE ${t.id} = ${a.sessionId})), ${
      opOfFirst(a.op)
    } FROM ${
      fromValues(slot.values)
    } WHERE EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${a.sessionId} AND ${t.format} = ${a.format}${
      ownerFilter(flags, t.ownerId, a.owner)
    } AND ${t.lastSeq} = ${a.known})${
      when(flags & WITH_KEY, keyIsNew(a))
    } AND ${opIsNew(a.op)}`
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
 * marks the row with the operation id, if the gate holds — which includes
 * that the save was not applied yet: neither by this batch (its operation
 * recorded) nor by an earlier gated attempt of the same save (its row at
 * `tried + 1`), so a batch executed twice moves nothing the second time.
 */
const MARK = new Shapes((flags) =>
  compile<
    | "count"
    | "now"
    | "sessionId"
    | "format"
    | "owner"
    | "known"
    | "key"
    | "op"
    | "tried"
  >((a) =>
    sql`UPDATE ${t} SET ${bare(t.lastSeq)} = ${t.lastSeq} + ${a.count}, ${
      bare(t.updatedAt)
    } = max(${t.updatedAt}, ${a.now}), ${
      bare(t.lastWrite)
    } = ${a.op} WHERE ${t.id} = ${a.sessionId} AND ${t.format} = ${a.format}${
      ownerFilter(flags, t.ownerId, a.owner)
    }${when(flags & KNOWN, sql` AND ${t.lastSeq} = ${a.known}`)}${
      when(flags & WITH_KEY, keyIsNew(a))
    } AND ${opIsNew(a.op)} AND ${
      ownRowAfter(a.sessionId, a.tried, a.op)
    } IS NULL`
  )
);

/**
 * One chunk of a marked batch's messages, numbered below the moved last
 * seq; created_at is the session's (clamped, never decreasing) updated_at.
 * It writes only if the statement before it wrote `prev` rows (the mark,
 * or the previous chunk): the mark alone would let a second execution of
 * the batch insert again, as the first one's mark is still there.
 */
const MARKED_INSERT = compile<
  "count" | "sessionId" | "op" | "prev",
  "values"
>((
  a,
  slot,
) =>
  sql`${INSERT_APPENDED} SELECT ${s.id}, ${s.lastSeq} - ${a.count} + ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, ${s.updatedAt}, ${
    opOfFirst(a.op)
  } FROM ${FROM_S}, ${
    fromValues(slot.values)
  } WHERE ${s.id} = ${a.sessionId} AND ${s.lastWrite} = ${a.op} AND changes() = ${a.prev}`
);

/**
 * After the last chunk (which wrote `prev` rows): the operation, with the
 * first seq, so a second execution of the batch finds where its rows went.
 */
const MARKED_OP = compile<"count" | "sessionId" | "op" | "prev" | "now">((
  a,
) =>
  recordOp(
    {
      id: a.op,
      sessionId: a.sessionId,
      result: sql`json_array(${t.lastSeq} - ${a.count} + 1)`,
      now: a.now,
    },
    a.op,
    sql`${t}`,
    sql`${t.id} = ${a.sessionId} AND ${t.lastWrite} = ${a.op} AND changes() = ${a.prev}`,
  )
);

/** The key of a marked batch, recorded right after its operation. */
const MARKED_KEY = compile<"key" | "count" | "now" | "sessionId" | "op">((
  a,
) =>
  sql`INSERT INTO ${k} (${KEY_NAMES}) SELECT ${t.id}, ${a.key}, ${t.lastSeq} - ${a.count} + 1, ${t.lastSeq}, ${a.now} FROM ${t} WHERE ${t.id} = ${a.sessionId} AND ${t.lastWrite} = ${a.op} AND changes() = 1`
);

/** The name of the column {@linkcode APPENDED} reads. */
const FIRST = "first";

/**
 * The last step of a marked batch: the first seq of the save's rows, if
 * this execution or an earlier one of the batch wrote them (its recorded
 * operation), or an earlier gated attempt did (its row at `tried + 1`).
 */
const APPENDED = compile<"op" | "sessionId" | "tried">((a) =>
  sql`SELECT ${appliedFirst(a.sessionId, a.tried, a.op)} AS ${named(FIRST)}`
);

/** The names of the two key columns {@linkcode SAVE_STATE} reads. */
const KEY_FIRST = "key_first";
const KEY_LAST = "key_last";

/**
 * The session's state after a save that wrote nothing, to say why — first
 * of all whether an earlier execution of this same save wrote it (its
 * operation id is on a row).
 */
const SAVE_STATE = new Shapes((owned) =>
  compile<"key" | "sessionId" | "owner" | "op" | "tried">((a) => {
    const keyColumn = (column: Column) =>
      sql`(SELECT ${column} FROM ${k} WHERE ${k.sessionId} = ${s.id} AND ${k.key} = ${a.key})`;
    return sql`SELECT ${s.lastSeq}, ${s.format}, ${s.formatVersion}, ${
      keyColumn(k.firstSeq)
    } AS ${named(KEY_FIRST)}, ${keyColumn(k.lastSeq)} AS ${named(KEY_LAST)}, ${
      appliedFirst(s.id, a.tried, a.op)
    } AS ${named(FIRST)} FROM ${FROM_S} WHERE ${s.id} = ${a.sessionId}${
      ownerFilter(owned, s.ownerId, a.owner)
    }`;
  })
);

/**
 * `History.saveMessages`. The write is conditioned on a known last seq
 * when there is one: the caller's precondition, else what this process
 * last saw of the session. Known, it needs no RETURNING (cheaper). A stale
 * hint makes the write do nothing; then it runs again without one — a
 * marked batch, which first checks that the save's operation id is on no
 * row: a hint can also go stale through the save's own first execution,
 * whose reply was lost and whose request was sent again. The hint only
 * gates the write: seqs always come from the session row.
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
  const rows = prepareMessages(
    scope.format,
    messages,
    action,
    scope.shared.limits,
  );
  const n = rows.length;
  const op = newOpId();
  const append = { scope, sessionId, rows, idempotencyKey, action, op };
  const hint = expectedLastSeq ?? scope.shared.lastSeqs.get(sessionId);
  if (n > 0) {
    let written = await appendRows(append, hint, undefined);
    if (
      written === undefined && expectedLastSeq === undefined &&
      hint !== undefined
    ) {
      written = await appendRows(append, undefined, hint);
    }
    if (written !== undefined) return saved(append, written);
  }
  return await explainNothingWritten(append, expectedLastSeq, hint);
}

/**
 * The result of a save that wrote its rows (in this execution or an
 * earlier one of the same request), noted in the caches.
 *
 * @param append The save.
 * @param lastSeq The seq of its last row.
 * @returns Where the messages went.
 */
function saved(
  { scope, sessionId, rows }: Append,
  lastSeq: number,
): SaveResult {
  // The stored texts are the ones just checked.
  for (const row of rows) scope.shared.checked.add(scope.format, row.content);
  scope.shared.lastSeqs.set(sessionId, lastSeq);
  const n = rows.length;
  return {
    sessionId,
    firstSeq: lastSeq - n + 1,
    lastSeq,
    count: n,
    replayed: false,
  };
}

/** One append: the rows to write where, and for which call. */
interface Append {
  readonly scope: Scope<unknown>;
  readonly sessionId: string;
  readonly rows: readonly PreparedRow[];
  readonly idempotencyKey: string | undefined;
  readonly action: string;
  /** The save's operation id, on its first row. */
  readonly op: string;
}

/**
 * Appends prepared rows atomically, in one round trip: a gated insert when
 * the last seq is `known` and the rows fit one statement, else a marked
 * batch.
 *
 * @param append The save.
 * @param known The last seq to gate on, if any.
 * @param tried The last seq an earlier attempt of this save was gated on.
 * @returns The new last seq, or `undefined` when nothing was written.
 */
function appendRows(
  append: Append,
  known: number | undefined,
  tried: number | undefined,
): Promise<number | undefined> {
  return known !== undefined && append.rows.length <= INSERT_CHUNK
    ? gatedInsert(append, known)
    : markedBatch(append, known, tried);
}

/**
 * One {@linkcode GATED_INSERT}, whose row count tells success (with an
 * idempotency key, in a batch with the key's row).
 */
async function gatedInsert(
  { scope, sessionId, rows, idempotencyKey, action, op }: Append,
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
    op,
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
 * One write batch that marks the session row with the operation id
 * ({@linkcode MARK}), inserts where the mark took, records the operation,
 * and reads where the save's rows went ({@linkcode APPENDED}).
 */
async function markedBatch(
  { scope, sessionId, rows, idempotencyKey, action, op }: Append,
  known: number | undefined,
  tried: number | undefined,
): Promise<number | undefined> {
  const n = rows.length;
  const now = scope.shared.clock();
  const flags = scope.owned | (known === undefined ? 0 : KNOWN) |
    (idempotencyKey === undefined ? 0 : WITH_KEY);
  const inserts: InStatement[] = [];
  let prev = 1;
  for (let start = 0; start < n; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const values = messageValues(chunk, start + 1);
    inserts.push(
      MARKED_INSERT.bind({ count: n, sessionId, op, prev }, { values }),
    );
    prev = chunk.length;
  }
  const { appended } = await scope.batch(
    {
      mark: MARK.get(flags).bind({
        count: n,
        now,
        sessionId,
        format: scope.format.name,
        owner: scope.ownerArg,
        known: known ?? null,
        key: idempotencyKey ?? null,
        op,
        tried: tried ?? null,
      }),
      inserts,
      record: MARKED_OP.bind({ count: n, sessionId, op, prev, now }),
      key: idempotencyKey === undefined ? [] : [
        MARKED_KEY.bind({ key: idempotencyKey, count: n, now, sessionId, op }),
      ],
      expire: EXPIRE_OPS.bind({ now }),
      appended: APPENDED.bind({ op, sessionId, tried: tried ?? null }),
    },
    "write",
    action,
  );
  const first = appended.rows[0]?.[FIRST];
  return first === null || first === undefined
    ? undefined
    : Number(first) + n - 1;
}

/**
 * Nothing was written (or nothing was asked): read why. A read after a
 * write that did nothing, so no race can make it lie about a write. The
 * save's own rows come first: an earlier execution of this request may
 * have written them (its reply lost, the request sent again).
 */
async function explainNothingWritten(
  append: Append,
  expectedLastSeq: number | undefined,
  tried: number | undefined,
): Promise<SaveResult> {
  const { scope, sessionId, rows, idempotencyKey, action } = append;
  const n = rows.length;
  const state = await saveState(append, tried);
  const lastSeqs = scope.shared.lastSeqs;
  if (!state) {
    lastSeqs.delete(sessionId);
    throw new SessionNotFoundError(sessionId, "save messages to");
  }
  if (n > 0 && state[FIRST] !== null) {
    return saved(append, Number(state[FIRST]) + n - 1);
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

/**
 * The session's last seq and format, the key's seqs and the save's own
 * first seq (where an attempt gated on `tried` would have put it), if the
 * session is visible.
 */
async function saveState(
  { scope, sessionId, idempotencyKey, action, op }: Append,
  tried: number | undefined,
): Promise<Row | undefined> {
  const { state } = await scope.batch(
    {
      state: SAVE_STATE.get(scope.owned).bind({
        key: idempotencyKey ?? null,
        sessionId,
        owner: scope.ownerArg,
        op,
        tried: tried ?? null,
      }),
    },
    "read",
    action,
  );
  return state.rows[0];
}
