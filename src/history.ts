/**
 * The {@linkcode History}: sessions and their ordered messages. Every write
 * is one `batch(…, "write")` (one transaction locally, one HTTP request
 * remotely) whose statements check their own preconditions in SQL, so there
 * is never a read followed by a write from the client.
 *
 * @module
 */
import * as v from "valibot";
import type { Client, InStatement, ResultSet, Row } from "@libsql/client/web";
import {
  connect,
  type Connection,
  type ConnectionKind,
  type ConnectionOptions,
  syncReplica,
} from "./client.ts";
import { migrate } from "./db/migrate.ts";
import {
  ConflictError,
  ConnectionError,
  CorruptRowError,
  FormatMismatchError,
  HistoryClosedError,
  HistoryError,
  SessionNotFoundError,
  ValidationError,
  type ValidationIssue,
} from "./errors.ts";
import type { MessageFormat, Role } from "./formats/format.ts";
import { type ModelMessage, pydanticAiFormat } from "./formats/pydantic_ai.ts";
import {
  findNonJson,
  isPlainObject,
  type JsonObject,
  splitJsonArray,
} from "./json.ts";
import { uuidv7 } from "./_uuid.ts";

/** Options of {@linkcode openHistory}. */
export interface HistoryOptions<TMessage = ModelMessage>
  extends ConnectionOptions {
  /**
   * The message format of new sessions, and the one used to check and read
   * messages.
   * @default {pydanticAiFormat}
   */
  format?: MessageFormat<TMessage>;
  /**
   * Apply the embedded migrations when opening.
   * @default {true}
   */
  migrate?: boolean;
  /**
   * How many characters of stored message text the history remembers as
   * already checked, so re-reading the same messages skips valibot (a
   * changed row is always checked again). `0` checks every read.
   * @default {32_000_000}
   */
  checkedCacheSize?: number;
  /**
   * The clock, in Unix milliseconds: a seam for tests. Order never depends
   * on it; only `createdAt`/`updatedAt` do.
   * @default {Date.now}
   */
  clock?: () => number;
}

/** A conversation: its id, owner, metadata and counters. */
export interface Session {
  /** The session id. */
  readonly id: string;
  /** The owner (user or tenant id), or `null`. */
  readonly owner: string | null;
  /** When the session was created. */
  readonly createdAt: Date;
  /** When a message or the metadata last changed. */
  readonly updatedAt: Date;
  /** The session metadata, exactly as saved. */
  readonly metadata: JsonObject;
  /** The format that created the session. */
  readonly format: { readonly name: string; readonly version: string };
  /** `seq` of the newest message; 0 for an empty session. */
  readonly lastSeq: number;
  /** Number of messages (seqs are gapless: equal to `lastSeq`). */
  readonly messageCount: number;
}

/** Options of {@linkcode History.getOrCreateSession}. */
export interface CreateSessionOptions {
  /** Metadata of a new session (ignored when the session exists). @default {{}} */
  metadata?: JsonObject;
  /** Owner of a new session (a view from `forOwner` sets it). */
  owner?: string;
  /**
   * Format of a new session, when it differs from the history's. Saving and
   * reading it then needs `history.withFormat(format)`.
   * @default {the history's format}
   */
  format?: MessageFormat<unknown>;
}

/** Options of {@linkcode History.listSessions}. */
export interface ListSessionsOptions {
  /** Sessions per page, 1–1000. @default {50} */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /**
   * Only sessions whose metadata has these top-level keys with these values
   * (strings, numbers, booleans or `null`).
   */
  metadata?: Readonly<Record<string, string | number | boolean | null>>;
  /** Only this owner's sessions (a view from `forOwner` always filters). */
  owner?: string;
}

/** One page of {@linkcode History.listSessions}. */
export interface SessionPage {
  /** The sessions, most recently active first. */
  readonly sessions: Session[];
  /** Pass it as `cursor` for the next page; `undefined` on the last page. */
  readonly nextCursor: string | undefined;
}

/** Options of {@linkcode History.updateSession}: exactly one of the two. */
export type UpdateSessionOptions =
  | {
    /** The new metadata, replacing the old. */ metadata: JsonObject;
    metadataPatch?: never;
  }
  | {
    /** An RFC 7396 JSON merge patch applied to the metadata (`null` removes a key). */
    metadataPatch: JsonObject;
    metadata?: never;
  };

/** Options of {@linkcode History.popMessages}: how much to remove. */
export type PopOptions =
  | { /** Remove the newest N messages. */ count: number; afterSeq?: never }
  | {
    /** Remove every message with a greater `seq`. */ afterSeq: number;
    count?: never;
  };

/** Options of {@linkcode History.forkSession}. */
export interface ForkOptions {
  /** Copy messages up to and including this `seq`. @default {all of them} */
  upToSeq?: number;
  /** The new session's id. @default {a new UUIDv7} */
  id?: string;
  /** The new session's metadata. @default {the source's metadata} */
  metadata?: JsonObject;
}

/** What {@linkcode History.deleteSession} removed. */
export interface DeleteResult {
  /** Whether the session existed (and is now gone). */
  readonly deleted: boolean;
  /** How many messages went with it. */
  readonly messages: number;
}

/** Options of {@linkcode History.searchMessages}. */
export interface SearchOptions {
  /** Only this session. */
  sessionId?: string;
  /** At most this many hits, 1–1000. @default {20} */
  limit?: number;
}

/** One message that matched a search. */
export interface SearchHit {
  /** The session of the message. */
  readonly sessionId: string;
  /** The message's `seq`. */
  readonly seq: number;
  /** The message's role. */
  readonly role: Role;
  /** When the message was saved. */
  readonly createdAt: Date;
  /** The matching text with the matched words in `[` `]`. */
  readonly snippet: string;
  /** Relevance (BM25); lower is better. Hits are sorted by it. */
  readonly rank: number;
}

/** Token counts added up over `model` messages. */
export interface UsageTotals {
  /** Messages that carried usage (model responses). */
  readonly responses: number;
  /** Input tokens. */
  readonly inputTokens: number;
  /** Output tokens. */
  readonly outputTokens: number;
  /** Input tokens read from cache. */
  readonly cacheReadTokens: number;
  /** Input tokens written to cache. */
  readonly cacheWriteTokens: number;
  /** Input plus output tokens. */
  readonly totalTokens: number;
}

/** What {@linkcode History.getUsage} returns. */
export interface UsageReport extends UsageTotals {
  /** The same totals per model name (`""` when unknown). */
  readonly byModel: Readonly<Record<string, UsageTotals>>;
}

/** Options of {@linkcode History.pruneSessions}. */
export interface PruneOptions {
  /** Delete sessions whose last activity (`updatedAt`) is before this time. */
  inactiveSince: Date;
  /** Only this owner's sessions (a view from `forOwner` always filters). */
  owner?: string;
  /** Sessions deleted per atomic batch. @default {100} */
  batchSize?: number;
}

/** Options of {@linkcode History.saveMessages}. */
export interface SaveMessagesOptions {
  /**
   * Optimistic concurrency: write only if the session's last `seq` is this
   * one, else throw {@linkcode ConflictError} and write nothing.
   */
  expectedLastSeq?: number;
  /**
   * Makes the call safe to retry: the same key again (for the same session)
   * writes nothing and returns the first call's result with `replayed: true`.
   */
  idempotencyKey?: string;
}

/** What {@linkcode History.saveMessages} wrote. */
export interface SaveResult {
  /** The session written to. */
  readonly sessionId: string;
  /** `seq` of the first message written (`lastSeq + 1` when none). */
  readonly firstSeq: number;
  /** `seq` of the last message written; the session's last `seq`. */
  readonly lastSeq: number;
  /** Number of messages written. */
  readonly count: number;
  /** True when an idempotency key matched an earlier call: nothing was written. */
  readonly replayed: boolean;
}

/**
 * Which messages to read. With no option, all of them. Windows are by
 * `seq`, never by time: `last` gives the newest N in chronological order;
 * `afterSeq`/`beforeSeq` bound the range (exclusive); `limit` caps the count,
 * taking the oldest of the range, or the newest when only `beforeSeq` is
 * given (a backward page).
 */
export interface ReadOptions {
  /** The newest N messages, oldest first. */
  last?: number;
  /** Only messages with `seq` greater than this. */
  afterSeq?: number;
  /** Only messages with `seq` less than this. */
  beforeSeq?: number;
  /** At most this many messages. */
  limit?: number;
}

/** A stored message with its position and derived facts. */
export interface MessageRecord<TMessage = ModelMessage> {
  /** Position in the session: 1, 2, 3… */
  readonly seq: number;
  /** The role derived from the payload. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
  /** The message, deep-equal to what was saved. */
  readonly message: TMessage;
  /** The message's stored JSON text (byte-for-byte what was saved as text). */
  readonly json: string;
}

/** A message to import, as a value or as JSON text, with its time. */
export interface ImportedMessage<TMessage = ModelMessage> {
  /** The message as a value (ignored when `json` is given). */
  readonly message?: TMessage;
  /** The message as JSON text, stored byte-for-byte. */
  readonly json?: string;
  /** When it was saved. @default {now} */
  readonly createdAt?: Date;
}

/** A whole session to write with {@linkcode History.importSession}. */
export interface ImportedSession<TMessage = ModelMessage> {
  /** The session id. */
  readonly id: string;
  /** The owner, or `null`. */
  readonly owner?: string | null;
  /** The metadata. @default {{}} */
  readonly metadata?: JsonObject;
  /** When the session was created. @default {now} */
  readonly createdAt?: Date;
  /** Its last activity. @default {the newest message time} */
  readonly updatedAt?: Date;
  /** The messages, oldest first; they get seqs 1, 2, 3… */
  readonly messages: readonly ImportedMessage<TMessage>[];
}

/** What {@linkcode History.importSession} did. */
export interface ImportResult {
  /** False when a session with this id already existed: nothing was written. */
  readonly imported: boolean;
  /** How many messages were written. */
  readonly messages: number;
}

const SESSION_COLUMNS =
  "id, owner_id, format, format_version, metadata, created_at, updated_at, last_seq";
const MAX_ID_LENGTH = 512;
/** Messages per INSERT statement (two bound values each). */
const INSERT_CHUNK = 400;

interface Core {
  readonly conn: Connection;
  readonly clock: () => number;
  readonly checked: CheckedTexts;
  /** Tags of the migrations opening this history applied. */
  migrationsApplied: readonly string[];
  /** The last seq this process saw of each session (a hint, never trusted). */
  readonly lastSeqs: LastSeqs;
  closed: boolean;
}

/** A bounded map of session id → last seq seen. */
class LastSeqs {
  readonly #map = new Map<string, number>();

  get(id: string): number | undefined {
    return this.#map.get(id);
  }

  set(id: string, seq: number): void {
    if (this.#map.size >= 10_000 && !this.#map.has(id)) this.#map.clear();
    this.#map.set(id, seq);
  }

  delete(id: string): void {
    this.#map.delete(id);
  }

  clear(): void {
    this.#map.clear();
  }
}

/**
 * The stored texts this process has already checked against a format, by
 * exact text and bounded in size. Reading the same bytes again (an agent
 * re-reads its history every turn) reuses the verdict instead of running
 * valibot again; different bytes — a changed or corrupt row — are always
 * checked.
 */
class CheckedTexts {
  readonly #budget: number;
  readonly #byFormat = new WeakMap<object, Map<string, true>>();
  readonly #sizes = new WeakMap<object, number>();

  constructor(budget: number) {
    this.#budget = budget;
  }

  has(format: object, text: string): boolean {
    return this.#byFormat.get(format)?.has(text) ?? false;
  }

  add(format: object, text: string): void {
    if (this.#budget <= 0 || text.length > this.#budget / 4) return;
    let texts = this.#byFormat.get(format);
    if (!texts) this.#byFormat.set(format, texts = new Map());
    let size = (this.#sizes.get(format) ?? 0) + text.length;
    texts.set(text, true);
    for (const oldest of texts.keys()) {
      if (size <= this.#budget) break;
      texts.delete(oldest);
      size -= oldest.length;
    }
    this.#sizes.set(format, size);
  }
}

/** A checked message, ready to insert. */
interface Prepared {
  role: Role;
  content: string;
  text: string;
}

/** The column list every insert of messages writes. */
const INSERT_MESSAGES =
  "INSERT INTO chat_messages (session_id, seq, role, content, search_text, created_at)";

/** The condition that an append's idempotency key is new (args: session, key). */
const KEY_IS_NEW =
  " AND NOT EXISTS (SELECT 1 FROM chat_idempotency WHERE session_id = ? AND key = ?)";

/**
 * Prepared messages as a `VALUES` list for an `INSERT … SELECT`: `column1`
 * counts from `first`, then role, content and search text (NULL for none),
 * then each row's time when `times` is given.
 */
function messageValues(
  rows: readonly Prepared[],
  first: number,
  times?: readonly number[],
): { sql: string; args: (string | number | null)[] } {
  const tuples: string[] = [];
  const args: (string | number | null)[] = [];
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    args.push(row.role, row.content, row.text || null);
    if (times) {
      tuples.push(`(${first + j}, ?, ?, ?, ?)`);
      args.push(times[j]!);
    } else {
      tuples.push(`(${first + j}, ?, ?, ?)`);
    }
  }
  return { sql: `VALUES ${tuples.join(", ")}`, args };
}

/** Messages as values, or the JSON text of an array of them. */
export type Messages<TMessage> = readonly TMessage[] | string;

function checkId(id: unknown, what: string): asserts id is string {
  if (typeof id !== "string") {
    throw new TypeError(`${what} must be a string, got ${typeof id}`);
  }
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new RangeError(
      `${what} must be 1 to ${MAX_ID_LENGTH} characters long, got ${id.length}`,
    );
  }
  if (!id.isWellFormed() || id.includes("\0")) {
    throw new RangeError(
      `${what} must be valid Unicode without NUL characters`,
    );
  }
}

function checkSeq(value: unknown, what: string): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new RangeError(
      `${what} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

function metadataText(metadata: unknown, action: string): string {
  if (!isPlainObject(metadata)) {
    throw new ValidationError(
      `Cannot ${action}: metadata must be a JSON object`,
      {
        issues: [{ path: "metadata", message: "expected a plain JSON object" }],
      },
    );
  }
  const bad = findNonJson(metadata);
  if (bad) {
    const path = bad.path ? `metadata.${bad.path}` : "metadata";
    throw new ValidationError(
      `Cannot ${action}: metadata at "${path}" is invalid: ${bad.message}`,
      { issues: [{ path, message: bad.message }] },
    );
  }
  return JSON.stringify(metadata);
}

function toSession(row: Row): Session {
  const lastSeq = Number(row.last_seq);
  return {
    id: String(row.id),
    owner: row.owner_id === null ? null : String(row.owner_id),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    metadata: JSON.parse(String(row.metadata)) as JsonObject,
    format: { name: String(row.format), version: String(row.format_version) },
    lastSeq,
    messageCount: lastSeq,
  };
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
}

/** Random per process, then a counter: unique across processes and calls. */
const TOKEN_PREFIX = crypto.randomUUID();
let tokenCounter = 0;

function randomToken(): string {
  return `${TOKEN_PREFIX}:${++tokenCounter}`;
}

/**
 * Removes messages matching `where` from the search index (only those it
 * already holds: an external-content index needs each row's indexed text).
 * Every message is indexed, a `NULL` text as an empty document, so FTS5's
 * integrity check can compare the index with `chat_messages` row for row.
 */
function unindex(where: string, from = "chat_messages"): string {
  return `INSERT INTO chat_messages_fts (chat_messages_fts, rowid, search_text) SELECT 'delete', id, search_text FROM ${from} WHERE ${where} AND id <= (SELECT indexed_upto FROM chat_search_state)`;
}

/**
 * After deleting messages: if the newest ids went, new messages would reuse
 * them, so the watermark comes down to the newest id left.
 */
const LOWER_WATERMARK =
  "UPDATE chat_search_state SET indexed_upto = min(indexed_upto, (SELECT COALESCE(max(id), 0) FROM chat_messages))";

/** Indexes every message above the watermark, then moves it up. */
const CATCH_UP_INDEX = [
  "INSERT INTO chat_messages_fts (rowid, search_text) SELECT id, search_text FROM chat_messages WHERE id > (SELECT indexed_upto FROM chat_search_state)",
  "UPDATE chat_search_state SET indexed_upto = (SELECT COALESCE(max(id), 0) FROM chat_messages)",
];

function metadataMatch(
  value: unknown,
): [string, (string | number)[]] {
  if (value === null) return ["j.type = 'null'", []];
  if (value === true) return ["j.type = 'true'", []];
  if (value === false) return ["j.type = 'false'", []];
  if (typeof value === "string") {
    return ["j.type = 'text' AND j.atom = ?", [value]];
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    return ["j.type IN ('integer', 'real') AND j.atom = ?", [value]];
  }
  throw new TypeError(
    "Metadata filters take strings, finite numbers, booleans or null",
  );
}

interface Cursor {
  t0: number;
  k: number;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(
    JSON.stringify([cursor.t0, cursor.k, cursor.id]),
  );
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(text: string): Cursor {
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const [t0, k, id] = JSON.parse(new TextDecoder().decode(bytes));
    if (
      Number.isSafeInteger(t0) && Number.isSafeInteger(k) &&
      typeof id === "string"
    ) {
      return { t0, k, id };
    }
  } catch {
    // fall through
  }
  throw new TypeError("Invalid cursor: pass the nextCursor of a previous page");
}

/** Turns plain words into an FTS5 query in which every word must appear. */
function ftsQuery(query: string): string {
  const words = query.normalize("NFC").match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];
  return words.slice(0, 64).map((w) => `"${w}"`).join(" ");
}

function sqlString(text: string): string {
  return text.replace(/'/g, "''");
}

function zeroUsage(): UsageTotals {
  return {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    totalTokens: 0,
  };
}

function usageOf(row: Row): UsageTotals {
  const inputTokens = Number(row.input);
  const outputTokens = Number(row.output);
  return {
    responses: Number(row.responses),
    inputTokens,
    outputTokens,
    cacheReadTokens: Number(row.cache_read),
    cacheWriteTokens: Number(row.cache_write),
    totalTokens: inputTokens + outputTokens,
  };
}

function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    responses: a.responses + b.responses,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/**
 * A conversation history: sessions and their messages, in a libSQL
 * database. Create one with {@linkcode openHistory}.
 *
 * @typeParam TMessage The type of one message of the history's format.
 */
export class History<TMessage = ModelMessage> implements AsyncDisposable {
  readonly #core: Core;
  readonly #format: MessageFormat<TMessage>;
  readonly #owner: string | undefined;

  /** @internal Use {@linkcode openHistory}. */
  constructor(core: Core, format: MessageFormat<TMessage>, owner?: string) {
    this.#core = core;
    this.#format = format;
    this.#owner = owner;
  }

  /** The kind of database: `"file"`, `"memory"`, `"remote"` or `"replica"`. */
  get kind(): ConnectionKind {
    return this.#core.conn.kind;
  }

  /** The database URL, without credentials. */
  get url(): string {
    return this.#core.conn.displayUrl;
  }

  /** The format messages are checked and read with. */
  get format(): MessageFormat<TMessage> {
    return this.#format;
  }

  /** The owner this view is limited to, if any. */
  get owner(): string | undefined {
    return this.#owner;
  }

  /**
   * True for an embedded replica whose remote could not be reached when it
   * was opened: reads come from the local copy and writes throw
   * {@linkcode ConnectionError} until a `sync()` succeeds.
   */
  get offline(): boolean {
    return this.#core.conn.offline;
  }

  /**
   * The migrations that opening this history applied, oldest first: empty
   * when the database was already up to date (or `migrate: false`).
   */
  get migrationsApplied(): readonly string[] {
    return this.#core.migrationsApplied;
  }

  /** Whether {@linkcode close} was called. */
  get closed(): boolean {
    return this.#core.closed;
  }

  #client(): Client {
    if (this.#core.closed) throw new HistoryClosedError();
    return this.#core.conn.client;
  }

  async #batch(
    stmts: InStatement[],
    mode: "write" | "read",
    action: string,
  ): Promise<ResultSet[]> {
    const client = this.#client();
    if (mode === "write") this.#checkWritable(action);
    try {
      return await client.batch(stmts, mode);
    } catch (error) {
      throw this.#core.conn.toError(error, action);
    }
  }

  /** An offline embedded replica refuses writes. */
  #checkWritable(action: string): void {
    if (this.#core.conn.offline) {
      throw new ConnectionError(
        `Cannot ${action}: the embedded replica "${this.#core.conn.displayUrl}" is offline (its remote could not be reached when it was opened); reads come from the local copy, and writes work again after a successful sync()`,
      );
    }
  }

  /** SQL fragment and args limiting sessions to this view's owner. */
  #ownerFilter(column = "owner_id"): { sql: string; args: string[] } {
    return this.#owner === undefined
      ? { sql: "", args: [] }
      : { sql: ` AND ${column} = ?`, args: [this.#owner] };
  }

  /**
   * Returns the session with this id, creating it when it does not exist.
   * Without an id, creates a session with a new UUIDv7 id.
   *
   * @example Create a session, then find it again by id
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const session = await history.getOrCreateSession("chat-1", {
   *   metadata: { user: "ada" },
   * });
   * const again = await history.getOrCreateSession("chat-1");
   * assert.equal(again.id, session.id);
   * assert.deepEqual(again.metadata, { user: "ada" });
   * ```
   *
   * @param id The session id (1–512 characters); a new UUIDv7 when omitted.
   * @param options Metadata and owner of a new session.
   * @returns The session.
   * @throws {ValidationError} When the metadata is not a JSON object.
   * @throws {ConflictError} When the id is taken by another owner's session.
   */
  async getOrCreateSession(
    id?: string,
    options: CreateSessionOptions = {},
  ): Promise<Session> {
    const now = this.#core.clock();
    const sessionId = id ?? uuidv7(now);
    checkId(sessionId, "Session id");
    const owner = this.#owner ?? options.owner ?? null;
    if (owner !== null) checkId(owner, "Owner");
    if (
      this.#owner !== undefined && options.owner !== undefined &&
      options.owner !== this.#owner
    ) {
      throw new TypeError(
        `Cannot create session "${sessionId}" for owner "${options.owner}" in a view of owner "${this.#owner}"`,
      );
    }
    const action = `create session "${sessionId}"`;
    const metadata = metadataText(
      options.metadata === undefined ? {} : options.metadata,
      action,
    );
    const [, rs] = await this.#batch(
      [
        {
          sql:
            `INSERT INTO chat_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
          args: [
            sessionId,
            owner,
            (options.format ?? this.#format).name,
            (options.format ?? this.#format).version,
            metadata,
            now,
            now,
          ],
        },
        {
          sql: `SELECT ${SESSION_COLUMNS} FROM chat_sessions WHERE id = ?`,
          args: [sessionId],
        },
      ],
      "write",
      action,
    );
    const row = rs!.rows[0];
    if (!row) throw new SessionNotFoundError(sessionId, "create");
    if (owner !== null && row.owner_id !== owner) {
      // The id is global; it belongs to someone else. Say only that.
      throw new ConflictError(
        `Cannot create session "${sessionId}": the id is already taken`,
        { sessionId },
      );
    }
    const session = toSession(row);
    this.#core.lastSeqs.set(session.id, session.lastSeq);
    return session;
  }

  /**
   * Returns a session, or `undefined` when there is none with this id.
   *
   * @param id The session id.
   * @returns The session, or `undefined`.
   */
  async getSession(id: string): Promise<Session | undefined> {
    checkId(id, "Session id");
    const owner = this.#ownerFilter();
    const [rs] = await this.#batch(
      [{
        sql:
          `SELECT ${SESSION_COLUMNS} FROM chat_sessions WHERE id = ?${owner.sql}`,
        args: [id, ...owner.args],
      }],
      "read",
      `get session "${id}"`,
    );
    const row = rs!.rows[0];
    if (!row) return undefined;
    const session = toSession(row);
    this.#core.lastSeqs.set(session.id, session.lastSeq);
    return session;
  }

  /**
   * Checks messages against the format and serializes them, or throws
   * {@linkcode ValidationError} naming the message index and path.
   */
  #prepare(
    messages: Messages<TMessage>,
    action: string,
  ): Prepared[] {
    let values: readonly unknown[];
    let texts: string[] | undefined;
    if (typeof messages === "string") {
      if (!messages.isWellFormed()) {
        throw new ValidationError(
          `Cannot ${action}: the JSON text has a lone surrogate (not valid Unicode)`,
          { issues: [{ path: "", message: "invalid Unicode in JSON text" }] },
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(messages);
      } catch (error) {
        throw new ValidationError(
          `Cannot ${action}: the JSON text does not parse: ${
            (error as Error).message
          }`,
          { issues: [{ path: "", message: "invalid JSON text" }] },
        );
      }
      if (!Array.isArray(parsed)) {
        throw new ValidationError(
          `Cannot ${action}: the JSON text must be an array of messages`,
          { issues: [{ path: "", message: "expected a JSON array" }] },
        );
      }
      values = parsed;
      texts = splitJsonArray(messages);
    } else if (Array.isArray(messages)) {
      values = messages;
    } else {
      throw new ValidationError(
        `Cannot ${action}: messages must be an array or the JSON text of one`,
        { issues: [{ path: "", message: "expected an array of messages" }] },
      );
    }
    return this.#prepareEach(values, texts, action);
  }

  /**
   * Checks each message; `texts[i]`, when given, is the message's own JSON
   * text (parsed here when `values[i]` is undefined) and is stored as is.
   */
  #prepareEach(
    values: readonly unknown[],
    texts: readonly (string | undefined)[] | undefined,
    action: string,
  ): Prepared[] {
    const out: Prepared[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      let value = values[i];
      const text = texts?.[i];
      if (text !== undefined && value === undefined) {
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw new ValidationError(
            `Cannot ${action}: message ${i} is not valid JSON text: ${
              (error as Error).message
            }`,
            {
              messageIndex: i,
              issues: [{ path: "", message: "invalid JSON text" }],
            },
          );
        }
      }
      const result = v.safeParse(this.#format.schema, value);
      if (!result.success) {
        const issues = issuesOf(result.issues);
        throw new ValidationError(
          `Cannot ${action}: message ${i} at "${
            issues[0]?.path ?? ""
          }" is invalid: ${issues[0]?.message ?? "unknown problem"}`,
          { messageIndex: i, issues, valibotIssues: result.issues },
        );
      }
      let content: string;
      if (text !== undefined) {
        content = text.trim();
      } else {
        const bad = findNonJson(value);
        if (bad) {
          throw new ValidationError(
            `Cannot ${action}: message ${i} at "${bad.path}" is invalid: ${bad.message}`,
            { messageIndex: i, issues: [bad] },
          );
        }
        content = JSON.stringify(value);
      }
      const message = result.output;
      out[i] = {
        role: this.#format.roleOf(message),
        content,
        text: this.#format.textOf?.(message) ?? "",
      };
    }
    return out;
  }

  /**
   * Appends messages to a session, atomically: all of them or none. Each gets
   * the next `seq`. Messages may be values or the JSON text of an array (as
   * Pydantic AI's `all_messages_json()` writes it), which is stored
   * byte-for-byte.
   *
   * @example Save a turn and read it back
   * ```ts
   * import { openHistory, type ModelMessage } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * const turn: ModelMessage[] = [
   *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
   *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
   * ];
   * const saved = await history.saveMessages(id, turn);
   * assert.equal(saved.lastSeq, 2);
   * assert.deepEqual(await history.getMessages(id), turn);
   * ```
   *
   * @param sessionId The session.
   * @param messages The messages, or the JSON text of an array of them.
   * @param options Preconditions: expected last `seq`, idempotency key.
   * @returns Where the messages went.
   * @throws {ValidationError} When a message is invalid (nothing is written).
   * @throws {SessionNotFoundError} When the session does not exist.
   * @throws {ConflictError} When `expectedLastSeq` does not match.
   * @throws {FormatMismatchError} When the session has another format.
   */
  async saveMessages(
    sessionId: string,
    messages: Messages<TMessage>,
    options: SaveMessagesOptions = {},
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
    const rows = this.#prepare(messages, action);
    const n = rows.length;
    const hints = this.#core.lastSeqs;
    if (n > 0) {
      // The write is conditioned on a known last seq when there is one: the
      // caller's precondition, else what this process last saw of the
      // session. Known, it needs no RETURNING (cheaper). A stale hint makes
      // the write do nothing; then it runs again without one. The hint only
      // gates the write: seqs always come from the session row.
      const hint = expectedLastSeq ?? hints.get(sessionId);
      let written = await this.#append(
        sessionId,
        rows,
        hint,
        idempotencyKey,
        action,
      );
      if (
        written === undefined && expectedLastSeq === undefined &&
        hint !== undefined
      ) {
        written = await this.#append(
          sessionId,
          rows,
          undefined,
          idempotencyKey,
          action,
        );
      }
      if (written !== undefined) {
        // The stored texts are the ones just checked.
        for (const row of rows) {
          this.#core.checked.add(this.#format, row.content);
        }
        hints.set(sessionId, written);
        return {
          sessionId,
          firstSeq: written - n + 1,
          lastSeq: written,
          count: n,
          replayed: false,
        };
      }
    }
    // Nothing was written (or nothing was asked): read why. A read after a
    // write that did nothing, so no race can make it lie about a write.
    const state = await this.#saveState(sessionId, idempotencyKey, action);
    if (!state) {
      hints.delete(sessionId);
      throw new SessionNotFoundError(sessionId, "save messages to");
    }
    const lastSeq = Number(state.last_seq);
    hints.set(sessionId, lastSeq);
    if (idempotencyKey !== undefined && state.key_first !== null) {
      const first = Number(state.key_first);
      const last = Number(state.key_last);
      return {
        sessionId,
        firstSeq: first,
        lastSeq: last,
        count: last - first + 1,
        replayed: true,
      };
    }
    this.#checkFormat(sessionId, state);
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
   * Appends prepared messages atomically, in one round trip: with `known`
   * (the last seq the session must have), one `INSERT … SELECT` whose row
   * count tells success, the new last seq being `known + n` (with an
   * idempotency key, in a batch with the key's row); otherwise one write
   * batch that marks the session row with a token (`UPDATE … RETURNING` when
   * the last seq is not known) and inserts where the token matches. Returns
   * the new last seq, or `undefined` when nothing was written.
   */
  async #append(
    sessionId: string,
    rows: readonly Prepared[],
    known: number | undefined,
    idempotencyKey: string | undefined,
    action: string,
  ): Promise<number | undefined> {
    const n = rows.length;
    const now = this.#core.clock();
    const owner = this.#ownerFilter();
    if (known !== undefined && n <= INSERT_CHUNK) {
      // The common save: one INSERT … SELECT, gated on the session's last
      // seq being `known` (and on the idempotency key being new). The gate
      // reads no inserted row, so SQLite checks it once, before the first
      // insert; the chat_messages_last_seq trigger then moves the session's
      // last_seq and updated_at, in the same statement. All rows or none:
      // the statement is atomic.
      const values = messageValues(rows, 1);
      const args: (string | number | null)[] = [
        sessionId,
        known,
        now,
        sessionId,
        ...values.args,
        sessionId,
        this.#format.name,
        ...owner.args,
        known,
      ];
      if (idempotencyKey !== undefined) args.push(sessionId, idempotencyKey);
      // created_at is never before the session's updated_at (a clock that
      // went back), so times never decrease along seq.
      const insert: InStatement = {
        sql:
          `${INSERT_MESSAGES} SELECT ?, ? + v.column1, v.column2, v.column3, v.column4, max(?, (SELECT updated_at FROM chat_sessions WHERE id = ?)) FROM (${values.sql}) AS v WHERE EXISTS (SELECT 1 FROM chat_sessions WHERE id = ? AND format = ?${owner.sql} AND last_seq = ?)${
            idempotencyKey === undefined ? "" : KEY_IS_NEW
          }`,
        args,
      };
      let rs: ResultSet;
      if (idempotencyKey === undefined) {
        rs = await this.#write(insert, action);
      } else {
        // The key is recorded only if that insert wrote the n rows: changes()
        // counts the rows the previous statement inserted (not the trigger's).
        [rs] = await this.#batch(
          [insert, {
            sql:
              "INSERT INTO chat_idempotency (session_id, key, first_seq, last_seq, created_at) SELECT ?, ?, ?, ?, ? WHERE changes() = ?",
            args: [sessionId, idempotencyKey, known + 1, known + n, now, n],
          }],
          "write",
          action,
        ) as [ResultSet];
      }
      return rs.rowsAffected === n ? known + n : undefined;
    }
    const token = randomToken();
    let where = `id = ? AND format = ?${owner.sql}`;
    const args: (string | number)[] = [
      n,
      now,
      token,
      sessionId,
      this.#format.name,
      ...owner.args,
    ];
    if (known !== undefined) {
      where += " AND last_seq = ?";
      args.push(known);
    }
    if (idempotencyKey !== undefined) {
      where += KEY_IS_NEW;
      args.push(sessionId, idempotencyKey);
    }
    const stmts: InStatement[] = [{
      sql:
        `UPDATE chat_sessions SET last_seq = last_seq + ?, updated_at = max(updated_at, ?), last_write = ? WHERE ${where}${
          known === undefined ? " RETURNING last_seq" : ""
        }`,
      args,
    }];
    for (let start = 0; start < n; start += INSERT_CHUNK) {
      const values = messageValues(
        rows.slice(start, start + INSERT_CHUNK),
        start + 1,
      );
      // created_at is the session's (clamped, never decreasing) updated_at.
      stmts.push({
        sql:
          `${INSERT_MESSAGES} SELECT s.id, s.last_seq - ? + v.column1, v.column2, v.column3, v.column4, s.updated_at FROM chat_sessions AS s, (${values.sql}) AS v WHERE s.id = ? AND s.last_write = ?`,
        args: [n, ...values.args, sessionId, token],
      });
    }
    if (idempotencyKey !== undefined) {
      stmts.push({
        sql:
          "INSERT INTO chat_idempotency (session_id, key, first_seq, last_seq, created_at) SELECT id, ?, last_seq - ? + 1, last_seq, ? FROM chat_sessions WHERE id = ? AND last_write = ?",
        args: [idempotencyKey, n, now, sessionId, token],
      });
    }
    const results = await this.#batch(stmts, "write", action);
    if (known === undefined) {
      const row = results[0]!.rows[0];
      return row ? Number(row.last_seq) : undefined;
    }
    return results[0]!.rowsAffected === 1 ? known + n : undefined;
  }

  /** The session's state after a save that wrote nothing, to say why. */
  async #saveState(
    sessionId: string,
    idempotencyKey: string | undefined,
    action: string,
  ): Promise<Row | undefined> {
    const owner = this.#ownerFilter();
    const [rs] = await this.#batch(
      [{
        sql:
          `SELECT last_seq, format, format_version, (SELECT first_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_first, (SELECT last_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_last FROM chat_sessions AS s WHERE id = ?${owner.sql}`,
        args: [
          idempotencyKey ?? null,
          idempotencyKey ?? null,
          sessionId,
          ...owner.args,
        ],
      }],
      "read",
      action,
    );
    return rs!.rows[0];
  }

  /**
   * Reads a window of message rows in one statement: the session row LEFT
   * JOINed to its messages, so a session with an empty window still gives
   * one row (of NULLs). The session must have this history's format (and
   * owner); no row at all means it is missing or foreign, told apart by a
   * second read only then.
   */
  async #readRows(
    sessionId: string,
    options: ReadOptions,
    action: string,
    records = false,
  ): Promise<Row[]> {
    checkId(sessionId, "Session id");
    const { last, afterSeq, beforeSeq, limit } = options;
    if (last !== undefined) checkSeq(last, "last");
    if (afterSeq !== undefined) checkSeq(afterSeq, "afterSeq");
    if (beforeSeq !== undefined) checkSeq(beforeSeq, "beforeSeq");
    if (limit !== undefined) checkSeq(limit, "limit");
    const owner = this.#ownerFilter("s.owner_id");
    let on = "m.session_id = s.id";
    const args: (string | number)[] = [];
    if (last !== undefined) {
      on += " AND m.seq > s.last_seq - ?";
      args.push(last);
    }
    if (afterSeq !== undefined) {
      on += " AND m.seq > ?";
      args.push(afterSeq);
    }
    if (beforeSeq !== undefined) {
      on += " AND m.seq < ?";
      args.push(beforeSeq);
    }
    args.push(sessionId, this.#format.name, ...owner.args);
    const backward = beforeSeq !== undefined && afterSeq === undefined &&
      limit !== undefined;
    // Without records, one column: every column costs per row in the client.
    const columns = records
      ? "m.content, m.seq, m.role, m.created_at"
      : "m.content";
    let sql =
      `SELECT ${columns} FROM chat_sessions AS s LEFT JOIN chat_messages AS m ON ${on} WHERE s.id = ? AND s.format = ?${owner.sql} ORDER BY m.seq${
        backward ? " DESC" : ""
      }`;
    if (limit !== undefined) {
      // LIMIT 0 would drop the session row too: read one, return none.
      sql += " LIMIT ?";
      args.push(Math.max(limit, 1));
    }
    const { rows } = await this.#execute({ sql, args }, action);
    if (rows.length === 0) return await this.#noSession(sessionId, action);
    if (rows[0]!.content === null || limit === 0) return [];
    return backward ? [...rows].reverse() : rows;
  }

  /**
   * Throws for a session a read did not find with this history's format and
   * owner: FormatMismatchError when it has another format, else
   * SessionNotFoundError (missing, another owner's, or created since).
   */
  async #noSession(sessionId: string, action: string): Promise<never> {
    const owner = this.#ownerFilter();
    const { rows } = await this.#execute({
      sql:
        `SELECT format, format_version FROM chat_sessions WHERE id = ?${owner.sql}`,
      args: [sessionId, ...owner.args],
    }, action);
    if (rows[0]) this.#checkFormat(sessionId, rows[0]);
    throw new SessionNotFoundError(sessionId, "read messages of");
  }

  /** One write statement, atomic on its own (autocommit). */
  async #write(stmt: InStatement, action: string): Promise<ResultSet> {
    this.#checkWritable(action);
    return await this.#execute(stmt, action);
  }

  async #execute(stmt: InStatement, action: string): Promise<ResultSet> {
    const client = this.#client();
    try {
      return await client.execute(stmt);
    } catch (error) {
      throw this.#core.conn.toError(error, action);
    }
  }

  /** Parses and checks one stored row, or throws {@linkcode CorruptRowError}. */
  #decode(sessionId: string, row: Row): TMessage {
    const seq = row.seq === undefined ? -1 : Number(row.seq);
    const text = String(row.content);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CorruptRowError(sessionId, seq, [{
        path: "",
        message: `stored JSON does not parse: ${(error as Error).message}`,
      }]);
    }
    if (this.#core.checked.has(this.#format, text)) return value as TMessage;
    const result = v.safeParse(this.#format.schema, value);
    if (!result.success) {
      throw new CorruptRowError(sessionId, seq, issuesOf(result.issues));
    }
    this.#core.checked.add(this.#format, text);
    return value as TMessage;
  }

  /**
   * Returns a session's messages in append order (by `seq`), each checked
   * against the format. With options, a window of them (see {@linkcode ReadOptions}).
   *
   * @param sessionId The session.
   * @param options Which messages; all by default.
   * @returns The messages, deep-equal to what was saved.
   * @throws {SessionNotFoundError} When the session does not exist.
   * @throws {CorruptRowError} When a stored message no longer parses.
   */
  async getMessages(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<TMessage[]> {
    const rows = await this.#readRows(
      sessionId,
      options,
      `read messages of session "${sessionId}"`,
    );
    try {
      return rows.map((row) => this.#decode(sessionId, row));
    } catch (error) {
      throw await this.#locateCorruption(sessionId, options, error);
    }
  }

  /**
   * Reads without `seq` leave a CorruptRowError without its seq: read the
   * same window again with seqs (a rare, failing path) to name the row.
   */
  async #locateCorruption(
    sessionId: string,
    options: ReadOptions,
    error: unknown,
  ): Promise<unknown> {
    if (!(error instanceof CorruptRowError) || error.seq >= 0) return error;
    try {
      await this.getMessageRecords(sessionId, options);
    } catch (located) {
      return located;
    }
    return error;
  }

  /**
   * Like {@linkcode getMessages}, with each message's `seq`, role and time.
   *
   * @param sessionId The session.
   * @param options Which messages; all by default.
   * @returns The records, oldest first.
   */
  async getMessageRecords(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<MessageRecord<TMessage>[]> {
    const rows = await this.#readRows(
      sessionId,
      options,
      `read messages of session "${sessionId}"`,
      true,
    );
    return rows.map((row) => this.#record(sessionId, row));
  }

  /**
   * Returns a session's messages as the JSON text of an array, as Pydantic
   * AI's `all_messages_json()` writes it. Messages saved as JSON text come
   * back byte-for-byte.
   *
   * @param sessionId The session.
   * @param options Which messages; all by default.
   * @returns The JSON text.
   */
  async getMessagesJson(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<string> {
    const rows = await this.#readRows(
      sessionId,
      options,
      `read messages of session "${sessionId}"`,
    );
    try {
      for (const row of rows) {
        // A text checked before needs no parse: it is returned as is.
        if (!this.#core.checked.has(this.#format, String(row.content))) {
          this.#decode(sessionId, row);
        }
      }
    } catch (error) {
      throw await this.#locateCorruption(sessionId, options, error);
    }
    return `[${rows.map((row) => String(row.content)).join(",")}]`;
  }

  /**
   * A view of this history limited to one owner (a user or tenant id): every
   * operation sees only that owner's sessions, and new sessions belong to
   * it. Another owner's session behaves exactly like a missing one. The view
   * shares this history's connection.
   *
   * @example Keep two users' conversations apart
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const alice = history.forOwner("alice");
   * const bob = history.forOwner("bob");
   * const { id } = await alice.getOrCreateSession();
   * assert.equal(await bob.getSession(id), undefined);
   * assert.equal((await alice.getSession(id))?.owner, "alice");
   * ```
   *
   * @param ownerId The owner, 1–512 characters.
   * @returns The view.
   */
  forOwner(ownerId: string): History<TMessage> {
    checkId(ownerId, "Owner");
    if (this.#owner !== undefined && this.#owner !== ownerId) {
      throw new TypeError(
        `Cannot view owner "${ownerId}" from a view of owner "${this.#owner}"`,
      );
    }
    return new History(this.#core, this.#format, ownerId);
  }

  /**
   * A view of this history that checks and reads messages with another
   * format; sessions it creates record that format. Using a session created
   * with a different format throws {@linkcode FormatMismatchError}.
   *
   * @param format The message format.
   * @returns The view.
   */
  withFormat<TOther>(format: MessageFormat<TOther>): History<TOther> {
    return new History(this.#core, format, this.#owner);
  }

  /**
   * Lists sessions, most recently active first (by `updatedAt`, ties by id),
   * a page at a time. The cursor pins the listing to the moment of its first
   * page: sessions created or appended to while you page neither skip nor
   * repeat — a session keeps the place it had then, and new sessions wait
   * for the next listing.
   *
   * @example Page through every session
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * for (let i = 0; i < 5; i++) await history.getOrCreateSession(`s${i}`);
   * const ids: string[] = [];
   * let cursor: string | undefined;
   * do {
   *   const page = await history.listSessions({ limit: 2, ...(cursor ? { cursor } : {}) });
   *   ids.push(...page.sessions.map((s) => s.id));
   *   cursor = page.nextCursor;
   * } while (cursor);
   * assert.equal(ids.length, 5);
   * ```
   *
   * @param options Page size, cursor and filters.
   * @returns One page and the cursor of the next.
   */
  async listSessions(options: ListSessionsOptions = {}): Promise<SessionPage> {
    const limit = options.limit ?? 50;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
      throw new RangeError(
        `limit must be an integer from 1 to 1000, got ${limit}`,
      );
    }
    const owner = this.#scopeOwner(options.owner);
    const filter: string[] = [];
    const filterArgs: (string | number | null)[] = [];
    if (owner !== undefined) {
      filter.push("owner_id = ?");
      filterArgs.push(owner);
    }
    for (const [key, value] of Object.entries(options.metadata ?? {})) {
      const [typeSql, typeArgs] = metadataMatch(value);
      filter.push(
        `EXISTS (SELECT 1 FROM json_each(metadata) AS j WHERE j.key = ? AND ${typeSql})`,
      );
      filterArgs.push(key, ...typeArgs);
    }
    const where = filter.length ? ` AND ${filter.join(" AND ")}` : "";
    const cursor = options.cursor === undefined
      ? undefined
      : decodeCursor(options.cursor);
    const t0Sql = cursor
      ? "SELECT ? AS t0"
      : "SELECT max(?, COALESCE((SELECT max(updated_at) FROM chat_sessions), 0)) AS t0";
    const t0Arg = cursor ? cursor.t0 : this.#core.clock();
    const after = cursor ? " AND (k, id) < (?, ?)" : "";
    const afterA = cursor ? " AND (updated_at, id) < (?, ?)" : "";
    const afterArgs = cursor ? [cursor.k, cursor.id] : [];
    const sql = `WITH p AS (${t0Sql})
SELECT * FROM (
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, updated_at AS k, (SELECT t0 FROM p) AS t0 FROM chat_sessions
    WHERE updated_at <= (SELECT t0 FROM p)${afterA}${where} ORDER BY updated_at DESC, id DESC LIMIT ?)
  UNION ALL
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, COALESCE((SELECT m.created_at FROM chat_messages AS m WHERE m.session_id = s.id AND m.created_at <= (SELECT t0 FROM p) ORDER BY m.seq DESC LIMIT 1), s.created_at) AS k, (SELECT t0 FROM p) AS t0 FROM chat_sessions AS s
    WHERE updated_at > (SELECT t0 FROM p) AND created_at <= (SELECT t0 FROM p)${where})
) WHERE 1${after} ORDER BY k DESC, id DESC LIMIT ?`;
    const [rs] = await this.#batch(
      [{
        sql,
        args: [
          t0Arg,
          ...afterArgs,
          ...filterArgs,
          limit + 1,
          ...filterArgs,
          ...afterArgs,
          limit + 1,
        ],
      }],
      "read",
      "list sessions",
    );
    const rows = rs!.rows;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      sessions: page.map(toSession),
      nextCursor: rows.length > limit && last
        ? encodeCursor({
          t0: Number(last.t0),
          k: Number(last.k),
          id: String(last.id),
        })
        : undefined,
    };
  }

  /** The owner to filter on: the view's, or the one asked for at the root. */
  #scopeOwner(asked: string | undefined): string | undefined {
    if (asked !== undefined) checkId(asked, "Owner");
    if (this.#owner !== undefined) {
      if (asked !== undefined && asked !== this.#owner) {
        throw new TypeError(
          `Cannot use owner "${asked}" in a view of owner "${this.#owner}"`,
        );
      }
      return this.#owner;
    }
    return asked;
  }

  /**
   * Replaces a session's metadata, or merges a patch into it (RFC 7396: keys
   * set to `null` are removed, objects merge recursively), atomically in the
   * database. Metadata changes do not move `updatedAt`, which tracks the
   * conversation (messages appended or removed).
   *
   * @example Rename a conversation
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * await history.getOrCreateSession("c", { metadata: { title: "Draft", tags: ["a"] } });
   * const s = await history.updateSession("c", { metadataPatch: { title: "Trip", tags: null } });
   * assert.deepEqual(s.metadata, { title: "Trip" });
   * ```
   *
   * @param sessionId The session.
   * @param options `{ metadata }` to replace, or `{ metadataPatch }` to merge.
   * @returns The updated session.
   * @throws {ValidationError} When the metadata or patch is not a JSON object.
   * @throws {SessionNotFoundError} When the session does not exist.
   */
  async updateSession(
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
    const owner = this.#ownerFilter();
    const text = metadataText(replace ?? patch, action);
    const set = replace !== undefined ? "?" : "json_patch(metadata, ?)";
    const [rs] = await this.#batch(
      [{
        sql:
          `UPDATE chat_sessions SET metadata = ${set} WHERE id = ?${owner.sql} RETURNING ${SESSION_COLUMNS}`,
        args: [text, sessionId, ...owner.args],
      }],
      "write",
      action,
    );
    const row = rs!.rows[0];
    if (!row) throw new SessionNotFoundError(sessionId, "update");
    return toSession(row);
  }

  /**
   * Removes the newest messages of a session — the last `count`, or all
   * after `afterSeq` — and returns them, atomically (undo). The next append
   * continues from the new last `seq`. Search entries and idempotency keys of
   * the removed messages go with them.
   *
   * @example Undo the last turn
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [
   *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
   *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
   * ]);
   * const removed = await history.popMessages(id, { count: 1 });
   * assert.equal(removed[0]?.seq, 2);
   * assert.equal((await history.getMessages(id)).length, 1);
   * ```
   *
   * @param sessionId The session.
   * @param options `{ count }` or `{ afterSeq }`.
   * @returns The removed messages as records, oldest first.
   * @throws {SessionNotFoundError} When the session does not exist.
   */
  async popMessages(
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
    const owner = this.#ownerFilter();
    const cut = count !== undefined
      ? `(SELECT max(0, last_seq - ?) FROM chat_sessions WHERE id = ?${owner.sql} AND format = ?)`
      : `(SELECT ? FROM chat_sessions WHERE id = ?${owner.sql} AND format = ?)`;
    const cutArgs = [
      count ?? afterSeq!,
      sessionId,
      ...owner.args,
      this.#format.name,
    ];
    const results = await this.#batch(
      [
        {
          sql:
            `SELECT format, format_version FROM chat_sessions WHERE id = ?${owner.sql}`,
          args: [sessionId, ...owner.args],
        },
        {
          sql:
            `SELECT seq, role, content, created_at FROM chat_messages WHERE session_id = ? AND seq > ${cut} ORDER BY seq`,
          args: [sessionId, ...cutArgs],
        },
        {
          sql: unindex(`session_id = ? AND seq > ${cut}`),
          args: [sessionId, ...cutArgs],
        },
        {
          sql:
            `DELETE FROM chat_idempotency WHERE session_id = ? AND last_seq > ${cut}`,
          args: [sessionId, ...cutArgs],
        },
        {
          sql:
            `DELETE FROM chat_messages WHERE session_id = ? AND seq > ${cut}`,
          args: [sessionId, ...cutArgs],
        },
        { sql: LOWER_WATERMARK, args: [] },
        {
          sql:
            `UPDATE chat_sessions SET last_seq = min(last_seq, ${cut}), updated_at = max(updated_at, ?) WHERE id = ?${owner.sql} AND format = ? AND last_seq > ${cut}`,
          args: [
            ...cutArgs,
            this.#core.clock(),
            sessionId,
            ...owner.args,
            this.#format.name,
            ...cutArgs,
          ],
        },
      ],
      "write",
      action,
    );
    this.#core.lastSeqs.delete(sessionId);
    const session = results[0]!.rows[0];
    if (!session) {
      throw new SessionNotFoundError(sessionId, "remove messages from");
    }
    this.#checkFormat(sessionId, session);
    return results[1]!.rows.map((row) => this.#record(sessionId, row));
  }

  /**
   * Copies a session up to a `seq` into a new session, in one atomic batch:
   * messages, their search entries, owner and format; metadata copied unless
   * given. The source is untouched. Use it to branch a conversation ("edit
   * and resend") without losing the original.
   *
   * @example Branch before the last answer
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession("main");
   * await history.saveMessages(id, [
   *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
   *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
   * ]);
   * const branch = await history.forkSession(id, { upToSeq: 1, id: "branch" });
   * assert.equal(branch.lastSeq, 1);
   * assert.equal((await history.getMessages("main")).length, 2);
   * ```
   *
   * @param sourceId The session to copy.
   * @param options Up to which `seq`, the new id and metadata.
   * @returns The new session.
   * @throws {SessionNotFoundError} When the source does not exist.
   * @throws {ConflictError} When the new id is already taken.
   */
  async forkSession(
    sourceId: string,
    options: ForkOptions = {},
  ): Promise<Session> {
    checkId(sourceId, "Session id");
    const now = this.#core.clock();
    const newId = options.id ?? uuidv7(now);
    checkId(newId, "Session id");
    if (options.upToSeq !== undefined) checkSeq(options.upToSeq, "upToSeq");
    const action = `fork session "${sourceId}"`;
    const metadata = options.metadata === undefined
      ? null
      : metadataText(options.metadata, action);
    const upTo = options.upToSeq ?? Number.MAX_SAFE_INTEGER;
    const owner = this.#ownerFilter();
    const token = randomToken();
    const results = await this.#batch(
      [
        {
          sql:
            `INSERT INTO chat_sessions (${SESSION_COLUMNS}, last_write) SELECT ?, owner_id, format, format_version, COALESCE(?, metadata), ?, ?, min(last_seq, ?), ? FROM chat_sessions WHERE id = ?${owner.sql} AND format = ? ON CONFLICT (id) DO NOTHING`,
          args: [
            newId,
            metadata,
            now,
            now,
            upTo,
            token,
            sourceId,
            ...owner.args,
            this.#format.name,
          ],
        },
        {
          sql:
            `${INSERT_MESSAGES} SELECT n.id, m.seq, m.role, m.content, m.search_text, m.created_at FROM chat_sessions AS n JOIN chat_messages AS m ON m.session_id = ? AND m.seq <= n.last_seq WHERE n.id = ? AND n.last_write = ?`,
          args: [sourceId, newId, token],
        },
        {
          sql:
            `SELECT ${SESSION_COLUMNS}, last_write = ? AS applied FROM chat_sessions WHERE id = ?${owner.sql}`,
          args: [token, newId, ...owner.args],
        },
        {
          sql:
            `SELECT format, format_version FROM chat_sessions WHERE id = ?${owner.sql}`,
          args: [sourceId, ...owner.args],
        },
      ],
      "write",
      action,
    );
    const source = results[3]!.rows[0];
    if (!source) throw new SessionNotFoundError(sourceId, "fork");
    this.#checkFormat(sourceId, source);
    const created = results[2]!.rows[0];
    if (!created || Number(created.applied) !== 1) {
      throw new ConflictError(
        `Cannot ${action}: session id "${newId}" is already taken`,
        { sessionId: newId },
      );
    }
    const fork = toSession(created);
    this.#core.lastSeqs.set(fork.id, fork.lastSeq);
    return fork;
  }

  /**
   * Deletes a session and everything derived from it — messages, search
   * entries, idempotency keys — in one atomic batch (not relying on
   * `PRAGMA foreign_keys`). Deleting a missing session is not an error.
   *
   * @param sessionId The session.
   * @returns Whether it existed and how many messages went with it.
   */
  async deleteSession(sessionId: string): Promise<DeleteResult> {
    checkId(sessionId, "Session id");
    const owner = this.#ownerFilter();
    // Equality on session_id (not IN a subquery) so every delete uses an index.
    const visible =
      `EXISTS (SELECT 1 FROM chat_sessions WHERE id = ?${owner.sql})`;
    const args = [sessionId, sessionId, ...owner.args];
    const results = await this.#batch(
      [
        { sql: unindex(`session_id = ? AND ${visible}`), args },
        {
          sql:
            `DELETE FROM chat_idempotency WHERE session_id = ? AND ${visible}`,
          args,
        },
        {
          sql: `DELETE FROM chat_messages WHERE session_id = ? AND ${visible}`,
          args,
        },
        {
          sql: `DELETE FROM chat_sessions WHERE id = ?${owner.sql}`,
          args: [sessionId, ...owner.args],
        },
        { sql: LOWER_WATERMARK, args: [] },
      ],
      "write",
      `delete session "${sessionId}"`,
    );
    this.#core.lastSeqs.delete(sessionId);
    return {
      deleted: results[3]!.rowsAffected > 0,
      messages: results[2]!.rowsAffected,
    };
  }

  /**
   * Full-text search (SQLite FTS5) over what a person would search — user
   * prompts, model text, tool results — across the sessions this history (or
   * owner view) sees, or within one session. Words match regardless of case
   * and accents; every word must appear; the query is plain text (quotes,
   * operators and SQL are matched literally, never interpreted).
   *
   * @example Find where the weather was discussed
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [
   *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Weather in Paris?" }] },
   * ]);
   * const [hit] = await history.searchMessages("paris");
   * assert.equal(hit?.seq, 1);
   * assert.match(hit?.snippet ?? "", /\[Paris\]/);
   * ```
   *
   * @param query Words to look for.
   * @param options One session only, how many hits.
   * @returns The hits, best first.
   */
  async searchMessages(
    query: string,
    options: SearchOptions = {},
  ): Promise<SearchHit[]> {
    if (typeof query !== "string") {
      throw new TypeError(`Search query must be a string, got ${typeof query}`);
    }
    const limit = options.limit ?? 20;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
      throw new RangeError(
        `limit must be an integer from 1 to 1000, got ${limit}`,
      );
    }
    const match = ftsQuery(query);
    if (match === "") return [];
    const filter: string[] = [];
    const args: (string | number)[] = [match];
    if (this.#owner !== undefined) {
      filter.push("s.owner_id = ?");
      args.push(this.#owner);
    }
    if (options.sessionId !== undefined) {
      checkId(options.sessionId, "Session id");
      filter.push("m.session_id = ?");
      args.push(options.sessionId);
    }
    args.push(limit);
    const where = filter.length ? ` AND ${filter.join(" AND ")}` : "";
    const query_: InStatement = {
      sql:
        `SELECT m.session_id, m.seq, m.role, m.created_at, snippet(chat_messages_fts, 0, '[', ']', '…', 16) AS snippet, bm25(chat_messages_fts) AS rank FROM chat_messages_fts JOIN chat_messages AS m ON m.id = chat_messages_fts.rowid JOIN chat_sessions AS s ON s.id = m.session_id WHERE chat_messages_fts MATCH ?${where} ORDER BY rank LIMIT ?`,
      args,
    };
    // Index what was appended since the last search, in the same
    // transaction, so results are exact. An offline replica cannot write: it
    // searches what is indexed.
    const offline = this.#core.conn.offline;
    const results = await this.#batch(
      offline ? [query_] : [...CATCH_UP_INDEX, query_],
      offline ? "read" : "write",
      "search messages",
    );
    const rs = results[results.length - 1];
    return rs!.rows.map((row) => ({
      sessionId: String(row.session_id),
      seq: Number(row.seq),
      role: String(row.role) as Role,
      createdAt: new Date(Number(row.created_at)),
      snippet: String(row.snippet),
      rank: Number(row.rank),
    }));
  }

  /**
   * Adds up token usage from the `model` messages, in SQL: of one session,
   * or of every session this history (or owner view) sees. Needs a format
   * that says where usage is (Pydantic AI's does).
   *
   * @example Tokens spent in a session
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [{
   *   kind: "response",
   *   parts: [{ part_kind: "text", content: "Hi" }],
   *   usage: { input_tokens: 12, output_tokens: 3 },
   *   model_name: "gpt-5",
   * }]);
   * const usage = await history.getUsage({ sessionId: id });
   * assert.equal(usage.totalTokens, 15);
   * assert.equal(usage.byModel["gpt-5"]?.inputTokens, 12);
   * ```
   *
   * @param options `{ sessionId }` for one session; all sessions otherwise.
   * @returns Totals, and totals per model.
   * @throws {SessionNotFoundError} When the given session does not exist.
   */
  async getUsage(
    options: { sessionId?: string; owner?: string } = {},
  ): Promise<UsageReport> {
    const paths = this.#format.usage ?? {};
    const owner = this.#scopeOwner(options.owner);
    const sum = (path: string | undefined) =>
      path
        ? `COALESCE(SUM(json_extract(m.content, '${sqlString(path)}')), 0)`
        : "0";
    const model = paths.model
      ? `COALESCE(json_extract(m.content, '${sqlString(paths.model)}'), '')`
      : "''";
    const filter: string[] = ["m.role = 'model'", "s.format = ?"];
    const args: string[] = [this.#format.name];
    if (owner !== undefined) {
      filter.push("s.owner_id = ?");
      args.push(owner);
    }
    const stmts: InStatement[] = [];
    if (options.sessionId !== undefined) {
      checkId(options.sessionId, "Session id");
      filter.push("m.session_id = ?");
      args.push(options.sessionId);
    }
    stmts.push({
      sql: `SELECT ${model} AS model, count(*) AS responses, ${
        sum(paths.inputTokens)
      } AS input, ${sum(paths.outputTokens)} AS output, ${
        sum(paths.cacheReadTokens)
      } AS cache_read, ${
        sum(paths.cacheWriteTokens)
      } AS cache_write FROM chat_messages AS m JOIN chat_sessions AS s ON s.id = m.session_id WHERE ${
        filter.join(" AND ")
      } GROUP BY 1 ORDER BY 1`,
      args,
    });
    if (options.sessionId !== undefined) {
      const o = owner === undefined ? "" : " AND owner_id = ?";
      stmts.push({
        sql:
          `SELECT format, format_version FROM chat_sessions WHERE id = ?${o}`,
        args: owner === undefined
          ? [options.sessionId]
          : [options.sessionId, owner],
      });
    }
    const results = await this.#batch(stmts, "read", "add up usage");
    if (options.sessionId !== undefined) {
      const session = results[1]!.rows[0];
      if (!session) {
        throw new SessionNotFoundError(options.sessionId, "add up usage of");
      }
      this.#checkFormat(options.sessionId, session);
    }
    const byModel: Record<string, UsageTotals> = {};
    let total: UsageTotals = zeroUsage();
    for (const row of results[0]!.rows) {
      const t = usageOf(row);
      byModel[String(row.model)] = t;
      total = addUsage(total, t);
    }
    return { ...total, byModel };
  }

  /**
   * Deletes sessions inactive since a given time (their `updatedAt` is
   * before it), with everything derived from them. Works in atomic batches of
   * `batchSize` sessions (one round trip each), so a large prune never holds
   * the write lock for long.
   *
   * @param options The cut-off time, owner and batch size.
   * @returns How many sessions were deleted.
   */
  async pruneSessions(options: PruneOptions): Promise<number> {
    const since = options.inactiveSince;
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
      throw new TypeError("inactiveSince must be a valid Date");
    }
    const batchSize = options.batchSize ?? 100;
    if (
      !Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000
    ) {
      throw new RangeError(
        `batchSize must be an integer from 1 to 10000, got ${batchSize}`,
      );
    }
    const owner = this.#scopeOwner(options.owner);
    const o = owner === undefined ? "" : " AND owner_id = ?";
    const pick =
      `(SELECT id FROM chat_sessions WHERE updated_at < ?${o} ORDER BY updated_at, id LIMIT ?)`;
    const args = owner === undefined
      ? [since.getTime(), batchSize]
      : [since.getTime(), owner, batchSize];
    let total = 0;
    for (;;) {
      const results = await this.#batch(
        [
          {
            sql: unindex(
              `session_id IN ${pick}`,
              "chat_messages INDEXED BY chat_messages_session_seq_idx",
            ),
            args,
          },
          {
            sql: `DELETE FROM chat_idempotency WHERE session_id IN ${pick}`,
            args,
          },
          {
            sql:
              `DELETE FROM chat_messages INDEXED BY chat_messages_session_seq_idx WHERE session_id IN ${pick}`,
            args,
          },
          { sql: `DELETE FROM chat_sessions WHERE id IN ${pick}`, args },
          { sql: LOWER_WATERMARK, args: [] },
        ],
        "write",
        "prune sessions",
      );
      const deleted = results[3]!.rowsAffected;
      if (deleted > 0) this.#core.lastSeqs.clear();
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }

  /**
   * Writes a whole session — its row and all its messages — in one atomic
   * batch, keeping the given times, for restoring a backup or moving a
   * history between databases. If a session with this id already exists,
   * nothing is written and `imported` is `false`, so running an import twice
   * creates no duplicates. Messages are checked against the format first;
   * messages given as JSON text are stored byte-for-byte.
   *
   * @param session The session and its messages, oldest first.
   * @returns Whether it was written, and how many messages.
   * @throws {ValidationError} When a message or the metadata is invalid (nothing is written).
   */
  async importSession(
    session: ImportedSession<TMessage>,
  ): Promise<ImportResult> {
    checkId(session.id, "Session id");
    const action = `import session "${session.id}"`;
    const owner = this.#owner ?? session.owner ?? null;
    if (owner !== null) checkId(owner, "Owner");
    if (
      this.#owner !== undefined && session.owner !== undefined &&
      session.owner !== null && session.owner !== this.#owner
    ) {
      throw new TypeError(
        `Cannot ${action} for owner "${session.owner}" in a view of owner "${this.#owner}"`,
      );
    }
    const metadata = metadataText(session.metadata ?? {}, action);
    const now = this.#core.clock();
    const time = (d: Date | undefined, what: string): number => {
      if (d === undefined) return now;
      if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
        throw new TypeError(`Cannot ${action}: ${what} must be a valid Date`);
      }
      return d.getTime();
    };
    const createdAt = time(session.createdAt, "createdAt");
    const items = session.messages;
    if (!Array.isArray(items)) {
      throw new TypeError(`Cannot ${action}: messages must be an array`);
    }
    const texts = items.map((item) => item.json);
    const values = items.map((item) =>
      item.json === undefined ? item.message : undefined
    );
    const rows = this.#prepareEach(values, texts, action);
    const times = items.map((item, i) =>
      time(item.createdAt, `messages[${i}].createdAt`)
    );
    const updatedAt = time(session.updatedAt, "updatedAt");
    const token = randomToken();
    const stmts: InStatement[] = [{
      sql:
        `INSERT INTO chat_sessions (${SESSION_COLUMNS}, last_write) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      args: [
        session.id,
        owner,
        this.#format.name,
        this.#format.version,
        metadata,
        createdAt,
        Math.max(updatedAt, createdAt, ...times),
        rows.length,
        token,
      ],
    }];
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const end = start + INSERT_CHUNK;
      const values = messageValues(
        rows.slice(start, end),
        start + 1,
        times.slice(start, end),
      );
      stmts.push({
        sql:
          `${INSERT_MESSAGES} SELECT s.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM chat_sessions AS s, (${values.sql}) AS v WHERE s.id = ? AND s.last_write = ?`,
        args: [...values.args, session.id, token],
      });
    }
    stmts.push({
      sql: "SELECT last_write = ? AS applied FROM chat_sessions WHERE id = ?",
      args: [token, session.id],
    });
    const results = await this.#batch(stmts, "write", action);
    const applied = Number(results[results.length - 1]!.rows[0]?.applied) === 1;
    if (applied) this.#core.lastSeqs.set(session.id, rows.length);
    return { imported: applied, messages: applied ? rows.length : 0 };
  }

  /** Throws {@linkcode FormatMismatchError} unless the row's format is this view's. */
  #checkFormat(
    sessionId: string,
    row: Readonly<Record<string, unknown>>,
  ): void {
    if (row.format !== this.#format.name) {
      throw new FormatMismatchError(
        sessionId,
        `${row.format}@${row.format_version}`,
        `${this.#format.name}@${this.#format.version}`,
      );
    }
  }

  #record(sessionId: string, row: Row): MessageRecord<TMessage> {
    return {
      seq: Number(row.seq),
      role: String(row.role) as Role,
      createdAt: new Date(Number(row.created_at)),
      message: this.#decode(sessionId, row),
      json: String(row.content),
    };
  }

  /**
   * Runs one sync of an embedded replica with its remote database.
   *
   * @returns How many frames were pulled, when libSQL tells.
   * @throws {SyncError} When this history is not a replica, or the sync fails.
   */
  sync(): Promise<{ framesSynced: number | undefined }> {
    this.#client();
    return syncReplica(this.#core.conn);
  }

  /** Closes the connection; the history (and every view of it) is unusable after. */
  close(): Promise<void> {
    if (!this.#core.closed) {
      this.#core.closed = true;
      this.#core.conn.client.close();
    }
    return Promise.resolve();
  }

  /** Closes the history, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens a history: connects (local file by default), applies migrations and
 * returns it.
 *
 * @example Open the default file, `ironclaw.db` in the working directory
 * ```ts ignore
 * import { openHistory } from "@ironclaw/history";
 *
 * await using history = await openHistory();
 * ```
 *
 * @param options Where the database is, the format, the clock.
 * @returns The history.
 * @throws {ConfigError} For an unsupported URL or inconsistent options.
 * @throws {ConnectionError} When the database cannot be reached.
 */
export async function openHistory<TMessage = ModelMessage>(
  options: HistoryOptions<TMessage> = {},
): Promise<History<TMessage>> {
  const format = (options.format ?? pydanticAiFormat) as MessageFormat<
    TMessage
  >;
  const clock = options.clock ?? Date.now;
  const conn = await connect(options);
  const core: Core = {
    conn,
    clock,
    checked: new CheckedTexts(options.checkedCacheSize ?? 32_000_000),
    lastSeqs: new LastSeqs(),
    migrationsApplied: [],
    closed: false,
  };
  try {
    if (conn.kind === "file") {
      await conn.client.execute("PRAGMA journal_mode = WAL");
    }
    // An offline replica is read-only: it keeps the schema it last synced.
    if (options.migrate !== false && !conn.offline) {
      core.migrationsApplied = (await migrate(conn.client, undefined, clock))
        .applied;
    }
  } catch (error) {
    conn.client.close();
    throw error instanceof HistoryError
      ? error
      : conn.toError(error, `open history "${conn.displayUrl}"`);
  }
  return new History(core, format);
}
