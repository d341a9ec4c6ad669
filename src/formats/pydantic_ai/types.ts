/**
 * The Pydantic AI messages, `ModelRequest` and `ModelResponse`, and the enums
 * they carry. Their parts are in `request_parts.ts` and `response_parts.ts`,
 * what the parts share in `part_fields.ts`. Written by hand so they read
 * well and publish without slow types; `../pydantic_ai.ts` checks that they
 * equal the schemas' inferred output.
 *
 * @module
 */
import type { JsonObject } from "../../json.ts";
import type { PydanticDateTime, RequestUsage } from "./content_types.ts";
import type { ModelRequestPart } from "./request_parts.ts";
import type { ModelResponsePart } from "./response_parts.ts";

/**
 * `ModelResponse.finish_reason`, normalised across providers.
 *
 * @example Why the model stopped
 * ```ts
 * import { type FinishReason, type ModelResponse, ModelResponseSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const reason: FinishReason = "length";
 * const response: ModelResponse = { kind: "response", parts: [], finish_reason: reason };
 * assert(v.is(ModelResponseSchema, response));
 * assert(!v.is(ModelResponseSchema, { ...response, finish_reason: "bored" }));
 * ```
 */
export type FinishReason =
  | "stop"
  | "length"
  | "content_filter"
  | "tool_call"
  | "error";

/**
 * `ModelRequest.state`.
 *
 * @example A request cut short
 * ```ts
 * import { type ModelRequest, type ModelRequestState, ModelRequestSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const state: ModelRequestState = "interrupted";
 * const request: ModelRequest = { kind: "request", parts: [], state };
 * assert(v.is(ModelRequestSchema, request));
 * ```
 */
export type ModelRequestState = "complete" | "interrupted";

/**
 * `ModelResponse.state`.
 *
 * @example A response still being streamed
 * ```ts
 * import { type ModelResponse, type ModelResponseState, ModelResponseSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const state: ModelResponseState = "incomplete";
 * const response: ModelResponse = { kind: "response", parts: [{ part_kind: "text", content: "Hel" }], state };
 * assert(v.is(ModelResponseSchema, response));
 * ```
 */
export type ModelResponseState =
  | "complete"
  | "incomplete"
  | "suspended"
  | "interrupted";

/**
 * A message sent to the model (`kind: "request"`).
 *
 * @example A request: system prompt and user prompt
 * ```ts
 * import { type ModelRequest, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const request: ModelRequest = {
 *   kind: "request",
 *   parts: [
 *     { part_kind: "system-prompt", content: "Be brief." },
 *     { part_kind: "user-prompt", content: "Hi" },
 *   ],
 *   instructions: "Answer in English.",
 * };
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [request]);
 * assert.deepEqual(await history.getMessages(id), [request]);
 * ```
 */
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

/**
 * A message from the model (`kind: "response"`).
 *
 * @example A response with usage
 * ```ts
 * import { type ModelResponse, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const response: ModelResponse = {
 *   kind: "response",
 *   parts: [{ part_kind: "text", content: "Hello!" }],
 *   usage: { input_tokens: 10, output_tokens: 2 },
 *   model_name: "gpt-5",
 *   finish_reason: "stop",
 * };
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [response]);
 * assert.equal((await history.getUsage({ sessionId: id })).totalTokens, 12);
 * ```
 */
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

/**
 * One Pydantic AI message: a request or a response.
 *
 * @example Tell requests from responses
 * ```ts
 * import { type ModelMessage } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const messages: ModelMessage[] = [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
 * ];
 * const answers = messages.filter((m) => m.kind === "response");
 * assert.equal(answers.length, 1);
 * ```
 */
export type ModelMessage = ModelRequest | ModelResponse;
