/**
 * JSON values: their types, object predicates, and a scanner that finds
 * the elements of a JSON array text without re-serializing them. (What
 * turns a JavaScript value into JSON is `src/_snapshot.ts`.)
 *
 * @module
 */

/**
 * A JSON value.
 *
 * @example Any JSON value
 * ```ts
 * import { type JsonValue } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const values: JsonValue[] = ["text", 1, true, null, [1, "two"], { nested: { ok: true } }];
 * assert.deepEqual(JSON.parse(JSON.stringify(values)), values);
 * ```
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * A JSON object (session metadata, for instance).
 *
 * @example Session metadata is a JSON object
 * ```ts
 * import { type JsonObject, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const metadata: JsonObject = { title: "Trip", tags: ["travel"], budget: { eur: 800 } };
 * await using history = await openHistory({ url: ":memory:" });
 * const session = await history.getOrCreateSession("trip", { metadata });
 * assert.deepEqual(session.metadata, metadata);
 * ```
 */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Whether `value` is an object and not an array (the shape of a JSON
 * object; its values are not checked).
 *
 * @typeParam T What the caller knows such an object to be.
 * @param value The value.
 * @returns Whether it is a non-array object.
 */
export function isObject<T = Record<string, unknown>>(
  value: unknown,
): value is T {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` is a plain object (not an array, not a class instance). */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Splits the text of a JSON array into the exact source text of each
 * element. The text must already be known to be valid JSON whose top-level
 * value is an array (check with `JSON.parse` first).
 *
 * @param text Valid JSON text of an array.
 * @returns The source text of each element, without surrounding whitespace.
 */
export function splitJsonArray(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf("[") + 1;
  let depth = 0;
  let start = -1;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (start < 0) start = i;
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (depth === 0 && (c === 0x2c /* , */ || c === 0x5d /* ] */)) {
      if (start >= 0) out.push(text.slice(start, lastNonSpace(text, i) + 1));
      start = -1;
      if (c === 0x5d) break;
      continue;
    }
    if (start < 0) start = i;
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return out;
}

function lastNonSpace(text: string, before: number): number {
  let j = before - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    j--;
  }
  return j;
}

/**
 * The index of the quote that closes the JSON string opening at `start`,
 * or the text's length if none does. A quote is escaped when an odd number of
 * backslashes precede it; counting them back never passes the previous
 * quote, so the whole text costs linear time.
 *
 * @param text JSON text.
 * @param start The index of a string's opening quote.
 * @returns The index of its closing quote.
 */
export function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let k = q - 1;
    while (k > start && text.charCodeAt(k) === 0x5c /* \ */) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}
