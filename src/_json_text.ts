/**
 * Checks on a message given as JSON text, which is stored byte for byte:
 * no object has the same key twice (SQLite's JSON functions read the first
 * of two equal keys, `JSON.parse` the last, so the stored text would mean
 * two things), nesting stays within `maxDepth`, and the text within
 * `maxBytes` of UTF-8. Keys are compared after decoding escapes, so
 * `"a"` and `"\u0061"` are the same key.
 *
 * {@linkcode findLoneSurrogate} finds a lone surrogate (raw, or written as
 * a `\ud800` escape) in the parsed value of such a text.
 *
 * The scanner is hand-written, single pass and non-recursive: strings are
 * skipped with `indexOf`, and every step moves forward, so it ends on any
 * input. It does not check the grammar (`JSON.parse` does that separately);
 * on invalid text it may accept or refuse, but never throws or loops.
 *
 * @module
 */
import {
  checkLimits,
  hasLoneSurrogate,
  type JsonPath,
  type SnapshotFailure,
  type SnapshotLimits,
  tooDeep,
  tooLarge,
  utf8Exceeds,
} from "./_snapshot.ts";
import { stringEnd } from "./json.ts";

/** The result of {@linkcode checkJsonText}. */
export type JsonTextCheck = { readonly ok: true } | SnapshotFailure;

/** Up to this many keys, an object's keys are compared one by one. */
const FEW_KEYS = 12;

const QUOTE = 0x22;

/**
 * Checks JSON text for duplicate keys, depth and size.
 *
 * @param text JSON text (valid JSON is assumed, but not required).
 * @param limits Depth and size limits, counted as `snapshot` counts them
 *   (`[]` is one level; bytes of UTF-8).
 * @returns `{ ok: true }`, or where and why the text is refused: a
 *   duplicate key names the object's path plus the key.
 * @throws {RangeError} If `limits` are out of range.
 */
export function checkJsonText(
  text: string,
  limits: SnapshotLimits,
): JsonTextCheck {
  checkLimits(limits);
  if (utf8Exceeds(text, limits.maxBytes)) {
    return { ok: false, path: [], message: tooLarge(limits.maxBytes) };
  }
  return new Scan(limits.maxDepth).run(text);
}

/** An escape that may be half of a UTF-16 pair (`\uD800`–`\uDFFF`). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Where the value parsed from a JSON text holds a string or key that is
 * not well-formed Unicode. Most texts are ruled out by one look at the
 * text; only a text with a raw lone surrogate or a surrogate escape (an
 * escaped pair, the way Python writes emoji, is fine) is walked.
 *
 * @param text The JSON text.
 * @param value `JSON.parse(text)`, already checked to be no deeper than
 *   the limits of {@linkcode checkJsonText} (the walk recurses).
 * @returns The path of the first such string or key (a key's path ends
 *   with the key), or `undefined`.
 */
export function findLoneSurrogate(
  text: string,
  value: unknown,
): JsonPath | undefined {
  if (text.isWellFormed() && !SURROGATE_ESCAPE.test(text)) return undefined;
  const path: JsonPath = [];
  return walkStrings(value, path) ? path : undefined;
}

/** Whether `v` holds a lone surrogate; if so, `path` leads to it. */
function walkStrings(v: unknown, path: JsonPath): boolean {
  if (typeof v === "string") return hasLoneSurrogate(v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      if (walkStrings(v[i], path)) return true;
      path.pop();
    }
    return false;
  }
  for (const [key, item] of Object.entries(v)) {
    path.push(key);
    if (hasLoneSurrogate(key) || walkStrings(item, path)) return true;
    path.pop();
  }
  return false;
}

/**
 * The state of one scan, one slot per open level (1 = the outermost
 * container), reused as levels close and open.
 */
class Scan {
  readonly #maxDepth: number;
  /** Whether the level is an object (else an array). */
  readonly #isObject: boolean[] = [];
  /** The current element index of an array level. */
  readonly #index: number[] = [];
  /** The current key of an object level. */
  readonly #key: string[] = [];
  /** The keys an object level has had so far. */
  readonly #keys: string[][] = [];
  /** The same, once an object has more than a few keys. */
  readonly #keySet: (Set<string> | undefined)[] = [];

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
  }

  run(text: string): JsonTextCheck {
    const n = text.length;
    let depth = 0;
    let expectKey = false;
    for (let i = 0; i < n; i++) {
      switch (text.charCodeAt(i)) {
        case QUOTE: {
          const end = stringEnd(text, i);
          if (expectKey && this.#isObject[depth]) {
            const key = decodeKey(text, i, end);
            if (!this.#addKey(depth, key)) {
              return {
                ok: false,
                path: [...this.#pathTo(depth - 1), key],
                message: `duplicate key ${JSON.stringify(key)}`,
              };
            }
            expectKey = false;
          }
          i = end;
          break;
        }
        case 0x7b: // {
        case 0x5b: // [
          if (depth === this.#maxDepth) {
            return {
              ok: false,
              path: this.#pathTo(depth),
              message: tooDeep(this.#maxDepth),
            };
          }
          depth++;
          expectKey = this.#open(depth, text.charCodeAt(i) === 0x7b);
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (depth > 0) depth--;
          expectKey = false;
          break;
        case 0x2c: // ,
          if (depth === 0) break;
          if (this.#isObject[depth]) expectKey = true;
          else this.#index[depth]!++;
          break;
      }
    }
    return { ok: true };
  }

  /** Starts a level; returns whether a key comes next. */
  #open(depth: number, isObject: boolean): boolean {
    this.#isObject[depth] = isObject;
    if (isObject) {
      const keys = this.#keys[depth];
      if (keys === undefined) this.#keys[depth] = [];
      else keys.length = 0;
      this.#keySet[depth] = undefined;
      this.#key[depth] = "";
    } else {
      this.#index[depth] = 0;
    }
    return isObject;
  }

  /** Records a key of the object at `depth`; false if it was there. */
  #addKey(depth: number, key: string): boolean {
    this.#key[depth] = key;
    const set = this.#keySet[depth];
    if (set !== undefined) {
      if (set.has(key)) return false;
      set.add(key);
      return true;
    }
    const keys = this.#keys[depth]!;
    if (keys.includes(key)) return false;
    keys.push(key);
    if (keys.length > FEW_KEYS) this.#keySet[depth] = new Set(keys);
    return true;
  }

  /** The path of the current position at `depth` (levels 1 … depth). */
  #pathTo(depth: number): JsonPath {
    const path: JsonPath = [];
    for (let d = 1; d <= depth; d++) {
      path.push(this.#isObject[d] ? this.#key[d]! : this.#index[d]!);
    }
    return path;
  }
}

/** The key between the quotes at `start` and `end`, escapes decoded. */
function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes("\\")) return raw;
  try {
    const key: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof key === "string" ? key : raw;
  } catch {
    return raw;
  }
}
