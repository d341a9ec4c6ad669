/**
 * The frame of every viewer page: the strict headers, the top bar with the
 * search box, and the small pieces pages share (times, search snippets,
 * notices in place of a part that could not be shown). Every piece of
 * stored text goes through {@linkcode esc}.
 *
 * @module
 */
import { HistoryError } from "../../../mod.ts";
import { formatBytes, formatCount, formatTime } from "../transcript/text.ts";
import { esc } from "./escape.ts";
import { CSS } from "./style.ts";

/**
 * The headers of every page: no scripts, frames or outside resources
 * (Content-Security-Policy), no sniffing, no referrer, no caching.
 */
export const HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** What every page shows besides its body. */
export interface PageOptions {
  /** The database URL, shown in the top bar. */
  readonly url: string;
  /** The search box's text. */
  readonly query?: string;
  /** The HTTP status. @default {200} */
  readonly status?: number;
}

/**
 * A whole page: the top bar with the search box, then the body.
 *
 * @param title The page title (escaped here).
 * @param body The body's HTML.
 * @param options The URL shown, the query, the status.
 * @returns The response.
 */
export function page(
  title: string,
  body: string,
  options: PageOptions,
): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ironclaw history</title>
<style>${CSS}</style></head>
<body><header class="top"><a class="home" href="/">ironclaw history</a>
<span class="db">${esc(options.url)}</span>
<form action="/" method="get" role="search"><input type="search" name="q" value="${
    esc(options.query ?? "")
  }" placeholder="Search messages" aria-label="Search messages"><button type="submit">Search</button></form></header>
<main>${body}</main></body></html>`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: HEADERS,
  });
}

/**
 * A `<time>` element, in the format of the terminal.
 *
 * @param date The time.
 * @returns The HTML.
 */
export function timeTag(date: Date): string {
  const iso = Number.isNaN(date.getTime()) ? "" : date.toISOString();
  return `<time datetime="${esc(iso)}">${esc(formatTime(date))}</time>`;
}

/**
 * A search snippet on one line, escaped, with the matched words (`[…]`)
 * marked and Markdown's fences, `**` and heading marks left out.
 *
 * @param snippet The snippet of a search hit.
 * @returns The HTML.
 */
export function snippetHtml(snippet: string): string {
  // Markdown's loudest marks (fences, `**`, heading hashes) read as noise
  // in a one-line excerpt; the words stay.
  const plain = snippet.replace(/```[\w+#.-]*/g, " ").replace(/\*\*/g, "")
    .replace(/(^|\n)#{1,6}[ \t]+/g, "$1");
  return esc(plain.replace(/\s+/g, " ").trim()).replace(
    /\[([^[\]]*)\]/g,
    "<mark>$1</mark>",
  );
}

/**
 * A notice in place of a part of a page that could not be shown.
 *
 * @param headline What is missing, as a sentence.
 * @param detail Why, or what is shown instead.
 * @returns The HTML.
 */
export function noticeHtml(headline: string, detail: string): string {
  return `<div class="notice" role="status"><strong>${esc(headline)}</strong> ${
    esc(detail)
  }</div>`;
}

/**
 * What went wrong, for a person: a history error's message, or the kind of
 * an unexpected error (its details stay out of the page).
 *
 * @param error Anything thrown.
 * @returns The text.
 */
export function reasonOf(error: unknown): string {
  if (error instanceof HistoryError) return error.message;
  if (error instanceof Error) return `Unexpected ${error.name}.`;
  return "Unexpected error.";
}

/**
 * Runs one part of a page; if it throws, the part becomes a notice and the
 * rest of the page is still shown.
 *
 * @param what What the part shows, for the notice.
 * @param part Renders the part.
 * @returns The part's HTML, or the notice.
 */
export async function guarded(
  what: string,
  part: () => Promise<string> | string,
): Promise<string> {
  try {
    return await part();
  } catch (error) {
    return noticeHtml(`${what} could not be shown.`, reasonOf(error));
  }
}

/** A value read for a part of a page, or the notice shown instead. */
export interface Attempt<T> {
  /** The value, when reading it worked. */
  readonly value: T | undefined;
  /** `""`, or the notice in the part's place. */
  readonly notice: string;
}

/**
 * Reads a value one part of a page needs; if that throws, the part gets a
 * notice and the page goes on without the value.
 *
 * @param what What the value shows, for the notice.
 * @param read Reads it.
 * @returns The value or the notice.
 */
export async function attempt<T>(
  what: string,
  read: () => Promise<T>,
): Promise<Attempt<T>> {
  try {
    return { value: await read(), notice: "" };
  } catch (error) {
    return {
      value: undefined,
      notice: noticeHtml(`${what} could not be shown.`, reasonOf(error)),
    };
  }
}

/**
 * The size of some text as shown on a fold: `412 lines · 18.0 KB`.
 *
 * @param text The text.
 * @returns The size.
 */
export function sizeText(text: string): string {
  const lines = text === "" ? 0 : text.split("\n").length;
  const bytes = new TextEncoder().encode(text).length;
  return `${formatCount(lines)} line${lines === 1 ? "" : "s"} · ${
    formatBytes(bytes)
  }`;
}
