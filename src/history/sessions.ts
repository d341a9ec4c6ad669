/**
 * Session rows: create-or-get, get, update the metadata, and the mapping of
 * a `chat_sessions` row to a {@linkcode Session}. A create or an update
 * records its operation id with the session it returns (`ops.ts`), so the
 * same request executed twice neither creates again what was deleted in
 * between nor updates again over someone else's update.
 *
 * @module
 */
import { type SQL, sql } from "drizzle-orm";
import { chatSessions } from "../db/schema.ts";
import {
  ConflictError,
  SessionNotFoundError,
  ValidationError,
} from "../errors.ts";
import type { JsonObject } from "../json.ts";
import { checkId, metadataText } from "./checks.ts";
import { endSteps, newOpId, opIsNew, opResult, recordOp } from "./ops.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { bare, compile, list, names, Shapes, when } from "./sql.ts";
import type {
  CreateSessionOptions,
  Session,
  UpdateSessionOptions,
} from "./types.ts";
import { uuidv7 } from "./uuid.ts";

const t = chatSessions;

/** The columns a {@linkcode Session} is read from, in `SELECT` form. */
export const SESSION_COLUMNS = list(
  t.id,
  t.ownerId,
  t.format,
  t.formatVersion,
  t.metadata,
  t.createdAt,
  t.updatedAt,
  t.lastSeq,
);

/** The same columns as an insert's column list. */
export const SESSION_NAMES = names(
  t.id,
  t.ownerId,
  t.format,
  t.formatVersion,
  t.metadata,
  t.createdAt,
  t.updatedAt,
  t.lastSeq,
);

/**
 * The same columns as one JSON object under their names, the metadata as
 * JSON (not as a string, which would escape every quote in it): how an
 * operation records the session it returns (`ops.ts`), read back by
 * {@linkcode toSession} once parsed.
 */
export const SESSION_JSON: SQL = sql`json_object(${
  sql.join(
    [
      t.id,
      t.ownerId,
      t.format,
      t.formatVersion,
      t.metadata,
      t.createdAt,
      t.updatedAt,
      t.lastSeq,
    ].map((column) =>
      sql`'${sql.raw(column.name)}', ${
        column === t.metadata ? sql`json(${column})` : column
      }`
    ),
    sql`, `,
  )
})`;

/** `ON CONFLICT (id)`: a session id is taken at most once. */
export const ON_ID_CONFLICT = sql`ON CONFLICT (${bare(t.id)}) DO NOTHING`;

/**
 * The session of a row this view just read or wrote, its last seq
 * remembered as the hint the next save is gated on.
 *
 * @param scope The view.
 * @param row A row {@linkcode toSession} takes.
 * @returns The session.
 */
export function seenSession(
  scope: Scope<unknown>,
  row: Readonly<Record<string, unknown>>,
): Session {
  const session = toSession(row);
  scope.shared.lastSeqs.set(session.id, session.lastSeq);
  return session;
}

/**
 * @param row A row with the {@linkcode SESSION_COLUMNS}, or the parsed
 *   {@linkcode SESSION_JSON}.
 * @returns The session.
 */
export function toSession(row: Readonly<Record<string, unknown>>): Session {
  const lastSeq = Number(row[t.lastSeq.name]);
  const owner = row[t.ownerId.name];
  const metadata = row[t.metadata.name];
  return {
    id: String(row[t.id.name]),
    owner: owner === null ? null : String(owner),
    createdAt: new Date(Number(row[t.createdAt.name])),
    updatedAt: new Date(Number(row[t.updatedAt.name])),
    metadata:
      (typeof metadata === "string"
        ? JSON.parse(metadata)
        : metadata) as JsonObject,
    format: {
      name: String(row[t.format.name]),
      version: String(row[t.formatVersion.name]),
    },
    lastSeq,
    messageCount: lastSeq,
  };
}

/**
 * A new session, unless the id exists or this create was applied already
 * (`WHERE` before `ON CONFLICT` keeps SQLite from reading the conflict
 * clause as a join).
 */
const CREATE = compile<
  | "id"
  | "owner"
  | "format"
  | "version"
  | "metadata"
  | "now"
  | "op"
>((a) =>
  sql`INSERT INTO ${t} (${SESSION_NAMES}) SELECT ${a.id}, ${a.owner}, ${a.format}, ${a.version}, ${a.metadata}, ${a.now}, ${a.now}, 0 WHERE ${
    opIsNew(a.op)
  } ${ON_ID_CONFLICT}`
);

/**
 * Right after a create or an update: the operation, with the session as it
 * wrote it, if the statement before wrote the row (`changes()`).
 */
const RECORD = compile<"id" | "op" | "now">((a) =>
  recordOp(
    { id: a.op, sessionId: a.id, result: SESSION_JSON, now: a.now },
    a.op,
    sql`${t}`,
    sql`${t.id} = ${a.id} AND changes() = 1`,
  )
);

const BY_ID = new Shapes((owned) =>
  compile<"id" | "owner">((a) =>
    sql`SELECT ${SESSION_COLUMNS} FROM ${t} WHERE ${t.id} = ${a.id}${
      ownerFilter(owned, t.ownerId, a.owner)
    }`
  )
);

/** Bit of {@linkcode UPDATE}'s shapes: merge a patch instead of replacing. */
const PATCH = 2;

/**
 * Replaces the metadata, or merges a patch into it unless the merged text
 * would be larger than `maxBytes` (then it updates nothing: the patch and
 * the stored metadata are each within the limit, their merge may not be),
 * and unless this update was applied already.
 */
const UPDATE = new Shapes((flags) =>
  compile<"id" | "owner" | "metadata" | "maxBytes" | "op">((a) => {
    const merged = sql`json_patch(${t.metadata}, ${a.metadata})`;
    return sql`UPDATE ${t} SET ${bare(t.metadata)} = ${
      flags & PATCH ? merged : a.metadata
    } WHERE ${t.id} = ${a.id}${ownerFilter(flags & OWNED, t.ownerId, a.owner)}${
      when(
        flags & PATCH,
        sql` AND length(CAST(${merged} AS BLOB)) <= ${a.maxBytes}`,
      )
    } AND ${opIsNew(a.op)}`;
  })
);

/**
 * `History.getOrCreateSession`: one write batch that inserts the session
 * unless the id exists, then reads it back.
 *
 * @param scope The view.
 * @param id The session id; a new UUIDv7 when omitted.
 * @param options Metadata, owner and format of a new session.
 * @returns The session.
 */
export async function getOrCreateSession(
  scope: Scope<unknown>,
  id: string | undefined,
  options: CreateSessionOptions,
): Promise<Session> {
  const now = scope.shared.clock();
  const sessionId = id ?? uuidv7(now);
  checkId(sessionId, "Session id");
  const owner = scope.owner ?? options.owner ?? null;
  if (owner !== null) checkId(owner, "Owner");
  if (
    scope.owner !== undefined && options.owner !== undefined &&
    options.owner !== scope.owner
  ) {
    throw new TypeError(
      `Cannot create session "${sessionId}" for owner "${options.owner}" in a view of owner "${scope.owner}"`,
    );
  }
  const action = `create session "${sessionId}"`;
  const metadata = metadataText(
    options.metadata === undefined ? {} : options.metadata,
    action,
    scope.shared.limits.metadata,
  );
  const format = options.format ?? scope.format;
  const op = newOpId();
  const { session: rs, result } = await scope.batch(
    {
      create: CREATE.bind({
        id: sessionId,
        owner,
        format: format.name,
        version: format.version,
        metadata,
        now,
        op,
      }),
      record: RECORD.bind({ id: sessionId, op, now }),
      session: BY_ID.get(0).bind({ id: sessionId, owner: null }),
      ...endSteps(op, now),
    },
    "write",
    action,
  );
  // The session this call created (maybe in an earlier execution of the
  // same request), else the one that existed.
  const row = (opResult(result) as Readonly<Record<string, unknown>>) ??
    rs.rows[0];
  if (!row) throw new SessionNotFoundError(sessionId, "create");
  if (owner !== null && row[t.ownerId.name] !== owner) {
    // The id is global; it belongs to someone else. Say only that.
    throw new ConflictError(
      `Cannot create session "${sessionId}": the id is already taken`,
      { sessionId },
    );
  }
  return seenSession(scope, row);
}

/**
 * `History.getSession`.
 *
 * @param scope The view.
 * @param id The session id.
 * @returns The session, or `undefined`.
 */
export async function getSession(
  scope: Scope<unknown>,
  id: string,
): Promise<Session | undefined> {
  checkId(id, "Session id");
  const { session: rs } = await scope.batch(
    {
      session: BY_ID.get(scope.owned).bind({ id, owner: scope.ownerArg }),
    },
    "read",
    `get session "${id}"`,
  );
  const row = rs.rows[0];
  if (!row) return undefined;
  return seenSession(scope, row);
}

/**
 * `History.updateSession`: one `UPDATE`, the merge done by SQLite's
 * `json_patch` (RFC 7396), and the session it wrote recorded with the
 * operation.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param options `{ metadata }` or `{ metadataPatch }`.
 * @returns The updated session.
 */
export async function updateSession(
  scope: Scope<unknown>,
  sessionId: string,
  options: UpdateSessionOptions,
): Promise<Session> {
  checkId(sessionId, "Session id");
  const action = `update session "${sessionId}"`;
  const replace = (options as { metadata?: unknown }).metadata;
  const patch = (options as { metadataPatch?: unknown }).metadataPatch;
  if ((replace === undefined) === (patch === undefined)) {
    throw new TypeError(
      `Cannot ${action}: give exactly one of metadata or metadataPatch`,
    );
  }
  const { maxBytes } = scope.shared.limits.metadata;
  const metadata = metadataText(
    replace ?? patch,
    action,
    scope.shared.limits.metadata,
  );
  const shape = scope.owned | (replace === undefined ? PATCH : 0);
  const op = newOpId();
  const now = scope.shared.clock();
  const { result } = await scope.batch(
    {
      update: UPDATE.get(shape).bind({
        id: sessionId,
        owner: scope.ownerArg,
        metadata,
        maxBytes,
        op,
      }),
      record: RECORD.bind({ id: sessionId, op, now }),
      ...endSteps(op, now),
    },
    "write",
    action,
  );
  const row = opResult(result) as Readonly<Record<string, unknown>> | undefined;
  if (!row) {
    if (replace === undefined && await getSession(scope, sessionId)) {
      throw mergedTooLarge(action, maxBytes);
    }
    throw new SessionNotFoundError(sessionId, "update");
  }
  return toSession(row);
}

/** A patch whose merge with the stored metadata is over the limit. */
function mergedTooLarge(action: string, maxBytes: number): ValidationError {
  const message =
    `the merged metadata would be larger than ${maxBytes} bytes (maxMetadataBytes)`;
  return new ValidationError(`Cannot ${action}: ${message}`, {
    issues: [{ path: "metadata", message }],
  });
}
