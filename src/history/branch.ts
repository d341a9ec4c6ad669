/**
 * Changing a conversation's course: undo (remove the newest messages,
 * returning them) and fork (copy a session up to a seq into a new one).
 * Each is one atomic write batch that checks its preconditions in SQL, and
 * records its operation id and result (`ops.ts`): executed twice, it
 * applies once and answers with the first result.
 *
 * @module
 */
import type { Row } from "@libsql/client/web";
import { type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatMessages, chatSessions } from "../db/schema.ts";
import {
  ConflictError,
  ConnectionError,
  SessionNotFoundError,
} from "../errors.ts";
import { checkId, checkSeq, metadataText } from "./checks.ts";
import { INSERT_MESSAGES } from "./message_insert.ts";
import {
  COMMIT_STAGED,
  endSteps,
  EXPIRE_OPS,
  newOpId,
  OP_REPLAY,
  opIsNew,
  opResult,
  recordOp,
  recordUndoneAppends,
  stagedId,
} from "./ops.ts";
import { toRecord } from "./read.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { LOWER_WATERMARK, unindex } from "./search_index.ts";
import { bare, compile, FROM_M, list, m, names, Shapes } from "./sql.ts";
import {
  ON_ID_CONFLICT,
  seenSession,
  SESSION_JSON,
  SESSION_NAMES,
} from "./sessions.ts";
import type {
  ForkOptions,
  MessageRecord,
  PopOptions,
  Session,
} from "./types.ts";
import { uuidv7 } from "./uuid.ts";

const t = chatSessions;
const msg = chatMessages;
const k = chatIdempotency;

/** Shape bit of {@linkcode POP}: `{ afterSeq }` rather than `{ count }`. */
const AFTER_SEQ = 2;

type PopArgs = "sessionId" | "owner" | "format" | "cut" | "now" | "op";

/**
 * The seq to keep up to, computed in SQL from the session row (so nothing
 * is read first): `last_seq - count` (not below 0), or `afterSeq`. NULL
 * when the session is not this view's or the undo was applied already
 * (its operation recorded), which makes every step a no-op.
 */
function cutOf(flags: number, a: Record<PopArgs, SQL>): SQL {
  const value = flags & AFTER_SEQ
    ? a.cut
    : sql`max(0, ${t.lastSeq} - ${a.cut})`;
  return sql`(SELECT ${value} FROM ${t} WHERE ${t.id} = ${a.sessionId}${
    ownerFilter(flags, t.ownerId, a.owner)
  } AND ${t.format} = ${a.format} AND ${opIsNew(a.op)})`;
}

/**
 * At most this many characters of removed messages are kept to answer a
 * second execution of an undo (in a single value, far below what the
 * drivers can carry); a larger undo is still applied once, but its second
 * execution can only say so (see {@linkcode popMessages}).
 */
const KEPT_CHARS = 64 * 1024 * 1024;

/**
 * An undo's result, as JSON: `[[format, version] or null, [[seq, role,
 * content, created_at], …] or null]` — the session as this view sees it,
 * and the messages above the cut (`null` past {@linkcode KEPT_CHARS}).
 * `json()` keeps the inner arrays JSON, not text.
 */
function popResult(flags: number, a: Record<PopArgs, SQL>, cut: SQL): SQL {
  const session =
    sql`(SELECT json_array(${t.format}, ${t.formatVersion}) FROM ${t} WHERE ${t.id} = ${a.sessionId}${
      ownerFilter(flags, t.ownerId, a.owner)
    })`;
  const above =
    sql`FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${cut}`;
  const removed = sql`(SELECT CASE WHEN sum(length(${msg.content})) > ${
    sql.raw(String(KEPT_CHARS))
  } THEN NULL ELSE json_group_array(json_array(${msg.seq}, ${msg.role}, ${msg.content}, ${msg.createdAt})) END ${above})`;
  return sql`json_array(json(${session}), json(${removed}))`;
}

/**
 * The statements of one undo, each with the cut spliced in. The result is
 * staged first (the messages are still there), and becomes the
 * operation's by the batch's last write.
 */
const POP = new Shapes((flags) => {
  const step = (build: (a: Record<PopArgs, SQL>, cut: SQL) => SQL) =>
    compile<PopArgs>((a) => build(a, cutOf(flags, a)));
  return {
    /** The messages removed, oldest first. */
    removed: step((a, cut) =>
      sql`SELECT ${
        list(msg.seq, msg.role, msg.content, msg.createdAt)
      } FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${cut} ORDER BY ${msg.seq}`
    ),
    stage: step((a, cut) =>
      recordOp({
        id: stagedId(a.op),
        sessionId: a.sessionId,
        result: popResult(flags, a, cut),
        now: a.now,
      }, a.op)
    ),
    /** The removed saves' op ids, so a save executed again stays undone. */
    undone: step((a, cut) =>
      recordUndoneAppends(
        sql`FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${cut}`,
        a.now,
      )
    ),
    unindex: step((a, cut) =>
      unindex(sql`${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${cut}`)
    ),
    keys: step((a, cut) =>
      sql`DELETE FROM ${k} WHERE ${k.sessionId} = ${a.sessionId} AND ${k.lastSeq} > ${cut}`
    ),
    messages: step((a, cut) =>
      sql`DELETE FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${cut}`
    ),
    /** Moves the session's last seq down to the cut. */
    cutSession: step((a, cut) =>
      sql`UPDATE ${t} SET ${bare(t.lastSeq)} = min(${t.lastSeq}, ${cut}), ${
        bare(t.updatedAt)
      } = max(${t.updatedAt}, ${a.now}) WHERE ${t.id} = ${a.sessionId}${
        ownerFilter(flags, t.ownerId, a.owner)
      } AND ${t.format} = ${a.format} AND ${t.lastSeq} > ${cut}`
    ),
  };
});

/**
 * `History.popMessages`: the removed messages' search entries and
 * idempotency keys go with them; the watermark comes down. A second
 * execution of the same request removes nothing and answers with what the
 * first one removed.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param options `{ count }` or `{ afterSeq }`.
 * @returns The removed messages, oldest first.
 */
export async function popMessages<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  options: PopOptions,
): Promise<MessageRecord<TMessage>[]> {
  checkId(sessionId, "Session id");
  const action = `remove messages from session "${sessionId}"`;
  const { count, afterSeq } = options as {
    count?: number;
    afterSeq?: number;
  };
  if ((count === undefined) === (afterSeq === undefined)) {
    throw new TypeError(
      `Cannot ${action}: give exactly one of count or afterSeq`,
    );
  }
  if (count !== undefined) checkSeq(count, "count");
  if (afterSeq !== undefined) checkSeq(afterSeq, "afterSeq");
  const pop = POP.get(scope.owned | (count === undefined ? AFTER_SEQ : 0));
  const op = newOpId();
  const now = scope.shared.clock();
  const args = {
    sessionId,
    owner: scope.ownerArg,
    format: scope.format.name,
    cut: count ?? afterSeq!,
    now,
    op,
  };
  const results = await scope.batch(
    {
      session: scope.formatOf(sessionId),
      removed: pop.removed.bind(args),
      stage: pop.stage.bind(args),
      undone: pop.undone.bind(args),
      unindex: pop.unindex.bind(args),
      keys: pop.keys.bind(args),
      messages: pop.messages.bind(args),
      watermark: LOWER_WATERMARK,
      cutSession: pop.cutSession.bind(args),
      commit: COMMIT_STAGED.bind({ op }),
      replay: OP_REPLAY.bind({ op }),
      expire: EXPIRE_OPS.bind({ now }),
    },
    "write",
    action,
  );
  scope.shared.lastSeqs.delete(sessionId);
  const replayed = opResult(results.replay) as
    | [[string, string] | null, [number, string, string, number][] | null]
    | undefined;
  if (replayed === undefined) {
    // The first execution: its own steps say what it did.
    const row = results.session.rows[0];
    if (!row) throw new SessionNotFoundError(sessionId, "remove messages from");
    scope.checkFormat(sessionId, row);
    return results.removed.rows.map((r) => toRecord(scope, sessionId, r));
  }
  const [session, removed] = replayed;
  if (!session) {
    throw new SessionNotFoundError(sessionId, "remove messages from");
  }
  scope.checkFormat(sessionId, {
    [t.format.name]: session[0],
    [t.formatVersion.name]: session[1],
  });
  if (removed === null) throw tooLargeToReplay(action);
  return removed.sort((x, y) => x[0] - y[0]).map(([seq, role, content, at]) =>
    toRecord(
      scope,
      sessionId,
      {
        [msg.seq.name]: seq,
        [msg.role.name]: role,
        [msg.content.name]: content,
        [msg.createdAt.name]: at,
      } as unknown as Row,
    )
  );
}

/**
 * A second execution of an undo whose removed messages were too large to
 * keep: it was applied, once, but what it removed cannot be told again.
 */
function tooLargeToReplay(action: string): ConnectionError {
  return new ConnectionError(
    `Cannot ${action}: the request was applied once, but its reply was lost and the removed messages (over ${KEPT_CHARS} characters) were not kept to be sent again`,
  );
}

type ForkArgs =
  | "newId"
  | "metadata"
  | "now"
  | "upTo"
  | "op"
  | "sourceId"
  | "owner"
  | "format";

/**
 * The statements of a fork. The new row is marked with the operation id
 * (`last_write`), so the copy acts only where this batch created it; the
 * operation is recorded with the new session, so a second execution of the
 * batch creates and copies nothing and answers with the same session.
 */
const FORK = new Shapes((owned) => {
  const step = (build: (a: Record<ForkArgs, SQL>) => SQL) =>
    compile<ForkArgs>(build);
  const byId = (a: Record<ForkArgs, SQL>, id: SQL) =>
    sql`${t.id} = ${id}${ownerFilter(owned, t.ownerId, a.owner)}`;
  return {
    /** The new session row, marked, unless the id is taken. */
    create: step((a) =>
      sql`INSERT INTO ${t} (${SESSION_NAMES}, ${
        names(t.lastWrite)
      }) SELECT ${a.newId}, ${t.ownerId}, ${t.format}, ${t.formatVersion}, COALESCE(${a.metadata}, ${t.metadata}), ${a.now}, ${a.now}, min(${t.lastSeq}, ${a.upTo}), ${a.op} FROM ${t} WHERE ${
        byId(a, a.sourceId)
      } AND ${t.format} = ${a.format} AND ${opIsNew(a.op)} ${ON_ID_CONFLICT}`
    ),
    /** The messages up to the new last seq, where the mark took. */
    copy: step((a) =>
      sql`${INSERT_MESSAGES} SELECT ${t.id}, ${m.seq}, ${m.role}, ${m.content}, ${m.searchText}, ${m.createdAt} FROM ${t} JOIN ${FROM_M} ON ${m.sessionId} = ${a.sourceId} AND ${m.seq} <= ${t.lastSeq} WHERE ${t.id} = ${a.newId} AND ${t.lastWrite} = ${a.op} AND ${
        opIsNew(a.op)
      }`
    ),
    /** The operation, with the new session, where this batch created it. */
    record: step((a) =>
      recordOp(
        { id: a.op, sessionId: a.newId, result: SESSION_JSON, now: a.now },
        a.op,
        sql`${t}`,
        sql`${t.id} = ${a.newId} AND ${t.lastWrite} = ${a.op}`,
      )
    ),
  };
});

/**
 * `History.forkSession`: messages are copied with their times; their
 * search entries follow from the catch-up of the next search.
 *
 * @param scope The view.
 * @param sourceId The session to copy.
 * @param options Up to which seq, the new id and metadata.
 * @returns The new session.
 */
export async function forkSession(
  scope: Scope<unknown>,
  sourceId: string,
  options: ForkOptions,
): Promise<Session> {
  checkId(sourceId, "Session id");
  const now = scope.shared.clock();
  const newId = options.id ?? uuidv7(now);
  checkId(newId, "Session id");
  if (options.upToSeq !== undefined) checkSeq(options.upToSeq, "upToSeq");
  const action = `fork session "${sourceId}"`;
  const metadata = options.metadata === undefined
    ? null
    : metadataText(options.metadata, action, scope.shared.limits.metadata);
  const fork = FORK.get(scope.owned);
  const op = newOpId();
  const args = {
    newId,
    metadata,
    now,
    upTo: options.upToSeq ?? Number.MAX_SAFE_INTEGER,
    op,
    sourceId,
    owner: scope.ownerArg,
    format: scope.format.name,
  };
  const results = await scope.batch(
    {
      create: fork.create.bind(args),
      copy: fork.copy.bind(args),
      record: fork.record.bind(args),
      source: scope.formatOf(sourceId),
      ...endSteps(op, now),
    },
    "write",
    action,
  );
  const created = opResult(results.result) as
    | Readonly<Record<string, unknown>>
    | undefined;
  if (created === undefined) {
    // Nothing was recorded, so nothing was written: say why.
    const source = results.source.rows[0];
    if (!source) throw new SessionNotFoundError(sourceId, "fork");
    scope.checkFormat(sourceId, source);
    throw new ConflictError(
      `Cannot ${action}: session id "${newId}" is already taken`,
      { sessionId: newId },
    );
  }
  return seenSession(scope, created);
}
