/**
 * The errors a history raises. Each is `instanceof`-checkable, extends
 * {@linkcode HistoryError} and has a stable {@linkcode HistoryError.code}.
 * Argument misuse (a non-string id, a negative limit) throws the built-in
 * `TypeError` / `RangeError` instead.
 *
 * @module
 */
import type * as v from "valibot";

/** The stable codes of {@linkcode HistoryError} subclasses. */
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

/** One problem found while validating input, with its dot path. */
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
 */
export class ValidationError extends HistoryError {
  /** Index of the first invalid message in the call, when a message is at fault. */
  readonly messageIndex: number | undefined;
  /** Dot path of the first issue inside the value (message, metadata…). */
  readonly path: string;
  /** Every issue found, with its dot path. */
  readonly issues: readonly ValidationIssue[];
  /** valibot's own issues, untouched, when valibot found them. */
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

/** The session does not exist (or belongs to another owner). */
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

/** The session was written with another message format than the one used. */
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

/** A stored row no longer parses or no longer matches its format. */
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

/** The options or environment do not describe a usable database. */
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

/** The remote database refused the credentials. */
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

/** The database did not answer within the configured `timeout`. */
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

/** The database reported an error that is not one of the above. */
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

/** `sync()` failed, or was called on a history that is not a replica. */
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

/** The history was used after `close()`. */
export class HistoryClosedError extends HistoryError {
  /** Creates a closed error. */
  constructor() {
    super("CLOSED", "Cannot use history: it is closed");
    this.name = "HistoryClosedError";
  }
}
