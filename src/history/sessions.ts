/**
 * Session rows: create-or-get, get, update the metadata, and the mapping of
 * a `chat_sessions` row to a {@linkcode Session}.
 *
 * @module
 */
import type { Row } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import { chatSessions } from "../db/schema.ts";
import { ConflictError, SessionNotFoundError } from "../errors.ts";
import type { JsonObject } from "../json.ts";
import { checkId, metadataText } from "./checks.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { bare, compile, list, names, Shapes } from "./sql.ts";
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

/** `ON CONFLICT (id)`: a session id is taken at most once. */
export const ON_ID_CONFLICT = sql`ON CONFLICT (${bare(t.id)}) DO NOTHING`;

/**
 * @param row A row with the {@linkcode SESSION_COLUMNS}.
 * @returns The session.
 */
export function toSession(row: Row): Session {
  const lastSeq = Number(row[t.lastSeq.name]);
  const owner = row[t.ownerId.name];
  return {
    id: String(row[t.id.name]),
    owner: owner === null ? null : String(owner),
    createdAt: new Date(Number(row[t.createdAt.name])),
    updatedAt: new Date(Number(row[t.updatedAt.name])),
    metadata: JSON.parse(String(row[t.metadata.name])) as JsonObject,
    format: {
      name: String(row[t.format.name]),
      version: String(row[t.formatVersion.name]),
    },
    lastSeq,
    messageCount: lastSeq,
  };
}

const CREATE = compile<
  | "id"
  | "owner"
  | "format"
  | "version"
  | "metadata"
  | "now"
>((a) =>
  sql`INSERT INTO ${t} (${SESSION_NAMES}) VALUES (${a.id}, ${a.owner}, ${a.format}, ${a.version}, ${a.metadata}, ${a.now}, ${a.now}, 0) ${ON_ID_CONFLICT}`
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

const UPDATE = new Shapes((flags) =>
  compile<"id" | "owner" | "metadata">((a) =>
    sql`UPDATE ${t} SET ${bare(t.metadata)} = ${
      flags & PATCH ? sql`json_patch(${t.metadata}, ${a.metadata})` : a.metadata
    } WHERE ${t.id} = ${a.id}${
      ownerFilter(flags & OWNED, t.ownerId, a.owner)
    } RETURNING ${SESSION_COLUMNS}`
  )
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
  );
  const format = options.format ?? scope.format;
  const { session: rs } = await scope.batch(
    {
      create: CREATE.bind({
        id: sessionId,
        owner,
        format: format.name,
        version: format.version,
        metadata,
        now,
      }),
      session: BY_ID.get(0).bind({ id: sessionId, owner: null }),
    },
    "write",
    action,
  );
  const row = rs.rows[0];
  if (!row) throw new SessionNotFoundError(sessionId, "create");
  if (owner !== null && row[t.ownerId.name] !== owner) {
    // The id is global; it belongs to someone else. Say only that.
    throw new ConflictError(
      `Cannot create session "${sessionId}": the id is already taken`,
      { sessionId },
    );
  }
  const session = toSession(row);
  scope.shared.lastSeqs.set(session.id, session.lastSeq);
  return session;
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
  const session = toSession(row);
  scope.shared.lastSeqs.set(session.id, session.lastSeq);
  return session;
}

/**
 * `History.updateSession`: one `UPDATE … RETURNING`, the merge done by
 * SQLite's `json_patch` (RFC 7396).
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
  const metadata = metadataText(replace ?? patch, action);
  const shape = scope.owned | (replace === undefined ? PATCH : 0);
  const { session: rs } = await scope.batch(
    {
      session: UPDATE.get(shape).bind({
        id: sessionId,
        owner: scope.ownerArg,
        metadata,
      }),
    },
    "write",
    action,
  );
  const row = rs.rows[0];
  if (!row) throw new SessionNotFoundError(sessionId, "update");
  return toSession(row);
}
