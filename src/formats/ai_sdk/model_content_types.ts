/**
 * The AI SDK `ModelMessage` content parts that are not about tools: text,
 * images, files and their data, reasoning, reasoning files and custom parts.
 * They declare what the SDK declares, like the rest of the `ModelMessage`
 * types (see `model_message_types.ts`).
 *
 * @module
 */
import type {
  AiSdkBinary,
  AiSdkProviderOptions,
  AiSdkProviderReference,
} from "./shared.ts";

/**
 * A `text` content part.
 *
 * @example Text in a user message
 * ```ts
 * import { type AiSdkTextPart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkTextPart = { type: "text", text: "What is the capital of France?" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export interface AiSdkTextPart {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * An `image` content part (deprecated by the SDK in favour of a `file` part
 * with an image media type, still accepted).
 *
 * @example An image by URL string
 * ```ts
 * import { type AiSdkImagePart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkImagePart = { type: "image", image: "https://example.com/cat.png", mediaType: "image/png" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export interface AiSdkImagePart {
  /** The discriminator. */
  type: "image";
  /**
   * Base64 data, a URL string, or a provider reference; in memory also bytes
   * or a `URL` (stored as base64 and as the URL string).
   */
  image: string | AiSdkBinary | URL | AiSdkProviderReference;
  /** The image's media type. */
  mediaType?: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * Tagged file data holding inline data (base64 or a data URL).
 *
 * @example File data given inline
 * ```ts
 * import { type AiSdkFileDataData, type AiSdkFilePart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const data: AiSdkFileDataData = { type: "data", data: "aGVsbG8=" }; // base64
 * const part: AiSdkFilePart = { type: "file", data, mediaType: "text/plain" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export interface AiSdkFileDataData {
  /** The discriminator. */
  type: "data";
  /** The bytes, base64; in memory also bytes (stored as base64). */
  data: string | AiSdkBinary;
}

/**
 * Tagged file data holding a `URL` object: an in-memory form only. Saving
 * stores it as the bare URL string (`data: "https://…"`), which the SDK reads
 * back as the same URL; the tagged form with a string would be taken for a
 * provider reference.
 *
 * @example File data as a URL
 * ```ts
 * import { type AiSdkFileDataUrl } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const data: AiSdkFileDataUrl = { type: "url", url: new URL("https://example.com/report.pdf") };
 * assert.equal(data.url.hostname, "example.com");
 * ```
 */
export interface AiSdkFileDataUrl {
  /** The discriminator. */
  type: "url";
  /** The URL. */
  url: URL;
  /** The URL as given, when parsing changed it (the SDK sets it). */
  originalUrl?: string;
}

/**
 * Tagged file data referring to a file stored at a provider.
 *
 * @example A file the provider already has
 * ```ts
 * import { type AiSdkFileDataReference, type AiSdkFilePart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const data: AiSdkFileDataReference = { type: "reference", reference: { openai: "file-abc123" } };
 * const part: AiSdkFilePart = { type: "file", data, mediaType: "application/pdf" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export interface AiSdkFileDataReference {
  /** The discriminator. */
  type: "reference";
  /** Provider name → file id. */
  reference: AiSdkProviderReference;
}

/**
 * Tagged file data holding the file's text.
 *
 * @example A text file given as text
 * ```ts
 * import { type AiSdkFileDataText, type AiSdkFilePart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const data: AiSdkFileDataText = { type: "text", text: "name,age\nAda,36" };
 * const part: AiSdkFilePart = { type: "file", data, mediaType: "text/csv", filename: "people.csv" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export interface AiSdkFileDataText {
  /** The discriminator. */
  type: "text";
  /** The file's content as text. */
  text: string;
}

/**
 * Tagged file data (the `url` form holds a `URL` object, in memory only).
 *
 * @example Tell the kinds of file data apart
 * ```ts
 * import { type AiSdkFileData } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const describe = (data: AiSdkFileData): string =>
 *   data.type === "url" ? data.url.href : data.type === "text" ? "inline text" : data.type;
 * assert.equal(describe({ type: "text", text: "hi" }), "inline text");
 * assert.equal(describe({ type: "reference", reference: { openai: "file-1" } }), "reference");
 * ```
 */
export type AiSdkFileData =
  | AiSdkFileDataData
  | AiSdkFileDataUrl
  | AiSdkFileDataReference
  | AiSdkFileDataText;

/**
 * A `file` content part.
 *
 * @example A PDF sent by the user
 * ```ts
 * import { type AiSdkFilePart, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkFilePart = {
 *   type: "file",
 *   data: "https://example.com/report.pdf",
 *   mediaType: "application/pdf",
 *   filename: "report.pdf",
 * };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * assert(!v.is(AiSdkUserContentPartSchema, { type: "file", data: "x" })); // mediaType is required
 * ```
 */
export interface AiSdkFilePart {
  /** The discriminator. */
  type: "file";
  /**
   * The file: a base64 or URL string, tagged file data, or a provider
   * reference (any object whose values are all strings); in memory also
   * bytes or a `URL`.
   */
  data: string | AiSdkBinary | URL | AiSdkFileData | AiSdkProviderReference;
  /** The file name. */
  filename?: string;
  /** The IANA media type, or a top-level type such as `"image"`. */
  mediaType: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * A `reasoning` content part: the model's reasoning text.
 *
 * @example The model's reasoning
 * ```ts
 * import { type AiSdkReasoningPart, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkReasoningPart = { type: "reasoning", text: "The user asks for a capital." };
 * assert(v.is(AiSdkAssistantContentPartSchema, part));
 * ```
 */
export interface AiSdkReasoningPart {
  /** The discriminator. */
  type: "reasoning";
  /** The reasoning text. */
  text: string;
  /** Provider-specific options (signatures, encrypted reasoning). */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * A `reasoning-file` content part: a file produced while reasoning.
 *
 * @example A file produced while reasoning
 * ```ts
 * import { type AiSdkReasoningFilePart, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkReasoningFilePart = { type: "reasoning-file", data: "iVBORw0KGgo=", mediaType: "image/png" };
 * assert(v.is(AiSdkAssistantContentPartSchema, part));
 * ```
 */
export interface AiSdkReasoningFilePart {
  /** The discriminator. */
  type: "reasoning-file";
  /**
   * The file: a base64 or URL string, or tagged inline data or URL; in
   * memory also bytes or a `URL`.
   */
  data: string | AiSdkBinary | URL | AiSdkFileDataData | AiSdkFileDataUrl;
  /** The IANA media type. */
  mediaType: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}

/**
 * A `custom` content part: provider-specific content.
 *
 * @example A provider-specific part
 * ```ts
 * import { type AiSdkCustomPart, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkCustomPart = { type: "custom", kind: "openai.compaction" };
 * assert(v.is(AiSdkAssistantContentPartSchema, part));
 * assert(!v.is(AiSdkAssistantContentPartSchema, { type: "custom" })); // kind is required
 * ```
 */
export interface AiSdkCustomPart {
  /** The discriminator. */
  type: "custom";
  /**
   * The kind, `"provider.kind"` (typed so, as the SDK types it; any string
   * is accepted).
   */
  kind: `${string}.${string}`;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
}
