/**
 * The Pydantic AI response parts: text, tool calls (plain and typed), the
 * calls and returns of a provider's built-in tools, thinking, compaction,
 * files and assistant speech, and their union {@linkcode ModelResponsePart}.
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";
import type { EmbeddedBinaryContent } from "./content_types.ts";
import type {
  CapabilityLoadArgs,
  ProviderPartFields,
  SpeechPartFields,
  ToolReturnFields,
  ToolSearchArgs,
  ToolSearchReturnContent,
} from "./part_fields.ts";

/**
 * A `text` response part.
 *
 * @example Text the model wrote
 * ```ts
 * import { type TextPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: TextPart = { part_kind: "text", content: "Hello! How can I help?" };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface TextPart extends ProviderPartFields {
  /** The text the model wrote. */
  content: string;
  /** The discriminator. */
  "part_kind": "text";
}

/**
 * The fields every tool-call part has (function and builtin alike).
 *
 * @example Read the call id of any tool call
 * ```ts
 * import { type ToolCallFields, type ToolCallPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const callId = (part: ToolCallFields): string => part.tool_call_id ?? "(none)";
 * const call: ToolCallPart = { part_kind: "tool-call", tool_name: "get_weather", tool_call_id: "call_7" };
 * assert.equal(callId(call), "call_7");
 * ```
 */
export interface ToolCallFields extends ProviderPartFields {
  /** The tool call's id. */
  "tool_call_id"?: string;
}

/**
 * An ordinary `tool-call` response part (no `tool_kind`).
 *
 * @example The model calling a function tool
 * ```ts
 * import { type PlainToolCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: PlainToolCallPart = {
 *   part_kind: "tool-call",
 *   tool_name: "get_weather",
 *   args: '{"city": "Paris"}', // JSON text as the model sent it, or an object
 *   tool_call_id: "call_1",
 * };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface PlainToolCallPart extends ToolCallFields {
  /** The tool's name. */
  "tool_name": string;
  /** The arguments: JSON text as received, an object, or none. */
  args?: string | JsonObject | null;
  /** No typed kind. */
  "tool_kind"?: null;
  /** The discriminator. */
  "part_kind": "tool-call";
}

/**
 * A call of Pydantic AI's tool search (`tool_kind: "tool-search"`).
 *
 * @example The model searching for tools
 * ```ts
 * import { type ToolSearchCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: ToolSearchCallPart = { part_kind: "tool-call", tool_kind: "tool-search", args: { queries: ["email"] } };
 * assert(v.is(ModelResponsePartSchema, call));
 * assert(!v.is(ModelResponsePartSchema, { ...call, args: { queries: "email" } }));
 * ```
 */
export interface ToolSearchCallPart extends ToolCallFields {
  /** Always `"search_tools"`. */
  "tool_name"?: "search_tools";
  /** The arguments: JSON text, `{queries}`, or none. */
  args?: string | ToolSearchArgs | null;
  /** The typed kind. */
  "tool_kind": "tool-search";
  /** The discriminator. */
  "part_kind": "tool-call";
}

/**
 * A call that loads a capability (`tool_kind: "capability-load"`).
 *
 * @example The model loading a capability
 * ```ts
 * import { type CapabilityLoadCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: CapabilityLoadCallPart = { part_kind: "tool-call", tool_kind: "capability-load", args: { id: "charts" } };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface CapabilityLoadCallPart extends ToolCallFields {
  /** Always `"load_capability"`. */
  "tool_name"?: "load_capability";
  /** The arguments: JSON text, `{id}`, or none. */
  args?: string | CapabilityLoadArgs | null;
  /** The typed kind. */
  "tool_kind": "capability-load";
  /** The discriminator. */
  "part_kind": "tool-call";
}

/**
 * A `tool-call` response part: the model calling a function tool.
 *
 * @example A response that calls a tool
 * ```ts
 * import { type ModelResponse, type ToolCallPart, ModelResponseSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: ToolCallPart = { part_kind: "tool-call", tool_name: "add", args: { a: 2, b: 3 }, tool_call_id: "c1" };
 * const response: ModelResponse = { kind: "response", parts: [call], finish_reason: "tool_call" };
 * assert(v.is(ModelResponseSchema, response));
 * ```
 */
export type ToolCallPart =
  | PlainToolCallPart
  | ToolSearchCallPart
  | CapabilityLoadCallPart;

/**
 * An ordinary `builtin-tool-call` response part.
 *
 * @example A web search run by the provider
 * ```ts
 * import { type PlainBuiltinToolCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: PlainBuiltinToolCallPart = {
 *   part_kind: "builtin-tool-call",
 *   tool_name: "web_search",
 *   args: { query: "weather Paris" },
 *   tool_call_id: "ws_1",
 *   provider_name: "openai",
 * };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface PlainBuiltinToolCallPart extends ToolCallFields {
  /** The tool's name, e.g. `web_search` or `mcp_server:<label>`. */
  "tool_name": string;
  /** The arguments: JSON text as received, an object, or none. */
  args?: string | JsonObject | null;
  /** No typed kind (`capability-load` has no stricter shape here). */
  "tool_kind"?: "capability-load" | null;
  /** The discriminator. */
  "part_kind": "builtin-tool-call";
}

/**
 * A provider-run tool search call (`tool_kind: "tool-search"`).
 *
 * @example A tool search run by the provider
 * ```ts
 * import { type BuiltinToolSearchCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: BuiltinToolSearchCallPart = {
 *   part_kind: "builtin-tool-call",
 *   tool_kind: "tool-search",
 *   tool_name: "tool_search",
 *   args: { queries: ["calendar"] },
 * };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface BuiltinToolSearchCallPart extends ToolCallFields {
  /** Always `"tool_search"`. */
  "tool_name"?: "tool_search";
  /** The arguments: JSON text, `{queries}`, or none. */
  args?: string | ToolSearchArgs | null;
  /** The typed kind. */
  "tool_kind": "tool-search";
  /** The discriminator. */
  "part_kind": "builtin-tool-call";
}

/**
 * A `builtin-tool-call` response part: a tool run by the provider.
 *
 * @example Any provider-run tool call
 * ```ts
 * import { type BuiltinToolCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const calls: BuiltinToolCallPart[] = [
 *   { part_kind: "builtin-tool-call", tool_name: "code_execution", args: { code: "1+1" } },
 *   { part_kind: "builtin-tool-call", tool_kind: "tool-search", args: { queries: ["maps"] } },
 * ];
 * assert(calls.every((call) => v.is(ModelResponsePartSchema, call)));
 * ```
 */
export type BuiltinToolCallPart =
  | PlainBuiltinToolCallPart
  | BuiltinToolSearchCallPart;

/**
 * The fields every builtin tool return has.
 *
 * @example Read which provider ran a builtin tool
 * ```ts
 * import { type BuiltinToolReturnFields, type BuiltinToolReturnPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const ranBy = (part: BuiltinToolReturnFields): string => part.provider_name ?? "unknown";
 * const part: BuiltinToolReturnPart = {
 *   part_kind: "builtin-tool-return",
 *   tool_name: "web_search",
 *   content: { results: [] },
 *   provider_name: "anthropic",
 * };
 * assert.equal(ranBy(part), "anthropic");
 * ```
 */
export interface BuiltinToolReturnFields extends ToolReturnFields {
  /** The provider that ran the tool. */
  "provider_name"?: string | null;
  /** Free-form provider data. */
  "provider_details"?: JsonObject | null;
}

/**
 * An ordinary `builtin-tool-return` response part.
 *
 * @example The result of a provider-run web search
 * ```ts
 * import { type PlainBuiltinToolReturnPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: PlainBuiltinToolReturnPart = {
 *   part_kind: "builtin-tool-return",
 *   tool_name: "web_search",
 *   tool_call_id: "ws_1",
 *   content: [{ title: "Paris weather", url: "https://example.com/paris" }],
 * };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface PlainBuiltinToolReturnPart extends BuiltinToolReturnFields {
  /** The tool's name. */
  "tool_name": string;
  /** The tool's result: any JSON value. */
  content: unknown;
  /** No typed kind (`capability-load` has no stricter shape here). */
  "tool_kind"?: "capability-load" | null;
  /** The discriminator. */
  "part_kind": "builtin-tool-return";
}

/**
 * The result of a provider-run tool search (`tool_kind: "tool-search"`).
 *
 * @example The result of a provider-run tool search
 * ```ts
 * import { type BuiltinToolSearchReturnPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: BuiltinToolSearchReturnPart = {
 *   part_kind: "builtin-tool-return",
 *   tool_kind: "tool-search",
 *   tool_name: "tool_search",
 *   content: { discovered_tools: [{ name: "calendar_create" }] },
 * };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface BuiltinToolSearchReturnPart extends BuiltinToolReturnFields {
  /** Always `"tool_search"`. */
  "tool_name"?: "tool_search";
  /** The discovered tools. */
  content: ToolSearchReturnContent;
  /** The typed kind. */
  "tool_kind": "tool-search";
  /** The discriminator. */
  "part_kind": "builtin-tool-return";
}

/**
 * A `builtin-tool-return` response part: a provider-run tool's result.
 *
 * @example Any provider-run tool's result
 * ```ts
 * import { type BuiltinToolReturnPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: BuiltinToolReturnPart = { part_kind: "builtin-tool-return", tool_name: "code_execution", content: "2" };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export type BuiltinToolReturnPart =
  | PlainBuiltinToolReturnPart
  | BuiltinToolSearchReturnPart;

/**
 * A `thinking` response part: the model's reasoning.
 *
 * @example The model's reasoning
 * ```ts
 * import { type ThinkingPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: ThinkingPart = {
 *   part_kind: "thinking",
 *   content: "The user wants a short answer.",
 *   signature: "sig_abc",
 *   provider_name: "anthropic",
 * };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface ThinkingPart extends ProviderPartFields {
  /** The reasoning text (may be empty, e.g. redacted thinking). */
  content: string;
  /** The provider's signature or encrypted reasoning. */
  signature?: string | null;
  /** The discriminator. */
  "part_kind": "thinking";
}

/**
 * A `compaction` response part: a summary replacing earlier history.
 *
 * @example A summary that replaces earlier turns
 * ```ts
 * import { type CompactionPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const readable: CompactionPart = { part_kind: "compaction", content: "The user is planning a trip to Paris." };
 * const encrypted: CompactionPart = { part_kind: "compaction", content: null, provider_name: "openai" };
 * assert(v.is(ModelResponsePartSchema, readable));
 * assert(v.is(ModelResponsePartSchema, encrypted));
 * ```
 */
export interface CompactionPart extends ProviderPartFields {
  /** The readable summary, or `null` when the provider keeps it encrypted. */
  content?: string | null;
  /** The discriminator. */
  "part_kind": "compaction";
}

/**
 * A `file` response part: a file the model produced.
 *
 * @example An image the model generated
 * ```ts
 * import { type FilePart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: FilePart = {
 *   part_kind: "file",
 *   content: { kind: "binary", data: "iVBORw0KGgo=", media_type: "image/png" },
 * };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface FilePart extends ProviderPartFields {
  /** The file's bytes. */
  content: EmbeddedBinaryContent;
  /** The discriminator. */
  "part_kind": "file";
}

/**
 * A `speech` response part: the model speaking.
 *
 * @example The model speaking
 * ```ts
 * import { type AssistantSpeechPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AssistantSpeechPart = {
 *   part_kind: "speech",
 *   speaker: "assistant",
 *   transcript: "It's sunny in Paris.",
 *   interrupted_at_ms: null,
 * };
 * assert(v.is(ModelResponsePartSchema, part));
 * assert(!v.is(ModelResponsePartSchema, { ...part, speaker: "user" }));
 * ```
 */
export interface AssistantSpeechPart extends SpeechPartFields {
  /** Always `"assistant"` in a response. */
  speaker: "assistant";
}

/**
 * A part of a {@linkcode ModelResponse}.
 *
 * @example Every part of a response is checked
 * ```ts
 * import { type ModelResponsePart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: ModelResponsePart[] = [
 *   { part_kind: "thinking", content: "Add them." },
 *   { part_kind: "text", content: "2 + 3 = 5" },
 * ];
 * assert(parts.every((part) => v.is(ModelResponsePartSchema, part)));
 * ```
 */
export type ModelResponsePart =
  | TextPart
  | ToolCallPart
  | BuiltinToolCallPart
  | BuiltinToolReturnPart
  | ThinkingPart
  | CompactionPart
  | FilePart
  | AssistantSpeechPart;
