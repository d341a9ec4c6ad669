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

export type {
  CreateSessionOptions,
  DeleteResult,
  ForkOptions,
  HistoryOptions,
  ImportedMessage,
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
  UsageTotals,
} from "./history/types.ts";

/**
 * A conversation history: sessions and their messages, in a libSQL
 * database. Create one with {@linkcode openHistory}.
 *
 * @example An agent loop that keeps its conversation
 * ```ts
 * import { type History, type ModelMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * // Stands in for a model call: answers the last user prompt.
 * const model = (messages: ModelMessage[]): ModelMessage => ({
 *   kind: "response",
 *   parts: [{ part_kind: "text", content: `You said ${messages.length} thing(s).` }],
 * });
 * async function turn(history: History, sessionId: string, text: string): Promise<string> {
 *   const before = await history.getMessages(sessionId);
 *   const prompt: ModelMessage = { kind: "request", parts: [{ part_kind: "user-prompt", content: text }] };
 *   const answer = model([...before, prompt]);
 *   await history.saveMessages(sessionId, [prompt, answer]); // both or neither
 *   return (answer.parts[0] as { content: string }).content;
 * }
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * assert.equal(await turn(history, id, "Hi"), "You said 1 thing(s).");
 * assert.equal(await turn(history, id, "Again"), "You said 3 thing(s).");
 * ```
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
   * @throws {ValidationError} When a message is invalid, over a limit of
   *   `openHistory` (`maxMessageBytes`, `maxDepth`, `maxMessagesPerCall`)
   *   or given as JSON text with a duplicate key (nothing is written).
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
   * Saves a whole chat — the full message list a chat UI keeps, such as the
   * AI SDK's `useChat` messages that `onFinish({ messages })` hands over —
   * atomically and in one round trip. Each message needs a string `id`
   * (the AI SDK's `UIMessage`s have one). The list is compared with what is
   * stored, in the database: the unchanged prefix is kept, messages past
   * the stored end are appended, and a stored message whose id is in the
   * list at the same place but whose content changed (the SDK rewrites the
   * last assistant message in place after a tool approval) is replaced,
   * with everything stored after it. Saving the same list twice writes
   * nothing, so retries are safe without an idempotency key.
   *
   * A stored message of another id where the list differs means the stored
   * chat changed since the list was read (another tab saved first): nothing
   * is written and {@linkcode ConflictError} is thrown — unless the list
   * ends with a regenerated answer (`regenerate: true`), which replaces the
   * old one. Messages are stored with their keys sorted.
   *
   * @example Persist a chat, then the in-place rewrite of its last message
   * ```ts
   * import { aiSdkUIMessageFormat, openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * await using history = await openHistory({
   *   url: ":memory:",
   *   format: aiSdkUIMessageFormat,
   * });
   * const { id } = await history.getOrCreateSession("chat-1");
   * const question = {
   *   id: "u1",
   *   role: "user" as const,
   *   parts: [{ type: "text" as const, text: "Delete report.txt?" }],
   * };
   * const asking = {
   *   id: "a1",
   *   role: "assistant" as const,
   *   parts: [{ type: "text" as const, text: "May I?" }],
   * };
   * await history.saveChat(id, [question, asking]);
   *
   * // The same message, continued after the user approved.
   * const done = {
   *   ...asking,
   *   parts: [...asking.parts, { type: "text" as const, text: "Deleted." }],
   * };
   * const saved = await history.saveChat(id, [question, done]);
   * assert.deepEqual(
   *   [saved.kept, saved.replaced, saved.appended, saved.lastSeq],
   *   [1, 1, 0, 2],
   * );
   * assert.deepEqual(await history.getMessages(id), [question, done]);
   * ```
   *
   * @param sessionId The session.
   * @param messages The whole chat, oldest first.
   * @param options `regenerate`, `expectedLastSeq`.
   * @returns How many messages were kept, replaced, appended and removed.
   * @throws {ValidationError} When a message is invalid, has no non-empty
   *   string `id`, or repeats an id of the list (nothing is written).
   * @throws {SessionNotFoundError} When the session does not exist.
   * @throws {ConflictError} When the stored chat changed since the list was
   *   read, or `expectedLastSeq` does not match (nothing is written).
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
   * Reads a session's messages one page at a time, in append order (by
   * `seq`), each checked against the format: an async iterator for
   * sessions too long to hold in memory at once (export, indexing,
   * summarising). Each page is one statement — one round trip remotely —
   * reading the next `pageSize` messages by `seq`, so memory holds about
   * one page whatever the session's length, and breaking out of the loop
   * early leaves nothing open. The messages it reads are not added to the
   * cache of checked texts.
   *
   * It is not a snapshot: each page reads the session as it is then.
   * Messages appended while iterating are yielded in their turn; seqs only
   * increase, so no message is yielded twice; a message popped or replaced
   * before its page is read is skipped or yielded as it is then. If the
   * session is deleted while iterating, the next page throws
   * {@linkcode SessionNotFoundError} (after what was already yielded); a
   * corrupt row throws {@linkcode CorruptRowError} naming its `seq`, after
   * the messages before it.
   *
   * @example Stream a long session, a page at a time
   * ```ts
   * import { type ModelMessage, openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   * const ask = (text: string): ModelMessage => ({
   *   kind: "request",
   *   parts: [{ part_kind: "user-prompt", content: text }],
   * });
   *
   * await using history = await openHistory({ url: ":memory:" });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, Array.from({ length: 250 }, (_, i) => ask(`${i + 1}`)));
   * let count = 0;
   * for await (const message of history.iterMessages(id, { pageSize: 100 })) {
   *   assert.equal(message.kind, "request"); // checked against the format
   *   count++; // 3 reads: 100, 100 and 50 messages
   * }
   * assert.equal(count, 250);
   * ```
   *
   * @param sessionId The session.
   * @param options `pageSize` (default 100, at most 10,000) and `afterSeq`
   *   to start after a `seq`.
   * @returns The messages, oldest first.
   * @throws {TypeError} When the session id is not a string (at once).
   * @throws {RangeError} When `pageSize` is not an integer from 1 to 10,000
   *   or `afterSeq` is not a non-negative integer (at once, before any read).
   * @throws {SessionNotFoundError} While iterating: when the session does not
   *   exist, or was deleted since the previous page.
   * @throws {FormatMismatchError} While iterating: when the session has
   *   another format.
   * @throws {CorruptRowError} While iterating: when a stored message no
   *   longer parses.
   */
  iterMessages(
    sessionId: string,
    options: IterateOptions = {},
  ): AsyncGenerator<TMessage, void, undefined> {
    return iterMessages(this.#scope, sessionId, options);
  }

  /**
   * Like {@linkcode iterMessages}, with each message's `seq`, role, time and
   * stored JSON; `seq` is what to pass as `afterSeq` to resume later.
   *
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
   * @throws {ValidationError} When the metadata or patch is not a JSON
   *   object within `maxMetadataBytes` and `maxDepth`, or the patched
   *   metadata would be larger than `maxMetadataBytes` (nothing changes).
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

  /**
   * Writes a consistent copy of the whole database (every owner, every
   * format) to a new file, while this and other processes keep reading and
   * writing: the copy holds exactly the writes committed before it began
   * (`VACUUM INTO`, one read transaction), compacted into one file with no
   * `-wal` to carry along. Open it like any history file. For local files,
   * embedded replicas and `:memory:`; a remote database is refused (copy it
   * with `history export` / `history import`). The copy runs inside SQLite
   * in this process: other processes are not held up, but this one waits
   * for it.
   *
   * @example Back up a live history and open the copy
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const history = await openHistory({ url: `file:${dir}/chat.db` });
   * const { id } = await history.getOrCreateSession();
   * await history.saveMessages(id, [
   *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
   * ]);
   * const { bytes } = await history.backup(`${dir}/backup.db`);
   * assert(bytes > 0);
   * await history.close();
   * const copy = await openHistory({ url: `file:${dir}/backup.db` });
   * assert.equal((await copy.getMessages(id)).length, 1);
   * await copy.close();
   * await Deno.remove(dir, { recursive: true });
   * ```
   *
   * @param path The file to create (a filesystem path, not a URL); it must
   *   not exist.
   * @returns The size of the copy in bytes.
   * @throws {ConfigError} When the file exists (nothing is overwritten), its
   *   directory does not exist, or the database is remote.
   * @throws {DatabaseError} When SQLite cannot write the copy; the partial
   *   file is removed.
   * @throws {HistoryClosedError} When the history is closed.
   */
  backup(path: string): Promise<{ bytes: number }> {
    return backupHistory(this.#scope, path);
  }

  /**
   * Closes the connection; the history (and every view of it) is unusable
   * after. For a local file, it first folds the write-ahead log into the
   * database file (`PRAGMA wal_checkpoint(TRUNCATE)`), so that the `.db`
   * file alone holds everything — even if the program calls `Deno.exit()`
   * right after. That step is best effort: while another process is using
   * the file, what it cannot fold stays in `<file>-wal` (as durable, and
   * folded by the next close) and closing still succeeds. To copy a
   * database that is in use, use {@linkcode backup}.
   *
   * @example After close, the `.db` file alone holds the data
   * ```ts
   * import { openHistory } from "@ironclaw/history";
   * import assert from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const history = await openHistory({ url: `file:${dir}/chat.db` });
   * await history.getOrCreateSession("c");
   * await history.close();
   * await Deno.copyFile(`${dir}/chat.db`, `${dir}/copy.db`); // no -wal file
   * const copy = await openHistory({ url: `file:${dir}/copy.db` });
   * assert.equal((await copy.getSession("c"))?.id, "c");
   * await copy.close();
   * await Deno.remove(dir, { recursive: true });
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
 * Opens a history: connects (local file by default), applies migrations and
 * returns it.
 *
 * Every input is checked against the limits of the options before anything
 * is written: `maxMessageBytes` (16 MiB), `maxMetadataBytes` (1 MiB),
 * `maxMessagesPerCall` (10,000) and `maxDepth` (256 levels); see
 * {@linkcode HistoryOptions}.
 *
 * @example Open a file, by URL or from the environment
 * ```ts
 * import { MIGRATION_TAGS, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const history = await openHistory({ url: `file:${dir}/chat.db` });
 * assert.equal(history.kind, "file");
 * assert.deepEqual(history.migrationsApplied, MIGRATION_TAGS); // a new file
 * await history.close();
 * // Without `url`: LIBSQL_URL, then TURSO_DATABASE_URL, then file:ironclaw.db.
 * const again = await openHistory({ env: { LIBSQL_URL: `file:${dir}/chat.db` } });
 * assert.deepEqual(again.migrationsApplied, []); // already up to date
 * await again.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param options Where the database is, the format, the limits, the clock.
 * @returns The history.
 * @throws {ConfigError} For an unsupported URL, inconsistent options or a
 *   limit that is not an integer in its range.
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
