/**
 * The transcript of a Pydantic AI message: its instructions, then one item
 * per part (`user-prompt`, `text`, `tool-call`, `tool-return`,
 * `retry-prompt`, `thinking`, files, speech…); an unknown part kind becomes
 * a note naming it.
 *
 * @module
 */
import {
  asText,
  base64Size,
  isJsonObject,
  noteOf,
  str,
  toolArgs,
  type TranscriptItem,
} from "./item.ts";
import type { JsonObject } from "../../../mod.ts";

/**
 * The readable pieces of a Pydantic AI `ModelRequest` or `ModelResponse`.
 *
 * @param message A stored message.
 * @returns The items; one note with the compact JSON of a message that has
 *   no `parts`.
 */
export function pydanticAiItems(message: unknown): TranscriptItem[] {
  if (!isJsonObject(message) || !Array.isArray(message.parts)) {
    return noteOf(message);
  }
  const items: TranscriptItem[] = [];
  const instructions = str(message.instructions);
  if (instructions) items.push({ kind: "instructions", text: instructions });
  for (const part of message.parts) items.push(...partItems(part));
  return items;
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

/** The items of the parts that are not plain prompts or text. */
function otherItems(kind: string, part: JsonObject): TranscriptItem[] {
  switch (kind) {
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

function partItems(part: unknown): TranscriptItem[] {
  if (!isJsonObject(part)) return noteOf(part);
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
    default:
      return otherItems(kind, part);
  }
}
