/**
 * JSON Lines plumbing for export and import: reading a byte stream line by
 * line in constant memory, finding the raw text of a value inside a JSON
 * object (so embedded message JSON is kept byte-for-byte), and removing
 * whitespace outside strings.
 *
 * @module
 */

/** One line of a JSON Lines stream. */
export interface Line {
  /** 1-based line number. */
  readonly number: number;
  /** The text, without its line break (`\n` or `\r\n`). */
  readonly text: string;
  /** Bytes of the stream read so far, for progress. */
  readonly bytesRead: number;
}

/** A line that is not UTF-8, reported with its number. */
export class LineDecodeError extends Error {
  /** The line that could not be decoded. */
  readonly line: number;

  /**
   * Creates the error.
   *
   * @param line The line number.
   */
  constructor(line: number) {
    super(`line ${line}: the text is not valid UTF-8`);
    this.name = "LineDecodeError";
    this.line = line;
  }
}

const NEWLINE = 0x0a;

/**
 * Reads a byte stream as lines, in constant memory (one line at a time plus
 * one chunk). A byte-order mark at the start is dropped; `\r\n` ends a line
 * like `\n`. Invalid UTF-8 throws {@linkcode LineDecodeError}.
 *
 * @param stream The bytes.
 * @returns The lines, in order.
 */
export async function* readLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Line> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let number = 0;
  let bytesRead = 0;
  const decode = (parts: Uint8Array[]): string => {
    const size = parts.reduce((n, p) => n + p.length, 0);
    const bytes = parts.length === 1 ? parts[0]! : new Uint8Array(size);
    if (parts.length > 1) {
      let offset = 0;
      for (const p of parts) {
        bytes.set(p, offset);
        offset += p.length;
      }
    }
    try {
      let text = decoder.decode(bytes);
      if (number === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return text.endsWith("\r") ? text.slice(0, -1) : text;
    } catch {
      throw new LineDecodeError(number);
    }
  };
  for await (const chunk of stream) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) break;
      pending.push(chunk.subarray(start, end));
      number++;
      bytesRead += end + 1 - start;
      yield { number, text: decode(pending), bytesRead };
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) {
      // Copy: the stream may reuse its buffer.
      pending.push(chunk.slice(start));
      bytesRead += chunk.length - start;
    }
  }
  if (pending.length > 0) {
    number++;
    yield { number, text: decode(pending), bytesRead };
  }
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** Index just past the JSON string starting at `i` (which is a `"`). */
function skipString(text: string, i: number): number {
  i++;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2; // backslash
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}

/** Index just past the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === "{" || first === "[") {
    let depth = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  // A number or a literal: up to the next delimiter.
  while (i < text.length && !",}] \t\r\n".includes(text[i]!)) i++;
  return i;
}

/**
 * The raw text of each top-level member of a JSON object, by key — exactly
 * as it appears in `text`, so numbers like `3.0` and big integers survive.
 * `text` must be valid JSON (check it with `JSON.parse` first). For a
 * duplicate key, the last one wins, as with `JSON.parse`.
 *
 * @param text The JSON text of an object.
 * @returns Key → raw value text.
 */
export function rawMembers(text: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipWhitespace(text, 0);
  if (text[i] !== "{") return members;
  i = skipWhitespace(text, i + 1);
  while (i < text.length && text[i] !== "}") {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, keyEnd);
    i = skipWhitespace(text, i + 1); // the colon
    const valueEnd = skipValue(text, i);
    members.set(key, text.slice(i, valueEnd));
    i = skipWhitespace(text, valueEnd);
    if (text[i] === ",") i = skipWhitespace(text, i + 1);
  }
  return members;
}

/**
 * Removes whitespace outside strings from JSON text. Every value (strings,
 * numbers as written) stays byte-identical; only the layout changes.
 *
 * @param text Valid JSON text.
 * @returns The same JSON on one line, with no insignificant whitespace.
 */
export function minifyJson(text: string): string {
  let out = "";
  let i = 0;
  let start = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = skipString(text, i);
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      out += text.slice(start, i);
      i = skipWhitespace(text, i);
      start = i;
    } else {
      i++;
    }
  }
  return out + text.slice(start);
}

/**
 * Whether JSON text has a line break outside its strings (strings cannot
 * hold a raw one), which would split a JSON Lines record.
 *
 * @param text Valid JSON text.
 * @returns True when the text spans several lines.
 */
export function hasLineBreak(text: string): boolean {
  return text.includes("\n") || text.includes("\r");
}
