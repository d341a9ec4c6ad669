/**
 * The Pydantic AI valibot schemas, built twice by {@linkcode buildSchemas}:
 * strict (unknown discriminator and enum values are rejected, as current
 * Pydantic AI does) and lenient (they pass as opaque values), plus the lists
 * of known kinds and enum values both modes check against. One builder
 * serves both modes because nearly every schema depends on the mode.
 *
 * @module
 */
import * as v from "valibot";
import { looseObject, variant } from "../_valibot.ts";
import type { JsonObject } from "../../json.ts";
import type { UploadedFileProviderName } from "./content_types.ts";
import type {
  FinishReason,
  ModelRequestState,
  ModelResponseState,
  ToolReturnOutcome,
} from "./types.ts";
import { DECIMAL, isBase64, isDateTimeText, isJsonObject } from "./values.ts";

const REQUEST_PART_KINDS = [
  "system-prompt",
  "user-prompt",
  "tool-return",
  "retry-prompt",
  "tool-availability-delta",
  "speech",
] as const;

const RESPONSE_PART_KINDS = [
  "text",
  "tool-call",
  "builtin-tool-call",
  "builtin-tool-return",
  "thinking",
  "compaction",
  "file",
  "speech",
] as const;

const USER_CONTENT_KINDS = [
  "text-content",
  "image-url",
  "audio-url",
  "document-url",
  "video-url",
  "binary",
  "uploaded-file",
  "cache-point",
] as const;

export const MULTIMODAL_KINDS: ReadonlySet<string> = new Set([
  "image-url",
  "audio-url",
  "document-url",
  "video-url",
  "binary",
  "uploaded-file",
]);

const FINISH_REASONS = [
  "stop",
  "length",
  "content_filter",
  "tool_call",
  "error",
] as const satisfies readonly FinishReason[];

const REQUEST_STATES = [
  "complete",
  "interrupted",
] as const satisfies readonly ModelRequestState[];

const RESPONSE_STATES = [
  "complete",
  "incomplete",
  "suspended",
  "interrupted",
] as const satisfies readonly ModelResponseState[];

const OUTCOMES = [
  "success",
  "failed",
  "denied",
  "interrupted",
] as const satisfies readonly ToolReturnOutcome[];

const UPLOAD_PROVIDERS = [
  "anthropic",
  "openai",
  "google",
  "google-cloud",
  "google-gla",
  "google-vertex",
  "bedrock",
  "xai",
] as const satisfies readonly UploadedFileProviderName[];

const CACHE_TTLS = ["5m", "1h"] as const;

/** A string that is none of `known`: an unknown discriminator or enum value. */
function unknownString(known: readonly string[]) {
  return v.pipe(
    v.string(),
    v.check(
      (value) => !known.includes(value),
      (issue) => `Invalid value: ${issue.received} is not allowed here`,
    ),
  );
}

/**
 * Builds every schema. In lenient mode, unknown discriminator and enum values
 * pass as opaque values. The TypeScript types are the strict ones in both
 * modes (the lenient additions are cast away), so the inferred output can be
 * compared with the handwritten types once.
 */
function buildSchemas(lenient: boolean) {
  /** An enum: the known values, or in lenient mode any string. */
  const oneOf = <const T extends readonly string[]>(
    values: T,
  ): v.GenericSchema<T[number]> =>
    lenient ? (v.string() as v.GenericSchema<T[number]>) : v.picklist(values);

  /**
   * The opaque variant option for an unknown discriminator value, or nothing
   * in strict mode. Typed as an empty tuple so the strict types stay exact.
   */
  const opaque = (key: string, known: readonly string[]): [] =>
    (lenient ? [looseObject({ [key]: unknownString(known) })] : []) as [];

  /** A `tool_kind` entry for a tool part without a typed shape. */
  const plainToolKind = <const T extends readonly string[]>(
    allowed: T,
  ): v.ExactOptionalSchema<
    v.NullableSchema<v.GenericSchema<T[number]>, undefined>,
    undefined
  > =>
    v.exactOptional(
      (lenient
        ? v.nullable(
          unknownString(
            ["tool-search", "capability-load"].filter((kind) =>
              !allowed.includes(kind)
            ),
          ),
        )
        : allowed.length > 0
        ? v.nullable(v.picklist(allowed))
        : v.null()) as unknown as v.NullableSchema<
          v.GenericSchema<T[number]>,
          undefined
        >,
    );

  /**
   * `main` for the inputs it is meant for, else the union of all
   * alternatives. Issues inside an object or array then keep their precise
   * path instead of collapsing into one union issue.
   */
  const either = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(
    applies: (input: unknown) => boolean,
    main: TMain,
    others: TOthers,
  ) => {
    const all = v.union([...others, main]);
    return v.lazy((input) => (applies(input) ? main : all));
  };
  const orObject = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(main: TMain, ...others: TOthers) => either(isJsonObject, main, others);
  const orArray = <
    TMain extends v.GenericSchema,
    const TOthers extends v.GenericSchema[],
  >(main: TMain, ...others: TOthers) => either(Array.isArray, main, others);

  const integer = v.pipe(v.number(), v.integer());
  const jsonObject = v.custom<JsonObject>(
    isJsonObject,
    (issue) => `Invalid type: Expected Object but received ${issue.received}`,
  );
  const nullableObject = v.exactOptional(v.nullable(jsonObject));
  const nullableString = v.exactOptional(v.nullable(v.string()));
  const dateTime = v.union(
    [
      v.pipe(
        v.string(),
        v.check(
          isDateTimeText,
          (issue) => `Invalid datetime: Received ${issue.received}`,
        ),
      ),
      v.pipe(v.number(), v.finite()),
    ],
    (issue) =>
      `Invalid type: Expected datetime string or number but received ${issue.received}`,
  );
  const base64 = v.pipe(
    v.string(),
    v.check(isBase64, (issue) => `Invalid base64: Received ${issue.received}`),
  );
  const providerFields = {
    id: nullableString,
    "provider_name": nullableString,
    "provider_details": nullableObject,
  };

  // --- user content -----------------------------------------------------------

  const textContent = looseObject({
    content: v.string(),
    metadata: v.exactOptional(v.unknown()),
    kind: v.literal("text-content"),
  });
  const forceDownload = v.exactOptional(
    lenient
      ? (v.union([v.boolean(), v.string()]) as v.GenericSchema<
        boolean | "allow-local"
      >)
      : v.union([v.boolean(), v.literal("allow-local")]),
  );
  const fileUrl = <const K extends string>(kind: K) =>
    looseObject({
      url: v.string(),
      "force_download": forceDownload,
      "vendor_metadata": nullableObject,
      kind: v.literal(kind),
      "media_type": nullableString,
      identifier: nullableString,
    });
  const binaryFields = {
    data: base64,
    "media_type": v.string(),
    "vendor_metadata": nullableObject,
  };
  const binaryContent = looseObject({
    ...binaryFields,
    kind: v.literal("binary"),
    identifier: nullableString,
  });
  const embeddedBinaryContent = looseObject({
    ...binaryFields,
    kind: v.exactOptional(v.literal("binary")),
    identifier: nullableString,
  });
  const uploadedFile = looseObject({
    "file_id": v.string(),
    "provider_name": oneOf(UPLOAD_PROVIDERS),
    "vendor_metadata": nullableObject,
    kind: v.literal("uploaded-file"),
    "media_type": nullableString,
    identifier: nullableString,
  });
  const cachePoint = looseObject({
    kind: v.literal("cache-point"),
    ttl: v.exactOptional(oneOf(CACHE_TTLS)),
  });
  const userContentObject = variant("kind", [
    textContent,
    fileUrl("image-url"),
    fileUrl("audio-url"),
    fileUrl("document-url"),
    fileUrl("video-url"),
    binaryContent,
    uploadedFile,
    cachePoint,
    ...opaque("kind", USER_CONTENT_KINDS),
  ]);
  const userContent = orObject(userContentObject, v.string());

  // --- error details and usage ------------------------------------------------

  const errorDetails = looseObject({
    type: v.string(),
    loc: v.array(v.union([v.string(), integer])),
    msg: v.string(),
    input: v.unknown(),
    ctx: v.exactOptional(jsonObject),
    url: v.exactOptional(v.string()),
  });

  const usage = looseObject({
    "input_tokens": v.exactOptional(integer),
    "cache_write_tokens": v.exactOptional(integer),
    "cache_read_tokens": v.exactOptional(integer),
    "output_tokens": v.exactOptional(integer),
    "input_audio_tokens": v.exactOptional(integer),
    "cache_audio_read_tokens": v.exactOptional(integer),
    "output_audio_tokens": v.exactOptional(integer),
    details: v.exactOptional(
      v.nullable(v.pipe(jsonObject, v.record(v.string(), integer))),
    ),
    cost: v.exactOptional(
      v.nullable(
        v.union([
          v.pipe(
            v.string(),
            v.regex(
              DECIMAL,
              (issue) => `Invalid decimal: Received ${issue.received}`,
            ),
          ),
          v.pipe(v.number(), v.finite()),
        ]),
      ),
    ),
  });

  // --- typed tool parts -------------------------------------------------------

  const toolSearchArgs = v.exactOptional(
    orObject(
      looseObject({ queries: v.array(v.string()) }),
      v.string(),
      v.null(),
    ),
  );
  const capabilityLoadArgs = v.exactOptional(
    orObject(looseObject({ id: v.string() }), v.string(), v.null()),
  );
  const toolSearchContent = looseObject({
    "discovered_tools": v.array(looseObject({ name: v.string() })),
    message: v.exactOptional(v.string()),
  });
  const capabilityLoadContent = looseObject({
    instructions: v.exactOptional(v.string()),
  });
  const plainArgs = v.exactOptional(
    orObject(jsonObject, v.string(), v.null()),
  );
  const toolCallId = v.exactOptional(v.string());
  const outcome = v.exactOptional(oneOf(OUTCOMES));
  const partTimestamp = v.exactOptional(dateTime);
  const metadata = v.exactOptional(v.unknown());

  // --- request parts ----------------------------------------------------------

  const systemPromptPart = looseObject({
    content: v.string(),
    timestamp: partTimestamp,
    "dynamic_ref": nullableString,
    "part_kind": v.literal("system-prompt"),
  });
  const userPromptPart = looseObject({
    content: orArray(v.array(userContent), v.string()),
    timestamp: partTimestamp,
    "part_kind": v.literal("user-prompt"),
  });
  const toolReturnFields = {
    "tool_call_id": toolCallId,
    metadata,
    timestamp: partTimestamp,
    outcome,
  };
  const toolReturnPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("search_tools")),
      content: toolSearchContent,
      ...toolReturnFields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.exactOptional(v.literal("load_capability")),
      content: capabilityLoadContent,
      ...toolReturnFields,
      "tool_kind": v.literal("capability-load"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...toolReturnFields,
      "tool_kind": plainToolKind([]),
      "part_kind": v.literal("tool-return"),
    }),
  ]);
  const retryPromptPart = looseObject({
    content: orArray(v.array(errorDetails), v.string()),
    "tool_name": nullableString,
    "tool_call_id": toolCallId,
    timestamp: partTimestamp,
    "part_kind": v.literal("retry-prompt"),
  });
  const toolAvailabilityDeltaPart = looseObject({
    "tools_added": v.exactOptional(v.array(v.string())),
    "tool_call_id": nullableString,
    "part_kind": v.literal("tool-availability-delta"),
  });
  const speechFields = {
    transcript: nullableString,
    audio: v.exactOptional(v.nullable(embeddedBinaryContent)),
    "interrupted_at_ms": v.exactOptional(v.nullable(integer)),
    ...providerFields,
    "part_kind": v.literal("speech"),
  };
  const speaker = <const S extends "user" | "assistant">(
    speaker: S,
    other: string,
  ): v.GenericSchema<S> =>
    lenient
      ? (unknownString([other]) as unknown as v.GenericSchema<S>)
      : v.literal(speaker);
  const userSpeechPart = looseObject({
    speaker: speaker("user", "assistant"),
    ...speechFields,
  });

  const requestPart = variant("part_kind", [
    systemPromptPart,
    userPromptPart,
    toolReturnPart,
    retryPromptPart,
    toolAvailabilityDeltaPart,
    userSpeechPart,
    ...opaque("part_kind", [...REQUEST_PART_KINDS, ...RESPONSE_PART_KINDS]),
  ]);

  // --- response parts ---------------------------------------------------------

  const textPart = looseObject({
    content: v.string(),
    ...providerFields,
    "part_kind": v.literal("text"),
  });
  const toolCallPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("search_tools")),
      args: toolSearchArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("tool-search"),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
    looseObject({
      "tool_name": v.exactOptional(v.literal("load_capability")),
      args: capabilityLoadArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("capability-load"),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
    looseObject({
      "tool_name": v.string(),
      args: plainArgs,
      "tool_call_id": toolCallId,
      "tool_kind": plainToolKind([]),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
  ]);
  const builtinToolCallPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("tool_search")),
      args: toolSearchArgs,
      "tool_call_id": toolCallId,
      "tool_kind": v.literal("tool-search"),
      ...providerFields,
      "part_kind": v.literal("builtin-tool-call"),
    }),
    looseObject({
      "tool_name": v.string(),
      args: plainArgs,
      "tool_call_id": toolCallId,
      "tool_kind": plainToolKind(["capability-load"]),
      ...providerFields,
      "part_kind": v.literal("builtin-tool-call"),
    }),
  ]);
  const builtinReturnFields = {
    ...toolReturnFields,
    "provider_name": nullableString,
    "provider_details": nullableObject,
  };
  const builtinToolReturnPart = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("tool_search")),
      content: toolSearchContent,
      ...builtinReturnFields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("builtin-tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...builtinReturnFields,
      "tool_kind": plainToolKind(["capability-load"]),
      "part_kind": v.literal("builtin-tool-return"),
    }),
  ]);
  const thinkingPart = looseObject({
    content: v.string(),
    id: nullableString,
    signature: nullableString,
    "provider_name": nullableString,
    "provider_details": nullableObject,
    "part_kind": v.literal("thinking"),
  });
  const compactionPart = looseObject({
    content: nullableString,
    ...providerFields,
    "part_kind": v.literal("compaction"),
  });
  const filePart = looseObject({
    content: embeddedBinaryContent,
    ...providerFields,
    "part_kind": v.literal("file"),
  });
  const assistantSpeechPart = looseObject({
    speaker: speaker("assistant", "user"),
    ...speechFields,
  });

  const responsePart = variant("part_kind", [
    textPart,
    toolCallPart,
    builtinToolCallPart,
    builtinToolReturnPart,
    thinkingPart,
    compactionPart,
    filePart,
    assistantSpeechPart,
    ...opaque("part_kind", [...REQUEST_PART_KINDS, ...RESPONSE_PART_KINDS]),
  ]);

  // --- messages -----------------------------------------------------------------

  const request = looseObject({
    parts: v.array(requestPart),
    timestamp: v.exactOptional(v.nullable(dateTime)),
    instructions: nullableString,
    kind: v.literal("request"),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(REQUEST_STATES)),
  });
  const response = looseObject({
    parts: v.array(responsePart),
    usage: v.exactOptional(usage),
    "model_name": nullableString,
    timestamp: v.exactOptional(dateTime),
    kind: v.literal("response"),
    "provider_name": nullableString,
    "provider_url": nullableString,
    "provider_details": nullableObject,
    "provider_response_id": nullableString,
    "finish_reason": v.exactOptional(v.nullable(oneOf(FINISH_REASONS))),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(RESPONSE_STATES)),
  });
  const message = variant("kind", [
    request,
    response,
    ...opaque("kind", ["request", "response"]),
  ]);

  return {
    message,
    messages: v.array(message),
    request,
    response,
    requestPart,
    responsePart,
    userContent,
    errorDetails,
    usage,
    dateTime,
  };
}

/** The strict schemas: what current Pydantic AI writes. */
export const strictSchemas = buildSchemas(false);

/** The lenient schemas: unknown kinds and enum values pass as opaque. */
export const lenientSchemas = buildSchemas(true);
