/**
 * The AI SDK `UIMessage` tool parts: a static or dynamic tool part in each of
 * its states (input streaming or available, approval requested or responded,
 * output available, error or denied) and the approval it carries. They
 * declare what the SDK declares, like the rest of the `UIMessage` types (see
 * `ui_message_types.ts`).
 *
 * @module
 */
import type { AiSdkJsonObject, AiSdkProviderMetadata } from "./shared.ts";

/**
 * The fields every tool approval of a UI tool part has.
 *
 * @example Read why approval was asked
 * ```ts
 * import { type AiSdkToolApprovalFields } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const why = (approval: AiSdkToolApprovalFields): string => approval.requestReason ?? "no reason given";
 * assert.equal(why({ id: "a1", requestReason: "It sends an email" }), "It sends an email");
 * ```
 */
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
}

/**
 * An approval that is requested and not yet answered.
 *
 * @example Approval asked, not yet answered
 * ```ts
 * import { type AiSdkToolApprovalRequested, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const approval: AiSdkToolApprovalRequested = { id: "approval-1" };
 * const part: AiSdkToolUIPart = {
 *   type: "tool-sendEmail",
 *   toolCallId: "c1",
 *   state: "approval-requested",
 *   input: { to: "ada@example.com" },
 *   approval,
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkToolApprovalRequested extends AiSdkToolApprovalFields {
  /** Absent until answered. */
  approved?: never;
  /** Absent until answered. */
  reason?: never;
}

/**
 * An answered approval.
 *
 * @example The user's answer, either way
 * ```ts
 * import { type AiSdkToolApprovalResponded } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const answer: AiSdkToolApprovalResponded = { id: "approval-1", approved: false, reason: "Wrong address" };
 * assert.equal(answer.approved ? "run" : `skip: ${answer.reason}`, "skip: Wrong address");
 * ```
 */
export interface AiSdkToolApprovalResponded extends AiSdkToolApprovalFields {
  /** The decision. */
  approved: boolean;
  /** Why it was approved or denied. */
  reason?: string;
}

/**
 * An approval that was granted.
 *
 * @example A tool that ran after approval
 * ```ts
 * import { type AiSdkToolApprovalGranted, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const approval: AiSdkToolApprovalGranted = { id: "approval-1", approved: true };
 * const part: AiSdkToolUIPart = {
 *   type: "tool-sendEmail",
 *   toolCallId: "c1",
 *   state: "output-available",
 *   input: { to: "ada@example.com" },
 *   output: { sent: true },
 *   approval,
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkToolApprovalGranted extends AiSdkToolApprovalResponded {
  /** Granted. */
  approved: true;
}

/**
 * An approval that was denied.
 *
 * @example A tool the user did not allow
 * ```ts
 * import { type AiSdkToolApprovalDenied, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const approval: AiSdkToolApprovalDenied = { id: "approval-1", approved: false, reason: "Not now" };
 * const part: AiSdkToolUIPart = { type: "tool-sendEmail", toolCallId: "c1", state: "output-denied", input: {}, approval };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkToolApprovalDenied extends AiSdkToolApprovalResponded {
  /** Denied. */
  approved: false;
}

/**
 * The fields every UI tool part has, whatever its state.
 *
 * @example Read the call id of any tool part
 * ```ts
 * import { type AiSdkToolInvocationFields, type AiSdkToolUIPart } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const callId = (part: AiSdkToolInvocationFields): string => part.toolCallId;
 * const part: AiSdkToolUIPart = { type: "tool-search", toolCallId: "c9", state: "input-available", input: { q: "x" } };
 * assert.equal(callId(part), "c9");
 * ```
 */
export interface AiSdkToolInvocationFields {
  /** The tool call's id. */
  toolCallId: string;
  /** A display title for the tool. */
  title?: string;
  /** Application metadata of the tool. */
  toolMetadata?: AiSdkJsonObject;
  /** Whether the provider runs the tool. */
  providerExecuted?: boolean;
  /** Provider metadata of the call. */
  callProviderMetadata?: AiSdkProviderMetadata;
}

/**
 * A tool call whose input is still streaming.
 *
 * @example A tool call whose input is still arriving
 * ```ts
 * import { type AiSdkToolInputStreaming } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const call: AiSdkToolInputStreaming = { toolCallId: "c1", state: "input-streaming", input: { city: "Par" } };
 * assert.equal(call.state, "input-streaming");
 * ```
 */
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

/**
 * A tool call whose input is complete.
 *
 * @example A tool call ready to run
 * ```ts
 * import { type AiSdkToolInputAvailable, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: AiSdkToolInputAvailable = { toolCallId: "c1", state: "input-available", input: { city: "Paris" } };
 * const part: AiSdkToolUIPart = { type: "tool-getWeather", ...call };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
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

/**
 * A tool call waiting for the user's approval.
 *
 * @example Waiting for the user to approve
 * ```ts
 * import { type AiSdkToolApprovalRequestedState } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const call: AiSdkToolApprovalRequestedState = {
 *   toolCallId: "c1",
 *   state: "approval-requested",
 *   input: { amount: 100 },
 *   approval: { id: "approval-1" },
 * };
 * assert.equal(call.approval.id, "approval-1");
 * ```
 */
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

/**
 * A tool call whose approval was answered.
 *
 * @example The user answered; the tool has not run yet
 * ```ts
 * import { type AiSdkToolApprovalRespondedState } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const call: AiSdkToolApprovalRespondedState = {
 *   toolCallId: "c1",
 *   state: "approval-responded",
 *   input: { amount: 100 },
 *   approval: { id: "approval-1", approved: true },
 * };
 * assert.equal(call.approval.approved, true);
 * ```
 */
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

/**
 * A tool call with its output.
 *
 * @example A tool that returned
 * ```ts
 * import { type AiSdkToolOutputAvailable, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: AiSdkToolOutputAvailable = {
 *   toolCallId: "c1",
 *   state: "output-available",
 *   input: { city: "Paris" },
 *   output: { temp: 21 },
 * };
 * const part: AiSdkToolUIPart = { type: "tool-getWeather", ...call };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
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

/**
 * A tool call that failed.
 *
 * @example A tool that failed
 * ```ts
 * import { type AiSdkToolOutputError, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const call: AiSdkToolOutputError = {
 *   toolCallId: "c1",
 *   state: "output-error",
 *   input: { city: "Atlantis" },
 *   errorText: "City not found",
 * };
 * const part: AiSdkToolUIPart = { type: "tool-getWeather", ...call };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export interface AiSdkToolOutputError extends AiSdkToolInvocationFields {
  /** The state. */
  state: "output-error";
  /**
   * The input; the key may be missing when the input never completed (typed
   * as required, as the SDK types it).
   */
  input: unknown;
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

/**
 * A tool call whose approval was denied.
 *
 * @example A tool that never ran: denied
 * ```ts
 * import { type AiSdkToolOutputDenied } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const call: AiSdkToolOutputDenied = {
 *   toolCallId: "c1",
 *   state: "output-denied",
 *   input: {},
 *   approval: { id: "approval-1", approved: false },
 * };
 * assert.equal(call.approval.approved, false);
 * ```
 */
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

/**
 * A UI tool call in one of its states, discriminated by `state`.
 *
 * @example Show a tool call's progress
 * ```ts
 * import { type AiSdkToolInvocation } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const status = (call: AiSdkToolInvocation): string => {
 *   switch (call.state) {
 *     case "output-available":
 *       return `done: ${JSON.stringify(call.output)}`;
 *     case "output-error":
 *       return `failed: ${call.errorText}`;
 *     default:
 *       return call.state;
 *   }
 * };
 * assert.equal(status({ toolCallId: "c", state: "output-error", input: {}, errorText: "boom" }), "failed: boom");
 * assert.equal(status({ toolCallId: "c", state: "input-available", input: {} }), "input-available");
 * ```
 */
export type AiSdkToolInvocation =
  | AiSdkToolInputStreaming
  | AiSdkToolInputAvailable
  | AiSdkToolApprovalRequestedState
  | AiSdkToolApprovalRespondedState
  | AiSdkToolOutputAvailable
  | AiSdkToolOutputError
  | AiSdkToolOutputDenied;

/**
 * The state of a UI tool part.
 *
 * @example Every state a tool part goes through
 * ```ts
 * import { type AiSdkToolState } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const finished: AiSdkToolState[] = ["output-available", "output-error", "output-denied"];
 * const isFinished = (state: AiSdkToolState) => finished.includes(state);
 * assert(isFinished("output-error"));
 * assert(!isFinished("input-streaming"));
 * ```
 */
export type AiSdkToolState = AiSdkToolInvocation["state"];

/**
 * A `tool-*` UI part: a call of a statically known tool.
 *
 * @example A typed tool's part: `tool-<name>`
 * ```ts
 * import { type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkToolUIPart = {
 *   type: "tool-getWeather",
 *   toolCallId: "c1",
 *   state: "output-available",
 *   input: { city: "Paris" },
 *   output: { temp: 21 },
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * assert.equal(part.type.slice("tool-".length), "getWeather");
 * ```
 */
export type AiSdkToolUIPart = AiSdkToolInvocation & {
  /** `tool-` followed by the tool's name. */
  type: `tool-${string}`;
};

/**
 * A `dynamic-tool` UI part: a call of a tool known only at run time.
 *
 * @example A tool known only at run time
 * ```ts
 * import { type AiSdkDynamicToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const part: AiSdkDynamicToolUIPart = {
 *   type: "dynamic-tool",
 *   toolName: "mcp_lookup",
 *   toolCallId: "c1",
 *   state: "input-available",
 *   input: { id: 7 },
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export type AiSdkDynamicToolUIPart = AiSdkToolInvocation & {
  /** The discriminator. */
  type: "dynamic-tool";
  /** The tool's name. */
  toolName: string;
  /** `false` when present. */
  dynamic?: false;
};
