/**
 * What the tool prints and how: buffered {@linkcode Output} to stdout or a
 * file, one-line {@linkcode warn}ings on stderr, aligned tables, and the
 * small text helpers every command uses.
 *
 * @module
 */
import { formatCount, inlineText, visibleLength } from "./transcript/text.ts";

/** Something bytes can be written to, like `Deno.stdout` or a file. */
export interface Sink {
  /** Writes some of the bytes; returns how many. */
  write(bytes: Uint8Array): Promise<number>;
}

const encoder = new TextEncoder();

async function writeAll(sink: Sink, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await sink.write(bytes.subarray(offset));
  }
}

/** Buffered text output: small writes are gathered into 64 KiB chunks. */
export class Output {
  readonly #sink: Sink;
  #buffer = "";

  /**
   * Creates the output.
   *
   * @param sink Where the text goes.
   */
  constructor(sink: Sink) {
    this.#sink = sink;
  }

  /**
   * Appends text; flushes when the buffer is large.
   *
   * @param text The text.
   */
  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= 1 << 16) await this.flush();
  }

  /**
   * Appends a line.
   *
   * @param text The line, without its line break.
   */
  line(text = ""): Promise<void> {
    return this.write(text + "\n");
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.#buffer === "") return;
    const text = this.#buffer;
    this.#buffer = "";
    await writeAll(this.#sink, encoder.encode(text));
  }
}

/**
 * Writes one line to stderr, unbuffered.
 *
 * @param text The line.
 */
export async function warn(text: string): Promise<void> {
  await writeAll(Deno.stderr, encoder.encode(text + "\n"));
}

/**
 * The one-line form of an error message, safe to print: the library's
 * messages quote ids, owners and URLs as they are, so every line break,
 * control and bidirectional character in one is shown escaped.
 *
 * @param text The message.
 * @returns One line.
 */
export function oneLine(text: string): string {
  return inlineText(text.trim());
}

/**
 * Text in double quotes, for messages: `"` and `\` are escaped, and so is
 * everything {@linkcode inlineText} escapes, so the quoted text is one line
 * and unambiguous (a JSON string literal).
 *
 * @example Quote a session id with a line break
 * ```ts
 * import { quote } from "./output.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(quote('a\nb"c'), '"a\\u000ab\\"c"');
 * ```
 *
 * @param text Any text.
 * @returns The quoted text.
 */
export function quote(text: string): string {
  return `"${inlineText(text.replace(/["\\]/g, "\\$&"))}"`;
}

/**
 * A URL without its `authToken` query parameters (in any letter case, even
 * percent-encoded), to print it: a token is never printed (a command the
 * tool suggests then reads it from LIBSQL_AUTH_TOKEN or TURSO_AUTH_TOKEN).
 *
 * @example
 * ```ts
 * import { withoutToken } from "./output.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(withoutToken("libsql://db.example?authToken=s3cret&tls=1"), "libsql://db.example?tls=1");
 * ```
 *
 * @param url A URL as typed.
 * @returns The same URL without its token.
 */
export function withoutToken(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return url;
  const hash = url.indexOf("#", query);
  const end = hash < 0 ? url.length : hash;
  const kept = url.slice(query + 1, end).split("&").filter((param) => {
    const key = param.split("=")[0] ?? "";
    let name = key;
    try {
      name = decodeURIComponent(key);
    } catch {
      // A malformed escape is not a token's name; keep it as written.
    }
    return name.toLowerCase() !== "authtoken";
  });
  return `${url.slice(0, query)}${kept.length > 0 ? `?${kept.join("&")}` : ""}${
    url.slice(end)
  }`;
}

/**
 * Pretty-printed JSON, as `--json` prints it.
 *
 * @param value The value.
 * @returns The text.
 */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Pads cells to their column's width (by visible length) and joins them.
 *
 * @param rows The rows.
 * @returns One line per row.
 */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return rows.map((row) =>
    row.map((cell, i) =>
      i === row.length - 1
        ? cell
        : cell + " ".repeat((widths[i] ?? 0) - visibleLength(cell))
    ).join("  ").trimEnd()
  );
}

/**
 * Text cut to `max` characters, with an ellipsis when it was longer.
 *
 * @param text The text.
 * @param max The longest result.
 * @returns The text.
 */
export function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never between the two halves of a character outside the BMP (😀).
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? "")) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A count and its noun: `1 session`, `12,345 messages`.
 *
 * @param n The count.
 * @param noun The noun for one.
 * @param nouns The noun for several.
 * @returns The text.
 */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}
