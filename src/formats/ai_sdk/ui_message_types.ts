/**
 * The AI SDK `UIMessage` types: the message and its parts, with the states
 * of a tool part. Written by hand so they read well and publish without slow
 * types; `../ai_sdk.ts` checks that they equal the schemas' inferred output.
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";
import type {
  AiSdkProviderMetadata,
  AiSdkProviderReference,
} from "./shared.ts";

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
