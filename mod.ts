/**
 * ironclaw history: an AI agent's conversation history — sessions and their
 * ordered messages — in libSQL/SQLite. A local file (`ironclaw.db`) by
 * default, a remote libSQL/Turso database by URL, or an embedded replica.
 * Every message is checked with valibot on the way in and out.
 *
 * @example Save a turn and read it back
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const session = await history.getOrCreateSession();
 * await history.saveMessages(session.id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
 * ]);
 * const messages = await history.getMessages(session.id);
 * assert.equal(messages.length, 2);
 * assert.equal(messages[1]?.kind, "response");
 * ```
 *
 * @module
 */

export { History, openHistory } from "./src/history.ts";
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
} from "./src/history.ts";
export { resolveConnection } from "./src/client/options.ts";
export type {
  ConnectionKind,
  ConnectionOptions,
  ResolvedConnection,
} from "./src/client/options.ts";
export type { Messages } from "./src/history.ts";
export {
  AuthError,
  ConfigError,
  ConflictError,
  ConnectionError,
  CorruptRowError,
  DatabaseError,
  FormatMismatchError,
  HistoryClosedError,
  HistoryError,
  SessionNotFoundError,
  SyncError,
  TimeoutError,
  ValidationError,
} from "./src/errors.ts";
export type { HistoryErrorCode, ValidationIssue } from "./src/errors.ts";
export { defineFormat } from "./src/formats/format.ts";
export type { MessageFormat, Role, UsagePaths } from "./src/formats/format.ts";
export * from "./src/formats/pydantic_ai.ts";
export * from "./src/formats/ai_sdk.ts";
export { FORMAT_NAMES, formatByName } from "./src/formats/registry.ts";
export type { JsonObject, JsonValue } from "./src/json.ts";
/**
 * The tags of the migrations this version knows, oldest first; compare with
 * {@linkcode History.migrationsApplied} or the database's own list.
 */
export { MIGRATION_TAGS } from "./src/db/migrations.ts";
