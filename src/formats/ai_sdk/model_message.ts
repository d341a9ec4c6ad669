/**
 * The AI SDK `ModelMessage` schemas (what `generateText`/`streamText` return
 * in `response.messages` and accept as `messages`), with the role and the
 * searchable text of a message.
 *
 * @module
 */
import * as v from "valibot";
import { looseObject, variant } from "../_valibot.ts";
import { collectStrings, pushText } from "../_text.ts";
import type { Role } from "../format.ts";
import type { AiSdkToolResultOutput } from "./model_tool_types.ts";
import type { AiSdkModelMessage } from "./model_message_types.ts";
import {
  binary,
  dottedKind,
  jsonValue,
  listOr,
  optionalBoolean,
  optionalProviderOptions,
  optionalString,
  providerReference,
  url,
} from "./shared.ts";

// --- model message content parts ------------------------------------------

const textPart = looseObject({
  type: v.literal("text"),
  text: v.string(),
  providerOptions: optionalProviderOptions,
});
const imagePart = looseObject({
  type: v.literal("image"),
  image: v.union([v.string(), binary, url, providerReference]),
  mediaType: optionalString,
  providerOptions: optionalProviderOptions,
});
// Bytes and `URL` objects exist in memory only: saving stores base64 and
// URL strings (a tagged URL as the bare string, see ../ai_sdk.ts).
const fileDataData = looseObject({
  type: v.literal("data"),
  data: v.union([v.string(), binary]),
});
const fileDataUrl = looseObject({
  type: v.literal("url"),
  url,
  originalUrl: optionalString,
});
const fileData = variant("type", [
  fileDataData,
  fileDataUrl,
  looseObject({
    type: v.literal("reference"),
    reference: providerReference,
  }),
  looseObject({ type: v.literal("text"), text: v.string() }),
]);
const filePart = looseObject({
  type: v.literal("file"),
  // A provider reference is any object of strings, so `{ type: "url", url }`
  // with a string passes as one (as in the SDK, where the tagged URL form
  // needs a `URL`).
  data: v.union([v.string(), binary, url, fileData, providerReference]),
  filename: optionalString,
  mediaType: v.string(),
  providerOptions: optionalProviderOptions,
});
const reasoningPart = looseObject({
  type: v.literal("reasoning"),
  text: v.string(),
  providerOptions: optionalProviderOptions,
});
const reasoningFilePart = looseObject({
  type: v.literal("reasoning-file"),
  data: v.union([
    v.string(),
    binary,
    url,
    variant("type", [fileDataData, fileDataUrl]),
  ]),
  mediaType: v.string(),
  providerOptions: optionalProviderOptions,
});
const customPart = looseObject({
  type: v.literal("custom"),
  kind: dottedKind,
  providerOptions: optionalProviderOptions,
});
const toolCallPart = looseObject({
  type: v.literal("tool-call"),
  toolCallId: v.string(),
  toolName: v.string(),
  input: v.unknown(),
  providerOptions: optionalProviderOptions,
  providerExecuted: optionalBoolean,
});

const fileId = v.union([v.string(), providerReference]);
const contentItem = variant("type", [
  looseObject({
    type: v.literal("text"),
    text: v.string(),
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("file"),
    data: fileData,
    mediaType: v.string(),
    filename: optionalString,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("file-data"),
    data: v.string(),
    mediaType: v.string(),
    filename: optionalString,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("file-url"),
    url: v.string(),
    mediaType: optionalString,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("file-id"),
    fileId,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("file-reference"),
    providerReference,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("image-data"),
    data: v.string(),
    mediaType: v.string(),
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("image-url"),
    url: v.string(),
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("image-file-id"),
    fileId,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("image-file-reference"),
    providerReference,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("custom"),
    providerOptions: optionalProviderOptions,
  }),
]);
export const toolResultOutput = variant("type", [
  looseObject({
    type: v.literal("text"),
    value: v.string(),
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("json"),
    value: jsonValue,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("execution-denied"),
    reason: optionalString,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("error-text"),
    value: v.string(),
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("error-json"),
    value: jsonValue,
    providerOptions: optionalProviderOptions,
  }),
  looseObject({
    type: v.literal("content"),
    value: v.array(contentItem),
  }),
]);
const toolResultPart = looseObject({
  type: v.literal("tool-result"),
  toolCallId: v.string(),
  toolName: v.string(),
  output: toolResultOutput,
  providerOptions: optionalProviderOptions,
});
const toolApprovalRequest = looseObject({
  type: v.literal("tool-approval-request"),
  approvalId: v.string(),
  toolCallId: v.string(),
  reason: optionalString,
  isAutomatic: optionalBoolean,
  signature: optionalString,
  inputSchemaInput: v.exactOptional(v.unknown()),
});
const toolApprovalResponse = looseObject({
  type: v.literal("tool-approval-response"),
  approvalId: v.string(),
  approved: v.boolean(),
  reason: optionalString,
  providerExecuted: optionalBoolean,
});

export const userPart = variant("type", [textPart, imagePart, filePart]);
export const assistantPart = variant("type", [
  textPart,
  customPart,
  filePart,
  reasoningPart,
  reasoningFilePart,
  toolCallPart,
  toolResultPart,
  toolApprovalRequest,
]);
export const toolPart = variant("type", [toolResultPart, toolApprovalResponse]);

// --- model messages -----------------------------------------------------------

const systemMessage = looseObject({
  role: v.literal("system"),
  content: v.string(),
  providerOptions: optionalProviderOptions,
});
const userMessage = looseObject({
  role: v.literal("user"),
  content: listOr(v.array(userPart), v.string()),
  providerOptions: optionalProviderOptions,
});
const assistantMessage = looseObject({
  role: v.literal("assistant"),
  content: listOr(v.array(assistantPart), v.string()),
  providerOptions: optionalProviderOptions,
});
const toolMessage = looseObject({
  role: v.literal("tool"),
  content: v.array(toolPart),
  providerOptions: optionalProviderOptions,
});
export const modelMessage = variant("role", [
  systemMessage,
  userMessage,
  assistantMessage,
  toolMessage,
]);

/**
 * The role stored for an AI SDK model message: `system` → `"system"`,
 * `user` → `"user"`, `assistant` → `"model"`, `tool` → `"tool"`.
 *
 * @example Roles of the four kinds of message
 * ```ts
 * import { aiSdkModelMessageRole } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * assert.equal(aiSdkModelMessageRole({ role: "assistant", content: "Hi" }), "model");
 * assert.equal(aiSdkModelMessageRole({ role: "user", content: "Hi" }), "user");
 * assert.equal(aiSdkModelMessageRole({ role: "system", content: "Be brief." }), "system");
 * assert.equal(aiSdkModelMessageRole({ role: "tool", content: [] }), "tool");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkModelMessageSchema}.
 * @returns The message's role.
 */
export function aiSdkModelMessageRole(message: AiSdkModelMessage): Role {
  switch (message.role) {
    case "user":
      return "user";
    case "assistant":
      return "model";
    case "tool":
      return "tool";
    default:
      return "system";
  }
}

/** The searchable text of a tool result's output. */
function pushOutputText(output: AiSdkToolResultOutput, out: string[]): void {
  switch (output.type) {
    case "text":
      pushText(output.value, out);
      break;
    case "json":
      collectStrings(output.value, out);
      break;
    case "content":
      for (const item of output.value) {
        if (item.type === "text") pushText(item.text, out);
      }
      break;
  }
}

/**
 * The searchable text of an AI SDK model message: the text of user and
 * assistant messages (string content and `text` parts) and tool results
 * (`text` outputs, the string leaves of `json` outputs, and the text items of
 * `content` outputs). System prompts, reasoning, tool inputs, errors, denials
 * and files are left out. Pieces are joined with `"\n"`.
 *
 * @example Text of a tool message
 * ```ts
 * import { aiSdkModelMessageText } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const text = aiSdkModelMessageText({
 *   role: "tool",
 *   content: [{
 *     type: "tool-result",
 *     toolCallId: "call-1",
 *     toolName: "weather",
 *     output: { type: "json", value: { summary: "Sunny, 24°C" } },
 *   }],
 * });
 * assert.equal(text, "Sunny, 24°C");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkModelMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function aiSdkModelMessageText(message: AiSdkModelMessage): string {
  if (message.role === "system") return "";
  const out: string[] = [];
  const content = message.content;
  if (typeof content === "string") pushText(content, out);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === "text") pushText(part.text, out);
      else if (part.type === "tool-result") pushOutputText(part.output, out);
    }
  }
  return out.join("\n");
}
