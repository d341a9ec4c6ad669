/**
 * Driver failures → history errors: every error from `@libsql/client`
 * becomes one {@linkcode HistoryError} subclass, with secrets taken out of
 * its message and of the copy of the driver error kept as `cause` (the
 * driver's error itself, with its own causes and properties, is never
 * attached), and an operation the history's `close()` cut short becomes
 * {@linkcode HistoryClosedError}.
 *
 * @module
 */
import {
  AuthError,
  ConfigError,
  ConnectionError,
  DatabaseError,
  HistoryClosedError,
  HistoryError,
  TimeoutError,
} from "../errors.ts";
import { ClosedWhileRunning } from "./close_aware_client.ts";
import { redact } from "./secrets.ts";
import { RequestTimeout } from "./timed_fetch.ts";

/**
 * The name, code and message of a driver failure, with secrets taken out
 * of each (a server's answer can put anything in a message or a code).
 */
function describe(
  error: unknown,
  secrets: readonly string[],
): { name: string; code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const out: { name: string; code?: string; message: string } = {
      name: redact(String(error.name), secrets),
      message: redact(String(error.message), secrets),
    };
    if (typeof code === "string") out.code = redact(code, secrets);
    return out;
  }
  let message: string;
  try {
    message = String(error);
  } catch {
    message = "(an error that cannot be shown)";
  }
  return { name: "Error", message: redact(message, secrets) };
}

/**
 * A copy of a driver error that is safe to attach as `cause`.
 *
 * @param error The driver error.
 * @param secrets The texts to redact from its message.
 * @returns A new error with the same name and code and a redacted message.
 */
export function safeCause(error: unknown, secrets: readonly string[]): Error {
  const d = describe(error, secrets);
  const copy = new Error(d.message);
  copy.name = d.name;
  if (d.code) Object.assign(copy, { code: d.code });
  return copy;
}

function findTimeout(error: unknown): RequestTimeout | undefined {
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    if (e instanceof RequestTimeout) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a driver failure to a history error.
 *
 * @param error The failure; a {@linkcode HistoryError} is returned as is.
 * @param action What was being done, for the message ("open history …").
 * @param where The URL shown in the message, without credentials.
 * @param secrets The texts to redact.
 * @param busyTimeout The timeout a `SQLITE_BUSY` ran past, in milliseconds.
 * @returns The history error.
 */
export function mapError(
  error: unknown,
  action: string,
  where: string,
  secrets: readonly string[],
  busyTimeout: number,
): HistoryError {
  if (error instanceof HistoryError) return error;
  if (error instanceof ClosedWhileRunning) {
    return new HistoryClosedError(
      `Cannot ${action}: the history was closed while it ran`,
      { cause: safeCause(error.cause, secrets) },
    );
  }
  const cause = safeCause(error, secrets);
  const timedOut = findTimeout(error);
  if (timedOut) {
    return new TimeoutError(
      `Cannot ${action}: "${where}" did not answer within ${timedOut.timeoutMs} ms`,
      timedOut.timeoutMs,
      { cause },
    );
  }
  // The kind is read from the driver's own text: taking a secret out first
  // could change it (a token "1" in "HTTP status 401"). Only `message` is shown.
  const d = describe(error, []);
  const message = describe(error, secrets).message;
  const code = d.code ?? "";
  if (/HTTP status 401|HTTP status 403|unauthori[sz]ed/i.test(d.message)) {
    return new AuthError(
      `Cannot ${action}: "${where}" refused the credentials (check the auth token)`,
      { cause },
    );
  }
  if (
    code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" ||
    /SQLITE_BUSY/.test(code)
  ) {
    return new TimeoutError(
      `Cannot ${action}: "${where}" stayed locked by another writer (${message})`,
      busyTimeout,
      { cause },
    );
  }
  if (code.startsWith("URL_") || code === "ENCRYPTION_KEY_INVALID") {
    return new ConfigError(`Cannot ${action}: ${message}`, { cause });
  }
  if (
    code === "SERVER_ERROR" || code.startsWith("HRANA_") ||
    code === "STREAM_EXPIRED" || code === "TRANSACTION_CLOSED" ||
    d.name === "TypeError" || d.name === "FetchError" ||
    /fetch failed|connection|ECONN|network/i.test(d.message)
  ) {
    return new ConnectionError(
      `Cannot ${action}: "${where}" could not be reached or failed: ${message}`,
      { cause },
    );
  }
  return new DatabaseError(
    `Cannot ${action}: database error: ${message}`,
    (cause as { code?: string }).code,
    { cause },
  );
}
