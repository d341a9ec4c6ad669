/**
 * The role and the searchable text of an OpenAI Agents SDK item.
 *
 * @module
 */
import type { Role } from "../format.ts";
import { pushText } from "../_text.ts";
import type {
  OpenAiAgentsAssistantContent,
  OpenAiAgentsUserContent,
} from "./parts.ts";
import type { OpenAiAgentsItem } from "./types.ts";

/** Items a tool (or the code running one) produced, answering a call. */
const TOOL_OUTPUTS: ReadonlySet<string> = new Set([
  "function_call_result",
  "computer_call_result",
  "shell_call_output",
  "apply_patch_call_output",
  "program_output",
  "tool_search_output",
]);

/**
 * The role stored for an item: a message's role (`assistant` → `"model"`),
 * `"tool"` for the outputs of tools (function, computer, shell, patch,
 * program and tool-search outputs), and `"model"` for everything the model
 * produces (tool calls, reasoning, compaction, unknown items).
 *
 * @example Roles of a call and its result
 * ```ts
 * import { openAiAgentsItemRole } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   openAiAgentsItemRole({
 *     type: "function_call",
 *     callId: "c1",
 *     name: "weather",
 *     arguments: "{}",
 *   }),
 *   "model",
 * );
 * assert.equal(
 *   openAiAgentsItemRole({
 *     type: "function_call_result",
 *     callId: "c1",
 *     name: "weather",
 *     status: "completed",
 *     output: "Sunny",
 *   }),
 *   "tool",
 * );
 * ```
 *
 * @param item An item that passed the format's schema.
 * @returns Its role.
 */
export function openAiAgentsItemRole(item: OpenAiAgentsItem): Role {
  if (item.type === undefined || item.type === "message") {
    switch (item.role) {
      case "user":
        return "user";
      case "system":
        return "system";
      default:
        return "model";
    }
  }
  return TOOL_OUTPUTS.has(item.type) ? "tool" : "model";
}

function pushParts(
  parts: readonly (OpenAiAgentsUserContent | OpenAiAgentsAssistantContent)[],
  out: string[],
): void {
  for (const part of parts) {
    switch (part.type) {
      case "input_text":
      case "output_text":
        pushText(part.text, out);
        break;
      case "refusal":
        pushText(part.refusal, out);
        break;
      case "audio":
        pushText(part.transcript, out);
        break;
    }
  }
}

/** The text of a message item; system instructions are left out. */
function messageText(
  item: Extract<OpenAiAgentsItem, { role: string }>,
  out: string[],
): void {
  if (item.role === "system") return;
  if (typeof item.content === "string") pushText(item.content, out);
  else pushParts(item.content, out);
}

/**
 * The searchable text of an item, the pieces joined with `"\n"`: what the
 * user and the model said (text, refusals, audio transcripts), and what
 * tools answered (function results' text, shell output, patch, program and
 * hosted tool outputs). System instructions, tool arguments, reasoning,
 * compaction payloads and files are left out.
 *
 * @example Text of a user message
 * ```ts
 * import { openAiAgentsItemText } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * const text = openAiAgentsItemText({
 *   role: "user",
 *   content: [{ type: "input_text", text: "Weather in Paris?" }],
 * });
 * assert.equal(text, "Weather in Paris?");
 * ```
 *
 * @param item An item that passed the format's schema.
 * @returns The text, or `""` when it has none.
 */
export function openAiAgentsItemText(item: OpenAiAgentsItem): string {
  const out: string[] = [];
  switch (item.type) {
    case undefined:
    case "message":
      messageText(item, out);
      break;
    case "function_call_result":
      if (typeof item.output === "string") pushText(item.output, out);
      else if (Array.isArray(item.output)) {
        for (const part of item.output) {
          if (part.type === "input_text") pushText(part.text, out);
        }
      } else if (item.output.type === "text") pushText(item.output.text, out);
      break;
    case "shell_call_output":
      for (const entry of item.output) {
        pushText(entry.stdout, out);
        pushText(entry.stderr, out);
      }
      break;
    case "hosted_tool_call":
    case "apply_patch_call_output":
    case "program_output":
      pushText(item.output, out);
      break;
  }
  return out.join("\n");
}
