/**
 * The Vercel AI SDK message formats: valibot schemas for the JSON form of the
 * AI SDK's `ModelMessage` (what `generateText`/`streamText` return in
 * `response.messages` and accept as `messages`) and `UIMessage` (what
 * `useChat` keeps and `validateUIMessages` checks), plus the role and
 * search-text functions the history store needs.
 *
 * The schemas follow the `ai` package, major version 7: a JSON value passes
 * exactly when the package's own schemas (`modelMessageSchema`,
 * `validateUIMessages`) accept it, with one deliberate difference noted on
 * {@linkcode AiSdkToolApprovalResponse}. Known fields are type-checked,
 * discriminators (`role`, `type`, `state`) are checked and unknown keys are
 * kept. The schemas never transform: a value that passes is returned as the
 * very same value.
 *
 * The store keeps JSON, so the schemas describe JSON values only. Where the
 * SDK's TypeScript types also allow `URL`, `Uint8Array`, `ArrayBuffer` or
 * `Buffer` values, only their JSON forms are accepted: file data as a base64
 * or URL string, or as tagged `{ type: "data", data }` /
 * `{ type: "reference", reference }` / `{ type: "text", text }` objects. A
 * tagged `{ type: "url", url }` file data holds a `URL` object; its JSON form
 * (with `url` a string) is rejected by the SDK in a `reasoning-file` part and
 * in a tool result's `content` file, and passes in a `file` part only as a
 * provider reference (an object whose values are all strings), so it is
 * treated the same way here. Store such a file with its URL string as `data`.
 *
 * The types, schemas and text functions live in `ai_sdk/`; this file is
 * their table of contents and builds the exported schemas and formats.
 *
 * @module
 */
import type * as v from "valibot";
import { keepInput } from "./_valibot.ts";
import type { Expect, MutuallyAssignable } from "./_type_check.ts";
import { defineFormat, type MessageFormat } from "./format.ts";
import {
  aiSdkModelMessageRole,
  aiSdkModelMessageText,
  assistantPart,
  modelMessage,
  toolPart,
  toolResultOutput,
  userPart,
} from "./ai_sdk/model_message.ts";
import type {
  AiSdkAssistantContentPart,
  AiSdkModelMessage,
  AiSdkToolContentPart,
  AiSdkToolResultOutput,
  AiSdkUserContentPart,
} from "./ai_sdk/model_message_types.ts";
import {
  aiSdkUIMessageRole,
  aiSdkUIMessageText,
  uiMessage,
  uiPart,
} from "./ai_sdk/ui_message.ts";
import type {
  AiSdkUIMessage,
  AiSdkUIMessagePart,
} from "./ai_sdk/ui_message_types.ts";

export type {
  AiSdkProviderMetadata,
  AiSdkProviderOptions,
  AiSdkProviderReference,
} from "./ai_sdk/shared.ts";
export type {
  AiSdkAssistantContentPart,
  AiSdkAssistantModelMessage,
  AiSdkCustomPart,
  AiSdkFileData,
  AiSdkFileDataData,
  AiSdkFileDataReference,
  AiSdkFileDataText,
  AiSdkFilePart,
  AiSdkImagePart,
  AiSdkModelMessage,
  AiSdkReasoningFilePart,
  AiSdkReasoningPart,
  AiSdkSystemModelMessage,
  AiSdkTextPart,
  AiSdkToolApprovalRequest,
  AiSdkToolApprovalResponse,
  AiSdkToolCallPart,
  AiSdkToolContentPart,
  AiSdkToolModelMessage,
  AiSdkToolResultContentItem,
  AiSdkToolResultOutput,
  AiSdkToolResultPart,
  AiSdkUserContentPart,
  AiSdkUserModelMessage,
} from "./ai_sdk/model_message_types.ts";
export type {
  AiSdkCitation,
  AiSdkCitationSource,
  AiSdkCustomUIPart,
  AiSdkDataUIPart,
  AiSdkDynamicToolUIPart,
  AiSdkFileUIPart,
  AiSdkReasoningFileUIPart,
  AiSdkReasoningUIPart,
  AiSdkSourceDocumentUIPart,
  AiSdkSourceUrlUIPart,
  AiSdkSteeringFilePart,
  AiSdkSteeringMessageUIPart,
  AiSdkSteeringTextPart,
  AiSdkStepStartUIPart,
  AiSdkTextUIPart,
  AiSdkToolApprovalDenied,
  AiSdkToolApprovalFields,
  AiSdkToolApprovalGranted,
  AiSdkToolApprovalRequested,
  AiSdkToolApprovalRequestedState,
  AiSdkToolApprovalResponded,
  AiSdkToolApprovalRespondedState,
  AiSdkToolInputAvailable,
  AiSdkToolInputStreaming,
  AiSdkToolInvocation,
  AiSdkToolInvocationFields,
  AiSdkToolOutputAvailable,
  AiSdkToolOutputDenied,
  AiSdkToolOutputError,
  AiSdkToolState,
  AiSdkToolUIPart,
  AiSdkUIMessage,
  AiSdkUIMessagePart,
} from "./ai_sdk/ui_message_types.ts";
export {
  aiSdkModelMessageRole,
  aiSdkModelMessageText,
} from "./ai_sdk/model_message.ts";
export { aiSdkUIMessageRole, aiSdkUIMessageText } from "./ai_sdk/ui_message.ts";

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

/**
 * Validates one AI SDK `ModelMessage` (`system`, `user`, `assistant` or
 * `tool`), as the `ai` package's `modelMessageSchema` does for JSON values.
 * Unknown keys are kept; a valid input is returned unchanged.
 *
 * @example Validate a message
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkModelMessageSchema, {
 *   role: "user",
 *   content: [{ type: "text", text: "Hello" }],
 * });
 * ```
 */
export const AiSdkModelMessageSchema: v.GenericSchema<
  unknown,
  AiSdkModelMessage
> = keepInput(modelMessage);

/** Validates one content part of a `user` model message. */
export const AiSdkUserContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkUserContentPart
> = keepInput(userPart);

/** Validates one content part of an `assistant` model message. */
export const AiSdkAssistantContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkAssistantContentPart
> = keepInput(assistantPart);

/** Validates one content part of a `tool` model message. */
export const AiSdkToolContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkToolContentPart
> = keepInput(toolPart);

/** Validates the `output` of a tool result. */
export const AiSdkToolResultOutputSchema: v.GenericSchema<
  unknown,
  AiSdkToolResultOutput
> = keepInput(toolResultOutput);

/**
 * Validates one AI SDK `UIMessage`, as the `ai` package's
 * `validateUIMessages` does for a JSON value (without tool, data or metadata
 * schemas): `id`, `role`, optional `metadata` and the parts, where `tool-*`
 * and `data-*` parts are recognised by their prefix. A `system` or `user`
 * message needs at least one part. Unknown keys are kept; a valid input is
 * returned unchanged.
 *
 * @example Validate a message
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkUIMessageSchema, {
 *   id: "msg-1",
 *   role: "user",
 *   parts: [{ type: "text", text: "Hello" }],
 * });
 * ```
 */
export const AiSdkUIMessageSchema: v.GenericSchema<unknown, AiSdkUIMessage> =
  keepInput(uiMessage);

/** Validates one part of a UI message. */
export const AiSdkUIMessagePartSchema: v.GenericSchema<
  unknown,
  AiSdkUIMessagePart
> = keepInput(uiPart);

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/**
 * The AI SDK `ModelMessage` format (name `"ai-sdk-model-message"`, version
 * `"7"`, the major version of the `ai` package it follows):
 * {@linkcode AiSdkModelMessageSchema}, {@linkcode aiSdkModelMessageRole} and
 * {@linkcode aiSdkModelMessageText}.
 *
 * @example Check a message and get its role
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(aiSdkModelMessageFormat.schema, value);
 * const role = aiSdkModelMessageFormat.roleOf(message);
 * ```
 */
export const aiSdkModelMessageFormat: MessageFormat<AiSdkModelMessage> =
  defineFormat({
    name: "ai-sdk-model-message",
    version: "7",
    schema: AiSdkModelMessageSchema,
    roleOf: aiSdkModelMessageRole,
    textOf: aiSdkModelMessageText,
  });

/**
 * The AI SDK `UIMessage` format (name `"ai-sdk-ui-message"`, version `"7"`,
 * the major version of the `ai` package it follows):
 * {@linkcode AiSdkUIMessageSchema}, {@linkcode aiSdkUIMessageRole} and
 * {@linkcode aiSdkUIMessageText}.
 *
 * @example Check a message and get its role
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(aiSdkUIMessageFormat.schema, value);
 * const role = aiSdkUIMessageFormat.roleOf(message);
 * ```
 */
export const aiSdkUIMessageFormat: MessageFormat<AiSdkUIMessage> = defineFormat(
  {
    name: "ai-sdk-ui-message",
    version: "7",
    schema: AiSdkUIMessageSchema,
    roleOf: aiSdkUIMessageRole,
    textOf: aiSdkUIMessageText,
  },
);

// ---------------------------------------------------------------------------
// Compile-time check: the handwritten types equal the schemas' output
// ---------------------------------------------------------------------------

type Output<T extends v.GenericSchema> = v.InferOutput<T>;

type _TypesMatchSchemas = [
  Expect<MutuallyAssignable<Output<typeof modelMessage>, AiSdkModelMessage>>,
  Expect<MutuallyAssignable<Output<typeof userPart>, AiSdkUserContentPart>>,
  Expect<
    MutuallyAssignable<Output<typeof assistantPart>, AiSdkAssistantContentPart>
  >,
  Expect<MutuallyAssignable<Output<typeof toolPart>, AiSdkToolContentPart>>,
  Expect<
    MutuallyAssignable<Output<typeof toolResultOutput>, AiSdkToolResultOutput>
  >,
  Expect<MutuallyAssignable<Output<typeof uiMessage>, AiSdkUIMessage>>,
  Expect<MutuallyAssignable<Output<typeof uiPart>, AiSdkUIMessagePart>>,
];
