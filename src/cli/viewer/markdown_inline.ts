/**
 * Inline Markdown as HTML, for the viewer's messages: code spans, emphasis,
 * strong and strikethrough (matched like CommonMark's delimiter runs, so
 * tags always nest), links, autolinks and bare `http(s)` URLs, backslash
 * escapes, and a line break for every newline (as chat text means it).
 *
 * Safety is by construction: every piece of text goes through
 * {@linkcode esc}, the only tags written are `code`, `em`, `strong`, `del`,
 * `br` and `a`, and a link is written only for an `http:`/`https:` URL —
 * anything else (`javascript:`, `data:`…) stays visible as its source text.
 *
 * @module
 */
import { esc } from "./escape.ts";

/** The `rel` of every link: no opener, no referrer, no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";

/** How far a link's text, and its destination, may reach. */
const MAX_LABEL = 1000;
const MAX_DESTINATION = 4000;

/**
 * How many characters the search for links may look at, all together, so
 * text like `[a]([a]([a](…` that starts a failed link everywhere stays
 * linear.
 */
interface Budget {
  left: number;
}

/** A run of `*`, `_` or `~~` that may open or close emphasis. */
interface Delimiter {
  readonly kind: "delimiter";
  readonly char: "*" | "_" | "~";
  /** The run's length as written (for the rule of three). */
  readonly length: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
  /** Characters of the run not used by a match (written as text). */
  count: number;
  /** Tags this run opens, outermost first. */
  readonly opens: string[];
  /** Tags this run closes, innermost first. */
  readonly closes: string[];
}

type Node = { readonly kind: "html"; readonly html: string } | Delimiter;

/** Options of {@linkcode inlineHtml}. */
export interface InlineOptions {
  /** Write links (off inside a link's own text). @default {true} */
  readonly links?: boolean;
}

/**
 * Inline Markdown as safe HTML.
 *
 * @example Emphasis, code and a link; HTML and `javascript:` stay text
 * ```ts
 * import { inlineHtml } from "./markdown_inline.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   inlineHtml("**bold** `<b>` [x](https://example.com/)"),
 *   '<strong>bold</strong> <code>&#60;b&#62;</code> <a href="https://example.com/" rel="noopener noreferrer nofollow">x</a>',
 * );
 * assert.equal(inlineHtml("[x](javascript:alert(1))"), "[x](javascript:alert(1))");
 * ```
 *
 * @param text The text of a paragraph, heading or table cell.
 * @param options Whether to write links.
 * @returns The HTML.
 */
export function inlineHtml(text: string, options: InlineOptions = {}): string {
  const nodes = scan(text, options.links ?? true);
  matchEmphasis(nodes);
  return nodes.map(nodeHtml).join("");
}

/**
 * The URL to link to, or `undefined` unless it is an absolute `http(s)` URL.
 *
 * @param raw The destination as written.
 * @returns The normalised URL.
 */
export function safeHref(raw: string): string | undefined {
  const text = raw.trim();
  if (!/^https?:\/\/[^\s/]/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:"
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

function linkHtml(href: string, labelHtml: string, cls = ""): string {
  return `<a href="${esc(href)}" rel="${LINK_REL}"${
    cls ? ` class="${cls}"` : ""
  }>${labelHtml}</a>`;
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;
const SPECIAL = /[\\\n`*_~![<hH]/g;
const BARE_URL = /https?:\/\/[^\s<>"'`]+/iy;
const AUTOLINK = /<(https?:\/\/[^\s<>]*)>/iy;
const WORD = /[\p{L}\p{N}_]/u;

/** Splits text into HTML pieces and delimiter runs, left to right. */
function scan(text: string, links: boolean): Node[] {
  const nodes: Node[] = [];
  let plain = "";
  const html = (piece: string) => {
    if (plain) nodes.push({ kind: "html", html: esc(plain) });
    plain = "";
    nodes.push({ kind: "html", html: piece });
  };
  const noCloser = new Set<number>();
  const budget: Budget = { left: 100_000 + 4 * text.length };
  let i = 0;
  while (i < text.length) {
    SPECIAL.lastIndex = i;
    const found = SPECIAL.exec(text);
    if (!found) break;
    plain += text.slice(i, found.index);
    i = found.index;
    const c = text[i]!;
    let next: { html: string; next: number } | undefined;
    if (c === "\\") {
      const after = text[i + 1];
      if (after === "\n") next = { html: "<br>", next: i + 2 };
      else if (after !== undefined && ESCAPABLE.test(after)) {
        plain += after;
        i += 2;
        continue;
      }
    } else if (c === "\n") next = { html: "<br>", next: i + 1 };
    else if (c === "`") next = codeSpan(text, i, noCloser);
    else if (c === "*" || c === "_" || c === "~") {
      const run = runLength(text, i);
      if (c !== "~" || run === 2) {
        if (plain) nodes.push({ kind: "html", html: esc(plain) });
        plain = "";
        nodes.push(delimiter(text, i, run));
      } else plain += text.slice(i, i + run);
      i += run;
      continue;
    } else if (links && c === "!" && text[i + 1] === "[") {
      next = link(text, i + 1, true, budget);
    } else if (links && c === "[") next = link(text, i, false, budget);
    else if (links && c === "<") next = autolink(text, i);
    else if (
      links && (c === "h" || c === "H") && (i === 0 || !WORD.test(text[i - 1]!))
    ) next = bareUrl(text, i);
    if (next) {
      html(next.html);
      i = next.next;
    } else if (c === "`") {
      const run = runLength(text, i);
      plain += text.slice(i, i + run);
      i += run;
    } else {
      plain += c;
      i++;
    }
  }
  plain += text.slice(i);
  if (plain) nodes.push({ kind: "html", html: esc(plain) });
  return nodes;
}

function runLength(text: string, at: number): number {
  let end = at;
  while (text[end] === text[at]) end++;
  return end - at;
}

/** A code span opened by the backtick run at `at`, if a run as long closes it. */
function codeSpan(
  text: string,
  at: number,
  noCloser: Set<number>,
): { html: string; next: number } | undefined {
  const length = runLength(text, at);
  // No closer of this length after an earlier run means none after this one.
  if (noCloser.has(length)) return undefined;
  let j = text.indexOf("`", at + length);
  while (j >= 0) {
    const run = runLength(text, j);
    if (run === length) {
      let content = text.slice(at + length, j).replace(/\n/g, " ");
      if (/^ [^]*[^ ][^]* $/.test(content)) content = content.slice(1, -1);
      return { html: `<code>${esc(content)}</code>`, next: j + length };
    }
    j = text.indexOf("`", j + run);
  }
  noCloser.add(length);
  return undefined;
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

function isPunct(c: string | undefined): boolean {
  return c !== undefined && /[\p{P}\p{S}]/u.test(c);
}

/** A delimiter run, with CommonMark's flanking rules for opening and closing. */
function delimiter(text: string, at: number, length: number): Delimiter {
  const char = text[at] as Delimiter["char"];
  const before = text[at - 1];
  const after = text[at + length];
  const left = !isSpace(after) &&
    (!isPunct(after) || isSpace(before) || isPunct(before));
  const right = !isSpace(before) &&
    (!isPunct(before) || isSpace(after) || isPunct(after));
  // `_` inside a word (snake_case) is not emphasis.
  const canOpen = char === "_" ? left && (!right || isPunct(before)) : left;
  const canClose = char === "_" ? right && (!left || isPunct(after)) : right;
  return {
    kind: "delimiter",
    char,
    length,
    canOpen,
    canClose,
    count: length,
    opens: [],
    closes: [],
  };
}

/**
 * `[label](destination "title")` at `at` (an image when `image`): a link
 * when the destination is `http(s)`, else its source as text.
 */
function link(
  text: string,
  at: number,
  image: boolean,
  budget: Budget,
): { html: string; next: number } | undefined {
  if (budget.left <= 0) return undefined;
  const close = labelEnd(text, at, budget);
  if (close === undefined || text[close + 1] !== "(") return undefined;
  const target = destination(text, close + 2, budget);
  if (!target) return undefined;
  const start = image ? at - 1 : at;
  const label = text.slice(at + 1, close);
  const href = safeHref(target.url);
  if (!href) {
    return { html: esc(text.slice(start, target.next)), next: target.next };
  }
  const labelHtml = image
    ? esc(`image: ${label || href}`)
    : inlineHtml(label, { links: false }) || esc(href);
  return {
    html: linkHtml(href, labelHtml, image ? "image" : ""),
    next: target.next,
  };
}

/** The index of the `]` that closes the `[` at `at`, nesting counted. */
function labelEnd(
  text: string,
  at: number,
  budget: Budget,
): number | undefined {
  const limit = Math.min(text.length, at + MAX_LABEL);
  let depth = 0;
  for (let j = at; j < limit; j++) {
    budget.left--;
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return j;
  }
  return undefined;
}

/** `url "title")` from `at` (just after the `(`), backslash escapes undone. */
function destination(
  text: string,
  at: number,
  budget: Budget,
): { url: string; next: number } | undefined {
  const limit = Math.min(text.length, at + MAX_DESTINATION);
  let k = skipSpace(text, at);
  let url = "";
  if (text[k] === "<") {
    const end = findWithin(text, ">", k, limit, budget);
    if (end < 0) return undefined;
    url = text.slice(k + 1, end);
    if (/[\n<]/.test(url)) return undefined;
    k = end + 1;
  } else {
    let depth = 0;
    const from = k;
    for (; k < limit; k++) {
      budget.left--;
      const c = text[k]!;
      if (c === "\\" && ESCAPABLE.test(text[k + 1] ?? "")) k++;
      else if (/\s/.test(c)) break;
      else if (c === "(") depth++;
      else if (c === ")" && depth-- === 0) break;
    }
    url = text.slice(from, k);
  }
  k = skipSpace(text, k);
  const quote = text[k];
  if (quote === '"' || quote === "'" || quote === "(") {
    const end = findWithin(
      text,
      quote === "(" ? ")" : quote,
      k + 1,
      limit,
      budget,
    );
    if (end < 0) return undefined;
    k = skipSpace(text, end + 1);
  }
  if (text[k] !== ")") return undefined;
  return { url: url.replace(/\\([!-/:-@[-`{-~])/g, "$1"), next: k + 1 };
}

/** The index of `char` in `text[from, limit)`, or -1; each look is paid for. */
function findWithin(
  text: string,
  char: string,
  from: number,
  limit: number,
  budget: Budget,
): number {
  for (let k = from; k < limit; k++) {
    budget.left--;
    if (text[k] === char) return k;
  }
  return -1;
}

function skipSpace(text: string, at: number): number {
  let k = at;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  return k;
}

function autolink(
  text: string,
  at: number,
): { html: string; next: number } | undefined {
  AUTOLINK.lastIndex = at;
  const match = AUTOLINK.exec(text);
  const href = match && safeHref(match[1]!);
  if (!match || !href) return undefined;
  return { html: linkHtml(href, esc(match[1]!)), next: at + match[0].length };
}

/** A bare `http(s)://…` URL, without trailing punctuation or unbalanced `)`. */
function bareUrl(
  text: string,
  at: number,
): { html: string; next: number } | undefined {
  BARE_URL.lastIndex = at;
  const match = BARE_URL.exec(text);
  if (!match) return undefined;
  let url = match[0];
  for (;;) {
    const last = url[url.length - 1]!;
    if (/[.,:;!?*_~]/.test(last)) url = url.slice(0, -1);
    else if (
      last === ")" && url.split(")").length > url.split("(").length
    ) url = url.slice(0, -1);
    else break;
  }
  const href = safeHref(url);
  if (!href) return undefined;
  return { html: linkHtml(href, esc(url)), next: at + url.length };
}

/**
 * Pairs delimiter runs into `em`/`strong`/`del` the way CommonMark does:
 * each closer takes the nearest opener of its kind, and every run between
 * them becomes text, so the tags always nest. A per-kind floor keeps a
 * long run of unmatched closers linear.
 */
function matchEmphasis(nodes: Node[]): void {
  const openers: Delimiter[] = [];
  const floor = new Map<string, number>();
  for (const node of nodes) {
    if (node.kind !== "delimiter") continue;
    while (node.canClose && node.count > 0) {
      const key = `${node.char}${node.canOpen}${node.length % 3}`;
      const index = findOpener(openers, node, floor.get(key) ?? 0);
      if (index < 0) {
        floor.set(key, openers.length);
        break;
      }
      const opener = openers[index]!;
      const use = node.char === "~"
        ? 2
        : opener.count >= 2 && node.count >= 2
        ? 2
        : 1;
      const tag = node.char === "~" ? "del" : use === 2 ? "strong" : "em";
      opener.count -= use;
      node.count -= use;
      opener.opens.unshift(tag);
      node.closes.push(tag);
      openers.length = opener.count > 0 ? index + 1 : index;
      for (const [k, v] of floor) {
        if (v > openers.length) floor.set(k, openers.length);
      }
    }
    if (node.canOpen && node.count > 0) openers.push(node);
  }
}

function findOpener(
  openers: readonly Delimiter[],
  closer: Delimiter,
  bottom: number,
): number {
  for (let s = openers.length - 1; s >= bottom; s--) {
    const opener = openers[s]!;
    if (opener.char !== closer.char) continue;
    // CommonMark's rule of three, so `*foo**bar*` reads as intended.
    const both = opener.canClose || closer.canOpen;
    const sum = opener.length + closer.length;
    if (
      closer.char !== "~" && both && sum % 3 === 0 &&
      (opener.length % 3 !== 0 || closer.length % 3 !== 0)
    ) continue;
    return s;
  }
  return -1;
}

function nodeHtml(node: Node): string {
  if (node.kind === "html") return node.html;
  return node.closes.map((t) => `</${t}>`).join("") +
    esc(node.char.repeat(node.count)) +
    node.opens.map((t) => `<${t}>`).join("");
}
