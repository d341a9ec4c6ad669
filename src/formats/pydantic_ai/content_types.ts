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
 *
 * @example Datetimes as Pydantic AI writes and reads them
 * ```ts
 * import { PydanticDateTimeSchema, type PydanticDateTime } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const written: PydanticDateTime = "2026-01-01T12:00:00.123456Z";
 * const unix: PydanticDateTime = 1767268800;
 * assert(v.is(PydanticDateTimeSchema, written));
 * assert(v.is(PydanticDateTimeSchema, unix));
 * assert(!v.is(PydanticDateTimeSchema, "2026-02-30")); // no such day
 * ```
 */
export type PydanticDateTime = string | number;

/**
 * The `provider_name` of an uploaded file.
 *
 * @example The provider of an uploaded file
 * ```ts
 * import { type UploadedFile, type UploadedFileProviderName, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const provider: UploadedFileProviderName = "anthropic";
 * const file: UploadedFile = { kind: "uploaded-file", file_id: "file-123", provider_name: provider };
 * assert(v.is(UserContentSchema, file));
 * assert(!v.is(UserContentSchema, { ...file, provider_name: "nowhere" }));
 * ```
 */
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

/**
 * A `text-content` user-content item: text plus application-only metadata.
 *
 * @example Text for the model plus metadata for the application
 * ```ts
 * import { type TextContent, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const item: TextContent = {
 *   kind: "text-content",
 *   content: "Summarise the ticket.",
 *   metadata: { ticket: 42 }, // never sent to the model
 * };
 * assert(v.is(UserContentSchema, item));
 * ```
 */
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

/**
 * The fields every URL user-content item has.
 *
 * @example Read the URL of any URL content item
 * ```ts
 * import { type FileUrlFields, type ImageUrl, type VideoUrl } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const urlOf = (item: FileUrlFields): string => item.url;
 * const image: ImageUrl = { kind: "image-url", url: "https://example.com/cat.png" };
 * const video: VideoUrl = { kind: "video-url", url: "https://example.com/cat.mp4" };
 * assert.deepEqual([image, video].map(urlOf), [
 *   "https://example.com/cat.png",
 *   "https://example.com/cat.mp4",
 * ]);
 * ```
 */
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

/**
 * An `image-url` user-content item.
 *
 * @example A prompt with an image
 * ```ts
 * import { type ImageUrl, ModelRequestPartSchema, type UserPromptPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const image: ImageUrl = { kind: "image-url", url: "https://example.com/cat.png" };
 * const prompt: UserPromptPart = { part_kind: "user-prompt", content: ["What is this?", image] };
 * assert(v.is(ModelRequestPartSchema, prompt));
 * ```
 */
export interface ImageUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "image-url";
}

/**
 * An `audio-url` user-content item.
 *
 * @example An audio file by URL
 * ```ts
 * import { type AudioUrl, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const audio: AudioUrl = { kind: "audio-url", url: "https://example.com/memo.mp3", force_download: true };
 * assert(v.is(UserContentSchema, audio));
 * ```
 */
export interface AudioUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "audio-url";
}

/**
 * A `document-url` user-content item.
 *
 * @example A document by URL
 * ```ts
 * import { type DocumentUrl, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const pdf: DocumentUrl = { kind: "document-url", url: "https://example.com/report.pdf" };
 * assert(v.is(UserContentSchema, pdf));
 * assert(!v.is(UserContentSchema, { kind: "document-url" })); // url is required
 * ```
 */
export interface DocumentUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "document-url";
}

/**
 * A `video-url` user-content item.
 *
 * @example A video by URL
 * ```ts
 * import { type VideoUrl, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const video: VideoUrl = { kind: "video-url", url: "https://example.com/clip.mp4", media_type: "video/mp4" };
 * assert(v.is(UserContentSchema, video));
 * ```
 */
export interface VideoUrl extends FileUrlFields {
  /** The discriminator. */
  kind: "video-url";
}

/**
 * The fields of binary content: base64 data and a media type.
 *
 * @example Decode the bytes of binary content
 * ```ts
 * import { type BinaryContentFields } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const bytesOf = (item: BinaryContentFields): Uint8Array =>
 *   Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
 * const item: BinaryContentFields = { data: "aGk=", media_type: "text/plain" };
 * assert.equal(new TextDecoder().decode(bytesOf(item)), "hi");
 * ```
 */
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

/**
 * A `binary` user-content item.
 *
 * @example Bytes sent inline in a prompt
 * ```ts
 * import { type BinaryContent, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const note: BinaryContent = { kind: "binary", data: "aGk=", media_type: "text/plain" };
 * assert(v.is(UserContentSchema, note));
 * assert(!v.is(UserContentSchema, { ...note, data: "not base64!" }));
 * ```
 */
export interface BinaryContent extends BinaryContentFields {
  /** The discriminator. */
  kind: "binary";
}

/**
 * Binary content embedded in a `file` part or a `speech` part, where `kind`
 * may be absent (but is `"binary"` when present).
 *
 * @example A file the model produced (no kind needed)
 * ```ts
 * import { type EmbeddedBinaryContent, type FilePart, ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const bytes: EmbeddedBinaryContent = { data: "iVBORw0KGgo=", media_type: "image/png" };
 * const part: FilePart = { part_kind: "file", content: bytes };
 * assert(v.is(ModelResponsePartSchema, part));
 * ```
 */
export interface EmbeddedBinaryContent extends BinaryContentFields {
  /** The discriminator, optional here. */
  kind?: "binary";
}

/**
 * An `uploaded-file` user-content item: a file stored at the provider.
 *
 * @example A file stored at the provider
 * ```ts
 * import { type UploadedFile, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const file: UploadedFile = {
 *   kind: "uploaded-file",
 *   file_id: "file-abc123",
 *   provider_name: "openai",
 * };
 * assert(v.is(UserContentSchema, file));
 * ```
 */
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

/**
 * A `cache-point` user-content item: a prompt-cache boundary marker.
 *
 * @example Mark a prompt-cache boundary
 * ```ts
 * import { type CachePoint, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const point: CachePoint = { kind: "cache-point", ttl: "1h" };
 * assert(v.is(UserContentSchema, point));
 * assert(!v.is(UserContentSchema, { kind: "cache-point", ttl: "1d" }));
 * ```
 */
export interface CachePoint {
  /** The discriminator. */
  kind: "cache-point";
  /** How long the cache entry lives. */
  ttl?: "5m" | "1h";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * One item of a user prompt's content list: a bare string or an object.
 *
 * @example A prompt mixing text and files
 * ```ts
 * import { type UserContent, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const content: UserContent[] = [
 *   "Compare these two:",
 *   { kind: "image-url", url: "https://example.com/a.png" },
 *   { kind: "image-url", url: "https://example.com/b.png" },
 * ];
 * assert(content.every((item) => v.is(UserContentSchema, item)));
 * ```
 */
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

/**
 * One validation error sent back to the model in a retry prompt.
 *
 * @example Validation errors sent back to the model
 * ```ts
 * import { type ErrorDetails, type RetryPromptPart, ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const error: ErrorDetails = { type: "missing", loc: ["city"], msg: "Field required", input: {} };
 * const retry: RetryPromptPart = { part_kind: "retry-prompt", content: [error], tool_name: "get_weather" };
 * assert(v.is(ModelRequestPartSchema, retry));
 * ```
 */
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
 *
 * @example A response's token usage
 * ```ts
 * import { type RequestUsage, RequestUsageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const usage: RequestUsage = {
 *   input_tokens: 1200,
 *   cache_read_tokens: 1000,
 *   output_tokens: 85,
 *   details: { reasoning_tokens: 40 },
 *   cost: "0.00026425",
 * };
 * assert(v.is(RequestUsageSchema, usage));
 * ```
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
