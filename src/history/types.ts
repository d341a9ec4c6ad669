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

/** Messages as values, or the JSON text of an array of them. */
export type Messages<TMessage> = readonly TMessage[] | string;

/** Options of {@linkcode History.getUsage}. */
export interface UsageOptions {
  /** Only this session. @default {every session the history sees} */
  sessionId?: string;
  /** Only this owner's sessions (a view from `forOwner` always filters). */
  owner?: string;
}
