/**
 * The AI SDK `ModelMessage` tool parts: a tool call, a tool result with its
 * output and content items, and a tool approval's request and response.
 * They declare what the SDK declares, like the rest of the `ModelMessage`
 * types (see `model_message_types.ts`).
 *
 * @module
 */
import type {
  AiSdkJsonValue,
  AiSdkProviderOptions,
  AiSdkProviderReference,
} from "./shared.ts";
import type { AiSdkFileData } from "./model_content_types.ts";

/**
 * A `tool-call` content part: the model calling a tool.
 *
 * @example The model calling a tool
 * ```ts
 * import { type AiSdkToolCallPart, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: AiSdkToolCallPart = {
 *   type: "tool-call",
 *   toolCallId: "call_1",
 *   toolName: "getWeather",
 *   input: { city: "Paris" },
 * };
 * assert(v.is(AiSdkAssistantContentPartSchema, call));
 * ```
 */
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
}

/**
 * One item of a `content` tool-result output.
 *
 * @example A tool result with text and an image
 * ```ts
 * import { type AiSdkToolResultContentItem, AiSdkToolResultOutputSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const items: AiSdkToolResultContentItem[] = [
 *   { type: "text", text: "Here is the chart:" },
 *   { type: "image-url", url: "https://example.com/chart.png" },
 * ];
 * assert(v.is(AiSdkToolResultOutputSchema, { type: "content", value: items }));
 * ```
 */
export type AiSdkToolResultContentItem =
  | {
    type: "text";
    text: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "file";
    data: AiSdkFileData;
    mediaType: string;
    filename?: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "file-data";
    data: string;
    mediaType: string;
    filename?: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "file-url";
    url: string;
    mediaType?: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "file-id";
    fileId: string | AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "file-reference";
    providerReference: AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "image-data";
    data: string;
    mediaType: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "image-url";
    url: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "image-file-id";
    fileId: string | AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "image-file-reference";
    providerReference: AiSdkProviderReference;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "custom";
    providerOptions?: AiSdkProviderOptions;
  };

/**
 * The `output` of a tool result, discriminated by `type`.
 *
 * @example Tool outputs: JSON, text, errors, denial
 * ```ts
 * import { type AiSdkToolResultOutput, AiSdkToolResultOutputSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const outputs: AiSdkToolResultOutput[] = [
 *   { type: "json", value: { temperature: 21 } },
 *   { type: "text", value: "21 °C" },
 *   { type: "error-text", value: "City not found" },
 *   { type: "execution-denied", reason: "The user said no" },
 * ];
 * assert(outputs.every((output) => v.is(AiSdkToolResultOutputSchema, output)));
 * ```
 */
export type AiSdkToolResultOutput =
  | {
    type: "text";
    value: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "json";
    value: AiSdkJsonValue;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "execution-denied";
    reason?: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "error-text";
    value: string;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "error-json";
    value: AiSdkJsonValue;
    providerOptions?: AiSdkProviderOptions;
  }
  | {
    type: "content";
    value: AiSdkToolResultContentItem[];
  };

/**
 * A `tool-result` content part: a tool's result.
 *
 * @example A tool's result, sent back to the model
 * ```ts
 * import { type AiSdkToolResultPart, AiSdkToolContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const result: AiSdkToolResultPart = {
 *   type: "tool-result",
 *   toolCallId: "call_1",
 *   toolName: "getWeather",
 *   output: { type: "json", value: { temperature: 21 } },
 * };
 * assert(v.is(AiSdkToolContentPartSchema, result));
 * ```
 */
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
}

/**
 * A `tool-approval-request` content part: a tool call awaiting approval.
 *
 * @example The model asks before running a tool
 * ```ts
 * import { type AiSdkToolApprovalRequest, AiSdkAssistantContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const request: AiSdkToolApprovalRequest = {
 *   type: "tool-approval-request",
 *   approvalId: "approval_1",
 *   toolCallId: "call_1",
 * };
 * assert(v.is(AiSdkAssistantContentPartSchema, request));
 * ```
 */
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
}

/**
 * A `tool-approval-response` content part: the user's decision.
 *
 * `providerExecuted` is type-checked here as the SDK's TypeScript type
 * declares it; the SDK's runtime schema does not check it (the one place
 * where this schema is stricter than the SDK's).
 *
 * @example The user's answer to an approval request
 * ```ts
 * import { type AiSdkToolApprovalResponse, AiSdkToolContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const answer: AiSdkToolApprovalResponse = {
 *   type: "tool-approval-response",
 *   approvalId: "approval_1",
 *   approved: false,
 *   reason: "Not on a weekend",
 * };
 * assert(v.is(AiSdkToolContentPartSchema, answer));
 * ```
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
}
