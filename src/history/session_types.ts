/**
 * The public types of sessions: what a session is, and the options and
 * results of creating, listing, updating, undoing, forking, deleting,
 * pruning and importing them. Re-exported by `types.ts`.
 *
 * @module
 */
import type { MessageFormat } from "../formats/format.ts";
import type { ModelMessage } from "../formats/pydantic_ai.ts";
import type { JsonObject } from "../json.ts";

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
