/**
 * The limits of one JSON value (how large, how deep) with their defaults and
 * caps, the messages that refuse a value over them, and the byte and
 * lone-surrogate checks both the snapshot and the JSON text checker use.
 *
 * @module
 */

/** How large and how deep one JSON value may be. */
export interface SnapshotLimits {
  /** Most levels of arrays and objects nested in each other (`[]` is 1). */
  readonly maxDepth: number;
  /** Most bytes of UTF-8 in the value's JSON text. */
  readonly maxBytes: number;
  /**
   * Refuse strings and object keys that are not well-formed Unicode (hold
   * a lone surrogate), naming their path. Their JSON text is a `\ud800`
   * escape, which SQLite's JSON functions decode into invalid UTF-8.
   * @default {false}
   */
  readonly wellFormed?: boolean;
}

/**
 * Default {@linkcode SnapshotLimits.maxDepth}. SQLite's JSON functions
 * refuse text nested more than 1,000 levels ("malformed JSON"), and a
 * stored message or metadata object is read inside larger JSON built in SQL
 * (export lines, usage reports, metadata filters). 256 is far beyond what
 * an agent message needs (Pydantic AI and AI SDK messages nest about 10
 * levels, tool results rarely 50) and leaves over 700 levels for whatever
 * wraps it.
 */
export const DEFAULT_MAX_DEPTH = 256;

/**
 * Default {@linkcode SnapshotLimits.maxBytes} of one message: 16 MiB. That
 * holds any realistic message, images inlined as base64 included, and
 * stays far below what the native libSQL driver can carry: a 600 MiB
 * message aborted every process that read it.
 */
export const DEFAULT_MAX_MESSAGE_BYTES: number = 16 * 1024 * 1024;

/**
 * Highest `maxDepth` accepted: SQLite's own JSON nesting limit. The walk
 * recurses once per level, and this keeps that recursion shallow.
 */
export const MAX_DEPTH_LIMIT = 1000;

/**
 * Highest `maxBytes` accepted: about the longest string V8 can build
 * (2^29 − 24 code units), so a refused size never reaches the engine.
 */
export const MAX_BYTES_LIMIT: number = 2 ** 29 - 24;

/** A path inside a value: object keys and array indices from the root. */
export type JsonPath = (string | number)[];

/** Why a value was refused, and where. */
export interface SnapshotFailure {
  /** Not accepted. */
  readonly ok: false;
  /** Where inside the value (`[]` is the value itself). */
  readonly path: JsonPath;
  /** What is wrong, as a sentence-case phrase ("a function is not JSON"). */
  readonly message: string;
}

/**
 * Whether `s` holds a lone surrogate (half of a UTF-16 pair): such a string
 * is not valid Unicode and turns into `\uXXXX` escapes in JSON text, so it
 * does not round-trip through UTF-8. Snapshots keep them; ids should not.
 *
 * @param s A string.
 * @returns Whether it is not well-formed UTF-16.
 */
export function hasLoneSurrogate(s: string): boolean {
  return !s.isWellFormed();
}

/**
 * Checks that limits are usable.
 *
 * @param limits The limits.
 * @throws {RangeError} If they are not positive integers within the caps.
 */
export function checkLimits(limits: SnapshotLimits): void {
  const { maxDepth, maxBytes } = limits;
  if (
    !Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT
  ) {
    throw new RangeError(
      `maxDepth must be an integer from 1 to ${MAX_DEPTH_LIMIT}, got ${maxDepth}`,
    );
  }
  if (
    !Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT
  ) {
    throw new RangeError(
      `maxBytes must be an integer from 1 to ${MAX_BYTES_LIMIT}, got ${maxBytes}`,
    );
  }
}

/**
 * Whether the UTF-8 encoding of `text` (well-formed or not; a lone
 * surrogate counts as the 3 bytes of U+FFFD) is longer than `max` bytes,
 * without encoding it: each UTF-16 unit is 1 to 3 bytes, so only texts
 * between `max / 3` and `max` units are counted.
 *
 * @param text The text.
 * @param max Most bytes allowed.
 * @returns Whether it is longer.
 */
export function utf8Exceeds(text: string, max: number): boolean {
  const n = text.length;
  if (n * 3 <= max) return false;
  if (n > max) return true;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      bytes += 2; // a pair: 4 bytes for 2 units
      i++;
    } else bytes += 2;
    if (bytes > max) return true;
  }
  return false;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The message for a value or text over `maxBytes`. */
export function tooLarge(maxBytes: number): string {
  return `the JSON text is larger than ${maxBytes} bytes`;
}

/** The message for a string with half of a UTF-16 pair. */
export const LONE_SURROGATE =
  "a lone surrogate (half of a UTF-16 pair) is not valid Unicode";

/** The message for nesting deeper than `maxDepth`. */
export function tooDeep(maxDepth: number): string {
  return `nested deeper than ${maxDepth} levels of arrays and objects`;
}
