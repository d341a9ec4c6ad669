/**
 * The Pydantic AI message format: valibot schemas for the `ModelMessage` JSON
 * that Pydantic AI writes with `ModelMessagesTypeAdapter.dump_json` (and
 * `AgentRunResult.all_messages_json()`), plus the role and search-text
 * functions the history store needs.
 *
 * The schemas check every known field, require every discriminator (`kind`,
 * `part_kind`, `tool_kind` where it selects a stricter part, and `kind` on
 * user-content objects) and keep unknown keys. They never transform: a value
 * that passes is returned as the very same value. Unknown discriminator and
 * enum values are rejected, as current Pydantic AI does; the `Lenient…`
 * schemas and {@linkcode createPydanticAiFormat} with
 * `unknownValues: "accept"` let them through as opaque values instead.
 *
 * The types, schemas and text functions live in `pydantic_ai/`; this file
 * is their table of contents and builds the exported schemas and formats.
 *
 * @module
 */
import type * as v from "valibot";
import { keepInput } from "./_valibot.ts";
import type { Expect, MutuallyAssignable } from "./_type_check.ts";
import { defineFormat, type MessageFormat } from "./format.ts";
import type {
  ErrorDetails,
  PydanticDateTime,
  RequestUsage,
  UserContent,
} from "./pydantic_ai/content_types.ts";
import { lenientSchemas, strictSchemas } from "./pydantic_ai/schemas.ts";
import { pydanticAiRole, pydanticAiText } from "./pydantic_ai/text.ts";
import type { ModelRequestPart } from "./pydantic_ai/request_parts.ts";
import type { ModelResponsePart } from "./pydantic_ai/response_parts.ts";
import type {
  ModelMessage,
  ModelRequest,
  ModelResponse,
} from "./pydantic_ai/types.ts";

export type {
  AudioUrl,
  BinaryContent,
  BinaryContentFields,
  CachePoint,
  DocumentUrl,
  EmbeddedBinaryContent,
  ErrorDetails,
  FileUrlFields,
  ImageUrl,
  PydanticDateTime,
  RequestUsage,
  TextContent,
  UploadedFile,
  UploadedFileProviderName,
  UserContent,
  VideoUrl,
} from "./pydantic_ai/content_types.ts";
export type {
  CapabilityLoadArgs,
  CapabilityLoadReturnContent,
  ProviderPartFields,
  SpeechPartFields,
  ToolKind,
  ToolReturnFields,
  ToolReturnOutcome,
  ToolSearchArgs,
  ToolSearchReturnContent,
} from "./pydantic_ai/part_fields.ts";
export type {
  CapabilityLoadReturnPart,
  ModelRequestPart,
  PlainToolReturnPart,
  RetryPromptPart,
  SystemPromptPart,
  ToolAvailabilityDeltaPart,
  ToolReturnPart,
  ToolSearchReturnPart,
  UserPromptPart,
  UserSpeechPart,
} from "./pydantic_ai/request_parts.ts";
export type {
  AssistantSpeechPart,
  BuiltinToolCallPart,
  BuiltinToolReturnFields,
  BuiltinToolReturnPart,
  BuiltinToolSearchCallPart,
  BuiltinToolSearchReturnPart,
  CapabilityLoadCallPart,
  CompactionPart,
  FilePart,
  ModelResponsePart,
  PlainBuiltinToolCallPart,
  PlainBuiltinToolReturnPart,
  PlainToolCallPart,
  TextPart,
  ThinkingPart,
  ToolCallFields,
  ToolCallPart,
  ToolSearchCallPart,
} from "./pydantic_ai/response_parts.ts";
export type {
  FinishReason,
  ModelMessage,
  ModelRequest,
  ModelRequestState,
  ModelResponse,
  ModelResponseState,
} from "./pydantic_ai/types.ts";
export { pydanticAiRole, pydanticAiText } from "./pydantic_ai/text.ts";

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

/**
 * Validates one Pydantic AI message (a `ModelRequest` or a `ModelResponse`).
 * Unknown keys are kept; unknown `kind`/`part_kind`/`tool_kind`, user-content
 * kinds and enum values are rejected. A valid input is returned unchanged.
 *
 * @example Validate a message
 * ```ts
 * import { ModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message = v.parse(ModelMessageSchema, {
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: "Hello" }],
 * });
 * assert.equal(message.kind, "request");
 * const result = v.safeParse(ModelMessageSchema, { kind: "request", parts: [{ part_kind: "nope" }] });
 * assert.equal(result.success, false);
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelMessageSchema: v.GenericSchema<unknown, ModelMessage> =
  keepInput(strictSchemas.message);

/**
 * Validates a Pydantic AI message history: a JSON array of messages, as
 * written by `ModelMessagesTypeAdapter.dump_json`. An empty array is valid.
 *
 * @example Validate a parsed `dump_json` text
 * ```ts
 * import { ModelMessagesSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const text = '[{"kind":"request","parts":[{"part_kind":"user-prompt","content":"Hi"}]}]';
 * const history = v.parse(ModelMessagesSchema, JSON.parse(text));
 * assert.equal(history.length, 1);
 * assert(v.is(ModelMessagesSchema, [])); // an empty history is valid
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelMessagesSchema: v.GenericSchema<unknown, ModelMessage[]> =
  keepInput(strictSchemas.messages);

/**
 * Validates a `ModelRequest` (`kind: "request"`).
 *
 * @example Only requests pass
 * ```ts
 * import { ModelRequestSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(ModelRequestSchema, { kind: "request", parts: [] }));
 * assert(!v.is(ModelRequestSchema, { kind: "response", parts: [] }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelRequestSchema: v.GenericSchema<unknown, ModelRequest> =
  keepInput(strictSchemas.request);

/**
 * Validates a `ModelResponse` (`kind: "response"`).
 *
 * @example Only responses pass
 * ```ts
 * import { ModelResponseSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(ModelResponseSchema, { kind: "response", parts: [{ part_kind: "text", content: "Hi" }] }));
 * assert(!v.is(ModelResponseSchema, { kind: "request", parts: [] }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelResponseSchema: v.GenericSchema<unknown, ModelResponse> =
  keepInput(strictSchemas.response);

/**
 * Validates one part of a `ModelRequest`, discriminated by `part_kind`.
 *
 * @example Check one request part
 * ```ts
 * import { ModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(ModelRequestPartSchema, { part_kind: "user-prompt", content: "Hi" }));
 * assert(!v.is(ModelRequestPartSchema, { part_kind: "user-prompt" })); // content is required
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(strictSchemas.requestPart);

/**
 * Validates one part of a `ModelResponse`, discriminated by `part_kind`.
 *
 * @example Check one response part
 * ```ts
 * import { ModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(ModelResponsePartSchema, { part_kind: "tool-call", tool_name: "add", args: { a: 1 } }));
 * assert(!v.is(ModelResponsePartSchema, { part_kind: "user-prompt", content: "Hi" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(strictSchemas.responsePart);

/**
 * Validates one user-content item: a string or an object with a `kind`.
 *
 * @example Check one content item of a prompt
 * ```ts
 * import { UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(UserContentSchema, "plain text"));
 * assert(v.is(UserContentSchema, { kind: "image-url", url: "https://example.com/a.png" }));
 * assert(!v.is(UserContentSchema, { kind: "hologram" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const UserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(strictSchemas.userContent);

/**
 * Validates one error-details item of a retry prompt.
 *
 * @example Check an error of a retry prompt
 * ```ts
 * import { ErrorDetailsSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(ErrorDetailsSchema, { type: "missing", loc: ["city"], msg: "Field required", input: {} }));
 * assert(!v.is(ErrorDetailsSchema, { type: "missing" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const ErrorDetailsSchema: v.GenericSchema<unknown, ErrorDetails> =
  keepInput(strictSchemas.errorDetails);

/**
 * Validates `ModelResponse.usage`; extra keys are kept.
 *
 * @example Check a response's usage
 * ```ts
 * import { RequestUsageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(RequestUsageSchema, { input_tokens: 10, output_tokens: 2, provider_extra: 1 }));
 * assert(!v.is(RequestUsageSchema, { input_tokens: "ten" }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const RequestUsageSchema: v.GenericSchema<unknown, RequestUsage> =
  keepInput(strictSchemas.usage);

/**
 * Validates a datetime as Pydantic accepts it: `YYYY-MM-DD`, optionally with
 * `T`/space and `HH:MM[:SS[.fraction]]` (up to 9 digits) and `Z`/`z`/an
 * offset, with valid calendar values; or a Unix time as a JSON number.
 *
 * @example Datetimes Pydantic accepts
 * ```ts
 * import { PydanticDateTimeSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(PydanticDateTimeSchema, "2026-01-01T12:00:00Z"));
 * assert(v.is(PydanticDateTimeSchema, "2026-01-01 12:00:00.123456789+02:00"));
 * assert(v.is(PydanticDateTimeSchema, 1767268800));
 * assert(!v.is(PydanticDateTimeSchema, "yesterday"));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const PydanticDateTimeSchema: v.GenericSchema<
  unknown,
  PydanticDateTime
> = strictSchemas.dateTime;

/**
 * Like {@linkcode ModelMessageSchema}, but unknown `kind`, `part_kind`,
 * `tool_kind` and user-content kinds, and unknown enum values, pass as opaque
 * values (objects with that discriminator; their other keys are unchecked).
 * Known kinds are still checked in full. For reading histories written by a
 * newer Pydantic AI.
 *
 * The output type is {@linkcode ModelMessage} for convenience, but a value
 * may hold kinds and enum values that type does not list: compare
 * discriminators before relying on a part's fields.
 *
 * @example Read a message from a newer Pydantic AI
 * ```ts
 * import { LenientModelMessageSchema, ModelMessageSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const newer = { kind: "response", parts: [{ part_kind: "hologram", frames: 3 }] };
 * assert(!v.is(ModelMessageSchema, newer));
 * assert(v.is(LenientModelMessageSchema, newer));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelMessageSchema: v.GenericSchema<
  unknown,
  ModelMessage
> = keepInput(lenientSchemas.message);

/**
 * The lenient form of {@linkcode ModelMessagesSchema}.
 *
 * @example A history with a part kind this version does not know
 * ```ts
 * import { LenientModelMessagesSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const history = [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *   { kind: "response", parts: [{ part_kind: "hologram" }] },
 * ];
 * assert(v.is(LenientModelMessagesSchema, history));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelMessagesSchema: v.GenericSchema<
  unknown,
  ModelMessage[]
> = keepInput(lenientSchemas.messages);

/**
 * The lenient form of {@linkcode ModelRequestSchema}.
 *
 * @example An unknown request part kind passes
 * ```ts
 * import { LenientModelRequestSchema, ModelRequestSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const request = { kind: "request", parts: [{ part_kind: "telepathy" }] };
 * assert(!v.is(ModelRequestSchema, request));
 * assert(v.is(LenientModelRequestSchema, request));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelRequestSchema: v.GenericSchema<
  unknown,
  ModelRequest
> = keepInput(lenientSchemas.request);

/**
 * The lenient form of {@linkcode ModelResponseSchema}.
 *
 * @example An unknown finish reason passes
 * ```ts
 * import { LenientModelResponseSchema, ModelResponseSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const response = { kind: "response", parts: [], finish_reason: "paused" };
 * assert(!v.is(ModelResponseSchema, response));
 * assert(v.is(LenientModelResponseSchema, response));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelResponseSchema: v.GenericSchema<
  unknown,
  ModelResponse
> = keepInput(lenientSchemas.response);

/**
 * The lenient form of {@linkcode ModelRequestPartSchema}.
 *
 * @example Known kinds are still checked in full
 * ```ts
 * import { LenientModelRequestPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(LenientModelRequestPartSchema, { part_kind: "telepathy", anything: 1 }));
 * assert(!v.is(LenientModelRequestPartSchema, { part_kind: "user-prompt" })); // known: content required
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(lenientSchemas.requestPart);

/**
 * The lenient form of {@linkcode ModelResponsePartSchema}.
 *
 * @example An unknown response part kind passes
 * ```ts
 * import { LenientModelResponsePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * assert(v.is(LenientModelResponsePartSchema, { part_kind: "hologram" }));
 * assert(!v.is(LenientModelResponsePartSchema, { part_kind: "text" })); // known: content required
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(lenientSchemas.responsePart);

/**
 * The lenient form of {@linkcode UserContentSchema}.
 *
 * @example An unknown content kind passes
 * ```ts
 * import { LenientUserContentSchema, UserContentSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const item = { kind: "smell-url", url: "https://example.com/rose" };
 * assert(!v.is(UserContentSchema, item));
 * assert(v.is(LenientUserContentSchema, item));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const LenientUserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(lenientSchemas.userContent);

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/**
 * Options of {@linkcode createPydanticAiFormat}.
 *
 * @example Accept values a newer Pydantic AI may write
 * ```ts
 * import { createPydanticAiFormat, type PydanticAiFormatOptions, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const options: PydanticAiFormatOptions = { unknownValues: "accept" };
 * await using history = await openHistory({ url: ":memory:", format: createPydanticAiFormat(options) });
 * const { id } = await history.getOrCreateSession();
 * // JSON text, as Pydantic AI writes it: the part kind is unknown to this version
 * await history.saveMessages(id, '[{"kind":"response","parts":[{"part_kind":"hologram"}]}]');
 * assert.equal((await history.getMessages(id)).length, 1);
 * ```
 */
export interface PydanticAiFormatOptions {
  /**
   * What to do with discriminator and enum values current Pydantic AI does
   * not know: `"reject"` them, or `"accept"` them as opaque values (see
   * {@linkcode LenientModelMessageSchema}).
   *
   * @default {"reject"}
   */
  unknownValues?: "reject" | "accept";
}

/** Where Pydantic AI keeps token usage in a `ModelResponse`. */
const PYDANTIC_AI_USAGE = {
  inputTokens: "$.usage.input_tokens",
  outputTokens: "$.usage.output_tokens",
  cacheReadTokens: "$.usage.cache_read_tokens",
  cacheWriteTokens: "$.usage.cache_write_tokens",
  model: "$.model_name",
} as const;

/**
 * The Pydantic AI message format (name `"pydantic-ai"`, version `"1"`): the
 * strict {@linkcode ModelMessageSchema}, {@linkcode pydanticAiRole} and
 * {@linkcode pydanticAiText}.
 *
 * @example Check a message and get its role
 * ```ts
 * import { pydanticAiFormat } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const value: unknown = { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] };
 * const message = v.parse(pydanticAiFormat.schema, value);
 * assert.equal(pydanticAiFormat.roleOf(message), "user");
 * assert.equal(pydanticAiFormat.textOf?.(message), "Hi");
 * assert.equal(pydanticAiFormat.name, "pydantic-ai");
 * ```
 */
export const pydanticAiFormat: MessageFormat<ModelMessage> = defineFormat({
  name: "pydantic-ai",
  version: "1",
  schema: ModelMessageSchema,
  roleOf: pydanticAiRole,
  textOf: pydanticAiText,
  usage: PYDANTIC_AI_USAGE,
});

const lenientPydanticAiFormat: MessageFormat<ModelMessage> = defineFormat({
  name: "pydantic-ai",
  version: "1",
  schema: LenientModelMessageSchema,
  roleOf: pydanticAiRole,
  textOf: pydanticAiText,
  usage: PYDANTIC_AI_USAGE,
});

/**
 * Returns the Pydantic AI message format, strict (the default, same as
 * {@linkcode pydanticAiFormat}) or lenient about values a newer Pydantic AI
 * may write. Both have the same name and version, so a session written with
 * one can be read with the other.
 *
 * @example Read histories written by a newer Pydantic AI
 * ```ts
 * import { createPydanticAiFormat, pydanticAiFormat } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const lenient = createPydanticAiFormat({ unknownValues: "accept" });
 * const newer = { kind: "response", parts: [{ part_kind: "hologram" }] };
 * assert(v.is(lenient.schema, newer));
 * assert(!v.is(pydanticAiFormat.schema, newer));
 * assert.equal(lenient.name, pydanticAiFormat.name); // sessions work with both
 * assert.equal(createPydanticAiFormat(), pydanticAiFormat);
 * ```
 *
 * @param options How to treat unknown discriminator and enum values.
 * @returns The format.
 * @throws {TypeError} If `unknownValues` is not `"reject"` or `"accept"`.
 */
export function createPydanticAiFormat(
  options: PydanticAiFormatOptions = {},
): MessageFormat<ModelMessage> {
  const { unknownValues = "reject" } = options;
  if (unknownValues === "reject") return pydanticAiFormat;
  if (unknownValues === "accept") return lenientPydanticAiFormat;
  throw new TypeError(
    `Cannot create Pydantic AI format: unknownValues must be "reject" or "accept", got "${
      String(unknownValues)
    }"`,
  );
}

// ---------------------------------------------------------------------------
// Compile-time check: the handwritten types equal the schemas' output
// ---------------------------------------------------------------------------

type Output<K extends keyof typeof strictSchemas> = v.InferOutput<
  (typeof strictSchemas)[K]
>;

type _TypesMatchSchemas = [
  Expect<MutuallyAssignable<Output<"message">, ModelMessage>>,
  Expect<MutuallyAssignable<Output<"request">, ModelRequest>>,
  Expect<MutuallyAssignable<Output<"response">, ModelResponse>>,
  Expect<MutuallyAssignable<Output<"requestPart">, ModelRequestPart>>,
  Expect<MutuallyAssignable<Output<"responsePart">, ModelResponsePart>>,
  Expect<MutuallyAssignable<Output<"userContent">, UserContent>>,
  Expect<MutuallyAssignable<Output<"errorDetails">, ErrorDetails>>,
  Expect<MutuallyAssignable<Output<"usage">, RequestUsage>>,
];
