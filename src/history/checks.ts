/**
 * The argument rules of the history, each written once: ids, seqs, limits,
 * dates and metadata. They throw `TypeError`/`RangeError` for a caller's
 * mistake and {@linkcode ValidationError} for data that cannot be stored.
 *
 * @module
 */
import * as v from "valibot";
import { ValidationError, type ValidationIssue } from "../errors.ts";
import { findNonJson, isPlainObject } from "../json.ts";

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
  if (!id.isWellFormed() || id.includes("\0")) {
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
 * Session metadata is a plain JSON object; returns its JSON text.
 *
 * @param metadata The metadata.
 * @param action What was being done, for the message.
 * @returns The JSON text to store.
 * @throws {ValidationError} When it is not a plain JSON object.
 */
export function metadataText(metadata: unknown, action: string): string {
  if (!isPlainObject(metadata)) {
    throw new ValidationError(
      `Cannot ${action}: metadata must be a JSON object`,
      {
        issues: [{ path: "metadata", message: "expected a plain JSON object" }],
      },
    );
  }
  const bad = findNonJson(metadata);
  if (bad) {
    const path = bad.path ? `metadata.${bad.path}` : "metadata";
    throw new ValidationError(
      `Cannot ${action}: metadata at "${path}" is invalid: ${bad.message}`,
      { issues: [{ path, message: bad.message }] },
    );
  }
  return JSON.stringify(metadata);
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
