/**
 * The Pydantic AI message format: valibot schemas for the `ModelMessage` JSON
 * that Pydantic AI writes with `ModelMessagesTypeAdapter.dump_json` (and
 * `AgentRunResult.all_messages_json()`), plus the role and search-text
 * functions the history store needs.
 *
 * The schemas check every known field, require every discriminator (`kind`,
 * `part_kind`, `tool_kind` where it selects a stricter part, and `kind` on
 * user-content objects) and keep unknown keys. They never transform: a value
 * that passes is returned as the very same value. Unknown discriminator and
 * enum values are rejected, as current Pydantic AI does; the `Lenient…`
 * schemas and {@linkcode createPydanticAiFormat} with
 * `unknownValues: "accept"` let them through as opaque values instead.
 *
 * @module
 */
import * as v from "valibot";
import { keepInput, looseObject, variant } from "./_schema.ts";
import { isObject, type JsonObject } from "../json.ts";
import { defineFormat, type MessageFormat, type Role } from "./format.ts";

// ---------------------------------------------------------------------------
// Types (written by hand so they read well and publish without slow types;
// checked against the schemas' inferred output at the end of this file)
// ---------------------------------------------------------------------------

/**
 * A datetime as Pydantic accepts it: an ISO 8601 / RFC 3339 string (Pydantic
 * AI writes UTC with a `Z` suffix) or a Unix time as a JSON number.
 */
export type PydanticDateTime = string | number;

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

/** The `provider_name` of an uploaded file. */
export type UploadedFileProviderName =
  | "anthropic"
  | "openai"
  | "google"
  | "google-cloud"
  | "google-gla"
  | "google-vertex"
  | "bedrock"
  | "xai";

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

// --- user content -----------------------------------------------------------

/** A `text-content` user-content item: text plus application-only metadata. */
export interface TextContent {
  /** The text sent to the model. */
  content: string;
  /** Application data, never sent to the model. */
  metadata?: unknown;
  /** The discriminator. */
  kind: "text-content";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The fields every URL user-content item has. */
export interface FileUrlFields {
  /** The URL of the file. */
  url: string;
  /** Whether Pydantic AI downloads the file instead of passing the URL. */
  "force_download"?: boolean | "allow-local";
  /** Provider-specific options for this item. */
  "vendor_metadata"?: JsonObject | null;
  /** The media type (computed on output, may be absent on input). */
  "media_type"?: string | null;
  /** A short identifier (computed on output, may be absent on input). */
  identifier?: string | null;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `image-url` user-content item. */
export interface ImageUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "image-url";
}

/** An `audio-url` user-content item. */
export interface AudioUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "audio-url";
}

/** A `document-url` user-content item. */
export interface DocumentUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "document-url";
}

/** A `video-url` user-content item. */
export interface VideoUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "video-url";
}

/** The fields of binary content: base64 data and a media type. */
export interface BinaryContentFields {
  /** The bytes, base64 (Pydantic AI writes the URL-safe alphabet, padded). */
  data: string;
  /** The media type of the bytes. */
  "media_type": string;
  /** Provider-specific options for this item. */
  "vendor_metadata"?: JsonObject | null;
  /** A short identifier (computed on output, may be absent on input). */
  identifier?: string | null;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `binary` user-content item. */
export interface BinaryContent extends BinaryContentFields {
  /** The discriminator. */
  kind: "binary";
}

/**
 * Binary content embedded in a `file` part or a `speech` part, where `kind`
 * may be absent (but is `"binary"` when present).
 */
export interface EmbeddedBinaryContent extends BinaryContentFields {
  /** The discriminator, optional here. */
  kind?: "binary";
}

/** An `uploaded-file` user-content item: a file stored at the provider. */
export interface UploadedFile {
  /** The provider's file id (`file-…`, `gs://…`, `s3://…`, a Files-API URL). */
  "file_id": string;
  /** The provider holding the file. */
  "provider_name": UploadedFileProviderName;
  /** Provider-specific options for this item. */
  "vendor_metadata"?: JsonObject | null;
  /** The discriminator. */
  kind: "uploaded-file";
  /** The media type (computed on output, may be absent on input). */
  "media_type"?: string | null;
  /** A short identifier (computed on output, may be absent on input). */
  identifier?: string | null;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `cache-point` user-content item: a prompt-cache boundary marker. */
export interface CachePoint {
  /** The discriminator. */
  kind: "cache-point";
  /** How long the cache entry lives. */
  ttl?: "5m" | "1h";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One item of a user prompt's content list: a bare string or an object. */
export type UserContent =
  | string
  | TextContent
  | ImageUrl
  | AudioUrl
  | DocumentUrl
  | VideoUrl
  | BinaryContent
  | UploadedFile
  | CachePoint;

// --- error details and usage -----------------------------------------------

/** One validation error sent back to the model in a retry prompt. */
export interface ErrorDetails {
  /** The error type, e.g. `"missing"`. */
  type: string;
  /** Where the error is, e.g. `["city"]` or `[0, "name"]`. */
  loc: (string | number)[];
  /** The human-readable message. */
  msg: string;
  /** The offending input (any JSON, may be `null`). */
  input: unknown;
  /** Extra context of the error. */
  ctx?: JsonObject;
  /** A documentation URL for the error type. */
  url?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * The token usage (and cost) of one model response. Keys beyond the known
 * ones are provider extras, kept and written back by Pydantic AI too.
 */
export interface RequestUsage {
  /** Input tokens, including cache reads/writes and audio input. */
  "input_tokens"?: number;
  /** Tokens written to the prompt cache. */
  "cache_write_tokens"?: number;
  /** Tokens read from the prompt cache. */
  "cache_read_tokens"?: number;
  /** Output tokens, including audio output and reasoning. */
  "output_tokens"?: number;
  /** Audio input tokens. */
  "input_audio_tokens"?: number;
  /** Audio tokens read from the prompt cache. */
  "cache_audio_read_tokens"?: number;
  /** Audio output tokens. */
  "output_audio_tokens"?: number;
  /** Provider-specific counters, e.g. `reasoning_tokens`. */
  details?: { [key: string]: number } | null;
  /** The cost as a decimal string (`"0.00026425"`), a number, or unknown. */
  cost?: string | number | null;
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

// ---------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------

/** Whether a value is a plain JSON object (not `null`, not an array). */
const isJsonObject: (value: unknown) => value is JsonObject = isObject<
  JsonObject
>;

const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*$/;
const STANDARD_BASE64 = /^[A-Za-z0-9+/]*$/;

/**
 * Base64 as Pydantic decodes it: the URL-safe or the standard alphabet (not
 * both), canonical `=` padding or none, no whitespace.
 */
function isBase64(text: string): boolean {
  const body = text.replace(/={1,2}$/, "");
  if (!URL_SAFE_BASE64.test(body) && !STANDARD_BASE64.test(body)) return false;
  return body.length === text.length
    ? body.length % 4 !== 1
    : text.length % 4 === 0;
}

// YYYY-MM-DD, optionally followed by a time HH:MM[:SS[.f{1,9}]] and a zone.
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[Tt _]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+\-\u2212]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The two-digit number at `at` (the pattern has checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/**
 * Whether a string is a datetime Pydantic accepts (valid calendar values).
 * The pattern fixes where each field is, so they are read in place.
 */
function isDateTimeText(text: string): boolean {
  if (!DATE_TIME.test(text)) return false;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (
    year < 1 || month < 1 || month > 12 || day < 1 ||
    day > daysInMonth(year, month)
  ) return false;
  if (text.length === 10) return true;
  if (twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59) return false;
  if (text[16] === ":" && twoDigits(text, 17) > 59) return false;
  // A zone sign can only come after the time; its minutes end the text.
  for (let i = 16; i < text.length; i++) {
    const c = text[i];
    if (c === "+" || c === "-" || c === "\u2212") {
      return twoDigits(text, i + 1) <= 23 &&
        twoDigits(text, text.length - 2) <= 59;
    }
  }
  return true;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

const REQUEST_PART_KINDS = [
  "system-prompt",
  "user-prompt",
  "tool-return",
  "retry-prompt",
  "tool-availability-delta",
  "speech",
] as const;

const RESPONSE_PART_KINDS = [
  "text",
  "tool-call",
  "builtin-tool-call",
  "builtin-tool-return",
  "thinking",
  "compaction",
  "file",
  "speech",
] as const;

const USER_CONTENT_KINDS = [
  "text-content",
  "image-url",
  "audio-url",
  "document-url",
  "video-url",
  "binary",
  "uploaded-file",
  "cache-point",
] as const;

const MULTIMODAL_KINDS: ReadonlySet<string> = new Set([
  "image-url",
  "audio-url",
  "document-url",
  "video-url",
  "binary",
  "uploaded-file",
]);

const FINISH_REASONS = [
  "stop",
  "length",
  "content_filter",
  "tool_call",
  "error",
] as const satisfies readonly FinishReason[];

const REQUEST_STATES = [
  "complete",
  "interrupted",
] as const satisfies readonly ModelRequestState[];

const RESPONSE_STATES = [
  "complete",
  "incomplete",
  "suspended",
  "interrupted",
] as const satisfies readonly ModelResponseState[];

const OUTCOMES = [
  "success",
  "failed",
  "denied",
  "interrupted",
] as const satisfies readonly ToolReturnOutcome[];

const UPLOAD_PROVIDERS = [
  "anthropic",
  "openai",
  "google",
  "google-cloud",
  "google-gla",
  "google-vertex",
  "bedrock",
  "xai",
] as const satisfies readonly UploadedFileProviderName[];

const CACHE_TTLS = ["5m", "1h"] as const;

/** A string that is none of `known`: an unknown discriminator or enum value. */
function unknownString(known: readonly string[]) {
  return v.pipe(
    v.string(),
    v.check(
      (value) => !known.includes(value),
      (issue) => `Invalid value: ${issue.received} is not allowed here`,
    ),
  );
}

/**
 * Builds every schema. In lenient mode, unknown discriminator and enum values
 * pass as opaque values. The TypeScript types are the strict ones in both
 * modes (the lenient additions are cast away), so the inferred output can be
 * compared with the handwritten types once.
 */
function buildSchemas(lenient: boolean) {
  /** An enum: the known values, or in lenient mode any string. */
  const oneOf = <const T extends readonly string[]>(
    values: T,
  ): v.GenericSchema<T[number]> =>
    lenient ? (v.string() as v.GenericSchema<T[number]>) : v.picklist(values);

  /**
   * The opaque variant option for an unknown discriminator value, or nothing
   * in strict mode. Typed as an empty tuple so the strict types stay exact.
   */
  const opaque = (key: string, known: readonly string[]): [] =>
    (lenient ? [looseObject({ [key]: unknownString(known) })] : []) as [];

  /** A `tool_kind` entry for a tool part without a typed shape. */
  const plainToolKind = <const T extends readonly string[]>(
    allowed: T,
  ): v.ExactOptionalSchema<
    v.NullableSchema<v.GenericSchema<T[number]>, undefined>,
    undefined
  > =>
    v.exactOptional(
      (lenient
        ? v.nullable(
          unknownString(
            ["tool-search", "capability-load"].filter((kind) =>
              !allowed.includes(kind)
            ),
          ),
        )
        : allowed.length > 0
        ? v.nullable(v.picklist(allowed))
        : v.null()) as unknown as v.NullableSchema<
          v.GenericSchema<T[number]>,
          undefined
        >,
    );

  /**
   * `main` for the inputs it is meant for, else the union of all
   * alternatives. Issues inside an object or array then keep their precise
   * path instead of collapsing into one union issue.
   */
  const either = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(
    applies: (input: unknown) => boolean,
    main: TMain,
    others: TOthers,
  ) => {
    const all = v.union([...others, main]);
    return v.lazy((input) => (applies(input) ? main : all));
  };
  const orObject = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(main: TMain, ...others: TOthers) => either(isJsonObject, main, others);
  const orArray = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(main: TMain, ...others: TOthers) => either(Array.isArray, main, others);

  const integer = v.pipe(v.number(), v.integer());
  const jsonObject = v.custom<JsonObject>(
    isJsonObject,
    (issue) => `Invalid type: Expected Object but received ${issue.received}`,
  );
  const nullableObject = v.exactOptional(v.nullable(jsonObject));
  const nullableString = v.exactOptional(v.nullable(v.string()));
  const dateTime = v.union(
    [
      v.pipe(
        v.string(),
        v.check(
          isDateTimeText,
          (issue) => `Invalid datetime: Received ${issue.received}`,
        ),
      ),
      v.pipe(v.number(), v.finite()),
    ],
    (issue) =>
      `Invalid type: Expected datetime string or number but received ${issue.received}`,
  );
  const base64 = v.pipe(
    v.string(),
    v.check(isBase64, (issue) => `Invalid base64: Received ${issue.received}`),
  );
  const providerFields = {
    id: nullableString,
    "provider_name": nullableString,
    "provider_details": nullableObject,
  };

  // --- user content -----------------------------------------------------------

  const textContent = looseObject({
    content: v.string(),
    metadata: v.exactOptional(v.unknown()),
    kind: v.literal("text-content"),
  });
  const forceDownload = v.exactOptional(
    lenient
      ? (v.union([v.boolean(), v.string()]) as v.GenericSchema<
        boolean | "allow-local"
      >)
      : v.union([v.boolean(), v.literal("allow-local")]),
  );
  const fileUrl = <const K extends string>(kind: K) =>
    looseObject({
      url: v.string(),
      "force_download": forceDownload,
      "vendor_metadata": nullableObject,
      kind: v.literal(kind),
      "media_type": nullableString,
      identifier: nullableString,
    });
  const binaryFields = {
    data: base64,
    "media_type": v.string(),
    "vendor_metadata": nullableObject,
  };
  const binaryContent = looseObject({
    ...binaryFields,
    kind: v.literal("binary"),
    identifier: nullableString,
  });
  const embeddedBinaryContent = looseObject({
    ...binaryFields,
    kind: v.exactOptional(v.literal("binary")),
    identifier: nullableString,
  });
  const uploadedFile = looseObject({
    "file_id": v.string(),
    "provider_name": oneOf(UPLOAD_PROVIDERS),
    "vendor_metadata": nullableObject,
    kind: v.literal("uploaded-file"),
    "media_type": nullableString,
    identifier: nullableString,
  });
  const cachePoint = looseObject({
    kind: v.literal("cache-point"),
    ttl: v.exactOptional(oneOf(CACHE_TTLS)),
  });
  const userContentObject = variant("kind", [
    textContent,
    fileUrl("image-url"),
    fileUrl("audio-url"),
    fileUrl("document-url"),
    fileUrl("video-url"),
    binaryContent,
    uploadedFile,
    cachePoint,
    ...opaque("kind", USER_CONTENT_KINDS),
  ]);
  const userContent = orObject(userContentObject, v.string());

  // --- error details and usage ------------------------------------------------

  const errorDetails = looseObject({
    type: v.string(),
    loc: v.array(v.union([v.string(), integer])),
    msg: v.string(),
    input: v.unknown(),
    ctx: v.exactOptional(jsonObject),
    url: v.exactOptional(v.string()),
  });

  const usage = looseObject({
    "input_tokens": v.exactOptional(integer),
    "cache_write_tokens": v.exactOptional(integer),
    "cache_read_tokens": v.exactOptional(integer),
    "output_tokens": v.exactOptional(integer),
    "input_audio_tokens": v.exactOptional(integer),
    "cache_audio_read_tokens": v.exactOptional(integer),
    "output_audio_tokens": v.exactOptional(integer),
    details: v.exactOptional(
      v.nullable(v.pipe(jsonObject, v.record(v.string(), integer))),
    ),
    cost: v.exactOptional(
      v.nullable(
        v.union([
          v.pipe(
            v.string(),
            v.regex(
              DECIMAL,
              (issue) => `Invalid decimal: Received ${issue.received}`,
            ),
          ),
          v.pipe(v.number(), v.finite()),
        ]),
      ),
    ),
  });

  // --- typed tool parts -------------------------------------------------------

  const toolSearchArgs = v.exactOptional(
    orObject(
      looseObject({ queries: v.array(v.string()) }),
      v.string(),
      v.null(),
    ),
  );
  const capabilityLoadArgs = v.exactOptional(
    orObject(looseObject({ id: v.string() }), v.string(), v.null()),
  );
  const toolSearchContent = looseObject({
    "discovered_tools": v.array(looseObject({ name: v.string() })),
    message: v.exactOptional(v.string()),
  });
  const capabilityLoadContent = looseObject({
    instructions: v.exactOptional(v.string()),
  });
  const plainArgs = v.exactOptional(
    orObject(jsonObject, v.string(), v.null()),
  );
  const toolCallId = v.exactOptional(v.string());
  const outcome = v.exactOptional(oneOf(OUTCOMES));
  const partTimestamp = v.exactOptional(dateTime);
  const metadata = v.exactOptional(v.unknown());

  // --- request parts ----------------------------------------------------------

  const systemPromptPart = looseObject({
    content: v.string(),
    timestamp: partTimestamp,
    "dynamic_ref": nullableString,
    "part_kind": v.literal("system-prompt"),
  });
  const userPromptPart = looseObject({
    content: orArray(v.array(userContent), v.string()),
    timestamp: partTimestamp,
    "part_kind": v.literal("user-prompt"),
  });
  const toolReturnFields = {
    "tool_call_id": toolCallId,
    metadata,
    timestamp: partTimestamp,
    outcome,
  };
  const toolReturnPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("search_tools")),
      content: toolSearchContent,
      ...toolReturnFields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.exactOptional(v.literal("load_capability")),
      content: capabilityLoadContent,
      ...toolReturnFields,
      "tool_kind": v.literal("capability-load"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...toolReturnFields,
      "tool_kind": plainToolKind([]),
      "part_kind": v.literal("tool-return"),
    }),
  ]);
  const retryPromptPart = looseObject({
    content: orArray(v.array(errorDetails), v.string()),
    "tool_name": nullableString,
    "tool_call_id": toolCallId,
    timestamp: partTimestamp,
    "part_kind": v.literal("retry-prompt"),
  });
  const toolAvailabilityDeltaPart = looseObject({
    "tools_added": v.exactOptional(v.array(v.string())),
    "tool_call_id": nullableString,
    "part_kind": v.literal("tool-availability-delta"),
  });
  const speechFields = {
    transcript: nullableString,
    audio: v.exactOptional(v.nullable(embeddedBinaryContent)),
    "interrupted_at_ms": v.exactOptional(v.nullable(integer)),
    ...providerFields,
    "part_kind": v.literal("speech"),
  };
  const speaker = <const S extends "user" | "assistant">(
    speaker: S,
    other: string,
  ): v.GenericSchema<S> =>
    lenient
      ? (unknownString([other]) as unknown as v.GenericSchema<S>)
      : v.literal(speaker);
  const userSpeechPart = looseObject({
    speaker: speaker("user", "assistant"),
    ...speechFields,
  });

  const requestPart = variant("part_kind", [
    systemPromptPart,
    userPromptPart,
    toolReturnPart,
    retryPromptPart,
    toolAvailabilityDeltaPart,
    userSpeechPart,
    ...opaque("part_kind", [...REQUEST_PART_KINDS, ...RESPONSE_PART_KINDS]),
  ]);

  // --- response parts ---------------------------------------------------------

  const textPart = looseObject({
    content: v.string(),
    ...providerFields,
    "part_kind": v.literal("text"),
  });
  const toolCallPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("search_tools")),
      args: toolSearchArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("tool-search"),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
    looseObject({
      "tool_name": v.exactOptional(v.literal("load_capability")),
      args: capabilityLoadArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("capability-load"),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
    looseObject({
      "tool_name": v.string(),
      args: plainArgs,
      "tool_call_id": toolCallId,
      "tool_kind": plainToolKind([]),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
  ]);
  const builtinToolCallPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("tool_search")),
      args: toolSearchArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("tool-search"),
      ...providerFields,
      "part_kind": v.literal("builtin-tool-call"),
    }),
    looseObject({
      "tool_name": v.string(),
      args: plainArgs,
      "tool_call_id": toolCallId,
      "tool_kind": plainToolKind(["capability-load"]),
      ...providerFields,
      "part_kind": v.literal("builtin-tool-call"),
    }),
  ]);
  const builtinReturnFields = {
    ...toolReturnFields,
    "provider_name": nullableString,
    "provider_details": nullableObject,
  };
  const builtinToolReturnPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("tool_search")),
      content: toolSearchContent,
      ...builtinReturnFields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("builtin-tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...builtinReturnFields,
      "tool_kind": plainToolKind(["capability-load"]),
      "part_kind": v.literal("builtin-tool-return"),
    }),
  ]);
  const thinkingPart = looseObject({
    content: v.string(),
    id: nullableString,
    signature: nullableString,
    "provider_name": nullableString,
    "provider_details": nullableObject,
    "part_kind": v.literal("thinking"),
  });
  const compactionPart = looseObject({
    content: nullableString,
    ...providerFields,
    "part_kind": v.literal("compaction"),
  });
  const filePart = looseObject({
    content: embeddedBinaryContent,
    ...providerFields,
    "part_kind": v.literal("file"),
  });
  const assistantSpeechPart = looseObject({
    speaker: speaker("assistant", "user"),
    ...speechFields,
  });

  const responsePart = variant("part_kind", [
    textPart,
    toolCallPart,
    builtinToolCallPart,
    builtinToolReturnPart,
    thinkingPart,
    compactionPart,
    filePart,
    assistantSpeechPart,
    ...opaque("part_kind", [...REQUEST_PART_KINDS, ...RESPONSE_PART_KINDS]),
  ]);

  // --- messages -----------------------------------------------------------------

  const request = looseObject({
    parts: v.array(requestPart),
    timestamp: v.exactOptional(v.nullable(dateTime)),
    instructions: nullableString,
    kind: v.literal("request"),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(REQUEST_STATES)),
  });
  const response = looseObject({
    parts: v.array(responsePart),
    usage: v.exactOptional(usage),
    "model_name": nullableString,
    timestamp: v.exactOptional(dateTime),
    kind: v.literal("response"),
    "provider_name": nullableString,
    "provider_url": nullableString,
    "provider_details": nullableObject,
    "provider_response_id": nullableString,
    "finish_reason": v.exactOptional(v.nullable(oneOf(FINISH_REASONS))),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(RESPONSE_STATES)),
  });
  const message = variant("kind", [
    request,
    response,
    ...opaque("kind", ["request", "response"]),
  ]);

  return {
    message,
    messages: v.array(message),
    request,
    response,
    requestPart,
    responsePart,
    userContent,
    errorDetails,
    usage,
    dateTime,
  };
}

const strict = buildSchemas(false);
const lenient = buildSchemas(true);

/**
 * Validates one Pydantic AI message (a `ModelRequest` or a `ModelResponse`).
 * Unknown keys are kept; unknown `kind`/`part_kind`/`tool_kind`, user-content
 * kinds and enum values are rejected. A valid input is returned unchanged.
 *
 * @example Validate a message
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(ModelMessageSchema, {
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: "Hello" }],
 * });
 * ```
 */
export const ModelMessageSchema: v.GenericSchema<unknown, ModelMessage> =
  keepInput(strict.message);

/**
 * Validates a Pydantic AI message history: a JSON array of messages, as
 * written by `ModelMessagesTypeAdapter.dump_json`. An empty array is valid.
 *
 * @example Validate a parsed `dump_json` text
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const history = v.parse(ModelMessagesSchema, JSON.parse(text));
 * ```
 */
export const ModelMessagesSchema: v.GenericSchema<unknown, ModelMessage[]> =
  keepInput(strict.messages);

/** Validates a `ModelRequest` (`kind: "request"`). */
export const ModelRequestSchema: v.GenericSchema<unknown, ModelRequest> =
  keepInput(strict.request);

/** Validates a `ModelResponse` (`kind: "response"`). */
export const ModelResponseSchema: v.GenericSchema<unknown, ModelResponse> =
  keepInput(strict.response);

/** Validates one part of a `ModelRequest`, discriminated by `part_kind`. */
export const ModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(strict.requestPart);

/** Validates one part of a `ModelResponse`, discriminated by `part_kind`. */
export const ModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(strict.responsePart);

/** Validates one user-content item: a string or an object with a `kind`. */
export const UserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(strict.userContent);

/** Validates one error-details item of a retry prompt. */
export const ErrorDetailsSchema: v.GenericSchema<unknown, ErrorDetails> =
  keepInput(strict.errorDetails);

/** Validates `ModelResponse.usage`; extra keys are kept. */
export const RequestUsageSchema: v.GenericSchema<unknown, RequestUsage> =
  keepInput(strict.usage);

/**
 * Validates a datetime as Pydantic accepts it: `YYYY-MM-DD`, optionally with
 * `T`/space and `HH:MM[:SS[.fraction]]` (up to 9 digits) and `Z`/`z`/an
 * offset, with valid calendar values; or a Unix time as a JSON number.
 */
export const PydanticDateTimeSchema: v.GenericSchema<
  unknown,
  PydanticDateTime
> = strict.dateTime;

/**
 * Like {@linkcode ModelMessageSchema}, but unknown `kind`, `part_kind`,
 * `tool_kind` and user-content kinds, and unknown enum values, pass as opaque
 * values (objects with that discriminator; their other keys are unchecked).
 * Known kinds are still checked in full. For reading histories written by a
 * newer Pydantic AI.
 *
 * The output type is {@linkcode ModelMessage} for convenience, but a value
 * may hold kinds and enum values that type does not list: compare
 * discriminators before relying on a part's fields.
 */
export const LenientModelMessageSchema: v.GenericSchema<
  unknown,
  ModelMessage
> = keepInput(lenient.message);

/** The lenient form of {@linkcode ModelMessagesSchema}. */
export const LenientModelMessagesSchema: v.GenericSchema<
  unknown,
  ModelMessage[]
> = keepInput(lenient.messages);

/** The lenient form of {@linkcode ModelRequestSchema}. */
export const LenientModelRequestSchema: v.GenericSchema<
  unknown,
  ModelRequest
> = keepInput(lenient.request);

/** The lenient form of {@linkcode ModelResponseSchema}. */
export const LenientModelResponseSchema: v.GenericSchema<
  unknown,
  ModelResponse
> = keepInput(lenient.response);

/** The lenient form of {@linkcode ModelRequestPartSchema}. */
export const LenientModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(lenient.requestPart);

/** The lenient form of {@linkcode ModelResponsePartSchema}. */
export const LenientModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(lenient.responsePart);

/** The lenient form of {@linkcode UserContentSchema}. */
export const LenientUserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(lenient.userContent);

// ---------------------------------------------------------------------------
// Role and text
// ---------------------------------------------------------------------------

/**
 * The role stored for a Pydantic AI message: `"model"` for a response; for a
 * request `"user"` if it has a user-prompt or speech part, else `"tool"` if
 * it has a tool-return or retry-prompt part, else `"system"` (also for an
 * empty request, one with only a tool-availability delta, and a message of
 * an unknown kind accepted by the lenient schema).
 *
 * @example Roles of a request and a response
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * assert.equal(pydanticAiRole({ kind: "response", parts: [] }), "model");
 * assert.equal(
 *   pydanticAiRole({
 *     kind: "request",
 *     parts: [{ part_kind: "user-prompt", content: "Hi" }],
 *   }),
 *   "user",
 * );
 * ```
 *
 * @param message A message that passed {@linkcode ModelMessageSchema}.
 * @returns The message's role.
 */
export function pydanticAiRole(message: ModelMessage): Role {
  if (message.kind === "response") return "model";
  if (message.kind !== "request") return "system";
  let role: Role = "system";
  for (const part of message.parts) {
    const kind: string = part.part_kind;
    if (kind === "user-prompt" || kind === "speech") return "user";
    if (kind === "tool-return" || kind === "retry-prompt") role = "tool";
  }
  return role;
}

const MAX_TEXT_DEPTH = 64;

/** Collects the string leaves of a JSON value, skipping multimodal items. */
function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === "string") {
    if (value.length > 0) out.push(value);
  } else if (depth < MAX_TEXT_DEPTH && typeof value === "object" && value) {
    if (Array.isArray(value)) {
      for (const item of value) collectStrings(item, out, depth + 1);
      return;
    }
    const kind = (value as JsonObject).kind;
    if (typeof kind === "string" && MULTIMODAL_KINDS.has(kind)) return;
    for (const item of Object.values(value)) {
      collectStrings(item, out, depth + 1);
    }
  }
}

function pushText(value: unknown, out: string[]): void {
  if (typeof value === "string" && value.length > 0) out.push(value);
}

/**
 * The searchable text of a Pydantic AI message: user prompts (string content,
 * bare strings and `text-content` items), speech transcripts, the model's
 * `text` parts, and tool results (`tool-return` and `builtin-tool-return`
 * content: a string as is, otherwise its string leaves, skipping images and
 * other files). System prompts, instructions, thinking, tool arguments, retry
 * prompts and metadata are left out. Pieces are joined with `"\n"`.
 *
 * @example Text of a request
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * const text = pydanticAiText({
 *   kind: "request",
 *   parts: [
 *     { part_kind: "system-prompt", content: "Be brief." },
 *     { part_kind: "user-prompt", content: "Weather in Paris?" },
 *   ],
 * });
 * assert.equal(text, "Weather in Paris?");
 * ```
 *
 * @param message A message that passed {@linkcode ModelMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function pydanticAiText(message: ModelMessage): string {
  const out: string[] = [];
  if (!Array.isArray(message.parts)) return "";
  for (const part of message.parts as readonly JsonObject[]) {
    switch (part.part_kind) {
      case "user-prompt": {
        const content = part.content;
        if (typeof content === "string") pushText(content, out);
        else if (Array.isArray(content)) {
          for (const item of content) {
            if (typeof item === "string") pushText(item, out);
            else if (isJsonObject(item) && item.kind === "text-content") {
              pushText(item.content, out);
            }
          }
        }
        break;
      }
      case "text":
        pushText(part.content, out);
        break;
      case "speech":
        pushText(part.transcript, out);
        break;
      case "tool-return":
      case "builtin-tool-return":
        collectStrings(part.content, out, 0);
        break;
    }
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/** Options of {@linkcode createPydanticAiFormat}. */
export interface PydanticAiFormatOptions {
  /**
   * What to do with discriminator and enum values current Pydantic AI does
   * not know: `"reject"` them, or `"accept"` them as opaque values (see
   * {@linkcode LenientModelMessageSchema}).
   *
   * @default {"reject"}
   */
  unknownValues?: "reject" | "accept";
}

/** Where Pydantic AI keeps token usage in a `ModelResponse`. */
const PYDANTIC_AI_USAGE = {
  inputTokens: "$.usage.input_tokens",
  outputTokens: "$.usage.output_tokens",
  cacheReadTokens: "$.usage.cache_read_tokens",
  cacheWriteTokens: "$.usage.cache_write_tokens",
  model: "$.model_name",
} as const;

/**
 * The Pydantic AI message format (name `"pydantic-ai"`, version `"1"`): the
 * strict {@linkcode ModelMessageSchema}, {@linkcode pydanticAiRole} and
 * {@linkcode pydanticAiText}.
 *
 * @example Check a message and get its role
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(pydanticAiFormat.schema, value);
 * const role = pydanticAiFormat.roleOf(message);
 * ```
 */
export const pydanticAiFormat: MessageFormat<ModelMessage> = defineFormat({
  name: "pydantic-ai",
  version: "1",
  schema: ModelMessageSchema,
  roleOf: pydanticAiRole,
  textOf: pydanticAiText,
  usage: PYDANTIC_AI_USAGE,
});

const lenientPydanticAiFormat: MessageFormat<ModelMessage> = defineFormat({
  name: "pydantic-ai",
  version: "1",
  schema: LenientModelMessageSchema,
  roleOf: pydanticAiRole,
  textOf: pydanticAiText,
  usage: PYDANTIC_AI_USAGE,
});

/**
 * Returns the Pydantic AI message format, strict (the default, same as
 * {@linkcode pydanticAiFormat}) or lenient about values a newer Pydantic AI
 * may write. Both have the same name and version, so a session written with
 * one can be read with the other.
 *
 * @example Read histories written by a newer Pydantic AI
 * ```ts ignore
 * const format = createPydanticAiFormat({ unknownValues: "accept" });
 * ```
 *
 * @param options How to treat unknown discriminator and enum values.
 * @returns The format.
 * @throws {TypeError} If `unknownValues` is not `"reject"` or `"accept"`.
 */
export function createPydanticAiFormat(
  options: PydanticAiFormatOptions = {},
): MessageFormat<ModelMessage> {
  const { unknownValues = "reject" } = options;
  if (unknownValues === "reject") return pydanticAiFormat;
  if (unknownValues === "accept") return lenientPydanticAiFormat;
  throw new TypeError(
    `Cannot create Pydantic AI format: unknownValues must be "reject" or "accept", got "${
      String(unknownValues)
    }"`,
  );
}

// ---------------------------------------------------------------------------
// Compile-time check: the handwritten types equal the schemas' output
// ---------------------------------------------------------------------------

type MutuallyAssignable<A, B> = [A] extends [B]
  ? ([B] extends [A] ? true : false)
  : false;
type Expect<T extends true> = T;
type Output<K extends keyof typeof strict> = v.InferOutput<(typeof strict)[K]>;

type _TypesMatchSchemas = [
  Expect<MutuallyAssignable<Output<"message">, ModelMessage>>,
  Expect<MutuallyAssignable<Output<"request">, ModelRequest>>,
  Expect<MutuallyAssignable<Output<"response">, ModelResponse>>,
  Expect<MutuallyAssignable<Output<"requestPart">, ModelRequestPart>>,
  Expect<MutuallyAssignable<Output<"responsePart">, ModelResponsePart>>,
  Expect<MutuallyAssignable<Output<"userContent">, UserContent>>,
  Expect<MutuallyAssignable<Output<"errorDetails">, ErrorDetails>>,
  Expect<MutuallyAssignable<Output<"usage">, RequestUsage>>,
];
