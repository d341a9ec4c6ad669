/**
 * Changing a conversation's course: undo (remove the newest messages,
 * returning them) and fork (copy a session up to a seq into a new one).
 * Each is one atomic write batch that checks its preconditions in SQL.
 *
 * @module
 */
import { type SQL, sql } from "drizzle-orm";
import { chatIdempotency, chatMessages, chatSessions } from "../db/schema.ts";
import { ConflictError, SessionNotFoundError } from "../errors.ts";
import { checkId, checkSeq, metadataText } from "./checks.ts";
import { INSERT_MESSAGES } from "./message_insert.ts";
import { toRecord } from "./read.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { LOWER_WATERMARK, unindex } from "./search_index.ts";
import { bare, compile, FROM_M, list, m, named, names, Shapes } from "./sql.ts";
import {
  ON_ID_CONFLICT,
  SESSION_COLUMNS,
  SESSION_NAMES,
  toSession,
} from "./sessions.ts";
import type {
  ForkOptions,
  MessageRecord,
  PopOptions,
  Session,
} from "./types.ts";
import { uuidv7 } from "./uuid.ts";
import { randomToken } from "./write_token.ts";

const t = chatSessions;
const msg = chatMessages;
const k = chatIdempotency;

/** Shape bit of {@linkcode POP}: `{ afterSeq }` rather than `{ count }`. */
const AFTER_SEQ = 2;

type PopArgs = "sessionId" | "owner" | "format" | "cut" | "now";

/**
 * The seq to keep up to, computed in SQL from the session row (so nothing
 * is read first): `last_seq - count` (not below 0), or `afterSeq`. NULL
 * when the session is not this view's, which makes every step a no-op.
 */
function cutOf(flags: number, a: Record<PopArgs, SQL>): SQL {
  const value = flags & AFTER_SEQ
    ? a.cut
    : sql`max(0, ${t.lastSeq} - ${a.cut})`;
  return sql`(SELECT ${value} FROM ${t} WHERE ${t.id} = ${a.sessionId}${
    ownerFilter(flags, t.ownerId, a.owner)
  } AND ${t.format} = ${a.format})`;
}

/** The statements of one undo, each with the cut spliced in. */
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
 * idempotency keys go with them; the watermark comes down.
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
  const args = {
    sessionId,
    owner: scope.ownerArg,
    format: scope.format.name,
    cut: count ?? afterSeq!,
    now: scope.shared.clock(),
  };
  const { session, removed } = await scope.batch(
    {
      session: scope.formatOf(sessionId),
      removed: pop.removed.bind(args),
      unindex: pop.unindex.bind(args),
      keys: pop.keys.bind(args),
      messages: pop.messages.bind(args),
      watermark: LOWER_WATERMARK,
      cutSession: pop.cutSession.bind(args),
    },
    "write",
    action,
  );
  scope.shared.lastSeqs.delete(sessionId);
  const row = session.rows[0];
  if (!row) throw new SessionNotFoundError(sessionId, "remove messages from");
  scope.checkFormat(sessionId, row);
  return removed.rows.map((r) => toRecord(scope, sessionId, r));
}

/** The result column telling whether the fork's session row is new. */
const APPLIED = "applied";

type ForkArgs =
  | "newId"
  | "metadata"
  | "now"
  | "upTo"
  | "token"
  | "sourceId"
  | "owner"
  | "format";

const FORK = new Shapes((owned) => {
  const step = (build: (a: Record<ForkArgs, SQL>) => SQL) =>
    compile<ForkArgs>(build);
  const byId = (a: Record<ForkArgs, SQL>, id: SQL) =>
    sql`${t.id} = ${id}${ownerFilter(owned, t.ownerId, a.owner)}`;
  return {
    /** The new session row, marked with the token, unless the id is taken. */
    create: step((a) =>
      sql`INSERT INTO ${t} (${SESSION_NAMES}, ${
        names(t.lastWrite)
      }) SELECT ${a.newId}, ${t.ownerId}, ${t.format}, ${t.formatVersion}, COALESCE(${a.metadata}, ${t.metadata}), ${a.now}, ${a.now}, min(${t.lastSeq}, ${a.upTo}), ${a.token} FROM ${t} WHERE ${
        byId(a, a.sourceId)
      } AND ${t.format} = ${a.format} ${ON_ID_CONFLICT}`
    ),
    /** The messages up to the new last seq, where the mark took. */
    copy: step((a) =>
      sql`${INSERT_MESSAGES} SELECT ${t.id}, ${m.seq}, ${m.role}, ${m.content}, ${m.searchText}, ${m.createdAt} FROM ${t} JOIN ${FROM_M} ON ${m.sessionId} = ${a.sourceId} AND ${m.seq} <= ${t.lastSeq} WHERE ${t.id} = ${a.newId} AND ${t.lastWrite} = ${a.token}`
    ),
    /** The new session, and whether this batch created it. */
    fork: step((a) =>
      sql`SELECT ${SESSION_COLUMNS}, ${t.lastWrite} = ${a.token} AS ${
        named(APPLIED)
      } FROM ${t} WHERE ${byId(a, a.newId)}`
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
    : metadataText(options.metadata, action);
  const fork = FORK.get(scope.owned);
  const args = {
    newId,
    metadata,
    now,
    upTo: options.upToSeq ?? Number.MAX_SAFE_INTEGER,
    token: randomToken(),
    sourceId,
    owner: scope.ownerArg,
    format: scope.format.name,
  };
  const results = await scope.batch(
    {
      create: fork.create.bind(args),
      copy: fork.copy.bind(args),
      fork: fork.fork.bind(args),
      source: scope.formatOf(sourceId),
    },
    "write",
    action,
  );
  const source = results.source.rows[0];
  if (!source) throw new SessionNotFoundError(sourceId, "fork");
  scope.checkFormat(sourceId, source);
  const created = results.fork.rows[0];
  if (!created || Number(created[APPLIED]) !== 1) {
    throw new ConflictError(
      `Cannot ${action}: session id "${newId}" is already taken`,
      { sessionId: newId },
    );
  }
  const session = toSession(created);
  scope.shared.lastSeqs.set(session.id, session.lastSeq);
  return session;
}
