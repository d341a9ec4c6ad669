/**
 * The public option and result types of the {@linkcode History} methods,
 * re-exported unchanged by `src/history.ts` and `mod.ts`: the options of
 * `openHistory` here, session types in `session_types.ts`, message types in
 * `message_types.ts`.
 *
 * @module
 */
import type { ConnectionOptions } from "../client/options.ts";
import type { MessageFormat } from "../formats/format.ts";
import type { ModelMessage } from "../formats/pydantic_ai.ts";

export type * from "./session_types.ts";
export type * from "./message_types.ts";

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
