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
import type {
  ModelMessage,
  ModelRequest,
  ModelRequestPart,
  ModelResponse,
  ModelResponsePart,
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
  AssistantSpeechPart,
  BuiltinToolCallPart,
  BuiltinToolReturnFields,
  BuiltinToolReturnPart,
  BuiltinToolSearchCallPart,
  BuiltinToolSearchReturnPart,
  CapabilityLoadArgs,
  CapabilityLoadCallPart,
  CapabilityLoadReturnContent,
  CapabilityLoadReturnPart,
  CompactionPart,
  FilePart,
  FinishReason,
  ModelMessage,
  ModelRequest,
  ModelRequestPart,
  ModelRequestState,
  ModelResponse,
  ModelResponsePart,
  ModelResponseState,
  PlainBuiltinToolCallPart,
  PlainBuiltinToolReturnPart,
  PlainToolCallPart,
  PlainToolReturnPart,
  ProviderPartFields,
  RetryPromptPart,
  SpeechPartFields,
  SystemPromptPart,
  TextPart,
  ThinkingPart,
  ToolAvailabilityDeltaPart,
  ToolCallFields,
  ToolCallPart,
  ToolKind,
  ToolReturnFields,
  ToolReturnOutcome,
  ToolReturnPart,
  ToolSearchArgs,
  ToolSearchCallPart,
  ToolSearchReturnContent,
  ToolSearchReturnPart,
  UserPromptPart,
  UserSpeechPart,
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
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(ModelMessageSchema, {
 *   kind: "request",
 *   parts: [{ part_kind: "user-prompt", content: "Hello" }],
 * });
 * ```
 */
export const ModelMessageSchema: v.GenericSchema<unknown, ModelMessage> =
  keepInput(strictSchemas.message);

/**
 * Validates a Pydantic AI message history: a JSON array of messages, as
 * written by `ModelMessagesTypeAdapter.dump_json`. An empty array is valid.
 *
 * @example Validate a parsed `dump_json` text
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const history = v.parse(ModelMessagesSchema, JSON.parse(text));
 * ```
 */
export const ModelMessagesSchema: v.GenericSchema<unknown, ModelMessage[]> =
  keepInput(strictSchemas.messages);

/** Validates a `ModelRequest` (`kind: "request"`). */
export const ModelRequestSchema: v.GenericSchema<unknown, ModelRequest> =
  keepInput(strictSchemas.request);

/** Validates a `ModelResponse` (`kind: "response"`). */
export const ModelResponseSchema: v.GenericSchema<unknown, ModelResponse> =
  keepInput(strictSchemas.response);

/** Validates one part of a `ModelRequest`, discriminated by `part_kind`. */
export const ModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(strictSchemas.requestPart);

/** Validates one part of a `ModelResponse`, discriminated by `part_kind`. */
export const ModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(strictSchemas.responsePart);

/** Validates one user-content item: a string or an object with a `kind`. */
export const UserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(strictSchemas.userContent);

/** Validates one error-details item of a retry prompt. */
export const ErrorDetailsSchema: v.GenericSchema<unknown, ErrorDetails> =
  keepInput(strictSchemas.errorDetails);

/** Validates `ModelResponse.usage`; extra keys are kept. */
export const RequestUsageSchema: v.GenericSchema<unknown, RequestUsage> =
  keepInput(strictSchemas.usage);

/**
 * Validates a datetime as Pydantic accepts it: `YYYY-MM-DD`, optionally with
 * `T`/space and `HH:MM[:SS[.fraction]]` (up to 9 digits) and `Z`/`z`/an
 * offset, with valid calendar values; or a Unix time as a JSON number.
 */
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
 */
export const LenientModelMessageSchema: v.GenericSchema<
  unknown,
  ModelMessage
> = keepInput(lenientSchemas.message);

/** The lenient form of {@linkcode ModelMessagesSchema}. */
export const LenientModelMessagesSchema: v.GenericSchema<
  unknown,
  ModelMessage[]
> = keepInput(lenientSchemas.messages);

/** The lenient form of {@linkcode ModelRequestSchema}. */
export const LenientModelRequestSchema: v.GenericSchema<
  unknown,
  ModelRequest
> = keepInput(lenientSchemas.request);

/** The lenient form of {@linkcode ModelResponseSchema}. */
export const LenientModelResponseSchema: v.GenericSchema<
  unknown,
  ModelResponse
> = keepInput(lenientSchemas.response);

/** The lenient form of {@linkcode ModelRequestPartSchema}. */
export const LenientModelRequestPartSchema: v.GenericSchema<
  unknown,
  ModelRequestPart
> = keepInput(lenientSchemas.requestPart);

/** The lenient form of {@linkcode ModelResponsePartSchema}. */
export const LenientModelResponsePartSchema: v.GenericSchema<
  unknown,
  ModelResponsePart
> = keepInput(lenientSchemas.responsePart);

/** The lenient form of {@linkcode UserContentSchema}. */
export const LenientUserContentSchema: v.GenericSchema<unknown, UserContent> =
  keepInput(lenientSchemas.userContent);

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/** Options of {@linkcode createPydanticAiFormat}. */
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
 * ```ts ignore
 * import * as v from "valibot";
 *
 * const message = v.parse(pydanticAiFormat.schema, value);
 * const role = pydanticAiFormat.roleOf(message);
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
 * ```ts ignore
 * const format = createPydanticAiFormat({ unknownValues: "accept" });
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
