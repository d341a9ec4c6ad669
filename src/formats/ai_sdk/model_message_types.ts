/**
 * The AI SDK `ModelMessage` types: the four messages (`system`, `user`,
 * `assistant`, `tool`) and their content parts. Written by hand so they read
 * well and publish without slow types; `../ai_sdk.ts` checks that they equal
 * the schemas' inferred output.
 *
 * @module
 */
import type { JsonValue } from "../../json.ts";
import type { AiSdkProviderOptions, AiSdkProviderReference } from "./shared.ts";

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
