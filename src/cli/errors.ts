/**
 * The two errors the `history` tool reports to a person in one line,
 * without a stack trace: {@linkcode UsageError} (the tool was called wrong,
 * exit code 2) and {@linkcode ToolError} (something failed, exit code 1).
 *
 * @module
 */

/** A mistake in how the tool was called (exit code 2). */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message What is wrong, one line.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure to report to a person in one line, without a stack (exit code 1). */
export class ToolError extends Error {
  /**
   * Creates the error.
   *
   * @param message What went wrong, one line.
   * @param options The standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ToolError";
  }
}
