/**
 * One JSON snapshot of an input value: every property is read exactly once
 * into a fresh plain copy, and that copy is both what gets validated and
 * what gets stored (its `JSON.stringify` text). A getter that answers
 * differently on each read, a `Proxy`, or a `toJSON` cannot make the stored
 * bytes differ from the validated value.
 *
 * | Input | Snapshot |
 * | --- | --- |
 * | string, boolean, `null`, finite number | itself (`-0` becomes `0`, as in JSON); lone surrogates are kept (JSON text escapes them; see {@linkcode hasLoneSurrogate}), or refused in strings and keys with {@linkcode SnapshotLimits.wellFormed} |
 * | `NaN`, `±Infinity`, bigint, symbol, function | refused |
 * | array (also a `Proxy` of one) | walked by index `0 … length-1`, each element read once; `undefined` or a hole is refused |
 * | plain object (prototype `Object.prototype` or `null`) | walked over own enumerable string keys (symbol keys are ignored, as JSON does), each read once; a key whose value is `undefined` is absent (as `JSON.stringify` and the AI SDK's schemas treat it) |
 * | `Uint8Array` (also `Buffer`), `ArrayBuffer` | standard base64 with padding, as the AI SDK's `convertUint8ArrayToBase64` writes it |
 * | `Date` | its ISO string; an invalid date is refused |
 * | `URL` | its `href` |
 * | anything with a callable `toJSON` (own or inherited, enumerable or not) | the snapshot of what `toJSON(key)` returns; that result is not passed to `toJSON` again (as in JSON); `undefined` is refused |
 * | boxed `String`, `Number`, `Boolean` | the primitive inside, as JSON unwraps it |
 * | other typed arrays, `DataView`, `Map`, `Set`, `RegExp`, `Error`, `Promise`, `WeakMap`, class instances without `toJSON` | refused ("a Map is not JSON"), never turned into `{}` |
 * | cycles | refused ("a circular reference is not JSON") |
 * | containers nested deeper than `maxDepth` | refused at the path where the limit is crossed |
 * | JSON text over `maxBytes` bytes of UTF-8 | refused, path `[]`, before the text is built when the strings alone are too long |
 * | a getter, `Proxy` trap or `toJSON` that throws | refused at its path ("reading it threw …") |
 * | anything, once `Object.prototype` or `Array.prototype` has a `toJSON` | refused: `JSON.stringify` would call it on the copy |
 *
 * The walk recurses, but never deeper than `maxDepth` (at most
 * {@linkcode MAX_DEPTH_LIMIT}), so a 100,000-deep input cannot overflow the
 * stack. Cycles cost nothing on the way: a cycle always runs into the depth
 * limit, and only then is the chain of ancestors searched for a repeat.
 *
 * @module
 */
import type { JsonValue } from "./json.ts";

import {
  checkLimits,
  type JsonPath,
  LONE_SURROGATE,
  type SnapshotFailure,
  type SnapshotLimits,
  tooDeep,
  tooLarge,
  utf8Exceeds,
} from "./_json_limits.ts";

export * from "./_json_limits.ts";

/** The result of {@linkcode snapshot}. */
export type SnapshotResult =
  | {
    /** Accepted. */
    readonly ok: true;
    /** The snapshot: fresh plain arrays and objects, never the input's. */
    readonly value: JsonValue;
    /** `JSON.stringify(value)`: the text to store. */
    readonly text: string;
  }
  | SnapshotFailure;

/**
 * Takes one JSON snapshot of `value` (see the module doc for every rule).
 *
 * @param value Anything.
 * @param limits Depth and size limits.
 * @returns The snapshot and its JSON text, or where and why it was refused.
 * @throws {RangeError} If `limits` are not positive integers within
 *   {@linkcode MAX_DEPTH_LIMIT} and {@linkcode MAX_BYTES_LIMIT}.
 */
export function snapshot(
  value: unknown,
  limits: SnapshotLimits,
): SnapshotResult {
  checkLimits(limits);
  const walk = new Walk(limits);
  const out = walk.value(value, "", 1, false);
  if (out === FAIL) return walk.failure();
  if ("toJSON" in objectProto || "toJSON" in Array.prototype) {
    // JSON.stringify would call it on the copy: the text would differ.
    return { ok: false, path: [], message: POLLUTED };
  }
  const text = JSON.stringify(out);
  if (utf8Exceeds(text, limits.maxBytes)) {
    return { ok: false, path: [], message: tooLarge(limits.maxBytes) };
  }
  return { ok: true, value: out as JsonValue, text };
}

// --- the walk ---------------------------------------------------------------

/** What a step of the walk returns when the value is refused. */
const FAIL: unique symbol = Symbol("fail");
const POLLUTED =
  "Object.prototype or Array.prototype has a toJSON, so no JSON text can be trusted";
/** What `toJSON` is before it was read. */
const NOT_READ: unique symbol = Symbol("not read");

const objectProto = Object.prototype;
const hasOwn = Object.hasOwn;
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)!.get! as (this: unknown) => string | undefined;
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(
  ArrayBuffer.prototype,
  "byteLength",
)!.get! as (this: unknown) => number;
const toTag = Object.prototype.toString;
const dateTime = Date.prototype.getTime;
const dateIso = Date.prototype.toISOString;
const urlHref = Object.getOwnPropertyDescriptor(URL.prototype, "href")!
  .get! as (
    this: URL,
  ) => string;
const toBase64 = (Uint8Array.prototype as unknown as {
  toBase64(this: Uint8Array): string;
}).toBase64;
const numberValue = Number.prototype.valueOf;
const stringValue = String.prototype.valueOf;
const booleanValue = Boolean.prototype.valueOf;

/**
 * One snapshot in progress. `#budget` counts down a lower bound of the JSON
 * text's UTF-8 length (string lengths plus punctuation), so an oversized
 * input is refused before `JSON.stringify` builds it, and an input that
 * shares one object many times over cannot make the walk run for long.
 */
class Walk {
  readonly #maxDepth: number;
  readonly #maxBytes: number;
  readonly #wellFormed: boolean;
  #budget: number;
  /** Whether `for … in` sees only own keys (nobody polluted the prototype). */
  readonly #forIn: boolean;
  // The failure, filled in while unwinding: keys and containers, leaf first.
  #message = "";
  #deepFailure = false;
  #sizeFailure = false;
  readonly #path: JsonPath = [];
  readonly #chain: object[] = [];

  constructor(limits: SnapshotLimits) {
    this.#maxDepth = limits.maxDepth;
    this.#maxBytes = limits.maxBytes;
    this.#budget = limits.maxBytes;
    this.#wellFormed = limits.wellFormed === true;
    let polluted = false;
    for (const _ in objectProto) {
      polluted = true;
      break;
    }
    this.#forIn = !polluted;
  }

  /**
   * The snapshot of `v`, read from its parent under `key`, or FAIL.
   * `depth` is the level `v` has if it is an array or object (the root 1);
   * after `toJSON`, `v` is not given to `toJSON` again.
   */
  value(
    v: unknown,
    key: string | number,
    depth: number,
    afterToJson: boolean,
  ): unknown {
    switch (typeof v) {
      case "string":
        if ((this.#budget -= v.length + 2) < 0) return this.#overBudget();
        // isWellFormed costs nothing on one-byte strings, the common case.
        if (this.#wellFormed && !v.isWellFormed()) {
          return this.#fail(LONE_SURROGATE);
        }
        return v;
      case "number":
        if (!Number.isFinite(v)) return this.#fail(`${v} is not JSON`);
        this.#budget--;
        return v + 0; // -0 → 0, as JSON writes it
      case "boolean":
        this.#budget -= 4;
        return v;
      case "object": {
        if (v === null) {
          this.#budget -= 4;
          return v;
        }
        if (Array.isArray(v)) {
          return afterToJson
            ? this.#array(v, depth)
            : this.#plain(v, key, depth);
        }
        const proto = Object.getPrototypeOf(v);
        if (proto === objectProto || proto === null) {
          return afterToJson
            ? this.#object(v, depth, NOT_READ)
            : this.#plain(v, key, depth);
        }
        return this.#special(v, key, depth, afterToJson);
      }
      case "undefined":
        return this.#fail("undefined is not JSON");
      case "bigint":
        return this.#fail("a bigint is not JSON");
      case "symbol":
        return this.#fail("a symbol is not JSON");
      default:
        return this.#fail("a function is not JSON");
    }
  }

  /** The failure as a result, once the walk has unwound to the root. */
  failure(): SnapshotFailure {
    if (this.#sizeFailure) {
      return { ok: false, path: [], message: this.#message };
    }
    const path = this.#path.reverse();
    if (this.#deepFailure) {
      const repeat = firstRepeat(this.#chain.reverse());
      if (repeat >= 0) {
        return {
          ok: false,
          path: path.slice(0, repeat),
          message: "a circular reference is not JSON",
        };
      }
    }
    return { ok: false, path, message: this.#message };
  }

  /** A plain array or object, which may still have a `toJSON`. */
  #plain(v: object, key: string | number, depth: number): unknown {
    let toJson: unknown;
    try {
      toJson = (v as { toJSON?: unknown }).toJSON;
    } catch (error) {
      return this.#threw(error);
    }
    if (typeof toJson === "function") {
      return this.#callToJson(v, toJson as ToJson, key, depth);
    }
    return Array.isArray(v)
      ? this.#array(v, depth)
      : this.#object(v, depth, toJson);
  }

  #array(v: unknown[], depth: number): unknown {
    if (depth > this.#maxDepth) return this.#overDepth(v);
    let i = 0;
    try {
      // A Proxy may answer anything for its length: read it once, check it.
      const n: unknown = v.length;
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
        return this.#fail("an array length that is not an index is not JSON");
      }
      if ((this.#budget -= n > 0 ? n + 1 : 2) < 0) return this.#overBudget();
      const out = new Array(n);
      for (; i < n; i++) {
        const x = v[i];
        if (x === undefined) {
          this.#fail(
            i in v ? "undefined is not JSON" : "an array hole is not JSON",
          );
          return this.#unwind(i, v);
        }
        const y = this.value(x, i, depth + 1, false);
        if (y === FAIL) return this.#unwind(i, v);
        out[i] = y;
      }
      return out;
    } catch (error) {
      this.#threw(error);
      return this.#unwind(i, v);
    }
  }

  /**
   * A plain object. `toJson` is what was read under "toJSON" (not
   * callable) or NOT_READ, reused so that this key too is read only once.
   */
  #object(v: object, depth: number, toJson: unknown): unknown {
    if (depth > this.#maxDepth) return this.#overDepth(v);
    if ((this.#budget -= 2) < 0) return this.#overBudget();
    const out: Record<string, unknown> = {};
    let key = "";
    try {
      if (this.#forIn) {
        for (key in v) {
          if (!this.#entry(v, key, out, depth, toJson)) {
            return this.#unwind(key, v);
          }
        }
      } else {
        for (key of Object.keys(v)) {
          if (!this.#entry(v, key, out, depth, toJson)) {
            return this.#unwind(key, v);
          }
        }
      }
      return out;
    } catch (error) {
      this.#threw(error);
      return this.#unwind(key, v);
    }
  }

  /** Copies one entry of a plain object; false if it is refused. */
  #entry(
    v: object,
    key: string,
    out: Record<string, unknown>,
    depth: number,
    toJson: unknown,
  ): boolean {
    const x = key === "toJSON" && toJson !== NOT_READ
      ? toJson
      : (v as Record<string, unknown>)[key];
    if (x === undefined) return true;
    if ((this.#budget -= key.length + 2) < 0) {
      this.#overBudget();
      return false;
    }
    if (this.#wellFormed && !key.isWellFormed()) {
      this.#fail(`a key with ${LONE_SURROGATE}`);
      return false;
    }
    const y = this.value(x, key, depth + 1, false);
    if (y === FAIL) return false;
    if (key === "__proto__") {
      // Assigning would set the copy's prototype instead of a key.
      Object.defineProperty(out, key, {
        value: y,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[key] = y;
    return true;
  }

  #callToJson(
    v: object,
    toJson: ToJson,
    key: string | number,
    depth: number,
  ): unknown {
    let result: unknown;
    try {
      result = toJson.call(v, String(key));
    } catch (error) {
      return this.#threw(error);
    }
    if (result === undefined) {
      return this.#fail("toJSON() returned undefined, which is not JSON");
    }
    return this.value(result, key, depth, true);
  }

  /** An object that is neither a plain object nor an array. */
  #special(
    v: object,
    key: string | number,
    depth: number,
    afterToJson: boolean,
  ): unknown {
    let tag: string;
    try {
      const typed = typedArrayTag.call(v);
      if (typed === "Uint8Array") return this.#base64(v as Uint8Array);
      if (typed !== undefined) {
        return this.#fail(`${article(typed)} is not JSON`);
      }
      tag = toTag.call(v);
      if (tag === "[object ArrayBuffer]" && isArrayBuffer(v)) {
        return this.#base64(new Uint8Array(v as ArrayBuffer));
      }
      if (tag === "[object Date]" && isDate(v)) {
        if (Number.isNaN(dateTime.call(v))) {
          return this.#fail("an invalid Date is not JSON");
        }
        return this.value(dateIso.call(v), key, depth, true);
      }
      if (v instanceof URL) {
        return this.value(urlHref.call(v), key, depth, true);
      }
      if (!afterToJson) {
        const toJson = (v as { toJSON?: unknown }).toJSON;
        if (typeof toJson === "function") {
          return this.#callToJson(v, toJson as ToJson, key, depth);
        }
      }
      switch (tag) {
        case "[object Number]":
          return this.value(numberValue.call(v), key, depth, true);
        case "[object String]":
          return this.value(stringValue.call(v), key, depth, true);
        case "[object Boolean]":
          return this.value(booleanValue.call(v), key, depth, true);
        case "[object BigInt]":
          return this.#fail("a bigint is not JSON");
      }
    } catch (error) {
      return this.#threw(error);
    }
    return this.#fail(`${article(className(v))} is not JSON`);
  }

  #base64(bytes: Uint8Array): unknown {
    if ((this.#budget -= Math.ceil(bytes.byteLength / 3) * 4 + 2) < 0) {
      return this.#overBudget();
    }
    return toBase64.call(bytes);
  }

  #fail(message: string): typeof FAIL {
    this.#message = message;
    return FAIL;
  }

  /** Records one level of the failure's path on the way up. */
  #unwind(key: string | number, container: object): typeof FAIL {
    if (!this.#sizeFailure) {
      this.#path.push(key);
      this.#chain.push(container);
    }
    return FAIL;
  }

  #overBudget(): typeof FAIL {
    this.#sizeFailure = true;
    return this.#fail(tooLarge(this.#maxBytes));
  }

  #overDepth(v: object): typeof FAIL {
    this.#deepFailure = true;
    this.#chain.push(v);
    return this.#fail(tooDeep(this.#maxDepth));
  }

  #threw(error: unknown): typeof FAIL {
    return this.#fail(`reading it threw ${describe(error)}`);
  }
}

type ToJson = (this: unknown, key: string) => unknown;

/**
 * Where a chain of containers (root first) first meets a container it
 * already passed through.
 *
 * @returns The index of the repeat (also the length of the path to it), or
 *   -1 if every container in the chain is distinct.
 */
function firstRepeat(chain: object[]): number {
  const seen = new Set<object>();
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i]!;
    if (seen.has(c)) return i;
    seen.add(c);
  }
  return -1;
}

function isArrayBuffer(v: object): boolean {
  try {
    arrayBufferByteLength.call(v);
    return true;
  } catch {
    return false;
  }
}

function isDate(v: object): boolean {
  try {
    dateTime.call(v);
    return true;
  } catch {
    return false;
  }
}

/** The name of an object's class, for messages; never throws. */
function className(v: object): string {
  try {
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && hasOwn(proto, "constructor")) {
      const name = (proto.constructor as { name?: unknown })?.name;
      if (typeof name === "string" && name !== "") return name;
    }
    return "object with a custom prototype";
  } catch {
    return "object";
  }
}

function article(name: string): string {
  return /^[AEIOaeio]/.test(name) ? `an ${name}` : `a ${name}`;
}

function describe(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
  } catch {
    text = "an error";
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
