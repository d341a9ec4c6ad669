/**
 * A {@linkcode TranscriptEntry} as terminal lines: a heading (`#seq role
 * time model · tokens`), then each item indented, labelled and colored;
 * multi-line text keeps its lines; thinking is folded to one line; control
 * characters in stored text are made visible.
 *
 * @module
 */
import type { Role } from "../../../mod.ts";
import type { TranscriptEntry, TranscriptItem } from "./item.ts";
import {
  foldText,
  formatCount,
  formatTime,
  inlineText,
  sanitizeText,
  visibleLength,
} from "./text.ts";

/** Options of {@linkcode renderEntry}. */
export interface RenderOptions {
  /** Use ANSI colors. @default {false} */
  readonly color?: boolean;
  /**
   * Show tool arguments and results in full instead of cutting them at
   * 2000 characters.
   * @default {false}
   */
  readonly full?: boolean;
}

const CUT_LENGTH = 2000;

const ANSI = {
  bold: 1,
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
} as const;

/** A style {@linkcode painter} knows. */
export type Style = keyof typeof ANSI;

/** Wraps text in a style (or leaves it as is when colors are off). */
export type Painter = (style: Style, text: string) => string;

/** The color of a role's heading. */
const ROLE_COLOR: Record<Role, Style> = {
  user: "cyan",
  model: "green",
  tool: "magenta",
  system: "gray",
};

/**
 * Returns a function that wraps text in an ANSI color when `color` is on.
 *
 * @param color Whether to color.
 * @returns The painter.
 */
export function painter(color: boolean): Painter {
  return (style, text) =>
    color && text !== "" ? `\x1b[${ANSI[style]}m${text}\x1b[0m` : text;
}

function cut(text: string, full: boolean): string {
  if (full || text.length <= CUT_LENGTH) return text;
  return `${text.slice(0, CUT_LENGTH)}… (${
    formatCount(text.length - CUT_LENGTH)
  } more characters; --full shows all)`;
}

/**
 * The token counts of a response as shown in a heading: `214 in / 23 out tokens`.
 *
 * @param entry The entry.
 * @returns The text, or `""` when the message has no usage.
 */
export function usageText(entry: TranscriptEntry): string {
  if (entry.inputTokens === undefined && entry.outputTokens === undefined) {
    return "";
  }
  return `${formatCount(entry.inputTokens ?? 0)} in / ${
    formatCount(entry.outputTokens ?? 0)
  } out tokens`;
}

/** `#seq role time`, then the model and tokens when known. */
function heading(entry: TranscriptEntry, paint: Painter): string {
  const parts = [
    paint("bold", `#${entry.seq}`),
    paint(ROLE_COLOR[entry.role] ?? "gray", inlineText(entry.role)),
    paint("gray", formatTime(entry.createdAt)),
  ];
  const extra = [entry.modelName, usageText(entry)].filter((s): s is string =>
    !!s
  );
  if (extra.length) parts.push(paint("gray", inlineText(extra.join(" · "))));
  return parts.join(" ");
}

/** Collects the lines of an entry's items. */
class Lines {
  readonly lines: string[] = [];
  readonly #paint: Painter;

  constructor(paint: Painter) {
    this.#paint = paint;
  }

  /** Adds labelled text; later lines are indented under the first. */
  push(label: string, text: string, style?: Style, suffix = ""): void {
    // The Unicode line separators end a line too: each line is indented.
    const [first = "", ...rest] = sanitizeText(text).split(/[\n\u2028\u2029]/);
    const color = (line: string) => style ? this.#paint(style, line) : line;
    const indent = " ".repeat(2 + visibleLength(label));
    if (rest.length === 0) {
      this.lines.push(`  ${label}${color(first)}${suffix}`);
      return;
    }
    this.lines.push(`  ${label}${color(first)}`);
    rest.forEach((line, i) =>
      this.lines.push(
        `${indent}${color(line)}${i === rest.length - 1 ? suffix : ""}`,
      )
    );
  }
}

function renderItem(
  item: TranscriptItem,
  out: Lines,
  paint: Painter,
  full: boolean,
): void {
  // Names and ids sit inside a label: they must not break its line.
  const clean = inlineText;
  switch (item.kind) {
    case "system":
    case "instructions":
      out.push(paint("gray", `${item.kind}: `), item.text, "gray");
      break;
    case "user":
      out.push("", item.text, "cyan");
      break;
    case "text":
      out.push("", item.text);
      break;
    case "tool-call":
      out.push(
        paint(
          "yellow",
          `→ ${item.builtin ? "[builtin] " : ""}${clean(item.name)}(`,
        ),
        cut(item.args, full),
        undefined,
        `${paint("yellow", ")")}${
          item.callId ? paint("gray", `  ${clean(item.callId)}`) : ""
        }`,
      );
      break;
    case "tool-result": {
      const failed = item.outcome !== undefined && item.outcome !== "success";
      out.push(
        paint(
          failed ? "red" : "magenta",
          `← ${item.builtin ? "[builtin] " : ""}${clean(item.name)}${
            failed ? ` (${clean(item.outcome ?? "")})` : ""
          }: `,
        ),
        cut(item.text, full),
      );
      break;
    }
    case "retry":
      out.push(
        paint("red", `↻ retry${item.name ? ` ${clean(item.name)}` : ""}: `),
        item.text,
      );
      break;
    case "thinking":
      out.lines.push(
        `  ${
          paint(
            "gray",
            `thinking: ${clean(foldText(item.text)) || "(redacted)"} (${
              formatCount(item.text.length)
            } chars)`,
          )
        }`,
      );
      break;
    case "note":
      out.push("", item.text, "gray");
      break;
  }
}

/**
 * Renders one entry as terminal lines: a heading (`#seq role  time  model
 * · tokens`), then each item indented, labelled and colored; multi-line
 * text keeps its lines; thinking is folded to one line; control characters
 * are made visible.
 *
 * @param entry The entry.
 * @param options Colors, full output.
 * @returns The lines, without newline characters.
 */
export function renderEntry(
  entry: TranscriptEntry,
  options: RenderOptions = {},
): string[] {
  const paint = painter(options.color ?? false);
  const out = new Lines(paint);
  out.lines.push(heading(entry, paint));
  for (const item of entry.items) {
    renderItem(item, out, paint, options.full ?? false);
  }
  return out.lines;
}
