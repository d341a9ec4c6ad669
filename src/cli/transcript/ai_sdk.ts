/**
 * The transcript of an AI SDK message: a `ModelMessage` (`role` +
 * `content`, a string or content parts) or a `UIMessage` (`role` +
 * `parts`, with tool parts that carry their call and result together). An
 * unknown part type becomes a note naming it.
 *
 * @module
 */
import type { JsonObject } from "../../../mod.ts";
import {
  asText,
  isJsonObject,
  noteOf,
  str,
  type TextKind,
  toolArgs,
  type TranscriptItem,
} from "./item.ts";

/** What plain text of a message with this role is shown as. */
function textKindOf(role: string | undefined): TextKind {
  return role === "user" ? "user" : role === "system" ? "system" : "text";
}

/**
 * The readable pieces of an AI SDK `ModelMessage`.
 *
 * @param message A stored message.
 * @returns The items; one note with the compact JSON of a message that has
 *   no `role` or no text or parts as `content`.
 */
export function modelMessageItems(message: unknown): TranscriptItem[] {
  if (!isJsonObject(message) || str(message.role) === undefined) {
    return noteOf(message);
  }
  const textKind = textKindOf(str(message.role));
  if (typeof message.content === "string") {
    return [{ kind: textKind, text: message.content }];
  }
  if (Array.isArray(message.content)) {
    return message.content.flatMap((part) => modelPartItems(textKind, part));
  }
  return noteOf(message);
}

/**
 * The readable pieces of an AI SDK `UIMessage`.
 *
 * @param message A stored message.
 * @returns The items; one note with the compact JSON of a message that has
 *   no `role` or no `parts`.
 */
export function uiMessageItems(message: unknown): TranscriptItem[] {
  if (
    !isJsonObject(message) || str(message.role) === undefined ||
    !Array.isArray(message.parts)
  ) {
    return noteOf(message);
  }
  const textKind = textKindOf(str(message.role));
  return message.parts.flatMap((part) => uiPartItems(textKind, part));
}

/** A file or image reference of the AI SDK, briefly. */
function fileLabel(what: string, part: JsonObject, data: unknown): string {
  const media = str(part.mediaType) ?? "";
  const name = str(part.filename) ?? str(part.title);
  const url = typeof data === "string" && /^https?:\/\//.test(data)
    ? data
    : undefined;
  return `[${[what, name, media, url].filter(Boolean).join(" ")}]`;
}

/** The text of a tool output's `content` items: text, else a file label. */
function contentText(value: unknown): string {
  if (!Array.isArray(value)) return asText(value);
  return value.map((item) =>
    isJsonObject(item) && typeof item.text === "string"
      ? item.text
      : isJsonObject(item)
      ? fileLabel(str(item.type) ?? "content", item, item.url)
      : asText(item)
  ).join("\n");
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
      return { text: contentText(output.value), outcome: undefined };
    default:
      return { text: asText(output), outcome: undefined };
  }
}

/** A note for a tool approval request or response, with its reason. */
function approvalNote(part: JsonObject, what: string): TranscriptItem[] {
  return [{
    kind: "note",
    text: `${what}${part.reason ? `: ${asText(part.reason)}` : ""}`,
  }];
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
      return approvalNote(
        part,
        `approval requested for ${str(part.toolCallId) ?? "a tool call"}`,
      );
    case "tool-approval-response":
      return approvalNote(
        part,
        `approval ${part.approved === true ? "granted" : "denied"}`,
      );
    case "reasoning-file":
      return [{ kind: "note", text: fileLabel("reasoning file", part, "") }];
    case "custom":
      return [{ kind: "note", text: `[custom ${asText(part.kind)}]` }];
    default:
      return [{ kind: "note", text: `[${type}]` }];
  }
}

/** A `UIMessage` tool part: the call, then its result or state. */
function uiToolItems(type: string, part: JsonObject): TranscriptItem[] {
  const name = type === "dynamic-tool"
    ? str(part.toolName) ?? "?"
    : type.slice("tool-".length);
  const callId = str(part.toolCallId);
  const builtin = part.providerExecuted === true;
  const items: TranscriptItem[] = [{
    kind: "tool-call",
    name,
    args: toolArgs(part.input),
    callId,
    builtin,
  }];
  const result = (text: string, outcome: string | undefined) =>
    items.push({ kind: "tool-result", name, text, callId, outcome, builtin });
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

/** One part of an AI SDK `UIMessage`. */
function uiPartItems(textKind: TextKind, part: unknown): TranscriptItem[] {
  if (!isJsonObject(part)) return [{ kind: textKind, text: asText(part) }];
  const type = str(part.type) ?? "unknown";
  if (type.startsWith("tool-") || type === "dynamic-tool") {
    return uiToolItems(type, part);
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
