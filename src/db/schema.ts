/**
 * The drizzle tables: the single source of truth for the database layout.
 * `drizzle-kit generate` turns changes here into SQL under `drizzle/`, and
 * `deno task migrations` embeds that SQL in `src/db/migrations.ts`. The
 * history writes its SQL against these tables too (`src/history/sql.ts`),
 * so no table or column name is spelled twice.
 *
 * @module
 */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** One conversation: its owner, metadata, format and append counter. */
export const chatSessions = sqliteTable("chat_sessions", {
  /** Caller-given id, or a generated UUIDv7. */
  id: text("id").primaryKey(),
  /** The user or tenant the session belongs to; `NULL` for none. */
  ownerId: text("owner_id"),
  /** Name of the message format that created the session. */
  format: text("format").notNull(),
  /** Version of that format. */
  formatVersion: text("format_version").notNull(),
  /** Session metadata as JSON text (an object). */
  metadata: text("metadata").notNull().default("{}"),
  /** Unix milliseconds. */
  createdAt: integer("created_at").notNull(),
  /** Unix milliseconds; bumped by every append and metadata change. */
  updatedAt: integer("updated_at").notNull(),
  /** `seq` of the newest message; 0 when empty. Messages are 1..lastSeq. */
  lastSeq: integer("last_seq").notNull().default(0),
  /** Random token of the last write, so one batch can tell its own steps apart. */
  lastWrite: text("last_write"),
}, (t) => [
  index("chat_sessions_updated_idx").on(t.updatedAt, t.id),
  index("chat_sessions_owner_updated_idx").on(t.ownerId, t.updatedAt, t.id),
]);

/**
 * The unique (session, seq) index of `chat_messages`. Named once here: the
 * history's bulk deletes name it with `INDEXED BY`.
 */
export const MESSAGES_SESSION_SEQ_INDEX = "chat_messages_session_seq_idx";

/** One message of a session, ordered by its per-session `seq`. */
export const chatMessages = sqliteTable("chat_messages", {
  id: integer("id").primaryKey(),
  sessionId: text("session_id").notNull().references(() => chatSessions.id),
  /** 1, 2, 3… within the session, gapless, in append order. */
  seq: integer("seq").notNull(),
  /** Derived from the payload by the session's format. */
  role: text("role", { enum: ["user", "model", "system", "tool"] }).notNull(),
  /** The message as JSON text, byte-for-byte as it was given or serialized. */
  content: text("content").notNull(),
  /**
   * The text a person would search (from the format's `textOf`), or `NULL`.
   * The external-content FTS5 tables `chat_messages_fts` (whole words) and
   * `chat_messages_trigram` (text of scripts written without spaces) index
   * it (`src/history/search_index.ts`).
   */
  searchText: text("search_text"),
  /** Unix milliseconds. */
  createdAt: integer("created_at").notNull(),
  /**
   * The operation id of the save that wrote this row, on the first row of
   * each save only (`NULL` on the others): a save executed twice finds its
   * own first execution by it, at the seq it expected to write (by the
   * (session, seq) index: no index of its own). See `src/history/ops.ts`.
   */
  op: text("op"),
}, (t) => [
  uniqueIndex(MESSAGES_SESSION_SEQ_INDEX).on(t.sessionId, t.seq),
  check(
    "chat_messages_role_check",
    sql`${t.role} IN ('user', 'model', 'system', 'tool')`,
  ),
]);

/** Idempotency keys of appends: the same key again replays the first result. */
export const chatIdempotency = sqliteTable("chat_idempotency", {
  sessionId: text("session_id").notNull().references(() => chatSessions.id),
  key: text("key").notNull(),
  firstSeq: integer("first_seq").notNull(),
  lastSeq: integer("last_seq").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.key] })]);

/**
 * How far the search index has caught up: messages with an id above
 * `indexed_upto` are indexed by the next search, in the same transaction.
 * Appends stay cheap; search stays exact.
 */
export const chatSearchState = sqliteTable("chat_search_state", {
  id: integer("id").primaryKey(),
  indexedUpto: integer("indexed_upto").notNull(),
}, (t) => [check("chat_search_state_single_row", sql`${t.id} = 1`)]);

/**
 * Operations already applied, with their results: every write other than an
 * append records its random operation id here in its own transaction, so
 * the same request executed twice (a lost reply that the HTTP client sent
 * again) applies once and answers with the first result. Rows are removed
 * after a day by later writes: a re-sent request arrives within seconds.
 */
export const chatOps = sqliteTable("chat_ops", {
  /** The operation id (random, one per call). */
  id: text("id").primaryKey(),
  /** The session the operation wrote, or `NULL` for several. */
  sessionId: text("session_id"),
  /** The operation's result as JSON text. */
  result: text("result").notNull(),
  /** Unix milliseconds. */
  createdAt: integer("created_at").notNull(),
}, (t) => [index("chat_ops_created_idx").on(t.createdAt)]);

/**
 * Every value each session's `updated_at` has taken, in order: the
 * listing's clock. Triggers of migration `0005_session_activity` add a row
 * when a session is created and whenever its `updated_at` changes, and
 * remove a session's rows with it. `id` only grows (`AUTOINCREMENT`, never
 * reused), so a listing pinned to the newest `id` of its first page places
 * each session where it stood then, whatever was appended, undone, created
 * or deleted since, and whatever the writers' clocks say (`listing.ts`).
 * No foreign key: the rows go by trigger, whatever `PRAGMA foreign_keys`.
 */
export const chatSessionActivity = sqliteTable("chat_session_activity", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  sessionId: text("session_id").notNull(),
  /** The session's `updated_at` from this change on. */
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("chat_session_activity_session_idx").on(t.sessionId, t.id),
]);
