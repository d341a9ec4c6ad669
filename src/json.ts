/**
 * JSON values: their types, a check that a JavaScript value survives JSON
 * unchanged, and a scanner that finds the elements of a JSON array text
 * without re-serializing them.
 *
 * @module
 */

/** A JSON value. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object (session metadata, for instance). */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Finds the first place where `value` would not survive a JSON round trip
 * unchanged (`undefined`, functions, symbols, `NaN`/`Infinity`, `-0`,
 * `bigint`, class instances such as `Date`, cycles, strings with lone
 * surrogates).
 *
 * @param value The value to check.
 * @returns `undefined` if it is plain JSON, else the dot path and the problem.
 */
export function findNonJson(
  value: unknown,
): { path: string; message: string } | undefined {
  const seen = new Set<object>();
  const walk = (
    v: unknown,
    path: string,
  ): { path: string; message: string } | undefined => {
    switch (typeof v) {
      case "boolean":
        return undefined;
      case "string":
        return v.isWellFormed() ? undefined : {
          path,
          message: "string has a lone surrogate (not valid Unicode)",
        };
      case "number":
        if (!Number.isFinite(v)) {
          return { path, message: `${v} is not a JSON number` };
        }
        return Object.is(v, -0)
          ? { path, message: "-0 is not representable in JSON" }
          : undefined;
      case "object": {
        if (v === null) return undefined;
        if (seen.has(v)) return { path, message: "circular reference" };
        if (Array.isArray(v)) {
          seen.add(v);
          for (let i = 0; i < v.length; i++) {
            if (!(i in v)) {
              return { path: join(path, i), message: "sparse array hole" };
            }
            const found = walk(v[i], join(path, i));
            if (found) return found;
          }
          seen.delete(v);
          return undefined;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          const name = (v as object).constructor?.name ?? "object";
          return { path, message: `${name} is not a plain JSON object` };
        }
        seen.add(v);
        for (const key in v) {
          const found = walk(
            (v as Record<string, unknown>)[key],
            join(path, key),
          );
          if (found) return found;
        }
        seen.delete(v);
        return undefined;
      }
      default:
        return { path, message: `${typeof v} is not a JSON value` };
    }
  };
  return walk(value, "");
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

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
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
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
