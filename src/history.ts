/**
 * The {@linkcode History} facade: each method delegates to `history/`.
 * @module
 */
import type { ConnectionKind } from "./client/options.ts";
import { checkpoint } from "./client/checkpoint.ts";
import type { MessageFormat } from "./formats/format.ts";
import { type ModelMessage, pydanticAiFormat } from "./formats/pydantic_ai.ts";
import { saveMessages } from "./history/append.ts";
import { backupHistory } from "./history/backup.ts";
import { forkSession, popMessages } from "./history/branch.ts";
import { saveChat } from "./history/chat.ts";
import { importSession } from "./history/import.ts";
import { iterMessageRecords, iterMessages } from "./history/iterate.ts";
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
  IterateOptions,
  ListSessionsOptions,
  MessageRecord,
  Messages,
  PopOptions,
  PruneOptions,
  ReadOptions,
  SaveChatOptions,
  SaveChatResult,
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

export type * from "./history/types.ts";

/**
 * A conversation history: sessions and their messages, in a libSQL
 * database. Create one with {@linkcode openHistory}.
 * @example Open, save, read
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] }]);
 * assert.equal((await history.getMessages(id)).length, 1);
 * ```
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

  /** True for a replica opened offline: writes throw until a `sync()` succeeds. */
  get offline(): boolean {
    return this.#scope.shared.conn.offline;
  }

  /** The migrations opening this history applied, oldest first (maybe none). */
  get migrationsApplied(): readonly string[] {
    return this.#scope.shared.migrationsApplied;
  }

  /** Whether {@linkcode close} was called. */
  get closed(): boolean {
    return this.#scope.shared.closed;
  }

  /**
   * Returns the session with this id, created if missing (UUIDv7 when omitted).
   * @example Create a session, then find it again
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * await history.getOrCreateSession("c1", { metadata: { user: "ada" } });
   * assert.deepEqual((await history.getOrCreateSession("c1")).metadata, { user: "ada" });
   * ```
   * @param id The session id (1–512 characters).
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
   * @param id The session id.
   * @returns The session, or `undefined`.
   */
  getSession(id: string): Promise<Session | undefined> {
    return getSession(this.#scope, id);
  }

  /**
   * Appends messages (values or JSON text) atomically, each with the next `seq`.
   * @example Save a turn and read it back
   * ```ts
   * import { type ModelMessage, openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * const turn: ModelMessage[] = [{ kind: "response", parts: [{ part_kind: "text", content: "Hi" }] }];
   * assert.equal((await history.saveMessages(id, turn)).lastSeq, 1);
   * assert.deepEqual(await history.getMessages(id), turn);
   * ```
   * @param sessionId The session.
   * @param messages The messages, or the JSON text of an array of them.
   * @param options Preconditions: expected last `seq`, idempotency key.
   * @returns Where the messages went.
   * @throws {ValidationError} When a message is invalid or over a limit.
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
   * Saves a whole chat (e.g. the AI SDK's `useChat` messages, each with an `id`)
   * atomically, writing only what changed. See docs/formats.md.
   * @example Persist a chat, then the in-place rewrite of its last message
   * ```ts
   * import { aiSdkUIMessageFormat, openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:", format: aiSdkUIMessageFormat });
   * const { id } = await history.getOrCreateSession();
   * const text = (t: string) => [{ type: "text" as const, text: t }];
   * const q = { id: "u1", role: "user" as const, parts: text("Delete it?") };
   * const a = { id: "a1", role: "assistant" as const, parts: text("May I?") };
   * await history.saveChat(id, [q, a]);
   * const saved = await history.saveChat(id, [q, { ...a, parts: text("Deleted.") }]);
   * assert.deepEqual([saved.kept, saved.replaced, saved.appended], [1, 1, 0]);
   * ```
   * @param sessionId The session.
   * @param messages The whole chat, oldest first.
   * @param options `regenerate`, `expectedLastSeq`.
   * @returns How many messages were kept, replaced, appended and removed.
   * @throws {ValidationError} When a message or its `id` is invalid.
   * @throws {SessionNotFoundError} When the session does not exist.
   * @throws {ConflictError} When the stored chat or `expectedLastSeq` differs.
   * @throws {FormatMismatchError} When the session has another format.
   */
  saveChat(
    sessionId: string,
    messages: readonly TMessage[],
    options: SaveChatOptions = {},
  ): Promise<SaveChatResult> {
    return saveChat(this.#scope, sessionId, messages, options);
  }

  /**
   * Returns a session's messages in `seq` order, checked against the format.
   * @param sessionId The session.
   * @param options Which messages (see {@linkcode ReadOptions}); all by default.
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
   * Returns the messages as the JSON text of an array; saved JSON text is kept.
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
   * Reads a session's messages in `seq` order, one page (one statement) at a
   * time; not a snapshot, but none is yielded twice. See docs/api.md.
   * @example Stream a long session, a page at a time
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, JSON.stringify(Array(250).fill({ kind: "request", parts: [] })));
   * const all = await Array.fromAsync(history.iterMessages(id, { pageSize: 100 }));
   * assert.equal(all.length, 250); // read in 3 pages
   * ```
   * @param sessionId The session.
   * @param options `pageSize` (default 100, at most 10,000), `afterSeq`.
   * @returns The messages, oldest first.
   * @throws {RangeError} When an option is out of range (before any read).
   * @throws {SessionNotFoundError} While iterating, when the session is gone.
   * @throws {FormatMismatchError} While iterating, for another format.
   * @throws {CorruptRowError} While iterating, when a message no longer parses.
   */
  iterMessages(
    sessionId: string,
    options: IterateOptions = {},
  ): AsyncGenerator<TMessage, void, undefined> {
    return iterMessages(this.#scope, sessionId, options);
  }

  /**
   * Like {@linkcode iterMessages}, as records (pass `seq` as `afterSeq` to resume).
   * @param sessionId The session.
   * @param options `pageSize` and `afterSeq`, as for {@linkcode iterMessages}.
   * @returns The records, oldest first.
   */
  iterMessageRecords(
    sessionId: string,
    options: IterateOptions = {},
  ): AsyncGenerator<MessageRecord<TMessage>, void, undefined> {
    return iterMessageRecords(this.#scope, sessionId, options);
  }

  /**
   * A view that sees and creates only one owner's (user's, tenant's) sessions.
   * @example Keep two users' conversations apart
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.forOwner("alice").getOrCreateSession();
   * assert.equal(await history.forOwner("bob").getSession(id), undefined);
   * ```
   * @param ownerId The owner, 1–512 characters.
   * @returns The view.
   */
  forOwner(ownerId: string): History<TMessage> {
    return new History(this.#scope.forOwner(ownerId));
  }

  /**
   * A view that reads and checks messages with another format.
   * @param format The message format.
   * @returns The view.
   */
  withFormat<TOther>(format: MessageFormat<TOther>): History<TOther> {
    return new History(this.#scope.withFormat(format));
  }

  /**
   * Lists sessions, most recently active first, in pages that never skip or repeat.
   * @example Page through every session
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * for (const id of ["a", "b", "c"]) await history.getOrCreateSession(id);
   * const { nextCursor } = await history.listSessions({ limit: 2 });
   * const last = await history.listSessions({ limit: 2, cursor: nextCursor! });
   * assert.equal(last.sessions.length, 1);
   * ```
   * @param options Page size, cursor and filters.
   * @returns One page and the cursor of the next.
   */
  listSessions(options: ListSessionsOptions = {}): Promise<SessionPage> {
    return listSessions(this.#scope, options);
  }

  /**
   * Replaces or merge-patches (RFC 7396) a session's metadata; keeps `updatedAt`.
   * @example Rename a conversation
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * await history.getOrCreateSession("c", { metadata: { title: "Draft", tags: ["a"] } });
   * const s = await history.updateSession("c", { metadataPatch: { title: "Trip", tags: null } });
   * assert.deepEqual(s.metadata, { title: "Trip" });
   * ```
   * @param sessionId The session.
   * @param options `{ metadata }` to replace, or `{ metadataPatch }` to merge.
   * @returns The updated session.
   * @throws {ValidationError} When the metadata is invalid or over a limit.
   * @throws {SessionNotFoundError} When the session does not exist.
   */
  updateSession(
    sessionId: string,
    options: UpdateSessionOptions,
  ): Promise<Session> {
    return updateSession(this.#scope, sessionId, options);
  }

  /**
   * Removes and returns a session's newest messages, atomically (undo).
   * @example Undo the last message
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, JSON.stringify([{ kind: "request", parts: [] }]));
   * assert.equal((await history.popMessages(id, { count: 1 }))[0]?.seq, 1);
   * ```
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
   * Copies a session up to a `seq` into a new one, atomically (branching).
   * @example Branch before the last message
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession("main");
   * await history.saveMessages(id, JSON.stringify(Array(2).fill({ kind: "request", parts: [] })));
   * assert.equal((await history.forkSession(id, { upToSeq: 1 })).lastSeq, 1);
   * ```
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
   * Deletes a session and all derived from it, atomically; missing is no error.
   * @param sessionId The session.
   * @returns Whether it existed and how many messages went with it.
   */
  deleteSession(sessionId: string): Promise<DeleteResult> {
    return deleteSession(this.#scope, sessionId);
  }

  /**
   * Full-text search (FTS5) over prompts, model text and tool results; every
   * word must appear, ignoring case and accents. The query is plain text.
   * @example Find where the weather was discussed
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "Paris?" }] }]);
   * assert.match((await history.searchMessages("paris"))[0]?.snippet ?? "", /\[Paris\]/);
   * ```
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
   * Sums the token usage of `model` messages in SQL, for one session or all.
   * @example Tokens spent in a session
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [{ kind: "response", parts: [], usage: { input_tokens: 12, output_tokens: 3 } }]);
   * assert.equal((await history.getUsage({ sessionId: id })).totalTokens, 15);
   * ```
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
   * Deletes sessions inactive since a given time, in atomic `batchSize` batches.
   * @param options The cut-off time, owner and batch size.
   * @returns How many sessions were deleted.
   */
  pruneSessions(options: PruneOptions): Promise<number> {
    return pruneSessions(this.#scope, options);
  }

  /**
   * Writes a whole session in one atomic batch, unless its id already exists.
   * @param session The session and its messages, oldest first.
   * @returns Whether it was written, and how many messages.
   * @throws {ValidationError} When a message or the metadata is invalid.
   */
  importSession(
    session: ImportedSession<TMessage>,
  ): Promise<ImportResult> {
    return importSession(this.#scope, session);
  }

  /**
   * Runs one sync of an embedded replica with its remote database.
   * @returns How many frames were pulled, when libSQL tells.
   * @throws {SyncError} When this history is not a replica, or the sync fails.
   */
  sync(): Promise<{ framesSynced: number | undefined }> {
    return syncShared(this.#scope.shared);
  }

  /**
   * Writes a consistent copy of a live database to a new file; see docs/backup.md.
   * @example Back up a live history and open the copy
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * await using history = await openHistory({ url: `file:${dir}/chat.db` });
   * assert((await history.backup(`${dir}/backup.db`)).bytes > 0);
   * ```
   * @param path The file to create (a path, not a URL); it must not exist.
   * @returns The size of the copy in bytes.
   * @throws {ConfigError} When the file exists or the database is remote.
   * @throws {DatabaseError} When SQLite cannot write the copy (it is removed).
   * @throws {HistoryClosedError} When the history is closed.
   */
  backup(path: string): Promise<{ bytes: number }> {
    return backupHistory(this.#scope, path);
  }

  /**
   * Closes the connection and every view, first folding a file's WAL into it.
   * @example After close, the `.db` file alone holds the data
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * const history = await openHistory({ url: `file:${dir}/chat.db` });
   * await history.getOrCreateSession("c");
   * await history.close();
   * await Deno.copyFile(`${dir}/chat.db`, `${dir}/copy.db`); // no -wal file
   * await using copy = await openHistory({ url: `file:${dir}/copy.db` });
   * assert.equal((await copy.getSession("c"))?.id, "c");
   * ```
   */
  async close(): Promise<void> {
    const { shared } = this.#scope;
    if (!shared.closed) await checkpoint(shared.conn);
    await closeShared(shared);
  }

  /** Closes the history, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens a history: connects (a local file by default) and applies migrations.
 * Inputs are checked against the limits of {@linkcode HistoryOptions}.
 * @example Open a file, by URL or from the environment
 * ```ts
 * import { MIGRATION_TAGS, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * // Without `url`: LIBSQL_URL, then TURSO_DATABASE_URL, then file:ironclaw.db.
 * await using history = await openHistory({ env: { LIBSQL_URL: `file:${dir}/chat.db` } });
 * assert.deepEqual(history.migrationsApplied, MIGRATION_TAGS); // a new file
 * ```
 * @param options Where the database is, the format, the limits, the clock.
 * @returns The history.
 * @throws {ConfigError} For an unsupported URL or invalid options.
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
