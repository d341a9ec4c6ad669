/**
 * The AI SDK `UIMessage` schema (what `useChat` keeps and
 * `validateUIMessages` checks), with the role and the searchable text of a
 * message.
 *
 * @module
 */
import * as v from "valibot";
import { looseObject, variant } from "../_valibot.ts";
import { pushText } from "../_text.ts";
import { isObject } from "../../json.ts";
import type { Role } from "../format.ts";
import {
  absent,
  dottedKind,
  jsonObject,
  optionalBoolean,
  optionalProviderOptions,
  optionalString,
  prefixed,
  presentUnknown,
  providerReference,
} from "./shared.ts";
import type { AiSdkUIMessage } from "./ui_message_types.ts";

// --- UI message parts ---------------------------------------------------------

const providerMetadata = optionalProviderOptions;
const nonNegativeInteger = v.exactOptional(
  v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
);
const citation = looseObject({
  source: variant("sourceType", [
    looseObject({
      type: v.literal("source"),
      sourceType: v.literal("url"),
      id: v.string(),
      url: v.string(),
      title: optionalString,
      providerMetadata,
    }),
    looseObject({
      type: v.literal("source"),
      sourceType: v.literal("document"),
      id: v.string(),
      mediaType: v.string(),
      title: v.string(),
      filename: optionalString,
      providerMetadata,
    }),
  ]),
  startIndex: nonNegativeInteger,
  endIndex: nonNegativeInteger,
  citedText: optionalString,
});
const streamingState = v.exactOptional(v.picklist(["streaming", "done"]));
const fileUIPart = looseObject({
  type: v.literal("file"),
  mediaType: v.string(),
  filename: optionalString,
  url: v.string(),
  providerReference: v.exactOptional(providerReference),
  providerMetadata,
});
const staticPart = variant("type", [
  looseObject({
    type: v.literal("text"),
    text: v.string(),
    citations: v.exactOptional(v.array(citation)),
    state: streamingState,
    providerMetadata,
  }),
  looseObject({
    type: v.literal("reasoning"),
    id: optionalString,
    text: v.string(),
    state: streamingState,
    providerMetadata,
  }),
  looseObject({
    type: v.literal("custom"),
    kind: dottedKind,
    providerMetadata,
  }),
  looseObject({
    type: v.literal("source-url"),
    sourceId: v.string(),
    url: v.string(),
    title: optionalString,
    providerMetadata,
  }),
  looseObject({
    type: v.literal("source-document"),
    sourceId: v.string(),
    mediaType: v.string(),
    title: v.string(),
    filename: optionalString,
    providerMetadata,
  }),
  fileUIPart,
  looseObject({
    type: v.literal("reasoning-file"),
    mediaType: v.string(),
    url: v.string(),
    providerMetadata,
  }),
  looseObject({
    type: v.literal("steering-message"),
    id: v.string(),
    parts: v.array(
      variant("type", [
        looseObject({
          type: v.literal("text"),
          text: v.string(),
          providerMetadata,
        }),
        fileUIPart,
      ]),
    ),
  }),
  looseObject({ type: v.literal("step-start") }),
]);
const dataPart = looseObject({
  type: prefixed("data-"),
  id: optionalString,
  data: v.unknown(),
});

const approvalFields = {
  id: v.string(),
  descriptor: v.exactOptional(v.unknown()),
  requestReason: optionalString,
  isAutomatic: optionalBoolean,
  signature: optionalString,
  inputSchemaInput: v.exactOptional(v.unknown()),
};
const approvalRequested = looseObject({
  ...approvalFields,
  approved: absent,
  reason: absent,
});
const approvalResponded = looseObject({
  ...approvalFields,
  approved: v.boolean(),
  reason: optionalString,
});
const approvalGranted = looseObject({
  ...approvalFields,
  approved: v.literal(true),
  reason: optionalString,
});
const approvalDenied = looseObject({
  ...approvalFields,
  approved: v.literal(false),
  reason: optionalString,
});

/** The seven states of a tool part, each with the given identity keys. */
const toolStates = <const TEntries extends v.ObjectEntries>(
  identity: TEntries,
) => {
  const common = {
    ...identity,
    toolCallId: v.string(),
    title: optionalString,
    toolMetadata: v.exactOptional(jsonObject),
    providerExecuted: optionalBoolean,
    callProviderMetadata: providerMetadata,
  };
  return variant("state", [
    looseObject({
      ...common,
      state: v.literal("input-streaming"),
      input: v.exactOptional(v.unknown()),
      rawInput: optionalString,
      inputEncoding: v.exactOptional(v.picklist(["json", "text"])),
      output: absent,
      errorText: absent,
      approval: absent,
    }),
    looseObject({
      ...common,
      state: v.literal("input-available"),
      input: v.unknown(),
      output: absent,
      errorText: absent,
      approval: absent,
    }),
    looseObject({
      ...common,
      state: v.literal("approval-requested"),
      input: v.unknown(),
      output: absent,
      errorText: absent,
      approval: approvalRequested,
    }),
    looseObject({
      ...common,
      state: v.literal("approval-responded"),
      input: v.unknown(),
      output: absent,
      errorText: absent,
      approval: approvalResponded,
    }),
    looseObject({
      ...common,
      state: v.literal("output-available"),
      input: v.unknown(),
      output: v.unknown(),
      errorText: absent,
      resultProviderMetadata: providerMetadata,
      preliminary: optionalBoolean,
      approval: v.exactOptional(approvalGranted),
    }),
    looseObject({
      ...common,
      state: v.literal("output-error"),
      input: presentUnknown,
      rawInput: v.exactOptional(v.unknown()),
      output: absent,
      errorText: v.string(),
      resultProviderMetadata: providerMetadata,
      approval: v.exactOptional(approvalGranted),
    }),
    looseObject({
      ...common,
      state: v.literal("output-denied"),
      input: v.unknown(),
      output: absent,
      errorText: absent,
      approval: approvalDenied,
    }),
  ]);
};
const toolUIPart = toolStates({ type: prefixed("tool-") });
const dynamicToolUIPart = toolStates({
  type: v.literal("dynamic-tool"),
  dynamic: v.exactOptional(v.literal(false)),
  toolName: v.string(),
});

// Like the SDK, choose the part schema by the `type` prefix first.
export const uiPart = v.lazy((input) => {
  const type = isObject(input) ? input.type : undefined;
  if (typeof type === "string") {
    if (type.startsWith("data-")) return dataPart;
    if (type.startsWith("tool-")) return toolUIPart;
    if (type === "dynamic-tool") return dynamicToolUIPart;
  }
  return staticPart;
});

export const uiMessage = v.pipe(
  looseObject({
    id: v.string(),
    role: v.picklist(["system", "user", "assistant"]),
    metadata: v.exactOptional(v.unknown()),
    parts: v.array(uiPart),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { role, parts } = dataset.value;
    if (role !== "assistant" && parts.length === 0) {
      addIssue({
        message: `Invalid length: A ${role} message needs at least 1 part`,
        expected: ">=1",
        received: "0",
        path: [{
          type: "object",
          origin: "value",
          input: dataset.value,
          key: "parts",
          value: parts,
        }],
      });
    }
  }),
);

/**
 * The role stored for an AI SDK UI message: `system` → `"system"`, `user` →
 * `"user"`, `assistant` → `"model"`.
 *
 * @example Role of a user message
 * ```ts
 * import { aiSdkUIMessageRole } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * assert.equal(aiSdkUIMessageRole({ id: "1", role: "user", parts: [] }), "user");
 * assert.equal(aiSdkUIMessageRole({ id: "2", role: "assistant", parts: [] }), "model");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkUIMessageSchema}.
 * @returns The message's role.
 */
export function aiSdkUIMessageRole(message: AiSdkUIMessage): Role {
  switch (message.role) {
    case "user":
      return "user";
    case "assistant":
      return "model";
    default:
      return "system";
  }
}

/**
 * The searchable text of an AI SDK UI message: its `text` parts and the text
 * parts of its steering messages, joined with `"\n"`. Reasoning, tool calls,
 * sources, files and data parts are left out.
 *
 * @example Text of an assistant message
 * ```ts
 * import { aiSdkUIMessageText } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const text = aiSdkUIMessageText({
 *   id: "msg-2",
 *   role: "assistant",
 *   parts: [{ type: "step-start" }, { type: "reasoning", text: "not searched" }, { type: "text", text: "Hello!" }],
 * });
 * assert.equal(text, "Hello!");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkUIMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function aiSdkUIMessageText(message: AiSdkUIMessage): string {
  const out: string[] = [];
  for (const part of message.parts) {
    if (part.type === "text") pushText(part.text, out);
    else if (part.type === "steering-message") {
      for (const item of part.parts) {
        if (item.type === "text") pushText(item.text, out);
      }
    }
  }
  return out.join("\n");
}
