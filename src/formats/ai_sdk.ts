/**
 * The Vercel AI SDK message formats: valibot schemas for the JSON form of the
 * AI SDK's `ModelMessage` (what `generateText`/`streamText` return in
 * `response.messages` and accept as `messages`) and `UIMessage` (what
 * `useChat` keeps and `validateUIMessages` checks), plus the role and
 * search-text functions the history store needs.
 *
 * The schemas follow the `ai` package, major version 7: a JSON value passes
 * exactly when the package's own schemas (`modelMessageSchema`,
 * `validateUIMessages`) accept it, with one deliberate difference noted on
 * {@linkcode AiSdkToolApprovalResponse}. Known fields are type-checked,
 * discriminators (`role`, `type`, `state`) are checked and unknown keys are
 * kept. The schemas never transform: a value that passes is returned as the
 * very same value.
 *
 * The store keeps JSON, so the schemas describe JSON values only. Where the
 * SDK's TypeScript types also allow `URL`, `Uint8Array`, `ArrayBuffer` or
 * `Buffer` values, only their JSON forms are accepted: file data as a base64
 * or URL string, or as tagged `{ type: "data", data }` /
 * `{ type: "reference", reference }` / `{ type: "text", text }` objects. A
 * tagged `{ type: "url", url }` file data holds a `URL` object; its JSON form
 * (with `url` a string) is rejected by the SDK in a `reasoning-file` part and
 * in a tool result's `content` file, and passes in a `file` part only as a
 * provider reference (an object whose values are all strings), so it is
 * treated the same way here. Store such a file with its URL string as `data`.
 *
 * @module
 */
import * as v from "valibot";
import { customSchema, keepInput, looseObject, variant } from "./_schema.ts";
import { isObject, type JsonObject, type JsonValue } from "../json.ts";
import { defineFormat, type MessageFormat, type Role } from "./format.ts";

// ---------------------------------------------------------------------------
// Types (written by hand so they read well and publish without slow types;
// checked against the schemas' inferred output at the end of this file)
// ---------------------------------------------------------------------------

/**
 * Provider-specific options or metadata: an object per provider name, each a
 * JSON object (`{ openai: { reasoningEffort: "low" } }`).
 */
export type AiSdkProviderOptions = { [provider: string]: JsonObject };

/** Provider metadata on UI message parts; the same shape as options. */
export type AiSdkProviderMetadata = AiSdkProviderOptions;

/**
 * A reference to a file stored at a provider: provider name → file id
 * (`{ openai: "file-abc" }`). Every value is a string.
 */
export type AiSdkProviderReference = { [provider: string]: string };

// --- model message content parts --------------------------------------------

/** A `text` content part. */
export interface AiSdkTextPart {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * An `image` content part (deprecated by the SDK in favour of a `file` part
 * with an image media type, still accepted).
 */
export interface AiSdkImagePart {
  /** The discriminator. */
  type: "image";
  /** Base64 data, a URL string, or a provider reference. */
  image: string | AiSdkProviderReference;
  /** The image's media type. */
  mediaType?: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** Tagged file data holding inline data (base64 or a data URL). */
export interface AiSdkFileDataData {
  /** The discriminator. */
  type: "data";
  /** The bytes, base64. */
  data: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** Tagged file data referring to a file stored at a provider. */
export interface AiSdkFileDataReference {
  /** The discriminator. */
  type: "reference";
  /** Provider name → file id. */
  reference: AiSdkProviderReference;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** Tagged file data holding the file's text. */
export interface AiSdkFileDataText {
  /** The discriminator. */
  type: "text";
  /** The file's content as text. */
  text: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** Tagged file data in its JSON forms (a `url` form needs a `URL` object). */
export type AiSdkFileData =
  | AiSdkFileDataData
  | AiSdkFileDataReference
  | AiSdkFileDataText;

/** A `file` content part. */
export interface AiSdkFilePart {
  /** The discriminator. */
  type: "file";
  /**
   * The file: a base64 or URL string, tagged file data, or a provider
   * reference (any object whose values are all strings).
   */
  data: string | AiSdkFileData | AiSdkProviderReference;
  /** The file name. */
  filename?: string;
  /** The IANA media type, or a top-level type such as `"image"`. */
  mediaType: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `reasoning` content part: the model's reasoning text. */
export interface AiSdkReasoningPart {
  /** The discriminator. */
  type: "reasoning";
  /** The reasoning text. */
  text: string;
  /** Provider-specific options (signatures, encrypted reasoning). */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `reasoning-file` content part: a file produced while reasoning. */
export interface AiSdkReasoningFilePart {
  /** The discriminator. */
  type: "reasoning-file";
  /** The file: a base64 or URL string, or tagged inline data. */
  data: string | AiSdkFileDataData;
  /** The IANA media type. */
  mediaType: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `custom` content part: provider-specific content. */
export interface AiSdkCustomPart {
  /** The discriminator. */
  type: "custom";
  /** The kind, by convention `"provider.kind"` (any string is accepted). */
  kind: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `tool-call` content part: the model calling a tool. */
export interface AiSdkToolCallPart {
  /** The discriminator. */
  type: "tool-call";
  /** The id matching the call with its result. */
  toolCallId: string;
  /** The tool's name. */
  toolName: string;
  /** The arguments: any JSON value (required, may be `null`). */
  input: unknown;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Whether the provider ran the tool. */
  providerExecuted?: boolean;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One item of a `content` tool-result output. */
export type AiSdkToolResultContentItem =
  | {
    type: "text";
    text: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "file";
    data: AiSdkFileData;
    mediaType: string;
    filename?: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "file-data";
    data: string;
    mediaType: string;
    filename?: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "file-url";
    url: string;
    mediaType?: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "file-id";
    fileId: string | AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "file-reference";
    providerReference: AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "image-data";
    data: string;
    mediaType: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "image-url";
    url: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "image-file-id";
    fileId: string | AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "image-file-reference";
    providerReference: AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "custom";
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  };

/** The `output` of a tool result, discriminated by `type`. */
export type AiSdkToolResultOutput =
  | {
    type: "text";
    value: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "json";
    value: JsonValue;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "execution-denied";
    reason?: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "error-text";
    value: string;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "error-json";
    value: JsonValue;
    providerOptions?: AiSdkProviderOptions;
    [key: string]: unknown;
  }
  | {
    type: "content";
    value: AiSdkToolResultContentItem[];
    [key: string]: unknown;
  };

/** A `tool-result` content part: a tool's result. */
export interface AiSdkToolResultPart {
  /** The discriminator. */
  type: "tool-result";
  /** The id of the call this result answers. */
  toolCallId: string;
  /** The tool's name. */
  toolName: string;
  /** The result. */
  output: AiSdkToolResultOutput;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `tool-approval-request` content part: a tool call awaiting approval. */
export interface AiSdkToolApprovalRequest {
  /** The discriminator. */
  type: "tool-approval-request";
  /** The approval's id. */
  approvalId: string;
  /** The tool call awaiting approval. */
  toolCallId: string;
  /** Why approval is needed. */
  reason?: string;
  /** Whether the approval was decided automatically. */
  isAutomatic?: boolean;
  /** A signature over the approval request. */
  signature?: string;
  /** The tool input as the input schema received it. */
  inputSchemaInput?: unknown;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * A `tool-approval-response` content part: the user's decision.
 *
 * `providerExecuted` is type-checked here as the SDK's TypeScript type
 * declares it; the SDK's runtime schema does not check it (the one place
 * where this schema is stricter than the SDK's).
 */
export interface AiSdkToolApprovalResponse {
  /** The discriminator. */
  type: "tool-approval-response";
  /** The approval's id. */
  approvalId: string;
  /** Whether the call was approved. */
  approved: boolean;
  /** Why it was approved or denied. */
  reason?: string;
  /** Whether the provider runs the approved tool. */
  providerExecuted?: boolean;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A content part of a user message. */
export type AiSdkUserContentPart =
  | AiSdkTextPart
  | AiSdkImagePart
  | AiSdkFilePart;

/** A content part of an assistant message. */
export type AiSdkAssistantContentPart =
  | AiSdkTextPart
  | AiSdkCustomPart
  | AiSdkFilePart
  | AiSdkReasoningPart
  | AiSdkReasoningFilePart
  | AiSdkToolCallPart
  | AiSdkToolResultPart
  | AiSdkToolApprovalRequest;

/** A content part of a tool message. */
export type AiSdkToolContentPart =
  | AiSdkToolResultPart
  | AiSdkToolApprovalResponse;

// --- model messages -----------------------------------------------------------

/** A `system` model message. */
export interface AiSdkSystemModelMessage {
  /** The discriminator. */
  role: "system";
  /** The system prompt. */
  content: string;
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `user` model message. */
export interface AiSdkUserModelMessage {
  /** The discriminator. */
  role: "user";
  /** A string, or text, image and file parts. */
  content: string | AiSdkUserContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `assistant` model message. */
export interface AiSdkAssistantModelMessage {
  /** The discriminator. */
  role: "assistant";
  /** A string, or content parts. */
  content: string | AiSdkAssistantContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `tool` model message: tool results and approval responses. */
export interface AiSdkToolModelMessage {
  /** The discriminator. */
  role: "tool";
  /** Tool results and approval responses. */
  content: AiSdkToolContentPart[];
  /** Provider-specific options. */
  providerOptions?: AiSdkProviderOptions;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One AI SDK `ModelMessage`, discriminated by `role`. */
export type AiSdkModelMessage =
  | AiSdkSystemModelMessage
  | AiSdkUserModelMessage
  | AiSdkAssistantModelMessage
  | AiSdkToolModelMessage;

// --- UI message parts ---------------------------------------------------------

/** A source a citation points to: a URL or a document. */
export type AiSdkCitationSource =
  | {
    type: "source";
    sourceType: "url";
    id: string;
    url: string;
    title?: string;
    providerMetadata?: AiSdkProviderMetadata;
    [key: string]: unknown;
  }
  | {
    type: "source";
    sourceType: "document";
    id: string;
    mediaType: string;
    title: string;
    filename?: string;
    providerMetadata?: AiSdkProviderMetadata;
    [key: string]: unknown;
  };

/** A citation supporting a text part. */
export interface AiSdkCitation {
  /** The cited source. */
  source: AiSdkCitationSource;
  /** Where the cited span starts in the text (a non-negative integer). */
  startIndex?: number;
  /** Where the cited span ends in the text (a non-negative integer). */
  endIndex?: number;
  /** The cited text. */
  citedText?: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `text` UI part. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `reasoning` UI part. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `custom` UI part: provider-specific content. */
export interface AiSdkCustomUIPart {
  /** The discriminator. */
  type: "custom";
  /** The kind, by convention `"provider.kind"` (any string is accepted). */
  kind: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `source-url` UI part: a web source. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `source-document` UI part: a document source. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `file` UI part. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `reasoning-file` UI part: a file produced while reasoning. */
export interface AiSdkReasoningFileUIPart {
  /** The discriminator. */
  type: "reasoning-file";
  /** The IANA media type. */
  mediaType: string;
  /** A hosted URL or a data URL. */
  url: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A text part of a steering message. */
export interface AiSdkSteeringTextPart {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Provider metadata. */
  providerMetadata?: AiSdkProviderMetadata;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A file part of a steering message. */
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
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `steering-message` UI part: user input sent while the model works. */
export interface AiSdkSteeringMessageUIPart {
  /** The discriminator. */
  type: "steering-message";
  /** The steering message's id. */
  id: string;
  /** Its text and file parts. */
  parts: (AiSdkSteeringTextPart | AiSdkSteeringFilePart)[];
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `step-start` UI part: the boundary between two model steps. */
export interface AiSdkStepStartUIPart {
  /** The discriminator. */
  type: "step-start";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `data-*` UI part: application data streamed with the message. */
export interface AiSdkDataUIPart {
  /** `data-` followed by the data part's name. */
  type: `data-${string}`;
  /** The data part's id. */
  id?: string;
  /** The data: any JSON value (required, may be `null`). */
  data: unknown;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The fields every tool approval of a UI tool part has. */
export interface AiSdkToolApprovalFields {
  /** The approval's id. */
  id: string;
  /** Application data describing the approval. */
  descriptor?: unknown;
  /** Why approval was requested. */
  requestReason?: string;
  /** Whether the approval was decided automatically. */
  isAutomatic?: boolean;
  /** A signature over the approval request. */
  signature?: string;
  /** The tool input as the input schema received it. */
  inputSchemaInput?: unknown;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An approval that is requested and not yet answered. */
export interface AiSdkToolApprovalRequested extends AiSdkToolApprovalFields {
  /** Absent until answered. */
  approved?: never;
  /** Absent until answered. */
  reason?: never;
}

/** An answered approval. */
export interface AiSdkToolApprovalResponded extends AiSdkToolApprovalFields {
  /** The decision. */
  approved: boolean;
  /** Why it was approved or denied. */
  reason?: string;
}

/** An approval that was granted. */
export interface AiSdkToolApprovalGranted extends AiSdkToolApprovalResponded {
  /** Granted. */
  approved: true;
}

/** An approval that was denied. */
export interface AiSdkToolApprovalDenied extends AiSdkToolApprovalResponded {
  /** Denied. */
  approved: false;
}

/** The fields every UI tool part has, whatever its state. */
export interface AiSdkToolInvocationFields {
  /** The tool call's id. */
  toolCallId: string;
  /** A display title for the tool. */
  title?: string;
  /** Application metadata of the tool. */
  toolMetadata?: JsonObject;
  /** Whether the provider runs the tool. */
  providerExecuted?: boolean;
  /** Provider metadata of the call. */
  callProviderMetadata?: AiSdkProviderMetadata;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A tool call whose input is still streaming. */
export interface AiSdkToolInputStreaming extends AiSdkToolInvocationFields {
  /** The state. */
  state: "input-streaming";
  /** The partial input parsed so far. */
  input?: unknown;
  /** The raw input text so far. */
  rawInput?: string;
  /** How the raw input is encoded. */
  inputEncoding?: "json" | "text";
  /** Absent in this state. */
  output?: never;
  /** Absent in this state. */
  errorText?: never;
  /** Absent in this state. */
  approval?: never;
}

/** A tool call whose input is complete. */
export interface AiSdkToolInputAvailable extends AiSdkToolInvocationFields {
  /** The state. */
  state: "input-available";
  /** The input (required, may be `null`). */
  input: unknown;
  /** Absent in this state. */
  output?: never;
  /** Absent in this state. */
  errorText?: never;
  /** Absent in this state. */
  approval?: never;
}

/** A tool call waiting for the user's approval. */
export interface AiSdkToolApprovalRequestedState
  extends AiSdkToolInvocationFields {
  /** The state. */
  state: "approval-requested";
  /** The input (required, may be `null`). */
  input: unknown;
  /** Absent in this state. */
  output?: never;
  /** Absent in this state. */
  errorText?: never;
  /** The pending approval. */
  approval: AiSdkToolApprovalRequested;
}

/** A tool call whose approval was answered. */
export interface AiSdkToolApprovalRespondedState
  extends AiSdkToolInvocationFields {
  /** The state. */
  state: "approval-responded";
  /** The input (required, may be `null`). */
  input: unknown;
  /** Absent in this state. */
  output?: never;
  /** Absent in this state. */
  errorText?: never;
  /** The answered approval. */
  approval: AiSdkToolApprovalResponded;
}

/** A tool call with its output. */
export interface AiSdkToolOutputAvailable extends AiSdkToolInvocationFields {
  /** The state. */
  state: "output-available";
  /** The input (required, may be `null`). */
  input: unknown;
  /** The output (required, may be `null`). */
  output: unknown;
  /** Absent in this state. */
  errorText?: never;
  /** Provider metadata of the result. */
  resultProviderMetadata?: AiSdkProviderMetadata;
  /** Whether the output is preliminary (more may follow). */
  preliminary?: boolean;
  /** The granted approval, if one was needed. */
  approval?: AiSdkToolApprovalGranted;
}

/** A tool call that failed. */
export interface AiSdkToolOutputError extends AiSdkToolInvocationFields {
  /** The state. */
  state: "output-error";
  /** The input, if it was complete. */
  input?: unknown;
  /** The raw input (deprecated by the SDK in favour of `input`). */
  rawInput?: unknown;
  /** Absent in this state. */
  output?: never;
  /** The error message. */
  errorText: string;
  /** Provider metadata of the result. */
  resultProviderMetadata?: AiSdkProviderMetadata;
  /** The granted approval, if one was needed. */
  approval?: AiSdkToolApprovalGranted;
}

/** A tool call whose approval was denied. */
export interface AiSdkToolOutputDenied extends AiSdkToolInvocationFields {
  /** The state. */
  state: "output-denied";
  /** The input (required, may be `null`). */
  input: unknown;
  /** Absent in this state. */
  output?: never;
  /** Absent in this state. */
  errorText?: never;
  /** The denied approval. */
  approval: AiSdkToolApprovalDenied;
}

/** A UI tool call in one of its states, discriminated by `state`. */
export type AiSdkToolInvocation =
  | AiSdkToolInputStreaming
  | AiSdkToolInputAvailable
  | AiSdkToolApprovalRequestedState
  | AiSdkToolApprovalRespondedState
  | AiSdkToolOutputAvailable
  | AiSdkToolOutputError
  | AiSdkToolOutputDenied;

/** The state of a UI tool part. */
export type AiSdkToolState = AiSdkToolInvocation["state"];

/** A `tool-*` UI part: a call of a statically known tool. */
export type AiSdkToolUIPart = AiSdkToolInvocation & {
  /** `tool-` followed by the tool's name. */
  type: `tool-${string}`;
};

/** A `dynamic-tool` UI part: a call of a tool known only at run time. */
export type AiSdkDynamicToolUIPart = AiSdkToolInvocation & {
  /** The discriminator. */
  type: "dynamic-tool";
  /** The tool's name. */
  toolName: string;
  /** `false` when present. */
  dynamic?: false;
};

/** A part of a UI message. */
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

/** One AI SDK `UIMessage`. */
export interface AiSdkUIMessage {
  /** The message's id. */
  id: string;
  /** Who sent it. */
  role: "system" | "user" | "assistant";
  /** Application metadata (any JSON value). */
  metadata?: unknown;
  /** The parts; may be empty only in an assistant message. */
  parts: AiSdkUIMessagePart[];
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------

/**
 * Whether a value is JSON as the SDK's `jsonValueSchema` accepts it: `null`,
 * a string, a finite number, a boolean, an array or an object of JSON values.
 * A key named `__proto__` is skipped, as the SDK's record schemas do.
 * Objects met twice (shared or circular references) are checked once.
 */
function isJsonValue(value: unknown): value is JsonValue {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    switch (typeof item) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(item)) return false;
        continue;
      case "object": {
        if (item === null || seen.has(item)) continue;
        seen.add(item);
        if (Array.isArray(item)) {
          for (let i = 0; i < item.length; i++) pending.push(item[i]);
        } else {
          for (const key of Object.keys(item)) {
            if (key !== "__proto__") {
              pending.push((item as Record<string, unknown>)[key]);
            }
          }
        }
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Schema helpers
// ---------------------------------------------------------------------------

const objectType = v.custom<Record<string, unknown>>(
  isObject,
  (issue) => `Invalid type: Expected Object but received ${issue.received}`,
);

/**
 * A record of string keys to `item` values, as the SDK's `z.record` checks
 * it: an object (not an array) whose every own key but `__proto__` holds a
 * valid item. Unlike `v.record`, keys named `constructor` and `prototype`
 * are checked too, and nothing is copied.
 */
function recordOf<TItem>(
  item: v.GenericSchema<unknown, TItem>,
): v.GenericSchema<unknown, { [key: string]: TItem }> {
  type Output = { [key: string]: TItem };
  return customSchema<Output>({
    type: "record",
    reference: recordOf,
    expects: "Object",
    run(dataset, config) {
      const input = dataset.value;
      if (!isObject(input)) {
        return objectType["~run"]({ value: input }, config) as v.OutputDataset<
          Output,
          v.BaseIssue<unknown>
        >;
      }
      const issues: v.BaseIssue<unknown>[] = [];
      for (const key of Object.keys(input)) {
        if (key === "__proto__") continue;
        const value = input[key];
        const result = item["~run"]({ value }, config);
        if (!result.issues) continue;
        const pathItem: v.ObjectPathItem = {
          type: "object",
          origin: "value",
          input,
          key,
          value,
        };
        for (const issue of result.issues) {
          issues.push({ ...issue, path: [pathItem, ...(issue.path ?? [])] });
        }
        if (config.abortEarly) break;
      }
      const [first, ...rest] = issues;
      return first
        ? { typed: false, value: input, issues: [first, ...rest] }
        : { typed: true, value: input as Output };
    },
  });
}

/**
 * `list` for arrays, else the union of `alternative` and `list`: an issue
 * inside an array keeps its precise path instead of collapsing into one union
 * issue.
 */
function listOr<
  TList extends v.GenericSchema,
  TAlternative extends v.GenericSchema,
>(list: TList, alternative: TAlternative) {
  const either = v.union([alternative, list]);
  return v.lazy((input) => (Array.isArray(input) ? list : either));
}

/** A string that starts with `prefix`, typed as the template literal. */
function prefixed<const TPrefix extends string>(prefix: TPrefix) {
  return v.custom<`${TPrefix}${string}`>(
    (input) => typeof input === "string" && input.startsWith(prefix),
    (issue) =>
      `Invalid type: Expected string starting with "${prefix}" but received ${issue.received}`,
  );
}

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

function buildSchemas() {
  const jsonValue = v.custom<JsonValue>(
    isJsonValue,
    (issue) =>
      `Invalid type: Expected JSON value but received ${issue.received}`,
  );
  const jsonObject = recordOf(jsonValue);
  const providerOptions = recordOf(jsonObject);
  const optionalProviderOptions = v.exactOptional(providerOptions);
  const providerReference = recordOf(v.string());
  const optionalString = v.exactOptional(v.string());
  const optionalBoolean = v.exactOptional(v.boolean());
  const absent = v.exactOptional(v.never());

  // --- model message content parts ------------------------------------------

  const textPart = looseObject({
    type: v.literal("text"),
    text: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const imagePart = looseObject({
    type: v.literal("image"),
    image: v.union([v.string(), providerReference]),
    mediaType: optionalString,
    providerOptions: optionalProviderOptions,
  });
  const fileDataData = looseObject({
    type: v.literal("data"),
    data: v.string(),
  });
  const fileData = variant("type", [
    fileDataData,
    looseObject({
      type: v.literal("reference"),
      reference: providerReference,
    }),
    looseObject({ type: v.literal("text"), text: v.string() }),
  ]);
  const filePart = looseObject({
    type: v.literal("file"),
    // A provider reference is any object of strings, so `{ type: "url", url }`
    // passes as one (as in the SDK, where the tagged URL form needs a `URL`).
    data: v.union([v.string(), fileData, providerReference]),
    filename: optionalString,
    mediaType: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const reasoningPart = looseObject({
    type: v.literal("reasoning"),
    text: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const reasoningFilePart = looseObject({
    type: v.literal("reasoning-file"),
    data: v.union([v.string(), fileDataData]),
    mediaType: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const customPart = looseObject({
    type: v.literal("custom"),
    kind: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const toolCallPart = looseObject({
    type: v.literal("tool-call"),
    toolCallId: v.string(),
    toolName: v.string(),
    input: v.unknown(),
    providerOptions: optionalProviderOptions,
    providerExecuted: optionalBoolean,
  });

  const fileId = v.union([v.string(), providerReference]);
  const contentItem = variant("type", [
    looseObject({
      type: v.literal("text"),
      text: v.string(),
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("file"),
      data: fileData,
      mediaType: v.string(),
      filename: optionalString,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("file-data"),
      data: v.string(),
      mediaType: v.string(),
      filename: optionalString,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("file-url"),
      url: v.string(),
      mediaType: optionalString,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("file-id"),
      fileId,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("file-reference"),
      providerReference,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("image-data"),
      data: v.string(),
      mediaType: v.string(),
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("image-url"),
      url: v.string(),
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("image-file-id"),
      fileId,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("image-file-reference"),
      providerReference,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("custom"),
      providerOptions: optionalProviderOptions,
    }),
  ]);
  const toolResultOutput = variant("type", [
    looseObject({
      type: v.literal("text"),
      value: v.string(),
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("json"),
      value: jsonValue,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("execution-denied"),
      reason: optionalString,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("error-text"),
      value: v.string(),
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("error-json"),
      value: jsonValue,
      providerOptions: optionalProviderOptions,
    }),
    looseObject({
      type: v.literal("content"),
      value: v.array(contentItem),
    }),
  ]);
  const toolResultPart = looseObject({
    type: v.literal("tool-result"),
    toolCallId: v.string(),
    toolName: v.string(),
    output: toolResultOutput,
    providerOptions: optionalProviderOptions,
  });
  const toolApprovalRequest = looseObject({
    type: v.literal("tool-approval-request"),
    approvalId: v.string(),
    toolCallId: v.string(),
    reason: optionalString,
    isAutomatic: optionalBoolean,
    signature: optionalString,
    inputSchemaInput: v.exactOptional(v.unknown()),
  });
  const toolApprovalResponse = looseObject({
    type: v.literal("tool-approval-response"),
    approvalId: v.string(),
    approved: v.boolean(),
    reason: optionalString,
    providerExecuted: optionalBoolean,
  });

  const userPart = variant("type", [textPart, imagePart, filePart]);
  const assistantPart = variant("type", [
    textPart,
    customPart,
    filePart,
    reasoningPart,
    reasoningFilePart,
    toolCallPart,
    toolResultPart,
    toolApprovalRequest,
  ]);
  const toolPart = variant("type", [toolResultPart, toolApprovalResponse]);

  // --- model messages -----------------------------------------------------------

  const systemMessage = looseObject({
    role: v.literal("system"),
    content: v.string(),
    providerOptions: optionalProviderOptions,
  });
  const userMessage = looseObject({
    role: v.literal("user"),
    content: listOr(v.array(userPart), v.string()),
    providerOptions: optionalProviderOptions,
  });
  const assistantMessage = looseObject({
    role: v.literal("assistant"),
    content: listOr(v.array(assistantPart), v.string()),
    providerOptions: optionalProviderOptions,
  });
  const toolMessage = looseObject({
    role: v.literal("tool"),
    content: v.array(toolPart),
    providerOptions: optionalProviderOptions,
  });
  const modelMessage = variant("role", [
    systemMessage,
    userMessage,
    assistantMessage,
    toolMessage,
  ]);

  // --- UI message parts ---------------------------------------------------------

  const providerMetadata = optionalProviderOptions;
  const nonNegativeInteger = v.exactOptional(
    v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  );
  const citation = looseObject({
    source: variant("sourceType", [
      looseObject({
        type: v.literal("source"),
        sourceType: v.literal("url"),
        id: v.string(),
        url: v.string(),
        title: optionalString,
        providerMetadata,
      }),
      looseObject({
        type: v.literal("source"),
        sourceType: v.literal("document"),
        id: v.string(),
        mediaType: v.string(),
        title: v.string(),
        filename: optionalString,
        providerMetadata,
      }),
    ]),
    startIndex: nonNegativeInteger,
    endIndex: nonNegativeInteger,
    citedText: optionalString,
  });
  const streamingState = v.exactOptional(v.picklist(["streaming", "done"]));
  const fileUIPart = looseObject({
    type: v.literal("file"),
    mediaType: v.string(),
    filename: optionalString,
    url: v.string(),
    providerReference: v.exactOptional(providerReference),
    providerMetadata,
  });
  const staticPart = variant("type", [
    looseObject({
      type: v.literal("text"),
      text: v.string(),
      citations: v.exactOptional(v.array(citation)),
      state: streamingState,
      providerMetadata,
    }),
    looseObject({
      type: v.literal("reasoning"),
      id: optionalString,
      text: v.string(),
      state: streamingState,
      providerMetadata,
    }),
    looseObject({
      type: v.literal("custom"),
      kind: v.string(),
      providerMetadata,
    }),
    looseObject({
      type: v.literal("source-url"),
      sourceId: v.string(),
      url: v.string(),
      title: optionalString,
      providerMetadata,
    }),
    looseObject({
      type: v.literal("source-document"),
      sourceId: v.string(),
      mediaType: v.string(),
      title: v.string(),
      filename: optionalString,
      providerMetadata,
    }),
    fileUIPart,
    looseObject({
      type: v.literal("reasoning-file"),
      mediaType: v.string(),
      url: v.string(),
      providerMetadata,
    }),
    looseObject({
      type: v.literal("steering-message"),
      id: v.string(),
      parts: v.array(
        variant("type", [
          looseObject({
            type: v.literal("text"),
            text: v.string(),
            providerMetadata,
          }),
          fileUIPart,
        ]),
      ),
    }),
    looseObject({ type: v.literal("step-start") }),
  ]);
  const dataPart = looseObject({
    type: prefixed("data-"),
    id: optionalString,
    data: v.unknown(),
  });

  const approvalFields = {
    id: v.string(),
    descriptor: v.exactOptional(v.unknown()),
    requestReason: optionalString,
    isAutomatic: optionalBoolean,
    signature: optionalString,
    inputSchemaInput: v.exactOptional(v.unknown()),
  };
  const approvalRequested = looseObject({
    ...approvalFields,
    approved: absent,
    reason: absent,
  });
  const approvalResponded = looseObject({
    ...approvalFields,
    approved: v.boolean(),
    reason: optionalString,
  });
  const approvalGranted = looseObject({
    ...approvalFields,
    approved: v.literal(true),
    reason: optionalString,
  });
  const approvalDenied = looseObject({
    ...approvalFields,
    approved: v.literal(false),
    reason: optionalString,
  });

  /** The seven states of a tool part, each with the given identity keys. */
  const toolStates = <const TEntries extends v.ObjectEntries>(
    identity: TEntries,
  ) => {
    const common = {
      ...identity,
      toolCallId: v.string(),
      title: optionalString,
      toolMetadata: v.exactOptional(jsonObject),
      providerExecuted: optionalBoolean,
      callProviderMetadata: providerMetadata,
    };
    return variant("state", [
      looseObject({
        ...common,
        state: v.literal("input-streaming"),
        input: v.exactOptional(v.unknown()),
        rawInput: optionalString,
        inputEncoding: v.exactOptional(v.picklist(["json", "text"])),
        output: absent,
        errorText: absent,
        approval: absent,
      }),
      looseObject({
        ...common,
        state: v.literal("input-available"),
        input: v.unknown(),
        output: absent,
        errorText: absent,
        approval: absent,
      }),
      looseObject({
        ...common,
        state: v.literal("approval-requested"),
        input: v.unknown(),
        output: absent,
        errorText: absent,
        approval: approvalRequested,
      }),
      looseObject({
        ...common,
        state: v.literal("approval-responded"),
        input: v.unknown(),
        output: absent,
        errorText: absent,
        approval: approvalResponded,
      }),
      looseObject({
        ...common,
        state: v.literal("output-available"),
        input: v.unknown(),
        output: v.unknown(),
        errorText: absent,
        resultProviderMetadata: providerMetadata,
        preliminary: optionalBoolean,
        approval: v.exactOptional(approvalGranted),
      }),
      looseObject({
        ...common,
        state: v.literal("output-error"),
        input: v.exactOptional(v.unknown()),
        rawInput: v.exactOptional(v.unknown()),
        output: absent,
        errorText: v.string(),
        resultProviderMetadata: providerMetadata,
        approval: v.exactOptional(approvalGranted),
      }),
      looseObject({
        ...common,
        state: v.literal("output-denied"),
        input: v.unknown(),
        output: absent,
        errorText: absent,
        approval: approvalDenied,
      }),
    ]);
  };
  const toolUIPart = toolStates({ type: prefixed("tool-") });
  const dynamicToolUIPart = toolStates({
    type: v.literal("dynamic-tool"),
    dynamic: v.exactOptional(v.literal(false)),
    toolName: v.string(),
  });

  // Like the SDK, choose the part schema by the `type` prefix first.
  const uiPart = v.lazy((input) => {
    const type = isObject(input) ? input.type : undefined;
    if (typeof type === "string") {
      if (type.startsWith("data-")) return dataPart;
      if (type.startsWith("tool-")) return toolUIPart;
      if (type === "dynamic-tool") return dynamicToolUIPart;
    }
    return staticPart;
  });

  const uiMessage = v.pipe(
    looseObject({
      id: v.string(),
      role: v.picklist(["system", "user", "assistant"]),
      metadata: v.exactOptional(v.unknown()),
      parts: v.array(uiPart),
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const { role, parts } = dataset.value;
      if (role !== "assistant" && parts.length === 0) {
        addIssue({
          message: `Invalid length: A ${role} message needs at least 1 part`,
          expected: ">=1",
          received: "0",
          path: [{
            type: "object",
            origin: "value",
            input: dataset.value,
            key: "parts",
            value: parts,
          }],
        });
      }
    }),
  );

  return {
    modelMessage,
    userPart,
    assistantPart,
    toolPart,
    toolResultOutput,
    uiMessage,
    uiPart,
  };
}

const schemas = buildSchemas();

/**
 * Validates one AI SDK `ModelMessage` (`system`, `user`, `assistant` or
 * `tool`), as the `ai` package's `modelMessageSchema` does for JSON values.
 * Unknown keys are kept; a valid input is returned unchanged.
 *
 * @example Validate a message
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkModelMessageSchema, {
 *   role: "user",
 *   content: [{ type: "text", text: "Hello" }],
 * });
 * ```
 */
export const AiSdkModelMessageSchema: v.GenericSchema<
  unknown,
  AiSdkModelMessage
> = keepInput(schemas.modelMessage);

/** Validates one content part of a `user` model message. */
export const AiSdkUserContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkUserContentPart
> = keepInput(schemas.userPart);

/** Validates one content part of an `assistant` model message. */
export const AiSdkAssistantContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkAssistantContentPart
> = keepInput(schemas.assistantPart);

/** Validates one content part of a `tool` model message. */
export const AiSdkToolContentPartSchema: v.GenericSchema<
  unknown,
  AiSdkToolContentPart
> = keepInput(schemas.toolPart);

/** Validates the `output` of a tool result. */
export const AiSdkToolResultOutputSchema: v.GenericSchema<
  unknown,
  AiSdkToolResultOutput
> = keepInput(schemas.toolResultOutput);

/**
 * Validates one AI SDK `UIMessage`, as the `ai` package's
 * `validateUIMessages` does for a JSON value (without tool, data or metadata
 * schemas): `id`, `role`, optional `metadata` and the parts, where `tool-*`
 * and `data-*` parts are recognised by their prefix. A `system` or `user`
 * message needs at least one part. Unknown keys are kept; a valid input is
 * returned unchanged.
 *
 * @example Validate a message
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(AiSdkUIMessageSchema, {
 *   id: "msg-1",
 *   role: "user",
 *   parts: [{ type: "text", text: "Hello" }],
 * });
 * ```
 */
export const AiSdkUIMessageSchema: v.GenericSchema<unknown, AiSdkUIMessage> =
  keepInput(schemas.uiMessage);

/** Validates one part of a UI message. */
export const AiSdkUIMessagePartSchema: v.GenericSchema<
  unknown,
  AiSdkUIMessagePart
> = keepInput(schemas.uiPart);

// ---------------------------------------------------------------------------
// Role and text
// ---------------------------------------------------------------------------

/**
 * The role stored for an AI SDK model message: `system` → `"system"`,
 * `user` → `"user"`, `assistant` → `"model"`, `tool` → `"tool"`.
 *
 * @example Role of an assistant message
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * assert.equal(aiSdkModelMessageRole({ role: "assistant", content: "Hi" }), "model");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkModelMessageSchema}.
 * @returns The message's role.
 */
export function aiSdkModelMessageRole(message: AiSdkModelMessage): Role {
  switch (message.role) {
    case "user":
      return "user";
    case "assistant":
      return "model";
    case "tool":
      return "tool";
    default:
      return "system";
  }
}

/**
 * The role stored for an AI SDK UI message: `system` → `"system"`, `user` →
 * `"user"`, `assistant` → `"model"`.
 *
 * @example Role of a user message
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * assert.equal(aiSdkUIMessageRole({ id: "1", role: "user", parts: [] }), "user");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkUIMessageSchema}.
 * @returns The message's role.
 */
export function aiSdkUIMessageRole(message: AiSdkUIMessage): Role {
  switch (message.role) {
    case "user":
      return "user";
    case "assistant":
      return "model";
    default:
      return "system";
  }
}

const MAX_TEXT_DEPTH = 64;

function pushText(value: unknown, out: string[]): void {
  if (typeof value === "string" && value.length > 0) out.push(value);
}

/** Collects the non-empty string leaves of a JSON value, in order. */
function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === "string") pushText(value, out);
  else if (depth < MAX_TEXT_DEPTH && typeof value === "object" && value) {
    for (const item of Object.values(value)) {
      collectStrings(item, out, depth + 1);
    }
  }
}

/** The searchable text of a tool result's output. */
function pushOutputText(output: AiSdkToolResultOutput, out: string[]): void {
  switch (output.type) {
    case "text":
      pushText(output.value, out);
      break;
    case "json":
      collectStrings(output.value, out, 0);
      break;
    case "content":
      for (const item of output.value) {
        if (item.type === "text") pushText(item.text, out);
      }
      break;
  }
}

/**
 * The searchable text of an AI SDK model message: the text of user and
 * assistant messages (string content and `text` parts) and tool results
 * (`text` outputs, the string leaves of `json` outputs, and the text items of
 * `content` outputs). System prompts, reasoning, tool inputs, errors, denials
 * and files are left out. Pieces are joined with `"\n"`.
 *
 * @example Text of a tool message
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * const text = aiSdkModelMessageText({
 *   role: "tool",
 *   content: [{
 *     type: "tool-result",
 *     toolCallId: "call-1",
 *     toolName: "weather",
 *     output: { type: "json", value: { summary: "Sunny, 24°C" } },
 *   }],
 * });
 * assert.equal(text, "Sunny, 24°C");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkModelMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function aiSdkModelMessageText(message: AiSdkModelMessage): string {
  if (message.role === "system") return "";
  const out: string[] = [];
  const content = message.content;
  if (typeof content === "string") pushText(content, out);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === "text") pushText(part.text, out);
      else if (part.type === "tool-result") pushOutputText(part.output, out);
    }
  }
  return out.join("\n");
}

/**
 * The searchable text of an AI SDK UI message: its `text` parts and the text
 * parts of its steering messages, joined with `"\n"`. Reasoning, tool calls,
 * sources, files and data parts are left out.
 *
 * @example Text of an assistant message
 * ```ts ignore
 * import assert from "node:assert/strict";
 *
 * const text = aiSdkUIMessageText({
 *   id: "msg-2",
 *   role: "assistant",
 *   parts: [{ type: "step-start" }, { type: "text", text: "Hello!" }],
 * });
 * assert.equal(text, "Hello!");
 * ```
 *
 * @param message A message that passed {@linkcode AiSdkUIMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function aiSdkUIMessageText(message: AiSdkUIMessage): string {
  const out: string[] = [];
  for (const part of message.parts) {
    if (part.type === "text") pushText(part.text, out);
    else if (part.type === "steering-message") {
      for (const item of part.parts) {
        if (item.type === "text") pushText(item.text, out);
      }
    }
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/**
 * The AI SDK `ModelMessage` format (name `"ai-sdk-model-message"`, version
 * `"7"`, the major version of the `ai` package it follows):
 * {@linkcode AiSdkModelMessageSchema}, {@linkcode aiSdkModelMessageRole} and
 * {@linkcode aiSdkModelMessageText}.
 *
 * @example Check a message and get its role
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(aiSdkModelMessageFormat.schema, value);
 * const role = aiSdkModelMessageFormat.roleOf(message);
 * ```
 */
export const aiSdkModelMessageFormat: MessageFormat<AiSdkModelMessage> =
  defineFormat({
    name: "ai-sdk-model-message",
    version: "7",
    schema: AiSdkModelMessageSchema,
    roleOf: aiSdkModelMessageRole,
    textOf: aiSdkModelMessageText,
  });

/**
 * The AI SDK `UIMessage` format (name `"ai-sdk-ui-message"`, version `"7"`,
 * the major version of the `ai` package it follows):
 * {@linkcode AiSdkUIMessageSchema}, {@linkcode aiSdkUIMessageRole} and
 * {@linkcode aiSdkUIMessageText}.
 *
 * @example Check a message and get its role
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(aiSdkUIMessageFormat.schema, value);
 * const role = aiSdkUIMessageFormat.roleOf(message);
 * ```
 */
export const aiSdkUIMessageFormat: MessageFormat<AiSdkUIMessage> = defineFormat(
  {
    name: "ai-sdk-ui-message",
    version: "7",
    schema: AiSdkUIMessageSchema,
    roleOf: aiSdkUIMessageRole,
    textOf: aiSdkUIMessageText,
  },
);

// ---------------------------------------------------------------------------
// Compile-time check: the handwritten types equal the schemas' output
// ---------------------------------------------------------------------------

type MutuallyAssignable<A, B> = [A] extends [B]
  ? ([B] extends [A] ? true : false)
  : false;
type Expect<T extends true> = T;
type Output<K extends keyof typeof schemas> = v.InferOutput<
  (typeof schemas)[K]
>;

type _TypesMatchSchemas = [
  Expect<MutuallyAssignable<Output<"modelMessage">, AiSdkModelMessage>>,
  Expect<MutuallyAssignable<Output<"userPart">, AiSdkUserContentPart>>,
  Expect<
    MutuallyAssignable<Output<"assistantPart">, AiSdkAssistantContentPart>
  >,
  Expect<MutuallyAssignable<Output<"toolPart">, AiSdkToolContentPart>>,
  Expect<MutuallyAssignable<Output<"toolResultOutput">, AiSdkToolResultOutput>>,
  Expect<MutuallyAssignable<Output<"uiMessage">, AiSdkUIMessage>>,
  Expect<MutuallyAssignable<Output<"uiPart">, AiSdkUIMessagePart>>,
];
