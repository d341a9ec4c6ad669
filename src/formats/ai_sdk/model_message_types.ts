/**
 * The AI SDK `ModelMessage` types: the four messages (`system`, `user`,
 * `assistant`, `tool`) and the content parts each one takes; the parts
 * themselves are in `model_content_types.ts` and `model_tool_types.ts`.
 * Written by hand so they read well and publish without slow types;
 * `../ai_sdk.ts` checks that they equal the schemas' inferred output.
 *
 * They connect with the `ai` package's own types both ways, without a cast:
 * the SDK's `ModelMessage`s (and `result.responseMessages`) are assignable to
 * them, and they are assignable to the SDK's `ModelMessage`. So they declare
 * what the SDK declares — `readonly` JSON that may hold `undefined`, binary
 * data and `URL`s in files — though what the store returns is JSON (bytes as
 * base64, URLs as strings, no `undefined`). Interfaces, like the SDK's, have
 * no index signature: unknown keys are kept at run time, not typed.
 *
 * @module
 */
import type { AiSdkProviderOptions } from "./shared.ts";
import type {
  AiSdkCustomPart,
  AiSdkFilePart,
  AiSdkImagePart,
  AiSdkReasoningFilePart,
  AiSdkReasoningPart,
  AiSdkTextPart,
} from "./model_content_types.ts";
import type {
  AiSdkToolApprovalRequest,
  AiSdkToolApprovalResponse,
  AiSdkToolCallPart,
  AiSdkToolResultPart,
} from "./model_tool_types.ts";

/**
 * A content part of a user message.
 *
 * @example The parts a user message may hold
 * ```ts
 * import { type AiSdkUserContentPart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: AiSdkUserContentPart[] = [
 *   { type: "text", text: "Describe this image:" },
 *   { type: "image", image: "https://example.com/cat.png" },
 * ];
 * assert(parts.every((part) => v.is(AiSdkUserContentPartSchema, part)));
 * assert(!v.is(AiSdkUserContentPartSchema, { type: "reasoning", text: "not from a user" }));
 * ```
 */
export type AiSdkUserContentPart =
  | AiSdkTextPart
  | AiSdkImagePart
  | AiSdkFilePart;

/**
 * A content part of an assistant message.
 *
 * @example The parts an assistant message may hold
 * ```ts
 * import { type AiSdkAssistantContentPart, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: AiSdkAssistantContentPart[] = [
 *   { type: "reasoning", text: "Look it up." },
 *   { type: "tool-call", toolCallId: "c1", toolName: "search", input: { q: "Paris" } },
 *   { type: "text", text: "Paris is the capital." },
 * ];
 * assert(parts.every((part) => v.is(AiSdkAssistantContentPartSchema, part)));
 * ```
 */
export type AiSdkAssistantContentPart =
  | AiSdkTextPart
  | AiSdkCustomPart
  | AiSdkFilePart
  | AiSdkReasoningPart
  | AiSdkReasoningFilePart
  | AiSdkToolCallPart
  | AiSdkToolResultPart
  | AiSdkToolApprovalRequest;

/**
 * A content part of a tool message.
 *
 * @example The parts a tool message may hold
 * ```ts
 * import { type AiSdkToolContentPart, AiSdkToolContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: AiSdkToolContentPart[] = [
 *   { type: "tool-result", toolCallId: "c1", toolName: "search", output: { type: "text", value: "Paris" } },
 * ];
 * assert(parts.every((part) => v.is(AiSdkToolContentPartSchema, part)));
 * assert(!v.is(AiSdkToolContentPartSchema, { type: "text", text: "no text in tool messages" }));
 * ```
 */
export type AiSdkToolContentPart =
  | AiSdkToolResultPart
  | AiSdkToolApprovalResponse;

/**
 * A `system` model message.
 *
 * @example A system message
 * ```ts
 * import { type AiSdkSystemModelMessage, AiSdkModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message: AiSdkSystemModelMessage = { role: "system", content: "You are a travel agent." };
 * assert(v.is(AiSdkModelMessageSchema, message));
 * ```
 */
export interface AiSdkSystemModelMessage {
  /** The discriminator. */
  role: "system";
  /** The system prompt. */
  content: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * A `user` model message.
 *
 * @example A user message, as text or parts
 * ```ts
 * import { type AiSdkUserModelMessage, AiSdkModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const text: AiSdkUserModelMessage = { role: "user", content: "Hi" };
 * const parts: AiSdkUserModelMessage = {
 *   role: "user",
 *   content: [{ type: "text", text: "What is this?" }, { type: "image", image: "https://example.com/a.png" }],
 * };
 * assert(v.is(AiSdkModelMessageSchema, text));
 * assert(v.is(AiSdkModelMessageSchema, parts));
 * ```
 */
export interface AiSdkUserModelMessage {
  /** The discriminator. */
  role: "user";
  /** A string, or text, image and file parts. */
  content: string | AiSdkUserContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * An `assistant` model message.
 *
 * @example An assistant message that calls a tool
 * ```ts
 * import { type AiSdkAssistantModelMessage, AiSdkModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message: AiSdkAssistantModelMessage = {
 *   role: "assistant",
 *   content: [
 *     { type: "text", text: "Let me check." },
 *     { type: "tool-call", toolCallId: "c1", toolName: "getWeather", input: { city: "Paris" } },
 *   ],
 * };
 * assert(v.is(AiSdkModelMessageSchema, message));
 * ```
 */
export interface AiSdkAssistantModelMessage {
  /** The discriminator. */
  role: "assistant";
  /** A string, or content parts. */
  content: string | AiSdkAssistantContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * A `tool` model message: tool results and approval responses.
 *
 * @example A tool message answering a call
 * ```ts
 * import { type AiSdkToolModelMessage, AiSdkModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message: AiSdkToolModelMessage = {
 *   role: "tool",
 *   content: [{
 *     type: "tool-result",
 *     toolCallId: "c1",
 *     toolName: "getWeather",
 *     output: { type: "json", value: { temperature: 21 } },
 *   }],
 * };
 * assert(v.is(AiSdkModelMessageSchema, message));
 * ```
 */
export interface AiSdkToolModelMessage {
  /** The discriminator. */
  role: "tool";
  /** Tool results and approval responses. */
  content: AiSdkToolContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * One AI SDK `ModelMessage`, discriminated by `role`.
 *
 * @example Keep the messages of generateText in a history
 * ```ts
 * import { type AiSdkModelMessage, aiSdkModelMessageFormat, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:", format: aiSdkModelMessageFormat });
 * const { id } = await history.getOrCreateSession();
 * const turn: AiSdkModelMessage[] = [
 *   { role: "user", content: "Hi" },
 *   { role: "assistant", content: [{ type: "text", text: "Hello!" }] }, // e.g. result.response.messages
 * ];
 * await history.saveMessages(id, turn);
 * assert.deepEqual(await history.getMessages(id), turn);
 * ```
 */
export type AiSdkModelMessage =
  | AiSdkSystemModelMessage
  | AiSdkUserModelMessage
  | AiSdkAssistantModelMessage
  | AiSdkToolModelMessage;
