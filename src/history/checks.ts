/**
 * The argument rules of the history, each written once: ids, seqs, limits,
 * dates and metadata. They throw `TypeError`/`RangeError` for a caller's
 * mistake and {@linkcode ValidationError} for data that cannot be stored.
 *
 * @module
 */
import * as v from "valibot";
import {
  hasLoneSurrogate,
  type JsonPath,
  snapshot,
  type SnapshotLimits,
} from "../_snapshot.ts";
import { ValidationError, type ValidationIssue } from "../errors.ts";
import { isPlainObject } from "../json.ts";

/** The longest id (session, owner, idempotency key), in UTF-16 units. */
export const MAX_ID_LENGTH = 512;

/**
 * An id is a string of 1 to {@linkcode MAX_ID_LENGTH} characters, valid
 * Unicode (it is stored as UTF-8 text) and without NUL.
 *
 * @param id The value to check.
 * @param what Its name in the message, e.g. `"Session id"`.
 */
export function checkId(id: unknown, what: string): asserts id is string {
  if (typeof id !== "string") {
    throw new TypeError(`${what} must be a string, got ${typeof id}`);
  }
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new RangeError(
      `${what} must be 1 to ${MAX_ID_LENGTH} characters long, got ${id.length}`,
    );
  }
  if (hasLoneSurrogate(id) || id.includes("\0")) {
    throw new RangeError(
      `${what} must be valid Unicode without NUL characters`,
    );
  }
}

/**
 * A seq (or a count of messages) is a non-negative safe integer.
 *
 * @param value The value to check.
 * @param what Its name in the message.
 */
export function checkSeq(
  value: unknown,
  what: string,
): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new RangeError(
      `${what} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

/**
 * A page or batch size is an integer from 1 to `max`.
 *
 * @param value The size asked for, or `undefined`.
 * @param fallback The size when none is asked for.
 * @param max The largest size allowed.
 * @param what Its name in the message.
 * @returns The size.
 */
export function checkLimit(
  value: number | undefined,
  fallback: number,
  max: number,
  what = "limit",
): number {
  const limit = value ?? fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) {
    throw new RangeError(
      `${what} must be an integer from 1 to ${max}, got ${limit}`,
    );
  }
  return limit;
}

/**
 * A time is a `Date` that holds a time (not `new Date(NaN)`).
 *
 * @param value The value to check.
 * @param what The message's subject, e.g. `"inactiveSince"`.
 * @returns Its Unix milliseconds.
 */
export function checkDate(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${what} must be a valid Date`);
  }
  return value.getTime();
}

/**
 * Session metadata (or a metadata patch) is one JSON snapshot of the value
 * given (see `src/_snapshot.ts`) that is a plain JSON object within the
 * limits; returns the snapshot's JSON text, which is what is stored.
 *
 * @param metadata The metadata.
 * @param action What was being done, for the message.
 * @param limits Depth and size limits of metadata.
 * @param what Its name in paths and messages.
 * @returns The JSON text to store.
 * @throws {ValidationError} When it is not a plain JSON object within the
 *   limits, naming the path (`metadata.a.b`).
 */
export function metadataText(
  metadata: unknown,
  action: string,
  limits: SnapshotLimits,
  what = "metadata",
): string {
  const result = snapshot(metadata, limits);
  if (!result.ok) {
    const path = dotPath(result.path, what);
    throw new ValidationError(
      `Cannot ${action}: ${what} at ${
        quotePath(path)
      } is invalid: ${result.message}`,
      { issues: [{ path, message: result.message }] },
    );
  }
  if (!isPlainObject(result.value)) {
    throw new ValidationError(
      `Cannot ${action}: ${what} must be a JSON object`,
      { issues: [{ path: what, message: "expected a plain JSON object" }] },
    );
  }
  return result.text;
}

/**
 * A path as the library's errors write it: keys and indices joined by
 * dots, under `prefix` when given (`"metadata"` → `metadata.a.0`).
 *
 * @param path The keys and indices from the root.
 * @param prefix What the root is called, or `""`.
 * @returns The dot path.
 */
export function dotPath(path: JsonPath, prefix = ""): string {
  const inner = path.join(".");
  if (prefix === "") return inner;
  return inner === "" ? prefix : `${prefix}.${inner}`;
}

/** The longest path an error message shows (the error's `path` has it all). */
const SHOWN_PATH = 120;

/**
 * A dot path for an error message: quoted as JSON (a control character or
 * lone surrogate in a key shows as an escape) and cut when very long.
 *
 * @param path The dot path.
 * @returns It in quotes.
 */
export function quotePath(path: string): string {
  return JSON.stringify(
    path.length > SHOWN_PATH ? `${path.slice(0, SHOWN_PATH)}…` : path,
  );
}

/**
 * valibot's issues as the library's: a dot path and a message each.
 *
 * @param issues The issues of a failed `safeParse`.
 * @returns The same issues, as {@linkcode ValidationIssue}s.
 */
export function issuesOf(
  issues: readonly v.BaseIssue<unknown>[],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
}
