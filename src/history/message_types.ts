/**
 * The public types of messages: saving, reading windows and records,
 * searching, usage, chats and iteration. Re-exported by `types.ts`.
 *
 * @module
 */
import type { Role } from "../formats/format.ts";
import type { ModelMessage } from "../formats/pydantic_ai.ts";

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
