/**
 * The JSON form in which a session stores the SDK's items, and the
 * comparison of stored items with expected ones.
 *
 * The SDK's in-memory items may hold what JSON cannot: keys whose value is
 * `undefined` (absent, as in JSON), bytes (`Uint8Array`, `ArrayBuffer`,
 * other views, Node's `Buffer`), `Date`s and `URL`s. Bytes become a base64
 * data URL with the `mediaType` beside them (`text/plain` when there is
 * none), as the SDK's own session persistence writes them; everything else
 * takes its `JSON.stringify` form.
 *
 * @module
 */
import { ValidationError } from "../../mod.ts";

/** Bytes of a binary value, or `undefined` for anything else. */
function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return undefined;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  // In slices: spreading a large array into one call overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * `JSON.stringify`'s replacer: sees each value before `toJSON` ran (a
 * `Buffer`'s `toJSON` would give a list of numbers) through its holder.
 */
function replacer(this: unknown, key: string, value: unknown): unknown {
  const holder = this as Record<string, unknown>;
  const bytes = bytesOf(holder[key]);
  if (!bytes) return value;
  const mediaType = holder.mediaType;
  const type = typeof mediaType === "string" && mediaType.length > 0 &&
      !mediaType.startsWith("data:")
    ? mediaType
    : "text/plain";
  return `data:${type};base64,${base64(bytes)}`;
}

/**
 * The JSON text of an array of items, as a session stores it.
 *
 * @param items The items, as the SDK holds them.
 * @param action What is being done, for the error message.
 * @returns The JSON text of the array.
 * @throws {ValidationError} When an item cannot be written as JSON (a
 *   cycle, a `bigint`).
 */
export function itemsJson(items: readonly unknown[], action: string): string {
  try {
    return JSON.stringify(items, replacer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      `Cannot ${action}: the items cannot be written as JSON: ${message}`,
      { issues: [{ path: "", message }] },
    );
  }
}

/** The JSON text of a value with every object's keys in sorted order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (!inner || typeof inner !== "object" || Array.isArray(inner)) {
      return inner;
    }
    return Object.fromEntries(
      Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

/**
 * Whether two lists of JSON items are equal, item by item, whatever the
 * order of their keys.
 *
 * @param stored Items read back from the history.
 * @param expected Items in their JSON form.
 * @returns `true` when they are equal.
 */
export function sameItems(
  stored: readonly unknown[],
  expected: readonly unknown[],
): boolean {
  return stored.length === expected.length &&
    stored.every((item, i) => canonical(item) === canonical(expected[i]));
}
