/**
 * The {@linkcode History}: sessions and their ordered messages. Every write
 * is one `batch(…, "write")` (one transaction locally, one HTTP request
 * remotely) whose statements check their own preconditions in SQL, so there
 * is never a read followed by a write from the client.
 *
 * This file is the table of contents and the public doc page: each method
 * delegates to the module under `history/` that owns its concept, and those
 * modules never import this one.
 *
 * @module
 */
import type { ConnectionKind } from "./client.ts";
import type { MessageFormat } from "./formats/format.ts";
import { type ModelMessage, pydanticAiFormat } from "./formats/pydantic_ai.ts";
import { saveMessages } from "./history/append.ts";
import { forkSession, popMessages } from "./history/branch.ts";
import { importSession } from "./history/import.ts";
import { listSessions } from "./history/listing.ts";
import {
  getMessageRecords,
  getMessages,
  getMessagesJson,
} from "./history/read.ts";
import { deleteSession, pruneSessions } from "./history/retention.ts";
import { Scope } from "./history/scope.ts";
import { searchMessages } from "./history/search.ts";
import {
  getOrCreateSession,
  getSession,
  updateSession,
} from "./history/sessions.ts";
import { closeShared, openShared, syncShared } from "./history/shared.ts";
import type {
  CreateSessionOptions,
  DeleteResult,
  ForkOptions,
  HistoryOptions,
  ImportedSession,
  ImportResult,
  ListSessionsOptions,
  MessageRecord,
  Messages,
  PopOptions,
  PruneOptions,
  ReadOptions,
  SaveMessagesOptions,
  SaveResult,
  SearchHit,
  SearchOptions,
  Session,
  SessionPage,
  UpdateSessionOptions,
  UsageOptions,
  UsageReport,
} from "./history/types.ts";
import { getUsage } from "./history/usage.ts";

export type {
  CreateSessionOptions,
  DeleteResult,
  ForkOptions,
  HistoryOptions,
  ImportedMessage,
  ImportedSession,
  ImportResult,
  ListSessionsOptions,
  MessageRecord,
  Messages,
  PopOptions,
  PruneOptions,
  ReadOptions,
  SaveMessagesOptions,
  SaveResult,
  SearchHit,
  SearchOptions,
  Session,
  SessionPage,
  UpdateSessionOptions,
  UsageOptions,
  UsageReport,
  UsageTotals,
} from "./history/types.ts";

/**
 * A conversation history: sessions and their messages, in a libSQL
 * database. Create one with {@linkcode openHistory}.
 *
 * @typeParam TMessage The type of one message of the history's format.
 */
export class History<TMessage = ModelMessage> implements AsyncDisposable {
  readonly #scope: Scope<TMessage>;

  /** @internal Use {@linkcode openHistory}. */
  constructor(scope: Scope<TMessage>) {
    this.#scope = scope;
  }

  /** The kind of database: `"file"`, `"memory"`, `"remote"` or `"replica"`. */
  get kind(): ConnectionKind {
    return this.#scope.shared.conn.kind;
  }

  /** The database URL, without credentials. */
  get url(): string {
    return this.#scope.shared.conn.displayUrl;
  }

  /** The format messages are checked and read with. */
  get format(): MessageFormat<TMessage> {
    return this.#scope.format;
  }

  /** The owner this view is limited to, if any. */
  get owner(): string | undefined {
    return this.#scope.owner;
  }

  /**
   * True for an embedded replica whose remote could not be reached when it
   * was opened: reads come from the local copy and writes throw
   * {@linkcode ConnectionError} until a `sync()` succeeds.
   */
  get offline(): boolean {
    return this.#scope.shared.conn.offline;
  }

  /**
   * The migrations that opening this history applied, oldest first: empty
   * when the database was already up to date (or `migrate: false`).
   */
  get migrationsApplied(): readonly string[] {
    return this.#scope.shared.migrationsApplied;
  }

  /** Whether {@linkcode close} was called. */
  get closed(): boolean {
    return this.#scope.shared.closed;
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
  getOrCreateSession(
    id?: string,
    options: CreateSessionOptions = {},
  ): Promise<Session> {
    return getOrCreateSession(this.#scope, id, options);
  }

  /**
   * Returns a session, or `undefined` when there is none with this id.
   *
   * @param id The session id.
   * @returns The session, or `undefined`.
   */
  getSession(id: string): Promise<Session | undefined> {
    return getSession(this.#scope, id);
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
  saveMessages(
    sessionId: string,
    messages: Messages<TMessage>,
    options: SaveMessagesOptions = {},
  ): Promise<SaveResult> {
    return saveMessages(this.#scope, sessionId, messages, options);
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
  getMessages(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<TMessage[]> {
    return getMessages(this.#scope, sessionId, options);
  }

  /**
   * Like {@linkcode getMessages}, with each message's `seq`, role and time.
   *
   * @param sessionId The session.
   * @param options Which messages; all by default.
   * @returns The records, oldest first.
   */
  getMessageRecords(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<MessageRecord<TMessage>[]> {
    return getMessageRecords(this.#scope, sessionId, options);
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
  getMessagesJson(
    sessionId: string,
    options: ReadOptions = {},
  ): Promise<string> {
    return getMessagesJson(this.#scope, sessionId, options);
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
    return new History(this.#scope.forOwner(ownerId));
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
    return new History(this.#scope.withFormat(format));
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
  listSessions(options: ListSessionsOptions = {}): Promise<SessionPage> {
    return listSessions(this.#scope, options);
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
  updateSession(
    sessionId: string,
    options: UpdateSessionOptions,
  ): Promise<Session> {
    return updateSession(this.#scope, sessionId, options);
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
  popMessages(
    sessionId: string,
    options: PopOptions,
  ): Promise<MessageRecord<TMessage>[]> {
    return popMessages(this.#scope, sessionId, options);
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
  forkSession(
    sourceId: string,
    options: ForkOptions = {},
  ): Promise<Session> {
    return forkSession(this.#scope, sourceId, options);
  }

  /**
   * Deletes a session and everything derived from it — messages, search
   * entries, idempotency keys — in one atomic batch (not relying on
   * `PRAGMA foreign_keys`). Deleting a missing session is not an error.
   *
   * @param sessionId The session.
   * @returns Whether it existed and how many messages went with it.
   */
  deleteSession(sessionId: string): Promise<DeleteResult> {
    return deleteSession(this.#scope, sessionId);
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
  searchMessages(
    query: string,
    options: SearchOptions = {},
  ): Promise<SearchHit[]> {
    return searchMessages(this.#scope, query, options);
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
  getUsage(
    options: UsageOptions = {},
  ): Promise<UsageReport> {
    return getUsage(this.#scope, options);
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
  pruneSessions(options: PruneOptions): Promise<number> {
    return pruneSessions(this.#scope, options);
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
  importSession(
    session: ImportedSession<TMessage>,
  ): Promise<ImportResult> {
    return importSession(this.#scope, session);
  }

  /**
   * Runs one sync of an embedded replica with its remote database.
   *
   * @returns How many frames were pulled, when libSQL tells.
   * @throws {SyncError} When this history is not a replica, or the sync fails.
   */
  sync(): Promise<{ framesSynced: number | undefined }> {
    return syncShared(this.#scope.shared);
  }

  /** Closes the connection; the history (and every view of it) is unusable after. */
  close(): Promise<void> {
    return closeShared(this.#scope.shared);
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
  return new History(new Scope(await openShared(options), format));
}
