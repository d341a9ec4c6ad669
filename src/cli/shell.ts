/**
 * Command lines the tool prints for a person to run again (the `sessions`
 * "next page" hint): each argument written so a POSIX shell reads it back
 * as the same word, and so the line stays one line on the terminal.
 *
 * @module
 */

/** Words a shell reads as they are: no quoting needed. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Characters a single-quoted word cannot show on one terminal line
 * (with the `u` flag, the surrogate range matches lone surrogates only).
 */
const UNPRINTABLE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

/**
 * One argument as a shell word: as it is when that is safe, else in single
 * quotes, else (for control characters, which would break the printed line)
 * in `$'…'` quotes with escapes, which bash, zsh and ksh read back exactly.
 *
 * @example Quote a URL and an owner with a space
 * ```ts
 * import { shellWord } from "./shell.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shellWord("file:data/app.db"), "file:data/app.db");
 * assert.equal(shellWord("Ann's team"), "'Ann'\\''s team'");
 * assert.equal(shellWord("a\nb"), "$'a\\nb'");
 * ```
 *
 * @param word The argument.
 * @returns Shell text that reads back as that argument.
 */
export function shellWord(word: string): string {
  if (PLAIN.test(word)) return word;
  if (!UNPRINTABLE.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  let out = "";
  for (const char of word) {
    const code = char.codePointAt(0)!;
    if (char === "\\" || char === "'") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (char === "\r") out += "\\r";
    else if (UNPRINTABLE.test(char)) {
      // A lone surrogate cannot be written as UTF-8: show its code, which
      // no shell can turn back into it (such a value cannot be typed).
      out += code <= 0x7f
        ? `\\x${code.toString(16).padStart(2, "0")}`
        : `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `$'${out}'`;
}

/**
 * A command line from its words.
 *
 * @param words The program, its command and arguments.
 * @returns The line, each word quoted as {@linkcode shellWord} does.
 */
export function commandLine(words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}
