/**
 * Escaping for the web viewer: every piece of stored text reaches the page
 * through {@linkcode esc}, so a message can never add markup, and control
 * characters (escape sequences, bidirectional overrides) are shown as
 * `\u001b`-style escapes instead of reordering what is shown.
 *
 * @module
 */
import { sanitizeText } from "../transcript/text.ts";

/**
 * Escapes text for HTML element content and attribute values, and makes
 * control characters other than newline and tab visible.
 *
 * @example Markup becomes text
 * ```ts
 * import { esc } from "./escape.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(esc(`<b a="1">&`), "&#60;b a=&#34;1&#34;&#62;&#38;");
 * ```
 *
 * @param text Any text.
 * @returns The escaped text.
 */
export function esc(text: string): string {
  return sanitizeText(text).replace(
    /[&<>"']/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}
