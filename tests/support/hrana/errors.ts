/**
 * The two ways a Hrana request fails, as sqld tells them apart: a malformed
 * request fails the whole HTTP request, a failed statement is reported in
 * its own result and the stream lives on.
 *
 * @module
 */

/** A malformed request: the whole HTTP request fails with 400. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** The `error` object of a failed stream request or batch step. */
export interface HranaErrorJson {
  message: string;
  code: string;
}

/** A failed stream request: reported in its result, the stream lives on. */
export class HranaFailure extends Error {
  override name = "HranaFailure";
  readonly code: string;
  /** Whether SQLite reported `SQLITE_BUSY` (any extended code). */
  readonly busy: boolean;
  /** Whether retrying may help (`SQLITE_BUSY`, but not a stale snapshot). */
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { busy?: boolean; retryable?: boolean } = {},
  ) {
    super(message);
    this.code = code;
    this.busy = options.busy ?? false;
    this.retryable = options.retryable ?? false;
  }

  toJson(): HranaErrorJson {
    return { message: this.message, code: this.code };
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
