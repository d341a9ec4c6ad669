/**
 * The errors a history raises. Each is `instanceof`-checkable, extends
 * {@linkcode HistoryError} and has a stable {@linkcode HistoryError.code}.
 * Argument misuse (a non-string id, a negative limit) throws the built-in
 * `TypeError` / `RangeError` instead.
 *
 * @module
 */
import type * as v from "valibot";

/**
 * The stable codes of {@linkcode HistoryError} subclasses.
 *
 * @example Branch on the code instead of the class
 * ```ts
 * import { HistoryError, type HistoryErrorCode, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const advice: Partial<Record<HistoryErrorCode, string>> = {
 *   SESSION_NOT_FOUND: "start a new conversation",
 *   CONFLICT: "reload and retry",
 * };
 * await using history = await openHistory({ url: ":memory:" });
 * const error = await history.getMessages("gone").catch((e) => e);
 * assert(error instanceof HistoryError);
 * assert.equal(advice[error.code], "start a new conversation");
 * ```
 */
export type HistoryErrorCode =
  | "VALIDATION"
  | "SESSION_NOT_FOUND"
  | "CONFLICT"
  | "FORMAT_MISMATCH"
  | "CORRUPT_ROW"
  | "CONFIG"
  | "CONNECTION"
  | "AUTH"
  | "TIMEOUT"
  | "DATABASE"
  | "SYNC"
  | "CLOSED";

/**
 * The base of every error raised by a history.
 *
 * @example Catch any history error and branch on its code
 * ```ts
 * import { HistoryError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * try {
 *   await history.getMessages("no-such-session");
 * } catch (error) {
 *   assert(error instanceof HistoryError);
 *   assert.equal(error.code, "SESSION_NOT_FOUND");
 * }
 * ```
 */
export class HistoryError extends Error {
  /** The stable, machine-readable code of the error. */
  readonly code: HistoryErrorCode;

  /**
   * Creates a history error.
   *
   * @param code The stable code.
   * @param message The human-readable message.
   * @param options The standard error options (`cause`).
   */
  constructor(code: HistoryErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HistoryError";
    this.code = code;
  }
}

/**
 * One problem found while validating input, with its dot path.
 *
 * @example List what is wrong with a message
 * ```ts
 * import { openHistory, ValidationError, type ValidationIssue } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * const error = await history
 *   .saveMessages(id, '[{"kind":"request","parts":[{"part_kind":"user-prompt","content":42}]}]')
 *   .catch((e) => e);
 * assert(error instanceof ValidationError);
 * const issues: readonly ValidationIssue[] = error.issues;
 * assert.equal(issues[0]?.path, "parts.0.content");
 * ```
 */
export interface ValidationIssue {
  /** Dot path inside the value, e.g. `"parts.1.content"`; `""` for the value itself. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * Input was rejected before anything was written: a message that does not
 * match its format, metadata that is not a JSON object, JSON text that does
 * not parse.
 *
 * @example An invalid message: nothing is written
 * ```ts
 * import { openHistory, type ModelMessage, ValidationError } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * const good: ModelMessage = { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] };
 * const bad = { kind: "response", parts: [{ part_kind: "text" }] }; // no content
 * const error = await history.saveMessages(id, [good, bad as ModelMessage]).catch((e) => e);
 * assert(error instanceof ValidationError);
 * assert.equal(error.code, "VALIDATION");
 * assert.equal(error.messageIndex, 1);
 * assert.equal(error.path, "parts.0.content");
 * assert.equal((await history.getMessages(id)).length, 0);
 * ```
 */
export class ValidationError extends HistoryError {
  /** Index of the first invalid message in the call, when a message is at fault. */
  readonly messageIndex: number | undefined;
  /** Dot path of the first issue inside the value (message, metadata…). */
  readonly path: string;
  /** Every issue found, with its dot path. */
  readonly issues: readonly ValidationIssue[];
  /** valibot's own issues, untouched, when valibot found them. */
  // deno-doc-ignore private-type-ref -- valibot's exported BaseIssue; npm types count as private here (denoland/deno#27364)
  readonly valibotIssues: readonly v.BaseIssue<unknown>[];

  /**
   * Creates a validation error.
   *
   * @param message The human-readable message.
   * @param details Where the problem is.
   */
  constructor(
    message: string,
    details: {
      messageIndex?: number | undefined;
      issues: readonly ValidationIssue[];
      valibotIssues?: readonly v.BaseIssue<unknown>[];
    },
  ) {
    super("VALIDATION", message);
    this.name = "ValidationError";
    this.messageIndex = details.messageIndex;
    this.issues = details.issues;
    this.path = details.issues[0]?.path ?? "";
    this.valibotIssues = details.valibotIssues ?? [];
  }
}

/**
 * The session does not exist (or belongs to another owner).
 *
 * @example Reading a session that does not exist
 * ```ts
 * import { openHistory, SessionNotFoundError } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const error = await history.getMessages("no-such-id").catch((e) => e);
 * assert(error instanceof SessionNotFoundError);
 * assert.equal(error.sessionId, "no-such-id");
 * // Another owner's session looks exactly the same:
 * await history.getOrCreateSession("bobs", { owner: "bob" });
 * await assert.rejects(history.forOwner("alice").getMessages("bobs"), SessionNotFoundError);
 * ```
 */
export class SessionNotFoundError extends HistoryError {
  /** The id that was asked for. */
  readonly sessionId: string;

  /**
   * Creates a not-found error.
   *
   * @param sessionId The id that was asked for.
   * @param action What was being done, e.g. `"save messages to"`.
   */
  constructor(sessionId: string, action = "find") {
    super(
      "SESSION_NOT_FOUND",
      `Cannot ${action} session "${sessionId}": no such session`,
    );
    this.name = "SessionNotFoundError";
    this.sessionId = sessionId;
  }
}

/**
 * A precondition failed: the session's last `seq` was not the expected one
 * (someone else appended first), or a session id is already taken. Nothing
 * was written.
 *
 * @example Someone else appended first
 * ```ts
 * import { ConflictError, type ModelMessage, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const ask = (text: string): ModelMessage => ({ kind: "request", parts: [{ part_kind: "user-prompt", content: text }] });
 * await using history = await openHistory({ url: ":memory:" });
 * const { id, lastSeq } = await history.getOrCreateSession();
 * await history.saveMessages(id, [ask("from another tab")]);
 * const error = await history.saveMessages(id, [ask("mine")], { expectedLastSeq: lastSeq }).catch((e) => e);
 * assert(error instanceof ConflictError);
 * assert.equal(error.expectedLastSeq, 0);
 * assert.equal(error.actualLastSeq, 1);
 * ```
 */
export class ConflictError extends HistoryError {
  /** The session concerned. */
  readonly sessionId: string;
  /** The last `seq` the caller expected, when that was the precondition. */
  readonly expectedLastSeq: number | undefined;
  /** The session's actual last `seq` at the time of the write. */
  readonly actualLastSeq: number | undefined;

  /**
   * Creates a conflict error.
   *
   * @param message The human-readable message.
   * @param details The session and the sequence numbers involved.
   */
  constructor(
    message: string,
    details: {
      sessionId: string;
      expectedLastSeq?: number | undefined;
      actualLastSeq?: number | undefined;
    },
  ) {
    super("CONFLICT", message);
    this.name = "ConflictError";
    this.sessionId = details.sessionId;
    this.expectedLastSeq = details.expectedLastSeq;
    this.actualLastSeq = details.actualLastSeq;
  }
}

/**
 * The session was written with another message format than the one used.
 *
 * @example Reading a session with another format
 * ```ts
 * import { aiSdkModelMessageFormat, FormatMismatchError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" }); // Pydantic AI by default
 * const { id } = await history.getOrCreateSession();
 * const error = await history.withFormat(aiSdkModelMessageFormat).getMessages(id).catch((e) => e);
 * assert(error instanceof FormatMismatchError);
 * assert.equal(error.sessionFormat, "pydantic-ai@1");
 * assert.match(error.requestedFormat, /^ai-sdk/);
 * ```
 */
export class FormatMismatchError extends HistoryError {
  /** The session concerned. */
  readonly sessionId: string;
  /** The format the session records (`name@version`). */
  readonly sessionFormat: string;
  /** The format that was used for the call. */
  readonly requestedFormat: string;

  /**
   * Creates a format-mismatch error.
   *
   * @param sessionId The session concerned.
   * @param sessionFormat The format the session records.
   * @param requestedFormat The format used for the call.
   */
  constructor(
    sessionId: string,
    sessionFormat: string,
    requestedFormat: string,
  ) {
    super(
      "FORMAT_MISMATCH",
      `Cannot use session "${sessionId}" with format "${requestedFormat}": it was created with format "${sessionFormat}"`,
    );
    this.name = "FormatMismatchError";
    this.sessionId = sessionId;
    this.sessionFormat = sessionFormat;
    this.requestedFormat = requestedFormat;
  }
}

/**
 * A stored row no longer parses or no longer matches its format.
 *
 * @example A stored message the strict format no longer accepts
 * ```ts
 * import { CorruptRowError, createPydanticAiFormat, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({
 *   url: ":memory:",
 *   format: createPydanticAiFormat({ unknownValues: "accept" }),
 * });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, '[{"kind":"response","parts":[{"part_kind":"hologram"}]}]');
 * const strict = history.withFormat(createPydanticAiFormat());
 * const error = await strict.getMessages(id).catch((e) => e);
 * assert(error instanceof CorruptRowError);
 * assert.equal(error.seq, 1);
 * assert.equal(error.path, "parts.0.part_kind");
 * ```
 */
export class CorruptRowError extends HistoryError {
  /** The session of the row. */
  readonly sessionId: string;
  /** The row's `seq` in its session. */
  readonly seq: number;
  /** Dot path of the first problem inside the stored message. */
  readonly path: string;
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[];

  /**
   * Creates a corrupt-row error.
   *
   * @param sessionId The session of the row.
   * @param seq The row's `seq`.
   * @param issues What is wrong with it.
   */
  constructor(
    sessionId: string,
    seq: number,
    issues: readonly ValidationIssue[],
  ) {
    const first = issues[0];
    super(
      "CORRUPT_ROW",
      `Cannot read session "${sessionId}": stored message seq ${seq} is corrupt` +
        (first ? ` at "${first.path}": ${first.message}` : ""),
    );
    this.name = "CorruptRowError";
    this.sessionId = sessionId;
    this.seq = seq;
    this.issues = issues;
    this.path = first?.path ?? "";
  }
}

/**
 * The options or environment do not describe a usable database.
 *
 * @example A URL the library cannot use
 * ```ts
 * import { ConfigError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const error = await openHistory({ url: "ftp://example.com/db" }).catch((e) => e);
 * assert(error instanceof ConfigError);
 * assert.equal(error.code, "CONFIG");
 * assert.match(error.message, /unsupported URL scheme "ftp:"/);
 * ```
 */
export class ConfigError extends HistoryError {
  /**
   * Creates a configuration error.
   *
   * @param message The human-readable message (never contains a token).
   * @param options The standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super("CONFIG", message, options);
    this.name = "ConfigError";
  }
}

/**
 * The database could not be reached or answered with a failure that is not
 * about the data: network errors, HTTP errors, `SQLITE_BUSY` after the busy
 * timeout. Subclasses: {@linkcode AuthError}, {@linkcode TimeoutError}.
 *
 * @example Nothing listens at the URL
 * ```ts
 * import { ConnectionError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const { port } = listener.addr as Deno.NetAddr;
 * listener.close(); // now nothing listens there
 * const error = await openHistory({ url: `http://127.0.0.1:${port}`, env: false }).catch((e) => e);
 * assert(error instanceof ConnectionError);
 * assert.equal(error.code, "CONNECTION");
 * ```
 */
export class ConnectionError extends HistoryError {
  /**
   * Creates a connection error.
   *
   * @param message The human-readable message (never contains a token).
   * @param options The standard error options.
   * @param code The code, for subclasses.
   */
  constructor(
    message: string,
    options?: ErrorOptions,
    code: "CONNECTION" | "AUTH" | "TIMEOUT" = "CONNECTION",
  ) {
    super(code, message, options);
    this.name = "ConnectionError";
  }
}

/**
 * The remote database refused the credentials.
 *
 * @example The server refuses the token
 * ```ts
 * import { AuthError, ConnectionError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("unauthorized", { status: 401 }),
 * );
 * const error = await openHistory({
 *   url: `http://127.0.0.1:${server.addr.port}`,
 *   authToken: "wrong-token",
 *   env: false,
 * }).catch((e) => e);
 * await server.shutdown();
 * assert(error instanceof AuthError);
 * assert(error instanceof ConnectionError); // a kind of connection error
 * assert(!error.message.includes("wrong-token")); // tokens never appear
 * ```
 */
export class AuthError extends ConnectionError {
  /**
   * Creates an authentication error.
   *
   * @param message The human-readable message (never contains a token).
   * @param options The standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options, "AUTH");
    this.name = "AuthError";
  }
}

/**
 * The database did not answer within the configured `timeout`.
 *
 * @example A server that does not answer in time
 * ```ts
 * import { openHistory, TimeoutError } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const { promise: answered, resolve: answer } = Promise.withResolvers<void>();
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
 *   await answered;
 *   return new Response("too late");
 * });
 * const error = await openHistory({
 *   url: `http://127.0.0.1:${server.addr.port}`,
 *   timeout: 200,
 *   env: false,
 * }).catch((e) => e);
 * answer();
 * await server.shutdown();
 * assert(error instanceof TimeoutError);
 * assert.equal(error.timeoutMs, 200);
 * ```
 */
export class TimeoutError extends ConnectionError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates a timeout error.
   *
   * @param message The human-readable message.
   * @param timeoutMs The limit that was exceeded.
   * @param options The standard error options.
   */
  constructor(message: string, timeoutMs: number, options?: ErrorOptions) {
    super(message, options, "TIMEOUT");
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The database reported an error that is not one of the above.
 *
 * @example A file that is not a database
 * ```ts
 * import { DatabaseError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/notes.db`, "just some notes, not SQLite ".repeat(200));
 * const error = await openHistory({ url: `file:${dir}/notes.db` }).catch((e) => e);
 * await Deno.remove(dir, { recursive: true });
 * assert(error instanceof DatabaseError);
 * assert.equal(error.dbCode, "SQLITE_NOTADB");
 * ```
 */
export class DatabaseError extends HistoryError {
  /** libSQL's code, e.g. `"SQLITE_FULL"`, when known. */
  readonly dbCode: string | undefined;

  /**
   * Creates a database error.
   *
   * @param message The human-readable message.
   * @param dbCode libSQL's code.
   * @param options The standard error options.
   */
  constructor(message: string, dbCode?: string, options?: ErrorOptions) {
    super("DATABASE", message, options);
    this.name = "DatabaseError";
    this.dbCode = dbCode;
  }
}

/**
 * `sync()` failed, or was called on a history that is not a replica.
 *
 * @example Syncing a history that is not a replica
 * ```ts
 * import { openHistory, SyncError } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const error = await history.sync().catch((e) => e);
 * assert(error instanceof SyncError);
 * assert.match(error.message, /not an embedded replica/);
 * ```
 */
export class SyncError extends HistoryError {
  /**
   * Creates a sync error.
   *
   * @param message The human-readable message (never contains a token).
   * @param options The standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super("SYNC", message, options);
    this.name = "SyncError";
  }
}

/**
 * The history was used after `close()`, or `close()` came while the
 * operation was still running (it may or may not have taken effect).
 *
 * @example Using a history after close()
 * ```ts
 * import { HistoryClosedError, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.close();
 * await assert.rejects(history.getMessages(id), HistoryClosedError);
 * assert.equal(history.closed, true);
 * ```
 */
export class HistoryClosedError extends HistoryError {
  /**
   * Creates a closed error.
   *
   * @param message The human-readable message.
   * @param options The standard error options (`cause`: what the driver
   *   said when `close()` cut the operation short, without secrets).
   */
  constructor(
    message = "Cannot use history: it is closed",
    options?: ErrorOptions,
  ) {
    super("CLOSED", message, options);
    this.name = "HistoryClosedError";
  }
}
