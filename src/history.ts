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
}

const SESSION_COLUMNS =
  "id, owner_id, format, format_version, metadata, created_at, updated_at, last_seq";
const MAX_ID_LENGTH = 512;
/** Messages per INSERT statement (two bound values each). */
const INSERT_CHUNK = 400;

interface Core {
  readonly conn: Connection;
  readonly clock: () => number;
  closed: boolean;
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

function randomToken(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
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
    if (mode === "write" && this.#core.conn.offline) {
      throw new ConnectionError(
        `Cannot ${action}: the embedded replica "${this.#core.conn.displayUrl}" is offline (its remote could not be reached when it was opened); reads come from the local copy, and writes work again after a successful sync()`,
      );
    }
    try {
      return await client.batch(stmts, mode);
    } catch (error) {
      throw this.#core.conn.toError(error, action);
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
   * @throws {SessionNotFoundError} When the id belongs to another owner.
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
    const metadata = metadataText(options.metadata ?? {}, action);
    const [, rs] = await this.#batch(
      [
        {
          sql:
            `INSERT INTO chat_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
          args: [
            sessionId,
            owner,
            this.#format.name,
            this.#format.version,
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
    if (!row || (this.#owner !== undefined && row.owner_id !== this.#owner)) {
      throw new SessionNotFoundError(sessionId, "create");
    }
    return toSession(row);
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
    return row ? toSession(row) : undefined;
  }

  /**
   * Checks messages against the format and serializes them, or throws
   * {@linkcode ValidationError} naming the message index and path.
   */
  #prepare(
    messages: Messages<TMessage>,
    action: string,
  ): { role: Role; content: string }[] {
    let values: readonly unknown[];
    let texts: string[] | undefined;
    if (typeof messages === "string") {
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
    const out: { role: Role; content: string }[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
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
      if (texts) {
        content = texts[i]!;
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
      out[i] = { role: this.#format.roleOf(result.output), content };
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
    const now = this.#core.clock();
    const token = randomToken();
    const owner = this.#ownerFilter();
    const stmts: InStatement[] = [];
    if (n > 0) {
      let where = `id = ? AND format = ?${owner.sql}`;
      const args: (string | number)[] = [
        n,
        now,
        token,
        sessionId,
        this.#format.name,
        ...owner.args,
      ];
      if (expectedLastSeq !== undefined) {
        where += " AND last_seq = ?";
        args.push(expectedLastSeq);
      }
      if (idempotencyKey !== undefined) {
        where +=
          " AND NOT EXISTS (SELECT 1 FROM chat_idempotency WHERE session_id = ? AND key = ?)";
        args.push(sessionId, idempotencyKey);
      }
      stmts.push({
        sql:
          `UPDATE chat_sessions SET last_seq = last_seq + ?, updated_at = max(updated_at, ?), last_write = ? WHERE ${where}`,
        args,
      });
      for (let start = 0; start < n; start += INSERT_CHUNK) {
        const chunk = rows.slice(start, start + INSERT_CHUNK);
        const values: string[] = [];
        const args: (string | number)[] = [];
        for (let j = 0; j < chunk.length; j++) {
          values.push(`(${start + j + 1}, ?, ?)`);
          args.push(chunk[j]!.role, chunk[j]!.content);
        }
        stmts.push({
          sql:
            `INSERT INTO chat_messages (session_id, seq, role, content, created_at) SELECT s.id, s.last_seq - ? + v.column1, v.column2, v.column3, ? FROM chat_sessions AS s, (VALUES ${
              values.join(", ")
            }) AS v WHERE s.id = ? AND s.last_write = ?`,
          args: [n, now, ...args, sessionId, token],
        });
      }
      if (idempotencyKey !== undefined) {
        stmts.push({
          sql:
            "INSERT INTO chat_idempotency (session_id, key, first_seq, last_seq, created_at) SELECT id, ?, last_seq - ? + 1, last_seq, ? FROM chat_sessions WHERE id = ? AND last_write = ?",
          args: [idempotencyKey, n, now, sessionId, token],
        });
      }
    }
    stmts.push({
      sql:
        `SELECT last_seq, format, format_version, owner_id, last_write = ? AS applied, (SELECT first_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_first, (SELECT last_seq FROM chat_idempotency WHERE session_id = s.id AND key = ?) AS key_last FROM chat_sessions AS s WHERE id = ?${owner.sql}`,
      args: [
        token,
        idempotencyKey ?? null,
        idempotencyKey ?? null,
        sessionId,
        ...owner.args,
      ],
    });
    const results = await this.#batch(stmts, "write", action);
    const state = results[results.length - 1]!.rows[0];
    if (!state) throw new SessionNotFoundError(sessionId, "save messages to");
    const lastSeq = Number(state.last_seq);
    if (n > 0 && Number(state.applied) === 1) {
      return {
        sessionId,
        firstSeq: lastSeq - n + 1,
        lastSeq,
        count: n,
        replayed: false,
      };
    }
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
    if (state.format !== this.#format.name) {
      throw new FormatMismatchError(
        sessionId,
        `${state.format}@${state.format_version}`,
        `${this.#format.name}@${this.#format.version}`,
      );
    }
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

  /** Reads a window of message rows plus the session, in one batch. */
  async #readRows(
    sessionId: string,
    options: ReadOptions,
    action: string,
  ): Promise<Row[]> {
    checkId(sessionId, "Session id");
    const { last, afterSeq, beforeSeq, limit } = options;
    if (last !== undefined) checkSeq(last, "last");
    if (afterSeq !== undefined) checkSeq(afterSeq, "afterSeq");
    if (beforeSeq !== undefined) checkSeq(beforeSeq, "beforeSeq");
    if (limit !== undefined) checkSeq(limit, "limit");
    const owner = this.#ownerFilter();
    let where = "session_id = ?";
    const args: (string | number)[] = [sessionId];
    if (last !== undefined) {
      where +=
        " AND seq > (SELECT last_seq FROM chat_sessions WHERE id = ?) - ?";
      args.push(sessionId, last);
    }
    if (afterSeq !== undefined) {
      where += " AND seq > ?";
      args.push(afterSeq);
    }
    if (beforeSeq !== undefined) {
      where += " AND seq < ?";
      args.push(beforeSeq);
    }
    const backward = beforeSeq !== undefined && afterSeq === undefined &&
      limit !== undefined;
    let sql =
      `SELECT seq, role, content, created_at FROM chat_messages WHERE ${where} ORDER BY seq${
        backward ? " DESC" : ""
      }`;
    if (limit !== undefined) {
      sql += " LIMIT ?";
      args.push(limit);
    }
    const [session, messages] = await this.#batch(
      [
        {
          sql:
            `SELECT format, format_version FROM chat_sessions WHERE id = ?${owner.sql}`,
          args: [sessionId, ...owner.args],
        },
        { sql, args },
      ],
      "read",
      action,
    );
    const row = session!.rows[0];
    if (!row) throw new SessionNotFoundError(sessionId, "read messages of");
    if (row.format !== this.#format.name) {
      throw new FormatMismatchError(
        sessionId,
        `${row.format}@${row.format_version}`,
        `${this.#format.name}@${this.#format.version}`,
      );
    }
    const rows = messages!.rows;
    return backward ? [...rows].reverse() : rows;
  }

  /** Parses and checks one stored row, or throws {@linkcode CorruptRowError}. */
  #decode(sessionId: string, row: Row): TMessage {
    const seq = Number(row.seq);
    let value: unknown;
    try {
      value = JSON.parse(String(row.content));
    } catch (error) {
      throw new CorruptRowError(sessionId, seq, [{
        path: "",
        message: `stored JSON does not parse: ${(error as Error).message}`,
      }]);
    }
    const result = v.safeParse(this.#format.schema, value);
    if (!result.success) {
      throw new CorruptRowError(sessionId, seq, issuesOf(result.issues));
    }
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
    return rows.map((row) => this.#decode(sessionId, row));
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
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      role: String(row.role) as Role,
      createdAt: new Date(Number(row.created_at)),
      message: this.#decode(sessionId, row),
    }));
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
    for (const row of rows) this.#decode(sessionId, row);
    return `[${rows.map((row) => String(row.content)).join(",")}]`;
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
  const core: Core = { conn, clock, closed: false };
  try {
    if (conn.kind === "file") {
      await conn.client.execute("PRAGMA journal_mode = WAL");
    }
    // An offline replica is read-only: it keeps the schema it last synced.
    if (options.migrate !== false && !conn.offline) {
      await migrate(conn.client, undefined, clock);
    }
  } catch (error) {
    conn.client.close();
    throw error instanceof HistoryError
      ? error
      : conn.toError(error, `open history "${conn.displayUrl}"`);
  }
  return new History(core, format);
}
