/**
 * The AI SDK `UIMessage` types: the message and its parts; the tool parts
 * and their states are in `ui_tool_types.ts`. Written by hand so they read
 * well and publish without slow types; `../ai_sdk.ts` checks that they equal
 * the schemas' inferred output.
 *
 * They connect with the `ai` package's own types both ways, without a cast:
 * the SDK's `UIMessage`s are assignable to them and they are assignable to
 * the SDK's `UIMessage`. Interfaces, like the SDK's, have no index signature:
 * unknown keys are kept at run time, not typed.
 *
 * @module
 */
import type {
  AiSdkProviderMetadata,
  AiSdkProviderReference,
} from "./shared.ts";
import type {
  AiSdkDynamicToolUIPart,
  AiSdkToolUIPart,
} from "./ui_tool_types.ts";

/**
 * A source a citation points to: a URL or a document.
 *
 * @example A web page and a document as sources
 * ```ts
 * import { type AiSdkCitationSource } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const sources: AiSdkCitationSource[] = [
 *   { type: "source", sourceType: "url", id: "s1", url: "https://example.com/paris" },
 *   { type: "source", sourceType: "document", id: "s2", mediaType: "application/pdf", title: "Guide" },
 * ];
 * const labels = sources.map((s) => (s.sourceType === "url" ? s.url : s.title));
 * assert.deepEqual(labels, ["https://example.com/paris", "Guide"]);
 * ```
 */
export type AiSdkCitationSource =
  | {
    type: "source";
    sourceType: "url";
    id: string;
    url: string;
    title?: string;
    providerMetadata?: AiSdkProviderMetadata;
  }
  | {
    type: "source";
    sourceType: "document";
    id: string;
    mediaType: string;
    title: string;
    filename?: string;
    providerMetadata?: AiSdkProviderMetadata;
  };

/**
 * A citation supporting a text part.
 *
 * @example Text that cites a page
 * ```ts
 * import { type AiSdkCitation, type AiSdkTextUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const citation: AiSdkCitation = {
 *   source: { type: "source", sourceType: "url", id: "s1", url: "https://example.com/paris" },
 *   startIndex: 0,
 *   endIndex: 5,
 *   citedText: "Paris",
 * };
 * const part: AiSdkTextUIPart = { type: "text", text: "Paris is the capital.", citations: [citation] };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkCitation {
  /** The cited source. */
  source: AiSdkCitationSource;
  /** Where the cited span starts in the text (a non-negative integer). */
  startIndex?: number;
  /** Where the cited span ends in the text (a non-negative integer). */
  endIndex?: number;
  /** The cited text. */
  citedText?: string;
}

/**
 * A `text` UI part.
 *
 * @example Text, streamed then done
 * ```ts
 * import { type AiSdkTextUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkTextUIPart = { type: "text", text: "Hello!", state: "done" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkTextUIPart {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Citations supporting the text. */
  citations?: AiSdkCitation[];
  /** Whether the text is still streaming. */
  state?: "streaming" | "done";
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `reasoning` UI part.
 *
 * @example Reasoning shown in the UI
 * ```ts
 * import { type AiSdkReasoningUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkReasoningUIPart = { type: "reasoning", text: "Check the calendar first.", state: "done" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkReasoningUIPart {
  /** The discriminator. */
  type: "reasoning";
  /** The reasoning's id. */
  id?: string;
  /** The reasoning text. */
  text: string;
  /** Whether the reasoning is still streaming. */
  state?: "streaming" | "done";
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `custom` UI part: provider-specific content.
 *
 * @example A provider-specific UI part
 * ```ts
 * import { type AiSdkCustomUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkCustomUIPart = { type: "custom", kind: "openai.compaction" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkCustomUIPart {
  /** The discriminator. */
  type: "custom";
  /**
   * The kind, `"provider.kind"` (typed so, as the SDK types it; any string
   * is accepted).
   */
  kind: `${string}.${string}`;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `source-url` UI part: a web source.
 *
 * @example A web page the answer used
 * ```ts
 * import { type AiSdkSourceUrlUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkSourceUrlUIPart = { type: "source-url", sourceId: "s1", url: "https://example.com", title: "Example" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkSourceUrlUIPart {
  /** The discriminator. */
  type: "source-url";
  /** The source's id. */
  sourceId: string;
  /** The URL. */
  url: string;
  /** The page title. */
  title?: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `source-document` UI part: a document source.
 *
 * @example A document the answer used
 * ```ts
 * import { type AiSdkSourceDocumentUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkSourceDocumentUIPart = {
 *   type: "source-document",
 *   sourceId: "doc-1",
 *   mediaType: "application/pdf",
 *   title: "Annual report",
 *   filename: "report.pdf",
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkSourceDocumentUIPart {
  /** The discriminator. */
  type: "source-document";
  /** The source's id. */
  sourceId: string;
  /** The document's media type. */
  mediaType: string;
  /** The document's title. */
  title: string;
  /** The document's file name. */
  filename?: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `file` UI part.
 *
 * @example A file attached in the chat
 * ```ts
 * import { type AiSdkFileUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkFileUIPart = {
 *   type: "file",
 *   mediaType: "image/png",
 *   filename: "cat.png",
 *   url: "https://example.com/cat.png",
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkFileUIPart {
  /** The discriminator. */
  type: "file";
  /** The IANA media type. */
  mediaType: string;
  /** The file name. */
  filename?: string;
  /** A hosted URL or a data URL. */
  url: string;
  /** Provider name → file id, for a file stored at a provider. */
  providerReference?: AiSdkProviderReference;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `reasoning-file` UI part: a file produced while reasoning.
 *
 * @example A file produced while reasoning
 * ```ts
 * import { type AiSdkReasoningFileUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkReasoningFileUIPart = { type: "reasoning-file", mediaType: "image/png", url: "data:image/png;base64,iVBORw0KGgo=" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkReasoningFileUIPart {
  /** The discriminator. */
  type: "reasoning-file";
  /** The IANA media type. */
  mediaType: string;
  /** A hosted URL or a data URL. */
  url: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A text part of a steering message.
 *
 * @example Text a user sent while the model was working
 * ```ts
 * import { type AiSdkSteeringTextPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const part: AiSdkSteeringTextPart = { type: "text", text: "Actually, make it shorter." };
 * assert.equal(part.text.length > 0, true);
 * ```
 */
export interface AiSdkSteeringTextPart {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A file part of a steering message.
 *
 * @example A file sent while the model was working
 * ```ts
 * import { type AiSdkSteeringFilePart, type AiSdkSteeringMessageUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const file: AiSdkSteeringFilePart = { type: "file", mediaType: "text/plain", url: "https://example.com/notes.txt" };
 * const part: AiSdkSteeringMessageUIPart = { type: "steering-message", id: "steer-1", parts: [file] };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkSteeringFilePart {
  /** The discriminator. */
  type: "file";
  /** The IANA media type. */
  mediaType: string;
  /** The file name. */
  filename?: string;
  /** A hosted URL or a data URL. */
  url: string;
  /** Provider name → file id. */
  providerReference?: AiSdkProviderReference;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
}

/**
 * A `steering-message` UI part: user input sent while the model works.
 *
 * @example Steering the model mid-run
 * ```ts
 * import { type AiSdkSteeringMessageUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkSteeringMessageUIPart = {
 *   type: "steering-message",
 *   id: "steer-1",
 *   parts: [{ type: "text", text: "Use metric units." }],
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkSteeringMessageUIPart {
  /** The discriminator. */
  type: "steering-message";
  /** The steering message's id. */
  id: string;
  /** Its text and file parts. */
  parts: (AiSdkSteeringTextPart | AiSdkSteeringFilePart)[];
}

/**
 * A `step-start` UI part: the boundary between two model steps.
 *
 * @example Where a new step begins
 * ```ts
 * import { type AiSdkStepStartUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkStepStartUIPart = { type: "step-start" };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkStepStartUIPart {
  /** The discriminator. */
  type: "step-start";
}

/**
 * A `data-*` UI part: application data streamed with the message.
 *
 * @example Application data in a message
 * ```ts
 * import { type AiSdkDataUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkDataUIPart = { type: "data-weather", id: "w1", data: { city: "Paris", temp: 21 } };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkDataUIPart {
  /** `data-` followed by the data part's name. */
  type: `data-${string}`;
  /** The data part's id. */
  id?: string;
  /** The data: any JSON value (required, may be `null`). */
  data: unknown;
}

/**
 * A part of a UI message.
 *
 * @example Every part of a UI message is checked
 * ```ts
 * import { type AiSdkUIMessagePart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const parts: AiSdkUIMessagePart[] = [
 *   { type: "step-start" },
 *   { type: "reasoning", text: "Look it up." },
 *   { type: "text", text: "It is 21 °C." },
 * ];
 * assert(parts.every((part) => v.is(AiSdkUIMessagePartSchema, part)));
 * assert(!v.is(AiSdkUIMessagePartSchema, { type: "hologram" }));
 * ```
 */
export type AiSdkUIMessagePart =
  | AiSdkTextUIPart
  | AiSdkCustomUIPart
  | AiSdkReasoningUIPart
  | AiSdkToolUIPart
  | AiSdkDynamicToolUIPart
  | AiSdkSourceUrlUIPart
  | AiSdkSourceDocumentUIPart
  | AiSdkFileUIPart
  | AiSdkReasoningFileUIPart
  | AiSdkDataUIPart
  | AiSdkSteeringMessageUIPart
  | AiSdkStepStartUIPart;

/**
 * One AI SDK `UIMessage`.
 *
 * @example Keep a useChat conversation in a history
 * ```ts
 * import { type AiSdkUIMessage, aiSdkUIMessageFormat, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:", format: aiSdkUIMessageFormat });
 * const { id } = await history.getOrCreateSession("chat-1");
 * const messages: AiSdkUIMessage[] = [
 *   { id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }] },
 *   { id: "m2", role: "assistant", parts: [{ type: "text", text: "Hello!" }] },
 * ];
 * await history.saveMessages(id, messages);
 * assert.deepEqual(await history.getMessages(id), messages);
 * ```
 */
export interface AiSdkUIMessage {
  /** The message's id. */
  id: string;
  /** Who sent it. */
  role: "system" | "user" | "assistant";
  /** Application metadata (any JSON value). */
  metadata?: unknown;
  /** The parts; may be empty only in an assistant message. */
  parts: AiSdkUIMessagePart[];
}
