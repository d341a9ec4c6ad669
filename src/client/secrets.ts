/**
 * Secrets (auth tokens, encryption keys) and the two rules that keep them
 * out of errors: a secret that cannot travel in an HTTP header is refused
 * before anything is sent (the runtime's own header errors quote the value),
 * and every form a secret can take in a driver's text — as is,
 * percent-encoded, form-encoded, JSON-escaped, in any ASCII letter case —
 * is replaced by `[redacted]` before that text becomes part of a message
 * or a `cause`.
 *
 * @module
 */

/** What replaces a secret in a driver's text. */
export const REDACTED = "[redacted]";

/**
 * Whether `secret` can be sent as an HTTP header value: no control
 * character (U+0000–U+001F, U+007F–U+009F: a newline, a NUL, a tab) and
 * nothing above U+00FF (header values are bytes).
 *
 * @param secret The token or key.
 * @returns `true` when `fetch` would send it.
 */
export function isSendable(secret: string): boolean {
  // deno-lint-ignore no-control-regex -- control characters are the point
  return !/[\u0000-\u001f\u007f-\u009f\u0100-\uffff]/.test(secret);
}

/**
 * Every text in which `secret` may show up in an error of the driver: as
 * given and as `fetch` sends it (HTTP whitespace trimmed), each as is,
 * JSON-escaped (also with non-ASCII as `\uXXXX`, as some servers write
 * JSON), percent-encoded and form-encoded.
 */
function formsOf(secret: string): string[] {
  const forms = new Set<string>();
  for (const base of [secret, secret.replace(/^[ \t]+|[ \t]+$/g, "")]) {
    forms.add(base);
    const json = JSON.stringify(base).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    ));
    try {
      const encoded = encodeURIComponent(base);
      forms.add(encoded);
      forms.add(encoded.replaceAll("%20", "+"));
      forms.add(encodeURI(base));
    } catch {
      // A lone surrogate cannot be percent-encoded: it is not there that way.
    }
  }
  return [...forms].filter((f) => f !== "");
}

/** `text` with A–Z lowered and nothing else changed (lengths stay equal). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * Forms shorter than this are ordinary words and pieces of words (`e`,
 * `401`, `http`): they are taken out only where they stand alone, in their
 * exact letter case, so that the driver's text is not mangled — mangling
 * would show where the token is.
 */
const SHORT = 8;

/** What may stand on either side of a short form that is taken out. */
const DELIMITER = /^$|[\s"'`=&?#,;()[\]{}<>|]/;

/**
 * `text` with the occurrences of `form` replaced: all of them, in any ASCII
 * letter case (`%3a` for `%3A`), for a form of {@linkcode SHORT} or more
 * characters; the ones standing alone, in the exact case, for a shorter
 * one. Plain string search, not a pattern: a secret can be of any length,
 * and a pattern built from it can fail to compile — with the secret in the
 * error.
 */
function replaceForm(text: string, form: string): string {
  const short = form.length < SHORT;
  const haystack = short ? text : asciiLower(text);
  const needle = short ? form : asciiLower(form);
  let out = "";
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1;) {
    const end = at + needle.length;
    const alone = DELIMITER.test(text.charAt(at - 1)) &&
      DELIMITER.test(text.charAt(end));
    if (!short || alone) {
      out += text.slice(from, at) + REDACTED;
      from = end;
    }
    at = haystack.indexOf(needle, short && !alone ? at + 1 : end);
  }
  return out + text.slice(from);
}

/**
 * Takes every secret out of `text`: each form of each secret, and any
 * `authToken=` query value (a token the history was not told about, such
 * as one in a URL a server echoes).
 *
 * @param text A driver's message.
 * @param secrets The raw secrets.
 * @returns The text with `[redacted]` in their place.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = [...new Set(secrets.flatMap(formsOf))]
    .sort((a, b) => b.length - a.length); // the longest form first
  let out = text;
  for (const form of forms) out = replaceForm(out, form);
  return out.replace(/authToken(=|%3D)[^&\s"'<>]+/gi, `authToken$1${REDACTED}`);
}
