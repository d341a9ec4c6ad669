/**
 * The search-text helpers both message formats use: pieces of text are
 * gathered into a list and joined once, and the string leaves of a JSON
 * value (a tool's result) are collected to a bounded depth.
 *
 * @module
 */

/**
 * How deep {@linkcode collectStrings} descends. Stored messages are JSON
 * that passed a schema, so this only bounds the work on a pathological
 * value; text nested deeper is not searchable.
 */
const MAX_TEXT_DEPTH = 64;

/**
 * Adds `value` to `out` if it is a non-empty string.
 *
 * @param value Any value.
 * @param out The pieces of text gathered so far.
 */
export function pushText(value: unknown, out: string[]): void {
  if (typeof value === "string" && value.length > 0) out.push(value);
}

/**
 * Adds the non-empty string leaves of a JSON value to `out`, in order: an
 * array's items (its indices only, as JSON has them) and an object's values.
 *
 * @param value A JSON value.
 * @param out The pieces of text gathered so far.
 * @param skip Whether to leave out an object (not an array) and everything
 *   in it; Pydantic AI skips images and other files.
 */
export function collectStrings(
  value: unknown,
  out: string[],
  skip?: (value: object) => boolean,
): void {
  collect(value, out, skip, 0);
}

function collect(
  value: unknown,
  out: string[],
  skip: ((value: object) => boolean) | undefined,
  depth: number,
): void {
  if (typeof value === "string") pushText(value, out);
  else if (depth < MAX_TEXT_DEPTH && typeof value === "object" && value) {
    if (Array.isArray(value)) {
      for (const item of value) collect(item, out, skip, depth + 1);
      return;
    }
    if (skip?.(value)) return;
    for (const item of Object.values(value)) {
      collect(item, out, skip, depth + 1);
    }
  }
}
