/**
 * The public option and result types of the {@linkcode History} methods,
 * re-exported unchanged by `src/history.ts` and `mod.ts`.
 *
 * @module
 */
import type { ConnectionOptions } from "../client.ts";
import type { MessageFormat, Role } from "../formats/format.ts";
import type { ModelMessage } from "../formats/pydantic_ai.ts";
import type { JsonObject } from "../json.ts";

/**
 * Options of {@linkcode openHistory}.
 *
 * @example Open a history with a fixed clock and a lower message limit
 * ```ts
 * import { type HistoryOptions, openHistory, ValidationError } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const options: HistoryOptions = {
 *   url: ":memory:",
 *   clock: () => Date.UTC(2026, 0, 1),
 *   maxMessageBytes: 1_000,
 * };
 * await using history = await openHistory(options);
 * const session = await history.getOrCreateSession();
 * assert.equal(session.createdAt.toISOString(), "2026-01-01T00:00:00.000Z");
 * await assert.rejects(
 *   history.saveMessages(session.id, [
 *     { kind: "request", parts: [{ part_kind: "user-prompt", content: "x".repeat(2_000) }] },
 *   ]),
 *   ValidationError,
 * );
 * ```
 */
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
   * Most bytes of UTF-8 in one message's stored JSON text (its snapshot, or
   * the text given), 1 to 268,435,456 (256 MiB). A larger message is
   * refused with {@linkcode ValidationError} before anything is written.
   * @default {16_777_216}
   */
  maxMessageBytes?: number;
  /**
   * Most bytes of UTF-8 in the JSON text of one metadata object or
   * metadata patch, and of the metadata a patch merges into, 1 to
   * 268,435,456 (256 MiB).
   * @default {1_048_576}
   */
  maxMetadataBytes?: number;
  /**
   * Most messages in one `saveMessages` call, 1 to 1,000,000.
   * (`importSession` takes a whole session, however many calls built it.)
   * @default {10_000}
   */
  maxMessagesPerCall?: number;
  /**
   * Most levels of arrays and objects nested in each other in one message
   * or metadata object (`{}` and `[]` are one level), 1 to 256: stored
   * values stay far below the 1,000 levels SQLite's JSON functions read.
   * @default {256}
   */
  maxDepth?: number;
  /**
   * The clock, in Unix milliseconds: a seam for tests. Order never depends
   * on it; only `createdAt`/`updatedAt` do.
   * @default {Date.now}
   */
  clock?: () => number;
}

/**
 * A conversation: its id, owner, metadata and counters.
 *
 * @example What a session tells about a conversation
 * ```ts
 * import { openHistory, type Session } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("trip", { metadata: { title: "Paris" } });
 * await history.saveMessages("trip", [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 * ]);
 * const session: Session | undefined = await history.getSession("trip");
 * assert.equal(session?.messageCount, 1);
 * assert.equal(session?.lastSeq, 1);
 * assert.deepEqual(session?.format, { name: "pydantic-ai", version: "1" });
 * assert.equal(session?.owner, null);
 * ```
 */
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

/**
 * Options of {@linkcode History.getOrCreateSession}.
 *
 * @example Create a session for a user, with a title
 * ```ts
 * import { type CreateSessionOptions, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const options: CreateSessionOptions = { metadata: { title: "Support" }, owner: "ada" };
 * const session = await history.getOrCreateSession("s1", options);
 * assert.equal(session.owner, "ada");
 * assert.deepEqual(session.metadata, { title: "Support" });
 * ```
 */
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

/**
 * Options of {@linkcode History.listSessions}.
 *
 * @example Filter by metadata, a page at a time
 * ```ts
 * import { type ListSessionsOptions, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("a", { metadata: { channel: "web" } });
 * await history.getOrCreateSession("b", { metadata: { channel: "sms" } });
 * const options: ListSessionsOptions = { metadata: { channel: "web" }, limit: 10 };
 * const page = await history.listSessions(options);
 * assert.deepEqual(page.sessions.map((s) => s.id), ["a"]);
 * ```
 */
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

/**
 * One page of {@linkcode History.listSessions}.
 *
 * @example Read pages until there is no next cursor
 * ```ts
 * import { openHistory, type SessionPage } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * for (const id of ["a", "b", "c"]) await history.getOrCreateSession(id);
 * const first: SessionPage = await history.listSessions({ limit: 2 });
 * assert.equal(first.sessions.length, 2);
 * assert(first.nextCursor !== undefined);
 * const last = await history.listSessions({ limit: 2, cursor: first.nextCursor });
 * assert.equal(last.sessions.length, 1);
 * assert.equal(last.nextCursor, undefined);
 * ```
 */
export interface SessionPage {
  /** The sessions, most recently active first. */
  readonly sessions: Session[];
  /** Pass it as `cursor` for the next page; `undefined` on the last page. */
  readonly nextCursor: string | undefined;
}

/**
 * Options of {@linkcode History.updateSession}: exactly one of the two.
 *
 * @example Replace the metadata, or patch it
 * ```ts
 * import { openHistory, type UpdateSessionOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("c", { metadata: { title: "Draft", pinned: true } });
 * const patch: UpdateSessionOptions = { metadataPatch: { pinned: null } };
 * assert.deepEqual((await history.updateSession("c", patch)).metadata, { title: "Draft" });
 * const replace: UpdateSessionOptions = { metadata: { title: "Final" } };
 * assert.deepEqual((await history.updateSession("c", replace)).metadata, { title: "Final" });
 * ```
 */
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

/**
 * Options of {@linkcode History.popMessages}: how much to remove.
 *
 * @example Remove the last message, or everything after a seq
 * ```ts
 * import { type ModelMessage, openHistory, type PopOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [ask("1"), ask("2"), ask("3"), ask("4")]);
 * const last: PopOptions = { count: 1 };
 * assert.deepEqual((await history.popMessages(id, last)).map((r) => r.seq), [4]);
 * const after: PopOptions = { afterSeq: 1 };
 * assert.deepEqual((await history.popMessages(id, after)).map((r) => r.seq), [2, 3]);
 * ```
 */
export type PopOptions =
  | { /** Remove the newest N messages. */ count: number; afterSeq?: never }
  | {
    /** Remove every message with a greater `seq`. */ afterSeq: number;
    count?: never;
  };

/**
 * Options of {@linkcode History.forkSession}.
 *
 * @example Branch a conversation under a new id
 * ```ts
 * import { type ForkOptions, type ModelMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("main", { metadata: { title: "Main" } });
 * await history.saveMessages("main", [ask("1"), ask("2")]);
 * const options: ForkOptions = { upToSeq: 1, id: "alt", metadata: { title: "Alternative" } };
 * const fork = await history.forkSession("main", options);
 * assert.equal(fork.messageCount, 1);
 * assert.deepEqual(fork.metadata, { title: "Alternative" });
 * ```
 */
export interface ForkOptions {
  /** Copy messages up to and including this `seq`. @default {all of them} */
  upToSeq?: number;
  /** The new session's id. @default {a new UUIDv7} */
  id?: string;
  /** The new session's metadata. @default {the source's metadata} */
  metadata?: JsonObject;
}

/**
 * What {@linkcode History.deleteSession} removed.
 *
 * @example Delete a session, twice
 * ```ts
 * import { type DeleteResult, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] }]);
 * const first: DeleteResult = await history.deleteSession(id);
 * assert.deepEqual(first, { deleted: true, messages: 1 });
 * assert.deepEqual(await history.deleteSession(id), { deleted: false, messages: 0 });
 * ```
 */
export interface DeleteResult {
  /** Whether the session existed (and is now gone). */
  readonly deleted: boolean;
  /** How many messages went with it. */
  readonly messages: number;
}

/**
 * Options of {@linkcode History.searchMessages}.
 *
 * @example Search one session only
 * ```ts
 * import { type ModelMessage, openHistory, type SearchOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("a");
 * await history.getOrCreateSession("b");
 * await history.saveMessages("a", [ask("pizza tonight?")]);
 * await history.saveMessages("b", [ask("pizza recipes")]);
 * const options: SearchOptions = { sessionId: "b", limit: 5 };
 * const hits = await history.searchMessages("pizza", options);
 * assert.deepEqual(hits.map((h) => h.sessionId), ["b"]);
 * ```
 */
export interface SearchOptions {
  /** Only this session. */
  sessionId?: string;
  /** At most this many hits, 1–1000. @default {20} */
  limit?: number;
}

/**
 * One message that matched a search.
 *
 * @example Where a word was said, and by whom
 * ```ts
 * import { openHistory, type SearchHit } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Any trains to Lyon?" }] },
 *   { kind: "response", parts: [{ part_kind: "text", content: "Yes, every hour to Lyon." }] },
 * ]);
 * const hits: SearchHit[] = await history.searchMessages("lyon");
 * assert.deepEqual(hits.map((h) => h.role).sort(), ["model", "user"]);
 * assert(hits.every((h) => h.snippet.includes("[Lyon]")));
 * ```
 */
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

/**
 * Token counts added up over `model` messages.
 *
 * @example Totals of one model
 * ```ts
 * import { openHistory, type UsageTotals } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [{
 *   kind: "response",
 *   parts: [{ part_kind: "text", content: "Hi" }],
 *   usage: { input_tokens: 100, cache_read_tokens: 80, output_tokens: 5 },
 *   model_name: "gpt-5",
 * }]);
 * const totals: UsageTotals | undefined = (await history.getUsage()).byModel["gpt-5"];
 * assert.equal(totals?.responses, 1);
 * assert.equal(totals?.cacheReadTokens, 80);
 * assert.equal(totals?.totalTokens, 105);
 * ```
 */
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

/**
 * What {@linkcode History.getUsage} returns.
 *
 * @example Usage of every session
 * ```ts
 * import { openHistory, type UsageReport } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * for (const model of ["gpt-5", "claude"]) {
 *   const { id } = await history.getOrCreateSession();
 *   await history.saveMessages(id, [{
 *     kind: "response",
 *     parts: [{ part_kind: "text", content: "Hi" }],
 *     usage: { input_tokens: 10, output_tokens: 1 },
 *     model_name: model,
 *   }]);
 * }
 * const report: UsageReport = await history.getUsage();
 * assert.equal(report.totalTokens, 22);
 * assert.deepEqual(Object.keys(report.byModel).sort(), ["claude", "gpt-5"]);
 * ```
 */
export interface UsageReport extends UsageTotals {
  /** The same totals per model name (`""` when unknown). */
  readonly byModel: Readonly<Record<string, UsageTotals>>;
}

/**
 * Options of {@linkcode History.pruneSessions}.
 *
 * @example Delete what has been idle for 30 days
 * ```ts
 * import { openHistory, type PruneOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * let now = Date.UTC(2026, 0, 1);
 * await using history = await openHistory({ url: ":memory:", clock: () => now });
 * await history.getOrCreateSession("old");
 * now += 40 * 86_400_000;
 * await history.getOrCreateSession("new");
 * const options: PruneOptions = { inactiveSince: new Date(now - 30 * 86_400_000) };
 * assert.equal(await history.pruneSessions(options), 1);
 * assert.equal(await history.getSession("old"), undefined);
 * ```
 */
export interface PruneOptions {
  /** Delete sessions whose last activity (`updatedAt`) is before this time. */
  inactiveSince: Date;
  /** Only this owner's sessions (a view from `forOwner` always filters). */
  owner?: string;
  /** Sessions deleted per atomic batch. @default {100} */
  batchSize?: number;
}

/**
 * Options of {@linkcode History.saveMessages}.
 *
 * @example Retry a save safely, and refuse a stale one
 * ```ts
 * import { ConflictError, type ModelMessage, openHistory, type SaveMessagesOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * const options: SaveMessagesOptions = { idempotencyKey: "turn-1", expectedLastSeq: 0 };
 * const first = await history.saveMessages(id, [ask("Hi")], options);
 * const retry = await history.saveMessages(id, [ask("Hi")], options);
 * assert.equal(retry.replayed, true);
 * assert.equal(retry.lastSeq, first.lastSeq);
 * await assert.rejects(history.saveMessages(id, [ask("late")], { expectedLastSeq: 0 }), ConflictError);
 * ```
 */
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

/**
 * What {@linkcode History.saveMessages} wrote.
 *
 * @example Where saved messages went
 * ```ts
 * import { type ModelMessage, openHistory, type SaveResult } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [ask("1")]);
 * const saved: SaveResult = await history.saveMessages(id, [ask("2"), ask("3")]);
 * assert.deepEqual(
 *   { firstSeq: saved.firstSeq, lastSeq: saved.lastSeq, count: saved.count, replayed: saved.replayed },
 *   { firstSeq: 2, lastSeq: 3, count: 2, replayed: false },
 * );
 * ```
 */
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
 *
 * @example Windows of a conversation, by seq
 * ```ts
 * import { type ModelMessage, openHistory, type ReadOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, ["1", "2", "3", "4", "5"].map(ask));
 * const seqs = async (options: ReadOptions) =>
 *   (await history.getMessageRecords(id, options)).map((r) => r.seq);
 * assert.deepEqual(await seqs({ last: 2 }), [4, 5]);
 * assert.deepEqual(await seqs({ afterSeq: 1, limit: 2 }), [2, 3]);
 * assert.deepEqual(await seqs({ beforeSeq: 5, limit: 2 }), [3, 4]); // a backward page
 * ```
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

/**
 * A stored message with its position and derived facts.
 *
 * @example Messages with their seq, role and stored JSON
 * ```ts
 * import { type MessageRecord, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
 * ]);
 * const records: MessageRecord[] = await history.getMessageRecords(id);
 * assert.deepEqual(records.map((r) => [r.seq, r.role]), [[1, "user"], [2, "model"]]);
 * assert.deepEqual(JSON.parse(records[1]!.json), records[1]!.message);
 * ```
 */
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

/**
 * A message to import, as a value or as JSON text, with its time.
 *
 * @example Messages to import: values or JSON text, with their times
 * ```ts
 * import { type ImportedMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const messages: ImportedMessage[] = [
 *   {
 *     message: { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *     createdAt: new Date("2025-06-01T10:00:00Z"),
 *   },
 *   { json: '{"kind":"response","parts":[{"part_kind":"text","content":"Hello!"}]}' },
 * ];
 * await using history = await openHistory({ url: ":memory:" });
 * await history.importSession({ id: "restored", messages });
 * const [first] = await history.getMessageRecords("restored");
 * assert.equal(first?.createdAt.toISOString(), "2025-06-01T10:00:00.000Z");
 * ```
 */
export interface ImportedMessage<TMessage = ModelMessage> {
  /** The message as a value (ignored when `json` is given). */
  readonly message?: TMessage;
  /** The message as JSON text, stored byte-for-byte. */
  readonly json?: string;
  /** When it was saved. @default {now} */
  readonly createdAt?: Date;
}

/**
 * A whole session to write with {@linkcode History.importSession}.
 *
 * @example Move a session from one history to another
 * ```ts
 * import { type ImportedSession, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using source = await openHistory({ url: ":memory:" });
 * await using target = await openHistory({ url: ":memory:" });
 * const s = await source.getOrCreateSession("s", { metadata: { title: "Old chat" } });
 * await source.saveMessages(s.id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] }]);
 * const session: ImportedSession = {
 *   id: s.id,
 *   metadata: s.metadata,
 *   createdAt: s.createdAt,
 *   updatedAt: s.updatedAt,
 *   messages: (await source.getMessageRecords(s.id)).map((r) => ({ json: r.json, createdAt: r.createdAt })),
 * };
 * await target.importSession(session);
 * assert.deepEqual(await target.getMessages("s"), await source.getMessages("s"));
 * ```
 */
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

/**
 * What {@linkcode History.importSession} did.
 *
 * @example Importing twice writes once
 * ```ts
 * import { type ImportResult, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const session = {
 *   id: "s",
 *   messages: [{ message: { kind: "request" as const, parts: [] } }],
 * };
 * const first: ImportResult = await history.importSession(session);
 * assert.deepEqual(first, { imported: true, messages: 1 });
 * assert.equal((await history.importSession(session)).imported, false);
 * ```
 */
export interface ImportResult {
  /** False when a session with this id already existed: nothing was written. */
  readonly imported: boolean;
  /** How many messages were written. */
  readonly messages: number;
}

/**
 * Messages as values, or the JSON text of an array of them.
 *
 * @example Save values, or the JSON text Pydantic AI wrote
 * ```ts
 * import { type Messages, type ModelMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * const values: Messages<ModelMessage> = [{ kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] }];
 * const text: Messages<ModelMessage> = '[{"kind":"response","parts":[{"part_kind":"text","content":"Hello!"}]}]';
 * await history.saveMessages(id, values);
 * await history.saveMessages(id, text);
 * assert.equal((await history.getMessages(id)).length, 2);
 * ```
 */
export type Messages<TMessage> = readonly TMessage[] | string;

/**
 * Options of {@linkcode History.getUsage}.
 *
 * @example Usage of one session, or of one owner's sessions
 * ```ts
 * import { openHistory, type UsageOptions } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession("s", { owner: "ada" });
 * await history.saveMessages(id, [{
 *   kind: "response",
 *   parts: [{ part_kind: "text", content: "Hi" }],
 *   usage: { input_tokens: 7, output_tokens: 3 },
 * }]);
 * const one: UsageOptions = { sessionId: id };
 * const owner: UsageOptions = { owner: "ada" };
 * assert.equal((await history.getUsage(one)).totalTokens, 10);
 * assert.equal((await history.getUsage(owner)).totalTokens, 10);
 * ```
 */
export interface UsageOptions {
  /** Only this session. @default {every session the history sees} */
  sessionId?: string;
  /** Only this owner's sessions (a view from `forOwner` always filters). */
  owner?: string;
}

/** Options of {@linkcode History.saveChat}. */
export interface SaveChatOptions {
  /**
   * The list ends with a regenerated message (the AI SDK's `regenerate()`:
   * the request's `trigger` is `"regenerate-message"`). The messages before
   * it must be stored as they are; it replaces whatever is stored from its
   * place on — the old answer, of another id, and anything after it —
   * instead of throwing {@linkcode ConflictError}.
   */
  regenerate?: boolean;
  /**
   * Optimistic concurrency: write only if the session's last `seq` is this
   * one (the `lastSeq` of the previous save), else throw
   * {@linkcode ConflictError} and write nothing.
   */
  expectedLastSeq?: number;
}

/**
 * What {@linkcode History.saveChat} did. With `m` messages stored before
 * and `n` in the list: `kept + replaced + removed = m` and
 * `kept + replaced + appended = n`.
 */
export interface SaveChatResult {
  /** The session written to. */
  readonly sessionId: string;
  /** Messages of the list that were stored as they are, from the first on. */
  readonly kept: number;
  /** Stored messages replaced by other (or changed) messages of the list. */
  readonly replaced: number;
  /** Messages of the list written past the stored chat's end. */
  readonly appended: number;
  /** Stored messages past the list's end, removed (only with `regenerate`). */
  readonly removed: number;
  /** `seq` of the first message written (`lastSeq + 1` when none). */
  readonly firstSeq: number;
  /** The session's last `seq`: the list's length. */
  readonly lastSeq: number;
}

/**
 * Options of {@linkcode History.iterMessages} and
 * {@linkcode History.iterMessageRecords}.
 *
 * @example Resume reading a session where an earlier pass stopped
 * ```ts
 * import { type IterateOptions, type ModelMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * const ask = (text: string): ModelMessage => ({
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: text }],
 * });
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, ["1", "2", "3", "4", "5"].map(ask));
 * const options: IterateOptions = { afterSeq: 2, pageSize: 2 };
 * const seqs: number[] = [];
 * for await (const record of history.iterMessageRecords(id, options)) {
 *   seqs.push(record.seq);
 * }
 * assert.deepEqual(seqs, [3, 4, 5]);
 * ```
 */
export interface IterateOptions {
  /**
   * Messages read per round trip, 1 to 10,000: memory holds about one
   * page of them.
   * @default {100}
   */
  pageSize?: number;
  /** Start after this `seq` (exclusive), e.g. the last one handled. @default {0} */
  afterSeq?: number;
}
