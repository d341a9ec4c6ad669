/**
 * One message of a transcript as HTML: a card with its role, time, model
 * and tokens; its text as rendered Markdown (a long text shows its first
 * blocks and folds the rest); tool calls, tool results, long prompts and
 * thinking folded in `<details>` whose summary gives a one-line preview and
 * the size; and the message's stored JSON one click away.
 *
 * @module
 */
import type { TranscriptEntry, TranscriptItem } from "../transcript/item.ts";
import { usageText } from "../transcript/render.ts";
import { foldText, formatBytes } from "../transcript/text.ts";
import { esc } from "./escape.ts";
import { reasonOf, sizeText, timeTag } from "./html.ts";
import { markdownBlocks, markdownHtml } from "./markdown.ts";

/** Text up to this length, on one line, needs no fold. */
const SHORT = 120;
/** A text longer than this (lines, or characters) is folded… */
const FOLD_LINES = 30;
const FOLD_CHARS = 4000;
/** …after its first blocks, up to about this many lines. */
const HEAD_LINES = 12;
/** Text longer than this is not parsed as Markdown but shown as it is. */
const MAX_MARKDOWN = 200_000;
/** A fold shows at most this much; the message's JSON has the rest. */
const MAX_SHOWN = 100_000;
/** A message's JSON up to this size is shown inline, pretty-printed. */
const MAX_INLINE_JSON = 64 * 1024;

/** What a message card links to besides itself. */
export interface EntryLinks {
  /** The path of the message's stored JSON text. */
  readonly json: string;
}

/**
 * One message as a card.
 *
 * @param entry The message, reduced to items.
 * @param json The message's stored JSON text.
 * @param links Where its JSON text is served.
 * @returns The HTML.
 */
export function entryHtml(
  entry: TranscriptEntry,
  json: string,
  links: EntryLinks,
): string {
  const usage = usageText(entry);
  const head =
    `<header><a class="seq" href="#m${entry.seq}">#${entry.seq}</a><span class="role">${
      esc(entry.role)
    }</span>${timeTag(entry.createdAt)}${
      entry.modelName
        ? `<span class="chip model">${esc(entry.modelName)}</span>`
        : ""
    }${
      usage
        ? `<span class="chip tokens" title="input / output tokens of this response">${
          esc(usage)
        }</span>`
        : ""
    }</header>`;
  return `<article class="msg role-${esc(entry.role)}" id="m${entry.seq}">
${head}
${entry.items.map(itemHtml).join("\n")}
${rawJsonHtml(json, links)}
</article>`;
}

/**
 * A message that could not be read, in its place: its seq, what is wrong,
 * and its stored JSON when there is one.
 *
 * @param seq The message's seq.
 * @param error Why it could not be read.
 * @param json Its stored JSON text, when known.
 * @param links Where its JSON text is served.
 * @returns The HTML.
 */
export function brokenEntryHtml(
  seq: number,
  error: unknown,
  json: string | undefined,
  links: EntryLinks,
): string {
  return `<article class="msg broken" id="m${seq}">
<header><a class="seq" href="#m${seq}">#${seq}</a><span class="role error">unreadable</span></header>
<div class="notice" role="status"><strong>This message could not be shown.</strong> ${
    esc(reasonOf(error))
  }</div>
${json === undefined ? "" : rawJsonHtml(json, links)}
</article>`;
}

/** The per-message JSON: pretty-printed inline when small, always a link. */
function rawJsonHtml(json: string, links: EntryLinks): string {
  let shown = "";
  if (json.length <= MAX_INLINE_JSON) {
    try {
      shown = JSON.stringify(JSON.parse(json), null, 2);
    } catch {
      shown = json;
    }
  }
  return `<details class="raw"><summary>JSON · ${
    formatBytes(new TextEncoder().encode(json).length)
  }</summary>${shown ? `<pre>${esc(shown)}</pre>` : ""}<a href="${
    esc(links.json)
  }">Stored JSON text</a></details>`;
}

/** Text to show in a fold: line ends made plain, cut at {@linkcode MAX_SHOWN}. */
function shownText(text: string): string {
  const plain = text.replace(/\r\n?/g, "\n");
  if (plain.length <= MAX_SHOWN) return plain;
  return `${plain.slice(0, MAX_SHOWN)}\n… (${
    formatBytes(plain.length - MAX_SHOWN)
  } more; the message's JSON has all of it)`;
}

/** JSON text pretty-printed; any other text as it is. */
function pretty(text: string): string {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A fold: a summary line (label, preview, size) over a body. */
function fold(
  classes: string,
  summary: string,
  size: string,
  body: string,
): string {
  return `<details class="item fold ${classes}"><summary>${summary}<span class="size">${
    esc(size)
  }</span></summary>${body}</details>`;
}

function label(text: string): string {
  return `<span class="label">${esc(text)}</span>`;
}

function preview(text: string, max = SHORT): string {
  return `<span class="preview">${esc(foldText(text, max))}</span>`;
}

/** Markdown, with a long text's first blocks shown and the rest folded. */
function markdownBody(text: string): string {
  if (text.length > MAX_MARKDOWN) {
    return fold(
      "long",
      `${label("long text")} ${preview(text)}`,
      sizeText(text),
      `<pre>${esc(shownText(text))}</pre>`,
    );
  }
  const blocks = markdownBlocks(text);
  const lines = blocks.reduce((n, b) => n + b.lines, 0);
  if (lines <= FOLD_LINES && text.length <= FOLD_CHARS) {
    return `<div class="md">${blocks.map((b) => b.html).join("\n")}</div>`;
  }
  let shown = 0;
  let shownLines = 0;
  while (
    shown < blocks.length &&
    (shown === 0 || shownLines + blocks[shown]!.lines <= HEAD_LINES)
  ) shownLines += blocks[shown++]!.lines;
  if (shown === blocks.length || shownLines > FOLD_LINES) {
    return fold(
      "long",
      `${label("long text")} ${preview(text)}`,
      sizeText(text),
      `<div class="md">${blocks.map((b) => b.html).join("\n")}</div>`,
    );
  }
  const rest = blocks.slice(shown).map((b) => b.html).join("\n");
  return `<div class="md">${
    blocks.slice(0, shown).map((b) => b.html).join("\n")
  }</div><details class="more"><summary>Show the rest · ${
    esc(sizeText(text))
  } in all</summary><div class="md">${rest}</div></details>`;
}

/** A prompt or note: inline when short, else folded with a preview. */
function smallOrFolded(
  kind: string,
  name: string,
  text: string,
  asMarkdown: boolean,
): string {
  if (text.length <= SHORT && !text.includes("\n")) {
    return `<div class="item ${kind}">${
      name ? `${label(name)} ` : ""
    }<span class="${kind === "note" ? "" : "muted"}">${esc(text)}</span></div>`;
  }
  const body = asMarkdown && text.length <= MAX_MARKDOWN
    ? `<div class="md">${markdownHtml(text)}</div>`
    : `<pre>${esc(shownText(text))}</pre>`;
  return fold(
    kind,
    `${name ? `${label(name)} ` : ""}${preview(text)}`,
    sizeText(text),
    body,
  );
}

function toolCallHtml(
  item: Extract<TranscriptItem, { kind: "tool-call" }>,
): string {
  const signature = `${item.name}(${foldText(item.args, SHORT)})`;
  const callId = item.callId
    ? `<span class="muted call-id mono">${esc(item.callId)}</span>`
    : "";
  return fold(
    "tool call",
    `${
      label(item.builtin ? "builtin tool call" : "tool call")
    } <code class="preview">${esc(signature)}</code>${callId}`,
    sizeText(item.args),
    `<pre>${esc(shownText(pretty(item.args)))}</pre>`,
  );
}

function toolResultHtml(
  item: Extract<TranscriptItem, { kind: "tool-result" }>,
): string {
  const failed = item.outcome !== undefined && item.outcome !== "success";
  const kind = `${item.builtin ? "builtin " : ""}tool result${
    failed ? ` · ${item.outcome}` : ""
  }`;
  return fold(
    `tool result${failed ? " failed" : ""}`,
    `${label(kind)} <code class="name">${esc(item.name)}</code> ${
      preview(item.text)
    }`,
    sizeText(item.text),
    `<pre>${esc(shownText(pretty(item.text)))}</pre>`,
  );
}

function itemHtml(item: TranscriptItem): string {
  switch (item.kind) {
    case "system":
    case "instructions":
      return smallOrFolded(`prompt ${item.kind}`, item.kind, item.text, true);
    case "user":
    case "text":
      return `<div class="item ${item.kind}">${markdownBody(item.text)}</div>`;
    case "tool-call":
      return toolCallHtml(item);
    case "tool-result":
      return toolResultHtml(item);
    case "retry":
      return smallOrFolded(
        "retry failed",
        `retry${item.name ? ` ${item.name}` : ""}`,
        item.text,
        false,
      );
    case "thinking":
      return fold(
        "thinking",
        `${label("thinking")} ${preview(item.text || "(redacted)")}`,
        sizeText(item.text),
        `<div class="md">${
          item.text.length <= MAX_MARKDOWN
            ? markdownHtml(item.text)
            : `<pre>${esc(shownText(item.text))}</pre>`
        }</div>`,
      );
    case "note":
      return smallOrFolded("note", "", item.text, false);
  }
}
