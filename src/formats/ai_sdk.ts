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
 * The types connect with the `ai` package's own, both ways and without a
 * cast: what `generateText`, `streamText` and the UI message stream helpers
 * return can be passed to `saveMessages`, and what `getMessages` returns can
 * be passed to them (`messages`) and to `convertToModelMessages`. So they
 * declare what the SDK's types declare: JSON that may be `readonly` and hold
 * keys whose value is `undefined`, and, in files, `Uint8Array`, `ArrayBuffer`
 * and `URL` values. Saving stores one JSON snapshot of a message (keys whose
 * value is `undefined` are absent, bytes are base64 as the SDK writes
 * generated files, a `URL` is its string), so what the store returns is
 * JSON; it gives the model the same prompt as the in-memory message did.
 *
 * One in-memory form has no JSON form the SDK reads the same way: tagged
 * file data `{ type: "url", url: URL }`. With `url` a string the SDK rejects
 * it in a `reasoning-file` part and in a tool result's `content` file, and
 * takes it for a provider reference (an object whose values are all strings)
 * in a `file` part. {@linkcode aiSdkModelMessageFormat} therefore stores a
 * `file` or `reasoning-file` part's tagged URL as the bare URL string (`data:
 * "https://…"`), which the SDK turns into the same `URL` again.
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
import type { AiSdkToolResultOutput } from "./ai_sdk/model_tool_types.ts";
import type {
  AiSdkAssistantContentPart,
  AiSdkModelMessage,
  AiSdkToolContentPart,
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
import { aiSdkModelMessageStoredForm } from "./ai_sdk/stored_form.ts";

export type {
  AiSdkBinary,
  AiSdkJsonObject,
  AiSdkJsonValue,
  AiSdkProviderMetadata,
  AiSdkProviderOptions,
  AiSdkProviderReference,
} from "./ai_sdk/shared.ts";
export type {
  AiSdkCustomPart,
  AiSdkFileData,
  AiSdkFileDataData,
  AiSdkFileDataReference,
  AiSdkFileDataText,
  AiSdkFileDataUrl,
  AiSdkFilePart,
  AiSdkImagePart,
  AiSdkReasoningFilePart,
  AiSdkReasoningPart,
  AiSdkTextPart,
} from "./ai_sdk/model_content_types.ts";
export type {
  AiSdkToolApprovalRequest,
  AiSdkToolApprovalResponse,
  AiSdkToolCallPart,
  AiSdkToolResultContentItem,
  AiSdkToolResultOutput,
  AiSdkToolResultPart,
} from "./ai_sdk/model_tool_types.ts";
export type {
  AiSdkAssistantContentPart,
  AiSdkAssistantModelMessage,
  AiSdkModelMessage,
  AiSdkSystemModelMessage,
  AiSdkToolContentPart,
  AiSdkToolModelMessage,
  AiSdkUserContentPart,
  AiSdkUserModelMessage,
} from "./ai_sdk/model_message_types.ts";
export type {
  AiSdkDynamicToolUIPart,
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
} from "./ai_sdk/ui_tool_types.ts";
export type {
  AiSdkCitation,
  AiSdkCitationSource,
  AiSdkCustomUIPart,
  AiSdkDataUIPart,
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
 * ```ts
 * import { AiSdkModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkModelMessageSchema, {
 *   role: "user",
 *   content: [{ type: "text", text: "Hello" }],
 * });
 * assert.equal(message.role, "user");
 * assert(!v.is(AiSdkModelMessageSchema, { role: "robot", content: "Hi" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const AiSdkModelMessageSchema: v.GenericSchema<
  unknown,
  AiSdkModelMessage
> = keepInput(modelMessage);

/**
 * Validates one content part of a `user` model message.
 *
 * @example Parts a user may send
 * ```ts
 * import { AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(AiSdkUserContentPartSchema, { type: "image", image: "https://example.com/a.png" }));
 * assert(!v.is(AiSdkUserContentPartSchema, { type: "tool-call", toolCallId: "c", toolName: "t", input: {} }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const AiSdkUserContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkUserContentPart
> = keepInput(userPart);

/**
 * Validates one content part of an `assistant` model message.
 *
 * @example Parts an assistant may write
 * ```ts
 * import { AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(AiSdkAssistantContentPartSchema, { type: "tool-call", toolCallId: "c", toolName: "t", input: {} }));
 * assert(!v.is(AiSdkAssistantContentPartSchema, { type: "image", image: "https://example.com/a.png" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const AiSdkAssistantContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkAssistantContentPart
> = keepInput(assistantPart);

/**
 * Validates one content part of a `tool` model message.
 *
 * @example Parts of a tool message
 * ```ts
 * import { AiSdkToolContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(AiSdkToolContentPartSchema, {
 *   type: "tool-result",
 *   toolCallId: "c",
 *   toolName: "t",
 *   output: { type: "text", value: "ok" },
 * }));
 * assert(!v.is(AiSdkToolContentPartSchema, { type: "tool-result", toolCallId: "c", toolName: "t" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const AiSdkToolContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkToolContentPart
> = keepInput(toolPart);

/**
 * Validates the `output` of a tool result.
 *
 * @example The outputs a tool result may have
 * ```ts
 * import { AiSdkToolResultOutputSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(AiSdkToolResultOutputSchema, { type: "json", value: [1, 2, 3] }));
 * assert(v.is(AiSdkToolResultOutputSchema, { type: "execution-denied" }));
 * assert(!v.is(AiSdkToolResultOutputSchema, { type: "json" })); // value is required
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
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
 * ```ts
 * import { AiSdkUIMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkUIMessageSchema, {
 *   id: "msg-1",
 *   role: "user",
 *   parts: [{ type: "text", text: "Hello" }],
 * });
 * assert.equal(message.id, "msg-1");
 * assert(!v.is(AiSdkUIMessageSchema, { id: "msg-2", role: "user", parts: [] })); // a user message needs a part
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const AiSdkUIMessageSchema: v.GenericSchema<unknown, AiSdkUIMessage> =
  keepInput(uiMessage);

/**
 * Validates one part of a UI message.
 *
 * @example `tool-*` and `data-*` parts are known by their prefix
 * ```ts
 * import { AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(AiSdkUIMessagePartSchema, { type: "data-chart", data: { points: [1, 2] } }));
 * assert(v.is(AiSdkUIMessagePartSchema, { type: "tool-search", toolCallId: "c", state: "input-available", input: {} }));
 * assert(!v.is(AiSdkUIMessagePartSchema, { type: "tool-search", toolCallId: "c", state: "sleeping", input: {} }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
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
 * ```ts
 * import { aiSdkModelMessageFormat } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const value: unknown = { role: "assistant", content: [{ type: "text", text: "Hello!" }] };
 * const message = v.parse(aiSdkModelMessageFormat.schema, value);
 * assert.equal(aiSdkModelMessageFormat.roleOf(message), "model");
 * assert.equal(aiSdkModelMessageFormat.textOf?.(message), "Hello!");
 * ```
 */
export const aiSdkModelMessageFormat: MessageFormat<AiSdkModelMessage> =
  defineFormat(modelMessageFormat());

/**
 * The parts of {@linkcode aiSdkModelMessageFormat}, with `normalize`: what
 * saving does to a message's JSON snapshot before it is validated and
 * stored (tagged URL file data becomes the bare URL string; see
 * `ai_sdk/stored_form.ts`).
 */
function modelMessageFormat(): MessageFormat<AiSdkModelMessage> {
  const parts = {
    name: "ai-sdk-model-message",
    version: "7",
    schema: AiSdkModelMessageSchema,
    roleOf: aiSdkModelMessageRole,
    textOf: aiSdkModelMessageText,
    normalize: aiSdkModelMessageStoredForm,
  };
  return parts;
}

/**
 * The AI SDK `UIMessage` format (name `"ai-sdk-ui-message"`, version `"7"`,
 * the major version of the `ai` package it follows):
 * {@linkcode AiSdkUIMessageSchema}, {@linkcode aiSdkUIMessageRole} and
 * {@linkcode aiSdkUIMessageText}.
 *
 * @example Check a message and get its role
 * ```ts
 * import { aiSdkUIMessageFormat } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const value: unknown = { id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }] };
 * const message = v.parse(aiSdkUIMessageFormat.schema, value);
 * assert.equal(aiSdkUIMessageFormat.roleOf(message), "user");
 * assert.equal(aiSdkUIMessageFormat.name, "ai-sdk-ui-message");
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

/**
 * `T` without the `[key: string]: unknown` index signatures `looseObject`
 * adds to its output (the handwritten interfaces, like the SDK's, have
 * none), at every depth. Other index signatures (records) stay.
 */
type Strict<T> = T extends readonly (infer U)[] ? Strict<U>[]
  : T extends Uint8Array | ArrayBuffer | URL ? T
  : T extends object ? {
      [K in keyof T as string extends K ? unknown extends T[K] ? never : K : K]:
        Strict<T[K]>;
    }
  : T;

type Output<T extends v.GenericSchema> = Strict<v.InferOutput<T>>;

type _TypesMatchSchemas = [
  Expect<
    MutuallyAssignable<Output<typeof modelMessage>, Strict<AiSdkModelMessage>>
  >,
  Expect<
    MutuallyAssignable<Output<typeof userPart>, Strict<AiSdkUserContentPart>>
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof assistantPart>,
      Strict<AiSdkAssistantContentPart>
    >
  >,
  Expect<
    MutuallyAssignable<Output<typeof toolPart>, Strict<AiSdkToolContentPart>>
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof toolResultOutput>,
      Strict<AiSdkToolResultOutput>
    >
  >,
  Expect<MutuallyAssignable<Output<typeof uiMessage>, Strict<AiSdkUIMessage>>>,
  Expect<MutuallyAssignable<Output<typeof uiPart>, Strict<AiSdkUIMessagePart>>>,
];
