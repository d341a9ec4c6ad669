/**
 * Text for people, shared by the terminal and the web viewer: making stored
 * text safe to print ({@linkcode sanitizeText}, and {@linkcode inlineText}
 * for text that must stay on one line), folding it to one line,
 * measuring it without color codes, and formatting times, byte counts and
 * numbers.
 *
 * @module
 */

const FOLD_LENGTH = 120;
const CONTROL_CHARS =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/**
 * What cannot appear inside one line of output: every control character
 * (line breaks and tabs too), bidirectional marks, overrides and isolates,
 * the Unicode line and paragraph separators, and lone surrogates (which a
 * terminal would show as U+FFFD, hiding what the text really is).
 */
const INLINE_UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Makes text safe to print on a terminal: control characters other than
 * newline and tab (escape sequences, carriage returns, bells…) are shown as
 * `\u001b`-style escapes, and so are bidirectional overrides, so a message
 * cannot move the cursor, recolor the screen or reorder what is shown.
 * For text that must stay on one line (ids, owners, titles, names, error
 * messages), use {@linkcode inlineText}.
 *
 * @example Make an escape sequence visible
 * ```ts
 * import { sanitizeText } from "./text.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sanitizeText("a\x1b[2Jb\tc"), "a\\u001b[2Jb\tc");
 * ```
 *
 * @param text Any text.
 * @returns The text with control characters made visible.
 */
export function sanitizeText(text: string): string {
  return text.replace(CONTROL_CHARS, escapeChar);
}

/**
 * Makes text safe to print inside one line: like {@linkcode sanitizeText},
 * but line breaks, tabs, every bidirectional control, the Unicode line
 * separators and lone surrogates are escaped too, so an id or a title
 * cannot start a row of its own, shift a column or reorder the line.
 *
 * @example A session id with a line break stays on its row
 * ```ts
 * import { inlineText } from "./text.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(inlineText("a\nb\u202ec"), "a\\u000ab\\u202ec");
 * assert.equal(inlineText("日本語 ✓ 😀"), "日本語 ✓ 😀");
 * ```
 *
 * @param text Any text.
 * @returns The text, with nothing in it that could break the line.
 */
export function inlineText(text: string): string {
  return text.replace(INLINE_UNSAFE, escapeChar);
}

/**
 * Folds text to one line: whitespace runs become one space, and text longer
 * than `max` characters is cut with an ellipsis.
 *
 * @param text Any text.
 * @param max The longest result, in characters.
 * @returns One line.
 */
export function foldText(text: string, max: number = FOLD_LENGTH): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * The length of text as it appears on screen, without ANSI color codes.
 *
 * @param text Text that may contain color codes.
 * @returns Its length.
 */
export function visibleLength(text: string): number {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

/**
 * A time as shown in listings and transcripts: UTC, to the second,
 * `2026-08-20 14:03:12Z`.
 *
 * @param date The time.
 * @returns The text.
 */
export function formatTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return "?";
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/**
 * A byte count for people: `512 B`, `56.0 KB`, `3.2 MB`.
 *
 * @param bytes The count.
 * @returns The text.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A whole number with thousands separators: `12,345`.
 *
 * @param n The number.
 * @returns The text.
 */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
