/**
 * The Pydantic AI message types: `ModelRequest` and `ModelResponse`, their
 * parts and the enums those carry. Written by hand so they read well and
 * publish without slow types; `../pydantic_ai.ts` checks that they equal the
 * schemas' inferred output.
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";
import type {
  EmbeddedBinaryContent,
  ErrorDetails,
  PydanticDateTime,
  RequestUsage,
  UserContent,
} from "./content_types.ts";

/** `ModelResponse.finish_reason`, normalised across providers. */
export type FinishReason =
  | "stop"
  | "length"
  | "content_filter"
  | "tool_call"
  | "error";

/** `ModelRequest.state`. */
export type ModelRequestState = "complete" | "interrupted";

/** `ModelResponse.state`. */
export type ModelResponseState =
  | "complete"
  | "incomplete"
  | "suspended"
  | "interrupted";

/** The `outcome` of a tool return. */
export type ToolReturnOutcome = "success" | "failed" | "denied" | "interrupted";

/** The `tool_kind` of a tool part that has a stricter, typed shape. */
export type ToolKind = "tool-search" | "capability-load";

/** The provider-owned fields shared by response parts and speech parts. */
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

// --- request parts ----------------------------------------------------------

/** A `system-prompt` request part. */
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

/** A `user-prompt` request part. */
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

/** The fields every tool-return part has (request and builtin alike). */
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

/** The `args` of a `tool-search` tool call when given as an object. */
export interface ToolSearchArgs {
  /** The search queries. */
  queries: string[];
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The `content` of a `tool-search` tool return. */
export interface ToolSearchReturnContent {
  /** The tools the search revealed. */
  "discovered_tools": { name: string; [key: string]: unknown }[];
  /** A message for the model. */
  message?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The `args` of a `capability-load` tool call when given as an object. */
export interface CapabilityLoadArgs {
  /** The capability to load. */
  id: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The `content` of a `capability-load` tool return. */
export interface CapabilityLoadReturnContent {
  /** Instructions that come with the loaded capability. */
  instructions?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An ordinary `tool-return` request part (no `tool_kind`). */
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

/** The return of Pydantic AI's tool search (`tool_kind: "tool-search"`). */
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

/** The return of a capability load (`tool_kind: "capability-load"`). */
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

/** A `tool-return` request part: a tool's result sent back to the model. */
export type ToolReturnPart =
  | PlainToolReturnPart
  | ToolSearchReturnPart
  | CapabilityLoadReturnPart;

/** A `retry-prompt` request part: asks the model to try again. */
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

/** A `tool-availability-delta` request part: tools revealed to the model. */
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

/** The fields of a `speech` part (either side). */
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

/** A `speech` request part: the user speaking. */
export interface UserSpeechPart extends SpeechPartFields {
  /** Always `"user"` in a request. */
  speaker: "user";
}

/** A part of a {@linkcode ModelRequest}. */
export type ModelRequestPart =
  | SystemPromptPart
  | UserPromptPart
  | ToolReturnPart
  | RetryPromptPart
  | ToolAvailabilityDeltaPart
  | UserSpeechPart;

// --- response parts ---------------------------------------------------------

/** A `text` response part. */
export interface TextPart extends ProviderPartFields {
  /** The text the model wrote. */
  content: string;
  /** The discriminator. */
  "part_kind": "text";
}

/** The fields every tool-call part has (function and builtin alike). */
export interface ToolCallFields extends ProviderPartFields {
  /** The tool call's id. */
  "tool_call_id"?: string;
}

/** An ordinary `tool-call` response part (no `tool_kind`). */
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

/** A call of Pydantic AI's tool search (`tool_kind: "tool-search"`). */
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

/** A call that loads a capability (`tool_kind: "capability-load"`). */
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

/** A `tool-call` response part: the model calling a function tool. */
export type ToolCallPart =
  | PlainToolCallPart
  | ToolSearchCallPart
  | CapabilityLoadCallPart;

/** An ordinary `builtin-tool-call` response part. */
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

/** A provider-run tool search call (`tool_kind: "tool-search"`). */
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

/** A `builtin-tool-call` response part: a tool run by the provider. */
export type BuiltinToolCallPart =
  | PlainBuiltinToolCallPart
  | BuiltinToolSearchCallPart;

/** The fields every builtin tool return has. */
export interface BuiltinToolReturnFields extends ToolReturnFields {
  /** The provider that ran the tool. */
  "provider_name"?: string | null;
  /** Free-form provider data. */
  "provider_details"?: JsonObject | null;
}

/** An ordinary `builtin-tool-return` response part. */
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

/** The result of a provider-run tool search (`tool_kind: "tool-search"`). */
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

/** A `builtin-tool-return` response part: a provider-run tool's result. */
export type BuiltinToolReturnPart =
  | PlainBuiltinToolReturnPart
  | BuiltinToolSearchReturnPart;

/** A `thinking` response part: the model's reasoning. */
export interface ThinkingPart extends ProviderPartFields {
  /** The reasoning text (may be empty, e.g. redacted thinking). */
  content: string;
  /** The provider's signature or encrypted reasoning. */
  signature?: string | null;
  /** The discriminator. */
  "part_kind": "thinking";
}

/** A `compaction` response part: a summary replacing earlier history. */
export interface CompactionPart extends ProviderPartFields {
  /** The readable summary, or `null` when the provider keeps it encrypted. */
  content?: string | null;
  /** The discriminator. */
  "part_kind": "compaction";
}

/** A `file` response part: a file the model produced. */
export interface FilePart extends ProviderPartFields {
  /** The file's bytes. */
  content: EmbeddedBinaryContent;
  /** The discriminator. */
  "part_kind": "file";
}

/** A `speech` response part: the model speaking. */
export interface AssistantSpeechPart extends SpeechPartFields {
  /** Always `"assistant"` in a response. */
  speaker: "assistant";
}

/** A part of a {@linkcode ModelResponse}. */
export type ModelResponsePart =
  | TextPart
  | ToolCallPart
  | BuiltinToolCallPart
  | BuiltinToolReturnPart
  | ThinkingPart
  | CompactionPart
  | FilePart
  | AssistantSpeechPart;

// --- messages -----------------------------------------------------------------

/** A message sent to the model (`kind: "request"`). */
export interface ModelRequest {
  /** The parts; may be empty. */
  parts: ModelRequestPart[];
  /** When the request was sent; `null` for hand-built or older requests. */
  timestamp?: PydanticDateTime | null;
  /** The rendered instructions for this request. */
  instructions?: string | null;
  /** The discriminator. */
  kind: "request";
  /** The id of the agent run. */
  "run_id"?: string | null;
  /** The id shared by the runs of one conversation. */
  "conversation_id"?: string | null;
  /** Application data, never sent to the model. */
  metadata?: JsonObject | null;
  /** Whether the request was fully assembled. */
  state?: ModelRequestState;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A message from the model (`kind: "response"`). */
export interface ModelResponse {
  /** The parts; may be empty. */
  parts: ModelResponsePart[];
  /** Token usage and cost. */
  usage?: RequestUsage;
  /** The model that answered. */
  "model_name"?: string | null;
  /** When the response was received. */
  timestamp?: PydanticDateTime;
  /** The discriminator. */
  kind: "response";
  /** The provider, e.g. `openai`. */
  "provider_name"?: string | null;
  /** The provider's base URL. */
  "provider_url"?: string | null;
  /** Free-form provider data (raw finish reason, …). */
  "provider_details"?: JsonObject | null;
  /** The provider's response id. */
  "provider_response_id"?: string | null;
  /** Why the model stopped. */
  "finish_reason"?: FinishReason | null;
  /** The id of the agent run. */
  "run_id"?: string | null;
  /** The id shared by the runs of one conversation. */
  "conversation_id"?: string | null;
  /** Application data, never sent to the model. */
  metadata?: JsonObject | null;
  /** Whether the response is complete. */
  state?: ModelResponseState;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One Pydantic AI message: a request or a response. */
export type ModelMessage = ModelRequest | ModelResponse;
