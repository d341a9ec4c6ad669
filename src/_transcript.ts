/**
 * Turning stored messages into something a person reads: a
 * {@linkcode TranscriptEntry} per message (its parts reduced to labelled
 * items: prompts, text, tool calls with their arguments, tool results,
 * thinking, files…), rendered as terminal lines by {@linkcode renderEntry}
 * and as HTML by the web viewer. Pure functions, no I/O: used by
 * `history show`, `history serve` and the demo.
 *
 * @example Render a stored message as terminal lines
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { renderEntry, transcriptEntry } from "./_transcript.ts";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 * ]);
 * const [record] = await history.getMessageRecords(id);
 * const lines = renderEntry(transcriptEntry(record!), { color: false });
 * assert.match(lines[0]!, /^#1 user /);
 * assert.equal(lines[1], "  Hi");
 * ```
 *
 * @module
 */
import type { Role } from "./formats/format.ts";
import { isObject, type JsonObject } from "./json.ts";

/** One readable piece of a message. */
export type TranscriptItem =
  | {
    /** A system prompt (`system`) or a request's instructions (`instructions`). */
    readonly kind: "system" | "instructions";
    /** The prompt. */
    readonly text: string;
  }
  | {
    /** What the user said (a prompt or a speech transcript). */
    readonly kind: "user";
    /** The prompt; multimodal items appear as `[image https://…]`. */
    readonly text: string;
  }
  | {
    /** Text the model wrote. */
    readonly kind: "text";
    /** The text. */
    readonly text: string;
  }
  | {
    /** The model calling a tool. */
    readonly kind: "tool-call";
    /** The tool's name. */
    readonly name: string;
    /** The arguments as compact JSON text (`""` when none). */
    readonly args: string;
    /** The call id, when known. */
    readonly callId: string | undefined;
    /** True for a tool run by the provider (`builtin-tool-call`). */
    readonly builtin: boolean;
  }
  | {
    /** A tool's result. */
    readonly kind: "tool-result";
    /** The tool's name. */
    readonly name: string;
    /** The result: a string as is, anything else as compact JSON. */
    readonly text: string;
    /** The call id, when known. */
    readonly callId: string | undefined;
    /** How the call ended (`success`, `failed`, …), when known. */
    readonly outcome: string | undefined;
    /** True for a provider-run tool (`builtin-tool-return`). */
    readonly builtin: boolean;
  }
  | {
    /** A retry prompt: the model is asked to try again. */
    readonly kind: "retry";
    /** The tool whose call failed, when one did. */
    readonly name: string | undefined;
    /** What went wrong. */
    readonly text: string;
  }
  | {
    /** The model's reasoning. */
    readonly kind: "thinking";
    /** The full reasoning text (may be empty when redacted). */
    readonly text: string;
  }
  | {
    /** Anything else: files, speech audio, compaction, tools made available. */
    readonly kind: "note";
    /** A short description. */
    readonly text: string;
  };

/** One message, ready to show. */
export interface TranscriptEntry {
  /** The message's `seq`. */
  readonly seq: number;
  /** Its stored role. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
  /** The model that answered (responses). */
  readonly modelName: string | undefined;
  /** Input tokens of a response, when recorded. */
  readonly inputTokens: number | undefined;
  /** Output tokens of a response, when recorded. */
  readonly outputTokens: number | undefined;
  /** The readable pieces, in order. */
  readonly items: readonly TranscriptItem[];
}

/** The parts of a stored record {@linkcode transcriptEntry} needs. */
export interface RecordLike {
  /** The message's `seq`. */
  readonly seq: number;
  /** Its stored role. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
  /** The message value. */
  readonly message: unknown;
}

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

const FOLD_LENGTH = 120;
const CONTROL_CHARS =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CUT_LENGTH = 2000;

const isJsonObject: (value: unknown) => value is JsonObject = isObject<
  JsonObject
>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Compact JSON of a value; strings stay as they are. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Approximate decoded size of base64 data, for display. */
function base64Size(data: unknown): string {
  if (typeof data !== "string") return "";
  const bytes = Math.floor((data.replace(/=+$/, "").length * 3) / 4);
  return `, ${formatBytes(bytes)}`;
}

/** A short description of one multimodal user-content item. */
function describeContent(item: unknown): string {
  if (typeof item === "string") return item;
  if (!isJsonObject(item)) return asText(item);
  const kind = str(item.kind) ?? "content";
  switch (kind) {
    case "text-content":
      return str(item.content) ?? "";
    case "image-url":
    case "audio-url":
    case "document-url":
    case "video-url":
      return `[${kind.replace("-url", "")} ${str(item.url) ?? ""}]`;
    case "binary":
      return `[${str(item.media_type) ?? "binary"}${base64Size(item.data)}]`;
    case "uploaded-file":
      return `[uploaded file ${str(item.file_id) ?? ""}]`;
    case "cache-point":
      return "";
    default:
      return `[${kind}]`;
  }
}

function describeUserContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return asText(content);
  return content.map(describeContent).filter((s) => s !== "").join("\n");
}

function describeRetry(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return asText(content);
  return content.map((detail) => {
    if (!isJsonObject(detail)) return asText(detail);
    const loc = Array.isArray(detail.loc) ? detail.loc.join(".") : "";
    const msg = str(detail.msg) ?? asText(detail);
    return loc ? `${loc}: ${msg}` : msg;
  }).join("; ");
}

function toolArgs(args: unknown): string {
  if (args === undefined || args === null) return "";
  return asText(args);
}

function itemsOf(part: unknown): TranscriptItem[] {
  if (!isJsonObject(part)) return [{ kind: "note", text: asText(part) }];
  const kind = str(part.part_kind) ?? "unknown";
  const callId = str(part.tool_call_id);
  switch (kind) {
    case "system-prompt":
      return [{ kind: "system", text: str(part.content) ?? "" }];
    case "user-prompt":
      return [{ kind: "user", text: describeUserContent(part.content) }];
    case "text":
      return [{ kind: "text", text: str(part.content) ?? "" }];
    case "tool-call":
    case "builtin-tool-call":
      return [{
        kind: "tool-call",
        name: str(part.tool_name) ?? "?",
        args: toolArgs(part.args),
        callId,
        builtin: kind === "builtin-tool-call",
      }];
    case "tool-return":
    case "builtin-tool-return":
      return [{
        kind: "tool-result",
        name: str(part.tool_name) ?? "?",
        text: asText(part.content),
        callId,
        outcome: str(part.outcome),
        builtin: kind === "builtin-tool-return",
      }];
    case "retry-prompt":
      return [{
        kind: "retry",
        name: str(part.tool_name),
        text: describeRetry(part.content),
      }];
    case "thinking":
      return [{ kind: "thinking", text: str(part.content) ?? "" }];
    case "speech": {
      const transcript = str(part.transcript);
      const speaker = str(part.speaker) ?? "";
      if (speaker === "user") {
        return [{ kind: "user", text: transcript ?? "[speech]" }];
      }
      return transcript
        ? [{ kind: "text", text: transcript }]
        : [{ kind: "note", text: "[speech]" }];
    }
    case "compaction":
      return [{
        kind: "note",
        text: `compaction: ${str(part.content) ?? "(encrypted)"}`,
      }];
    case "file": {
      const content = isJsonObject(part.content) ? part.content : {};
      return [{
        kind: "note",
        text: `[file ${str(content.media_type) ?? ""}${
          base64Size(content.data)
        }]`,
      }];
    }
    case "tool-availability-delta": {
      const tools = Array.isArray(part.tools_added)
        ? part.tools_added.map(asText).join(", ")
        : "";
      return [{ kind: "note", text: `tools made available: ${tools}` }];
    }
    default:
      return [{ kind: "note", text: `[${kind}]` }];
  }
}

/**
 * Reduces a stored message to a {@linkcode TranscriptEntry}: one item per
 * part of a Pydantic AI message, an AI SDK `ModelMessage` or `UIMessage`
 * (unknown part kinds become a note); a message of another shape becomes
 * one note with its compact JSON.
 *
 * @param record A stored message record (`getMessageRecords` returns them).
 * @returns The entry.
 */
export function transcriptEntry(record: RecordLike): TranscriptEntry {
  const message = record.message;
  let modelName: string | undefined;
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  if (isJsonObject(message) && message.kind === "response") {
    modelName = str(message.model_name);
    const usage = isJsonObject(message.usage) ? message.usage : undefined;
    if (typeof usage?.input_tokens === "number") {
      inputTokens = usage.input_tokens;
    }
    if (typeof usage?.output_tokens === "number") {
      outputTokens = usage.output_tokens;
    }
  }
  return {
    seq: record.seq,
    role: record.role,
    createdAt: record.createdAt,
    modelName,
    inputTokens,
    outputTokens,
    items: messageItems(message),
  };
}

/**
 * The readable pieces of a message of any format the tool knows: Pydantic
 * AI (`kind` + `parts`), the AI SDK's `ModelMessage` (`role` + `content`)
 * or `UIMessage` (`role` + `parts`); anything else is one note with its
 * compact JSON.
 */
function messageItems(message: unknown): TranscriptItem[] {
  if (!isJsonObject(message)) return [{ kind: "note", text: asText(message) }];
  const role = str(message.role);
  if (Array.isArray(message.parts) && role === undefined) {
    const items: TranscriptItem[] = [];
    const instructions = str(message.instructions);
    if (instructions) items.push({ kind: "instructions", text: instructions });
    for (const part of message.parts) items.push(...itemsOf(part));
    return items;
  }
  if (role !== undefined) {
    const textKind = role === "user"
      ? "user"
      : role === "system"
      ? "system"
      : "text";
    if (Array.isArray(message.parts)) {
      return message.parts.flatMap((part) => uiPartItems(textKind, part));
    }
    if (typeof message.content === "string") {
      return [{ kind: textKind, text: message.content }];
    }
    if (Array.isArray(message.content)) {
      return message.content.flatMap((part) => modelPartItems(textKind, part));
    }
  }
  return [{ kind: "note", text: asText(message) }];
}

type TextKind = "user" | "system" | "text";

/** A file or image reference of the AI SDK, briefly. */
function fileLabel(what: string, part: JsonObject, data: unknown): string {
  const media = str(part.mediaType) ?? "";
  const name = str(part.filename) ?? str(part.title);
  const url = typeof data === "string" && /^https?:\/\//.test(data)
    ? data
    : undefined;
  return `[${[what, name, media, url].filter(Boolean).join(" ")}]`;
}

/** An AI SDK tool output: its text and, for errors and denials, an outcome. */
function toolOutput(
  output: unknown,
): { text: string; outcome: string | undefined } {
  if (!isJsonObject(output)) {
    return { text: asText(output), outcome: undefined };
  }
  switch (output.type) {
    case "text":
    case "json":
      return { text: asText(output.value), outcome: undefined };
    case "error-text":
    case "error-json":
      return { text: asText(output.value), outcome: "error" };
    case "execution-denied":
      return { text: str(output.reason) ?? "", outcome: "denied" };
    case "content":
      return {
        text: Array.isArray(output.value)
          ? output.value.map((item) =>
            isJsonObject(item) && typeof item.text === "string"
              ? item.text
              : isJsonObject(item)
              ? fileLabel(str(item.type) ?? "content", item, item.url)
              : asText(item)
          ).join("\n")
          : asText(output.value),
        outcome: undefined,
      };
    default:
      return { text: asText(output), outcome: undefined };
  }
}

/** One part of an AI SDK `ModelMessage`'s content. */
function modelPartItems(textKind: TextKind, part: unknown): TranscriptItem[] {
  if (!isJsonObject(part)) return [{ kind: textKind, text: asText(part) }];
  const type = str(part.type) ?? "unknown";
  const media = textKind === "user" ? "user" : "note";
  switch (type) {
    case "text":
      return [{ kind: textKind, text: str(part.text) ?? "" }];
    case "reasoning":
      return [{ kind: "thinking", text: str(part.text) ?? "" }];
    case "image":
      return [{ kind: media, text: fileLabel("image", part, part.image) }];
    case "file":
      return [{ kind: media, text: fileLabel("file", part, part.data) }];
    case "tool-call":
      return [{
        kind: "tool-call",
        name: str(part.toolName) ?? "?",
        args: toolArgs(part.input),
        callId: str(part.toolCallId),
        builtin: part.providerExecuted === true,
      }];
    case "tool-result":
      return [{
        kind: "tool-result",
        name: str(part.toolName) ?? "?",
        callId: str(part.toolCallId),
        builtin: false,
        ...toolOutput(part.output),
      }];
    case "tool-approval-request":
      return [{
        kind: "note",
        text: `approval requested for ${str(part.toolCallId) ?? "a tool call"}${
          part.reason ? `: ${asText(part.reason)}` : ""
        }`,
      }];
    case "tool-approval-response":
      return [{
        kind: "note",
        text: `approval ${part.approved === true ? "granted" : "denied"}${
          part.reason ? `: ${asText(part.reason)}` : ""
        }`,
      }];
    case "reasoning-file":
      return [{ kind: "note", text: fileLabel("reasoning file", part, "") }];
    case "custom":
      return [{ kind: "note", text: `[custom ${asText(part.kind)}]` }];
    default:
      return [{ kind: "note", text: `[${type}]` }];
  }
}

/** One part of an AI SDK `UIMessage`. */
function uiPartItems(textKind: TextKind, part: unknown): TranscriptItem[] {
  if (!isJsonObject(part)) return [{ kind: textKind, text: asText(part) }];
  const type = str(part.type) ?? "unknown";
  if (type.startsWith("tool-") || type === "dynamic-tool") {
    const name = type === "dynamic-tool"
      ? str(part.toolName) ?? "?"
      : type.slice("tool-".length);
    const callId = str(part.toolCallId);
    const items: TranscriptItem[] = [{
      kind: "tool-call",
      name,
      args: toolArgs(part.input),
      callId,
      builtin: part.providerExecuted === true,
    }];
    const result = (text: string, outcome: string | undefined) =>
      items.push({
        kind: "tool-result",
        name,
        text,
        callId,
        outcome,
        builtin: part.providerExecuted === true,
      });
    const approval = isJsonObject(part.approval) ? part.approval : {};
    switch (part.state) {
      case "output-available":
        result(asText(part.output), undefined);
        break;
      case "output-error":
        result(str(part.errorText) ?? "", "error");
        break;
      case "output-denied":
        result(str(approval.reason) ?? "", "denied");
        break;
      case "approval-requested":
        items.push({ kind: "note", text: "approval requested" });
        break;
    }
    return items;
  }
  switch (type) {
    case "text":
      return [{ kind: textKind, text: str(part.text) ?? "" }];
    case "reasoning":
      return [{ kind: "thinking", text: str(part.text) ?? "" }];
    case "file":
      return [{
        kind: textKind === "user" ? "user" : "note",
        text: fileLabel("file", part, part.url),
      }];
    case "reasoning-file":
      return [{ kind: "note", text: fileLabel("reasoning file", part, "") }];
    case "source-url":
      return [{
        kind: "note",
        text: `[source ${
          [str(part.title), str(part.url)].filter(Boolean).join(" ")
        }]`,
      }];
    case "source-document":
      return [{ kind: "note", text: `[source ${str(part.title) ?? ""}]` }];
    case "steering-message":
      return Array.isArray(part.parts)
        ? part.parts.flatMap((p) => uiPartItems("user", p))
        : [];
    case "step-start":
      return [];
    default:
      return [{ kind: "note", text: `[${type}]` }];
  }
}

/**
 * Makes text safe to print on a terminal: control characters other than
 * newline and tab (escape sequences, carriage returns, bells…) are shown as
 * `\u001b`-style escapes, and so are bidirectional overrides, so a message
 * cannot move the cursor, recolor the screen or reorder what is shown.
 *
 * @param text Any text.
 * @returns The text with control characters made visible.
 */
export function sanitizeText(text: string): string {
  return text.replace(
    CONTROL_CHARS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
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

/**
 * The first thing the user said in some messages (the first words of a
 * conversation), folded to one line.
 *
 * @param messages Messages, oldest first.
 * @param max The longest result, in characters.
 * @returns The text, or `undefined` when no message has a user prompt.
 */
export function firstUserText(
  messages: readonly unknown[],
  max = 60,
): string | undefined {
  for (const message of messages) {
    for (const item of messageItems(message)) {
      if (item.kind === "user" && item.text.trim() !== "") {
        return foldText(item.text, max);
      }
    }
  }
  return undefined;
}

/**
 * The title of a session: its metadata's `title` when that is a non-empty
 * string, otherwise the first user words of its opening messages.
 *
 * @param metadata The session metadata.
 * @param openingMessages The session's first few messages.
 * @returns The title, possibly empty.
 */
export function sessionTitle(
  metadata: JsonObject,
  openingMessages: readonly unknown[] = [],
): string {
  const title = metadata.title;
  if (typeof title === "string" && title.trim() !== "") {
    return foldText(title, 80);
  }
  return firstUserText(openingMessages) ?? "";
}

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

/** The color of a role's heading. */
const ROLE_COLOR: Record<Role, keyof typeof ANSI> = {
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
export function painter(
  color: boolean,
): (style: keyof typeof ANSI, text: string) => string {
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
  const full = options.full ?? false;
  const clean = sanitizeText;
  const heading = [
    paint("bold", `#${entry.seq}`),
    paint(ROLE_COLOR[entry.role] ?? "gray", clean(entry.role)),
    paint("gray", formatTime(entry.createdAt)),
  ];
  const extra = [entry.modelName, usageText(entry)].filter((s): s is string =>
    !!s
  );
  if (extra.length) heading.push(paint("gray", clean(extra.join(" · "))));
  const lines = [heading.join(" ")];
  /** Adds labelled text; later lines are indented under the first. */
  const push = (
    label: string,
    text: string,
    style?: keyof typeof ANSI,
    suffix = "",
  ) => {
    const [first = "", ...rest] = clean(text).split("\n");
    const color = (line: string) => style ? paint(style, line) : line;
    const indent = " ".repeat(2 + visibleLength(label));
    if (rest.length === 0) {
      lines.push(`  ${label}${color(first)}${suffix}`);
      return;
    }
    lines.push(`  ${label}${color(first)}`);
    rest.forEach((line, i) =>
      lines.push(
        `${indent}${color(line)}${i === rest.length - 1 ? suffix : ""}`,
      )
    );
  };
  for (const item of entry.items) {
    switch (item.kind) {
      case "system":
      case "instructions":
        push(paint("gray", `${item.kind}: `), item.text, "gray");
        break;
      case "user":
        push("", item.text, "cyan");
        break;
      case "text":
        push("", item.text);
        break;
      case "tool-call":
        push(
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
        push(
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
        push(
          paint("red", `↻ retry${item.name ? ` ${clean(item.name)}` : ""}: `),
          item.text,
        );
        break;
      case "thinking":
        lines.push(
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
        push("", item.text, "gray");
        break;
    }
  }
  return lines;
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
