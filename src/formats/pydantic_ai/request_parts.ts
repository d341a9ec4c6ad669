/**
 * The Pydantic AI request parts: system and user prompts, tool returns (plain
 * and typed), retry prompts, tool-availability deltas and user speech, and
 * their union {@linkcode ModelRequestPart}.
 *
 * @module
 */
import type {
  ErrorDetails,
  PydanticDateTime,
  UserContent,
} from "./content_types.ts";
import type {
  CapabilityLoadReturnContent,
  SpeechPartFields,
  ToolReturnFields,
  ToolSearchReturnContent,
} from "./part_fields.ts";

/**
 * A `system-prompt` request part.
 *
 * @example A system prompt
 * ```ts
 * import { type SystemPromptPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: SystemPromptPart = {
 *   part_kind: "system-prompt",
 *   content: "You are a helpful assistant.",
 *   timestamp: "2026-01-01T00:00:00Z",
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface SystemPromptPart {
  /** The system prompt. */
  content: string;
  /** When the part was created. */
  timestamp?: PydanticDateTime;
  /** The name of the dynamic system-prompt function that made it. */
  "dynamic_ref"?: string | null;
  /** The discriminator. */
  "part_kind": "system-prompt";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * A `user-prompt` request part.
 *
 * @example A user prompt, as text or as content items
 * ```ts
 * import { type UserPromptPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const text: UserPromptPart = { part_kind: "user-prompt", content: "Hi!" };
 * const items: UserPromptPart = {
 *   part_kind: "user-prompt",
 *   content: ["What is in this picture?", { kind: "image-url", url: "https://example.com/cat.png" }],
 * };
 * assert(v.is(ModelRequestPartSchema, text));
 * assert(v.is(ModelRequestPartSchema, items));
 * ```
 */
export interface UserPromptPart {
  /** The prompt: one string, or a list of content items. */
  content: string | UserContent[];
  /** When the part was created. */
  timestamp?: PydanticDateTime;
  /** The discriminator. */
  "part_kind": "user-prompt";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * An ordinary `tool-return` request part (no `tool_kind`).
 *
 * @example A function tool's result
 * ```ts
 * import { type PlainToolReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: PlainToolReturnPart = {
 *   part_kind: "tool-return",
 *   tool_name: "get_weather",
 *   tool_call_id: "call_1",
 *   content: { city: "Paris", temp_c: 21 },
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface PlainToolReturnPart extends ToolReturnFields {
  /** The tool's name. */
  "tool_name": string;
  /** The tool's result: any JSON value. */
  content: unknown;
  /** No typed kind. */
  "tool_kind"?: null;
  /** The discriminator. */
  "part_kind": "tool-return";
}

/**
 * The return of Pydantic AI's tool search (`tool_kind: "tool-search"`).
 *
 * @example The result of a tool search
 * ```ts
 * import { type ToolSearchReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: ToolSearchReturnPart = {
 *   part_kind: "tool-return",
 *   tool_kind: "tool-search",
 *   content: { discovered_tools: [{ name: "ocr" }] },
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * assert(!v.is(ModelRequestPartSchema, { ...part, content: "not an object" }));
 * ```
 */
export interface ToolSearchReturnPart extends ToolReturnFields {
  /** Always `"search_tools"`. */
  "tool_name"?: "search_tools";
  /** The discovered tools. */
  content: ToolSearchReturnContent;
  /** The typed kind. */
  "tool_kind": "tool-search";
  /** The discriminator. */
  "part_kind": "tool-return";
}

/**
 * The return of a capability load (`tool_kind: "capability-load"`).
 *
 * @example The result of loading a capability
 * ```ts
 * import { type CapabilityLoadReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: CapabilityLoadReturnPart = {
 *   part_kind: "tool-return",
 *   tool_kind: "capability-load",
 *   tool_name: "load_capability",
 *   content: { instructions: "Answer in French." },
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface CapabilityLoadReturnPart extends ToolReturnFields {
  /** Always `"load_capability"`. */
  "tool_name"?: "load_capability";
  /** The loaded capability's instructions. */
  content: CapabilityLoadReturnContent;
  /** The typed kind. */
  "tool_kind": "capability-load";
  /** The discriminator. */
  "part_kind": "tool-return";
}

/**
 * A `tool-return` request part: a tool's result sent back to the model.
 *
 * @example Send a tool's result back to the model
 * ```ts
 * import { type ModelRequest, type ToolReturnPart, ModelRequestSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const result: ToolReturnPart = { part_kind: "tool-return", tool_name: "add", tool_call_id: "c1", content: 5 };
 * const request: ModelRequest = { kind: "request", parts: [result] };
 * assert(v.is(ModelRequestSchema, request));
 * ```
 */
export type ToolReturnPart =
  | PlainToolReturnPart
  | ToolSearchReturnPart
  | CapabilityLoadReturnPart;

/**
 * A `retry-prompt` request part: asks the model to try again.
 *
 * @example Ask the model to try again
 * ```ts
 * import { type RetryPromptPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const retry: RetryPromptPart = {
 *   part_kind: "retry-prompt",
 *   content: "The city must be a real place.",
 *   tool_name: "get_weather",
 *   tool_call_id: "call_1",
 * };
 * assert(v.is(ModelRequestPartSchema, retry));
 * ```
 */
export interface RetryPromptPart {
  /** What went wrong: a message or a list of validation errors. */
  content: string | ErrorDetails[];
  /** The tool whose call failed; `null` for output-validation retries. */
  "tool_name"?: string | null;
  /** The tool call that failed. */
  "tool_call_id"?: string;
  /** When the part was created. */
  timestamp?: PydanticDateTime;
  /** The discriminator. */
  "part_kind": "retry-prompt";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * A `tool-availability-delta` request part: tools revealed to the model.
 *
 * @example Tools revealed to the model
 * ```ts
 * import { type ToolAvailabilityDeltaPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: ToolAvailabilityDeltaPart = {
 *   part_kind: "tool-availability-delta",
 *   tools_added: ["pdf_to_text"],
 *   tool_call_id: "call_search_1",
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface ToolAvailabilityDeltaPart {
  /** The names of the tools added. */
  "tools_added"?: string[];
  /** The tool call that revealed them. */
  "tool_call_id"?: string | null;
  /** The discriminator. */
  "part_kind": "tool-availability-delta";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * A `speech` request part: the user speaking.
 *
 * @example The user speaking
 * ```ts
 * import { type UserSpeechPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: UserSpeechPart = {
 *   part_kind: "speech",
 *   speaker: "user",
 *   transcript: "What's the weather?",
 *   audio: { data: "UklGRg==", media_type: "audio/wav" },
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface UserSpeechPart extends SpeechPartFields {
  /** Always `"user"` in a request. */
  speaker: "user";
}

/**
 * A part of a {@linkcode ModelRequest}.
 *
 * @example Every part of a request is checked
 * ```ts
 * import { type ModelRequestPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: ModelRequestPart[] = [
 *   { part_kind: "system-prompt", content: "Be brief." },
 *   { part_kind: "user-prompt", content: "Hi" },
 * ];
 * assert(parts.every((part) => v.is(ModelRequestPartSchema, part)));
 * assert(!v.is(ModelRequestPartSchema, { part_kind: "text", content: "a response part" }));
 * ```
 */
export type ModelRequestPart =
  | SystemPromptPart
  | UserPromptPart
  | ToolReturnPart
  | RetryPromptPart
  | ToolAvailabilityDeltaPart
  | UserSpeechPart;
