/**
 * Inspecting the AI SDK's in-memory values the way a JSON store sees them:
 * where they hold keys whose value is `undefined` or values that are not
 * JSON (`Uint8Array`, `ArrayBuffer`, `URL`, `Date`), and their snapshot — the
 * JSON value the store is asked (issue 13.1) to turn them into: undefined
 * keys dropped, binary data as base64, a URL as its string, a date as its ISO
 * string — and a tagged `{ type: "url", url: URL }` file data as the bare URL
 * string, because the SDK reads the tagged form only with a `URL` object
 * (with a string it is taken for a provider reference). The snapshot is the
 * test's reference, not the library's code.
 *
 * @module
 */

/** A value found at a dot path inside a message. */
export interface Finding {
  /** The dot path, e.g. `"1.content.0.providerExecuted"`. */
  readonly path: string;
  /** `"undefined"`, or the constructor name of a non-JSON object. */
  readonly kind: string;
}

function kindOf(value: unknown): string | undefined {
  if (value === undefined) return "undefined";
  if (value instanceof Uint8Array) return "Uint8Array";
  if (value instanceof ArrayBuffer) return "ArrayBuffer";
  if (value instanceof URL) return "URL";
  if (value instanceof Date) return "Date";
  return undefined;
}

/**
 * Every key whose value is `undefined` and every non-JSON object inside
 * `value`, with its dot path, depth first.
 */
export function findNonJson(value: unknown, path = ""): Finding[] {
  const kind = kindOf(value);
  if (kind !== undefined) return [{ path, kind }];
  if (typeof value !== "object" || value === null) return [];
  const join = (key: string | number) =>
    path === "" ? `${key}` : `${path}.${key}`;
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findNonJson(item, join(i)));
  }
  return Object.entries(value).flatMap(([key, item]) =>
    findNonJson(item, join(key))
  );
}

/** Base64 of some bytes, as the AI SDK writes it (no data URL, padded). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The JSON snapshot of an SDK value: keys whose value is `undefined` are
 * dropped, `Uint8Array`/`ArrayBuffer` become base64, `URL` its `href`, `Date`
 * its ISO string, `{ type: "url", url: URL }` the URL's `href`; everything
 * else is copied as it is.
 */
export function snapshot<T>(value: T): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (value instanceof Uint8Array) return toBase64(value);
  if (value instanceof ArrayBuffer) return toBase64(new Uint8Array(value));
  if (value instanceof URL) return value.href;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value !== "object" || value === null) return value;
  if (isTaggedUrl(value)) return value.url.href;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = convert(item);
  }
  return out;
}

function isTaggedUrl(value: object): value is { type: "url"; url: URL } {
  const keys = Object.keys(value);
  return keys.length === 2 && "type" in value && value.type === "url" &&
    "url" in value && value.url instanceof URL;
}

/**
 * `value` with only its binary data (`Uint8Array`, `ArrayBuffer`) replaced
 * by base64; `undefined` keys, `URL`s and every other object are kept.
 */
export function binaryAsBase64<T>(value: T): T {
  return replaceBinary(value) as T;
}

function replaceBinary(value: unknown): unknown {
  if (value instanceof Uint8Array) return toBase64(value);
  if (value instanceof ArrayBuffer) return toBase64(new Uint8Array(value));
  if (Array.isArray(value)) return value.map(replaceBinary);
  if (typeof value !== "object" || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = replaceBinary(item);
  }
  return out;
}
