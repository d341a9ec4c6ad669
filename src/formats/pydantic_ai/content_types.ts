/**
 * The Pydantic AI types of the values inside message parts: datetimes, the
 * user-content items of a prompt, the error details of a retry prompt and a
 * response's token usage. Written by hand so they read well and publish
 * without slow types; `../pydantic_ai.ts` checks that they equal the
 * schemas' inferred output.
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";

/**
 * A datetime as Pydantic accepts it: an ISO 8601 / RFC 3339 string (Pydantic
 * AI writes UTC with a `Z` suffix) or a Unix time as a JSON number.
 */
export type PydanticDateTime = string | number;

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
