/**
 * What several Pydantic AI parts share: the provider fields of response and
 * speech parts, the fields of a speech part and of a tool return, the
 * `tool_kind` and `outcome` values, and the arguments and contents of the
 * typed tools (tool search, capability load).
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";
import type {
  EmbeddedBinaryContent,
  PydanticDateTime,
} from "./content_types.ts";

/**
 * The `outcome` of a tool return.
 *
 * @example A tool call the user denied
 * ```ts
 * import { type ToolReturnOutcome, type ToolReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const outcome: ToolReturnOutcome = "denied";
 * const part: ToolReturnPart = {
 *   part_kind: "tool-return",
 *   tool_name: "delete_file",
 *   tool_call_id: "call_1",
 *   content: "The user denied this call.",
 *   outcome,
 * };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export type ToolReturnOutcome = "success" | "failed" | "denied" | "interrupted";

/**
 * The `tool_kind` of a tool part that has a stricter, typed shape.
 *
 * @example Tell typed tool calls from ordinary ones
 * ```ts
 * import { type ToolCallPart, type ToolKind } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const kindOf = (part: ToolCallPart): ToolKind | "function" => part.tool_kind ?? "function";
 * assert.equal(kindOf({ part_kind: "tool-call", tool_name: "get_weather", args: {} }), "function");
 * assert.equal(kindOf({ part_kind: "tool-call", tool_kind: "tool-search", args: { queries: ["pdf"] } }), "tool-search");
 * ```
 */
export type ToolKind = "tool-search" | "capability-load";

/**
 * The provider-owned fields shared by response parts and speech parts.
 *
 * @example Read which provider produced a part
 * ```ts
 * import { type ProviderPartFields, type TextPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const providerOf = (part: ProviderPartFields): string => part.provider_name ?? "unknown";
 * const text: TextPart = { part_kind: "text", content: "Hi", provider_name: "openai", id: "msg_1" };
 * assert.equal(providerOf(text), "openai");
 * ```
 */
export interface ProviderPartFields {
  /** The provider's id for this item. */
  id?: string | null;
  /** The provider that produced this part. */
  "provider_name"?: string | null;
  /** Free-form provider data. */
  "provider_details"?: JsonObject | null;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The fields every tool-return part has (request and builtin alike).
 *
 * @example Read how any tool return ended
 * ```ts
 * import { type ToolReturnFields, type ToolReturnPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const ended = (part: ToolReturnFields): string => part.outcome ?? "success";
 * const part: ToolReturnPart = { part_kind: "tool-return", tool_name: "get_weather", content: { temp: 21 } };
 * assert.equal(ended(part), "success");
 * ```
 */
export interface ToolReturnFields {
  /** The tool call this returns for. */
  "tool_call_id"?: string;
  /** Application data, never sent to the model. */
  metadata?: unknown;
  /** When the part was created. */
  timestamp?: PydanticDateTime;
  /** How the call ended. */
  outcome?: ToolReturnOutcome;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The `args` of a `tool-search` tool call when given as an object.
 *
 * @example The arguments of a tool search
 * ```ts
 * import { type ToolSearchArgs, type ToolSearchCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const args: ToolSearchArgs = { queries: ["convert pdf", "ocr"] };
 * const call: ToolSearchCallPart = { part_kind: "tool-call", tool_kind: "tool-search", tool_name: "search_tools", args };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface ToolSearchArgs {
  /** The search queries. */
  queries: string[];
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The `content` of a `tool-search` tool return.
 *
 * @example What a tool search found
 * ```ts
 * import { type ToolSearchReturnContent, type ToolSearchReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const content: ToolSearchReturnContent = { discovered_tools: [{ name: "pdf_to_text" }], message: "1 tool found" };
 * const part: ToolSearchReturnPart = { part_kind: "tool-return", tool_kind: "tool-search", tool_name: "search_tools", content };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface ToolSearchReturnContent {
  /** The tools the search revealed. */
  "discovered_tools": { name: string; [key: string]: unknown }[];
  /** A message for the model. */
  message?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The `args` of a `capability-load` tool call when given as an object.
 *
 * @example The arguments of a capability load
 * ```ts
 * import { type CapabilityLoadArgs, type CapabilityLoadCallPart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const args: CapabilityLoadArgs = { id: "spreadsheets" };
 * const call: CapabilityLoadCallPart = { part_kind: "tool-call", tool_kind: "capability-load", tool_name: "load_capability", args };
 * assert(v.is(ModelResponsePartSchema, call));
 * ```
 */
export interface CapabilityLoadArgs {
  /** The capability to load. */
  id: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The `content` of a `capability-load` tool return.
 *
 * @example The instructions a capability brings
 * ```ts
 * import { type CapabilityLoadReturnContent, type CapabilityLoadReturnPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const content: CapabilityLoadReturnContent = { instructions: "Use A1 notation for cells." };
 * const part: CapabilityLoadReturnPart = { part_kind: "tool-return", tool_kind: "capability-load", content };
 * assert(v.is(ModelRequestPartSchema, part));
 * ```
 */
export interface CapabilityLoadReturnContent {
  /** Instructions that come with the loaded capability. */
  instructions?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The fields of a `speech` part (either side).
 *
 * @example Read the transcript of any speech part
 * ```ts
 * import { type SpeechPartFields, type UserSpeechPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const said = (part: SpeechPartFields): string => part.transcript ?? "";
 * const part: UserSpeechPart = { part_kind: "speech", speaker: "user", transcript: "Hello?" };
 * assert.equal(said(part), "Hello?");
 * ```
 */
export interface SpeechPartFields extends ProviderPartFields {
  /** What was said, as text. */
  transcript?: string | null;
  /** The audio. */
  audio?: EmbeddedBinaryContent | null;
  /** Where the speech was cut off, in milliseconds. */
  "interrupted_at_ms"?: number | null;
  /** The discriminator. */
  "part_kind": "speech";
}
