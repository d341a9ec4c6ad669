/**
 * Markdown as HTML, rendered on the server for the viewer — a small
 * renderer of our own for what chat models write: ATX and setext headings,
 * paragraphs, fenced code, block quotes, bullet and numbered lists, GFM
 * tables, thematic breaks, and the inline syntax of
 * {@linkcode inlineHtml}.
 *
 * It never passes HTML through: a `<div>` in a message is shown as text.
 * The only tags it writes are those of {@linkcode MARKDOWN_TAGS}, with no
 * attribute but `href`/`rel` (links to `http(s)` URLs) and `class`.
 * Numbered lists write their numbers as text (`<span class="n">3.</span>`),
 * so a list that starts at 3 needs no `start` attribute. Nesting deeper
 * than {@linkcode MAX_DEPTH} is shown as text, so no input can exhaust the
 * stack.
 *
 * @module
 */
import { esc } from "./escape.ts";
import { inlineHtml } from "./markdown_inline.ts";

/** Every tag the renderer may write. */
export const MARKDOWN_TAGS: ReadonlySet<string> = new Set([
  "p",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "ul",
  "ol",
  "li",
  "span",
  "blockquote",
  "a",
  "hr",
  "div",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
]);

/** How deep quotes and lists may nest before the rest is shown as text. */
export const MAX_DEPTH = 12;

/** One top-level block, rendered, with the source lines it took. */
export interface RenderedBlock {
  /** The block's HTML. */
  readonly html: string;
  /** How many source lines it covered (blank lines before it included). */
  readonly lines: number;
}

type Align = "" | "left" | "center" | "right";

type Block =
  | { readonly kind: "p"; readonly text: string }
  | { readonly kind: "h"; readonly level: number; readonly text: string }
  | { readonly kind: "code"; readonly lang: string; readonly text: string }
  | { readonly kind: "quote"; readonly children: Block[] }
  | {
    readonly kind: "list";
    readonly ordered: boolean;
    readonly start: number;
    readonly delim: string;
    readonly loose: boolean;
    readonly items: Block[][];
  }
  | { readonly kind: "hr" }
  | {
    readonly kind: "table";
    readonly align: readonly Align[];
    readonly head: readonly string[];
    readonly rows: readonly (readonly string[])[];
  };

interface Parsed {
  readonly block: Block;
  readonly next: number;
}

/**
 * Markdown as safe HTML.
 *
 * @example A heading, a list, and HTML shown as text
 * ```ts
 * import { markdownHtml } from "./markdown.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   markdownHtml("## Plan\n\n- **one**\n- <b>two</b>"),
 *   "<h2>Plan</h2>\n<ul><li><strong>one</strong></li><li>&#60;b&#62;two&#60;/b&#62;</li></ul>",
 * );
 * ```
 *
 * @param text Markdown.
 * @returns The HTML.
 */
export function markdownHtml(text: string): string {
  return markdownBlocks(text).map((b) => b.html).join("\n");
}

/**
 * Markdown as safe HTML, one entry per top-level block, so a long text can
 * show its first blocks and fold the rest.
 *
 * @param text Markdown.
 * @returns The blocks, in order.
 */
export function markdownBlocks(text: string): RenderedBlock[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map(expandTabs);
  const out: RenderedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    while (i < lines.length && isBlank(lines[i]!)) i++;
    if (i >= lines.length) break;
    const parsed = parseBlock(lines, i, 0);
    out.push({ html: blockHtml(parsed.block), lines: parsed.next - start });
    i = parsed.next;
  }
  return out;
}

/** Leading tabs become spaces to the next multiple of four. */
function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let col = 0;
  let k = 0;
  for (; k < line.length; k++) {
    if (line[k] === " ") col++;
    else if (line[k] === "\t") col += 4 - (col % 4);
    else break;
  }
  return " ".repeat(col) + line.slice(k);
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function parseBlocks(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i]!)) {
      i++;
      continue;
    }
    const parsed = parseBlock(lines, i, depth);
    blocks.push(parsed.block);
    i = parsed.next;
  }
  return blocks;
}

/** The block starting at the (non-blank) line `i`. */
function parseBlock(
  lines: readonly string[],
  i: number,
  depth: number,
): Parsed {
  const nested = depth < MAX_DEPTH;
  return fence(lines, i) ?? heading(lines[i]!, i) ?? rule(lines[i]!, i) ??
    (nested ? quote(lines, i, depth) ?? list(lines, i, depth) : undefined) ??
    table(lines, i, depth) ?? paragraph(lines, i, depth);
}

const FENCE = /^( {0,3})(`{3,}|~{3,})([^]*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const RULE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])(?:( +)([^]*))?$/;

/** Whether a line ends a paragraph by starting another block. */
function startsBlock(line: string, depth: number): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line)) return true;
  if (depth >= MAX_DEPTH) return false;
  if (QUOTE.test(line)) return true;
  const item = listItem(line);
  // As in CommonMark: an empty item, or a number other than 1, does not
  // interrupt a paragraph ("in 2024. we…").
  return item !== undefined && item.content.trim() !== "" &&
    (!item.ordered || item.number === 1);
}

function fence(lines: readonly string[], i: number): Parsed | undefined {
  const open = FENCE.exec(lines[i]!);
  if (!open) return undefined;
  const [, indent, marker, info] = open as unknown as [
    string,
    string,
    string,
    string,
  ];
  if (marker[0] === "`" && info.includes("`")) return undefined;
  const body: string[] = [];
  let j = i + 1;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (
      close && close[1]![0] === marker[0] && close[1]!.length >= marker.length
    ) {
      j++;
      break;
    }
    body.push(line.slice(Math.min(indent.length, indentOf(line))));
  }
  const lang = info.trim().split(/\s+/)[0] ?? "";
  return {
    block: {
      kind: "code",
      lang: /^[\w+#.-]{1,32}$/.test(lang) ? lang : "",
      text: body.join("\n"),
    },
    next: j,
  };
}

function heading(line: string, i: number): Parsed | undefined {
  const match = HEADING.exec(line);
  if (!match) return undefined;
  // Trailing `#`s close the heading; found without a regex, which could
  // take quadratic time on a long run of spaces.
  let text = line.slice(match[0].length).trimEnd();
  let k = text.length;
  while (k > 0 && text[k - 1] === "#") k--;
  if (k === 0) text = "";
  else if (k < text.length && /[ \t]/.test(text[k - 1]!)) {
    text = text.slice(0, k).trimEnd();
  }
  return {
    block: { kind: "h", level: match[1]!.length, text: text.trim() },
    next: i + 1,
  };
}

function rule(line: string, i: number): Parsed | undefined {
  return RULE.test(line) ? { block: { kind: "hr" }, next: i + 1 } : undefined;
}

function quote(
  lines: readonly string[],
  i: number,
  depth: number,
): Parsed | undefined {
  if (!QUOTE.test(lines[i]!)) return undefined;
  const body: string[] = [];
  let j = i;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (QUOTE.test(line)) body.push(line.replace(QUOTE, ""));
    else if (
      // A lazy continuation line of the quote's paragraph.
      !isBlank(line) && !isBlank(body[body.length - 1] ?? "") &&
      !startsBlock(line, depth)
    ) body.push(line);
    else break;
  }
  return {
    block: { kind: "quote", children: parseBlocks(body, depth + 1) },
    next: j,
  };
}

interface ItemStart {
  readonly ordered: boolean;
  /** The bullet character, or the `.`/`)` after the number. */
  readonly delim: string;
  readonly number: number;
  readonly content: string;
  /** The column where the item's content starts. */
  readonly contentIndent: number;
}

function listItem(line: string): ItemStart | undefined {
  const match = ITEM.exec(line);
  if (!match) return undefined;
  const [, indent = "", marker = "", spaces = "", rest = ""] = match;
  const ordered = /\d/.test(marker);
  const width = spaces.length >= 1 && spaces.length <= 4 ? spaces.length : 1;
  return {
    ordered,
    delim: marker[marker.length - 1]!,
    number: ordered ? Number(marker.slice(0, -1)) : 0,
    content: spaces.length > 4 ? spaces.slice(1) + rest : rest,
    contentIndent: indent.length + marker.length + width,
  };
}

function list(
  lines: readonly string[],
  i: number,
  depth: number,
): Parsed | undefined {
  const first = RULE.test(lines[i]!) ? undefined : listItem(lines[i]!);
  if (!first) return undefined;
  const items: Block[][] = [];
  let loose = false;
  let j = i;
  let blankBefore = false;
  while (j < lines.length) {
    const item = RULE.test(lines[j]!) ? undefined : listItem(lines[j]!);
    if (!item || item.ordered !== first.ordered || item.delim !== first.delim) {
      break;
    }
    if (blankBefore) loose = true;
    const { body, next, blankAfter, blankInside } = itemBody(
      lines,
      j,
      item,
      depth,
    );
    if (blankInside) loose = true;
    items.push(parseBlocks(body, depth + 1));
    blankBefore = blankAfter;
    j = next;
  }
  return {
    block: {
      kind: "list",
      ordered: first.ordered,
      start: first.number,
      delim: first.delim,
      loose,
      items,
    },
    next: j,
  };
}

/** The lines of one list item: its first line, then those indented under it. */
function itemBody(
  lines: readonly string[],
  i: number,
  item: ItemStart,
  depth: number,
): { body: string[]; next: number; blankAfter: boolean; blankInside: boolean } {
  const body = [item.content];
  let text = !isBlank(item.content);
  let blanks = 0;
  let blankInside = false;
  let j = i + 1;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (isBlank(line)) {
      blanks++;
      continue;
    }
    if (indentOf(line) >= item.contentIndent) {
      if (blanks > 0 && text) blankInside = true;
      for (; blanks > 0; blanks--) body.push("");
      body.push(line.slice(item.contentIndent));
      text = true;
      continue;
    }
    const lazy = blanks === 0 && !isBlank(body[body.length - 1]!) &&
      listItem(line) === undefined && !startsBlock(line, depth);
    if (!lazy) break;
    body.push(line);
  }
  return { body, next: j, blankAfter: blanks > 0, blankInside };
}

/** The cells of a table row: split at `|` not escaped with a backslash. */
function cells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  const out: string[] = [];
  let cell = "";
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (c === "\\" && text[k + 1] === "|") {
      cell += "|";
      k++;
    } else if (c === "|") {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

/** The alignments of a delimiter row (`| :-- | :-: |`), if it is one. */
function delimiterRow(line: string): Align[] | undefined {
  if (!/^[ \t|:-]+$/.test(line) || !line.includes("-")) return undefined;
  const aligns: Align[] = [];
  for (const cell of cells(line)) {
    if (!/^:?-+:?$/.test(cell)) return undefined;
    const left = cell.startsWith(":");
    const right = cell.endsWith(":");
    aligns.push(
      left && right ? "center" : right ? "right" : left ? "left" : "",
    );
  }
  return aligns;
}

/** Whether lines `i` and `i + 1` open a table: a header row and its delimiter row. */
function tableStart(lines: readonly string[], i: number): Align[] | undefined {
  const header = lines[i]!;
  const next = lines[i + 1];
  if (!header.includes("|") || next === undefined) return undefined;
  const align = delimiterRow(next);
  if (!align || (!next.includes("|") && align.length < 2)) return undefined;
  return cells(header).length === align.length ? align : undefined;
}

function table(
  lines: readonly string[],
  i: number,
  depth: number,
): Parsed | undefined {
  const align = tableStart(lines, i);
  if (!align) return undefined;
  const rows: string[][] = [];
  let j = i + 2;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (isBlank(line) || startsBlock(line, depth)) break;
    const row = cells(line).slice(0, align.length);
    while (row.length < align.length) row.push("");
    rows.push(row);
  }
  return {
    block: { kind: "table", align, head: cells(lines[i]!), rows },
    next: j,
  };
}

function paragraph(lines: readonly string[], i: number, depth: number): Parsed {
  const text = [lines[i]!.trim()];
  let j = i + 1;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (isBlank(line)) break;
    const underline = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
    if (underline) {
      const level = underline[1]![0] === "=" ? 1 : 2;
      return {
        block: { kind: "h", level, text: text.join("\n") },
        next: j + 1,
      };
    }
    if (startsBlock(line, depth) || tableStart(lines, j)) break;
    text.push(line.trim());
  }
  return { block: { kind: "p", text: text.join("\n") }, next: j };
}

function blockHtml(block: Block, tight = false): string {
  switch (block.kind) {
    case "p":
      return tight
        ? inlineHtml(block.text)
        : `<p>${inlineHtml(block.text)}</p>`;
    case "h":
      return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
    case "code":
      return `<pre><code${
        block.lang ? ` class="language-${esc(block.lang)}"` : ""
      }>${esc(block.text)}</code></pre>`;
    case "quote":
      return `<blockquote>${
        block.children.map((b) => blockHtml(b)).join("\n")
      }</blockquote>`;
    case "list":
      return listHtml(block);
    case "hr":
      return "<hr>";
    case "table":
      return tableHtml(block);
  }
}

function listHtml(block: Extract<Block, { kind: "list" }>): string {
  const tag = block.ordered ? "ol" : "ul";
  const items = block.items.map((children, n) => {
    const number = block.ordered
      ? `<span class="n">${block.start + n}${esc(block.delim)}</span> `
      : "";
    const body = children.map((b) => blockHtml(b, !block.loose)).join(
      block.loose ? "\n" : "",
    );
    return `<li>${number}${body}</li>`;
  }).join("");
  return `<${tag}>${items}</${tag}>`;
}

function tableHtml(block: Extract<Block, { kind: "table" }>): string {
  const cell = (tag: string, text: string, n: number) => {
    const align = block.align[n];
    return `<${tag}${align ? ` class="al-${align}"` : ""}>${
      inlineHtml(text)
    }</${tag}>`;
  };
  const head = block.head.map((t, n) => cell("th", t, n)).join("");
  const rows = block.rows.map((row) =>
    `<tr>${row.map((t, n) => cell("td", t, n)).join("")}</tr>`
  ).join("");
  return `<div class="table"><table><thead><tr>${head}</tr></thead>${
    rows ? `<tbody>${rows}</tbody>` : ""
  }</table></div>`;
}
