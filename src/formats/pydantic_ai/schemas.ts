/**
 * The Pydantic AI valibot schemas, built twice by {@linkcode buildSchemas}:
 * strict (unknown discriminator and enum values are rejected, as current
 * Pydantic AI does) and lenient (they pass as opaque values), plus the lists
 * of known kinds and enum values both modes check against. The schemas that
 * do not depend on the mode are built once; each builder below takes the
 * mode and the schemas it is made of, one concept (user content, tool
 * parts, request parts, response parts, messages) per builder.
 *
 * @module
 */
import * as v from "valibot";
import { looseObject, variant } from "../_valibot.ts";
import {
  binaryFields,
  capabilityLoadArgs,
  capabilityLoadContent,
  dateTime,
  embeddedBinaryContent,
  errorDetails,
  metadata,
  nullableObject,
  nullableString,
  orArray,
  orObject,
  partTimestamp,
  plainArgs,
  providerFields,
  speechFields,
  toolCallId,
  toolSearchArgs,
  toolSearchContent,
  usage,
} from "./common_schemas.ts";
import type { UploadedFileProviderName } from "./content_types.ts";
import type { ToolReturnOutcome } from "./part_fields.ts";
import type {
  FinishReason,
  ModelRequestState,
  ModelResponseState,
} from "./types.ts";

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

// --- what changes with the mode ----------------------------------------------

/** An enum: the known values, or in lenient mode any string. */
function oneOf<const T extends readonly string[]>(
  lenient: boolean,
  values: T,
): v.GenericSchema<T[number]> {
  return lenient
    ? (v.string() as v.GenericSchema<T[number]>)
    : v.picklist(values);
}

/**
 * The opaque variant option for an unknown discriminator value, or nothing
 * in strict mode. Typed as an empty tuple so the strict types stay exact.
 */
function opaque(lenient: boolean, key: string, known: readonly string[]): [] {
  return (lenient ? [looseObject({ [key]: unknownString(known) })] : []) as [];
}

/** A `tool_kind` entry for a tool part without a typed shape. */
function plainToolKind<const T extends readonly string[]>(
  lenient: boolean,
  allowed: T,
): v.ExactOptionalSchema<
  v.NullableSchema<v.GenericSchema<T[number]>, undefined>,
  undefined
> {
  return v.exactOptional(
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
}

/** The `speaker` of a speech part: `speaker`, or in lenient mode not `other`. */
function speaker<const S extends "user" | "assistant">(
  lenient: boolean,
  speaker: S,
  other: string,
): v.GenericSchema<S> {
  return lenient
    ? (unknownString([other]) as unknown as v.GenericSchema<S>)
    : v.literal(speaker);
}

// --- the builders, one per concept -------------------------------------------

/** User content: a string, or text, a file URL, binary, an upload, a cache point. */
function userContentSchema(lenient: boolean) {
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
  const binaryContent = looseObject({
    ...binaryFields,
    kind: v.literal("binary"),
    identifier: nullableString,
  });
  const uploadedFile = looseObject({
    "file_id": v.string(),
    "provider_name": oneOf(lenient, UPLOAD_PROVIDERS),
    "vendor_metadata": nullableObject,
    kind: v.literal("uploaded-file"),
    "media_type": nullableString,
    identifier: nullableString,
  });
  const cachePoint = looseObject({
    kind: v.literal("cache-point"),
    ttl: v.exactOptional(oneOf(lenient, CACHE_TTLS)),
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
    ...opaque(lenient, "kind", USER_CONTENT_KINDS),
  ]);
  return orObject(userContentObject, v.string());
}

/** The fields of a tool return, in a request or (built in) in a response. */
function toolReturnFields(lenient: boolean) {
  return {
    "tool_call_id": toolCallId,
    metadata,
    timestamp: partTimestamp,
    outcome: v.exactOptional(oneOf(lenient, OUTCOMES)),
  };
}

/** A tool-return part: of the tool search, of a capability load, or plain. */
function toolReturnPartSchema(lenient: boolean) {
  const fields = toolReturnFields(lenient);
  return variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("search_tools")),
      content: toolSearchContent,
      ...fields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.exactOptional(v.literal("load_capability")),
      content: capabilityLoadContent,
      ...fields,
      "tool_kind": v.literal("capability-load"),
      "part_kind": v.literal("tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...fields,
      "tool_kind": plainToolKind(lenient, []),
      "part_kind": v.literal("tool-return"),
    }),
  ]);
}

/** A part of a request, with `userContent` inside user prompts. */
function requestPartSchema(
  lenient: boolean,
  userContent: ReturnType<typeof userContentSchema>,
) {
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
  const userSpeechPart = looseObject({
    speaker: speaker(lenient, "user", "assistant"),
    ...speechFields,
  });
  return variant("part_kind", [
    systemPromptPart,
    userPromptPart,
    toolReturnPartSchema(lenient),
    retryPromptPart,
    toolAvailabilityDeltaPart,
    userSpeechPart,
    ...opaque(lenient, "part_kind", [
      ...REQUEST_PART_KINDS,
      ...RESPONSE_PART_KINDS,
    ]),
  ]);
}

/** A tool-call part: of the tool search, of a capability load, or plain. */
function toolCallPartSchema(lenient: boolean) {
  return variant("tool_kind", [
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
      "tool_kind": plainToolKind(lenient, []),
      ...providerFields,
      "part_kind": v.literal("tool-call"),
    }),
  ]);
}

/** The parts of a provider's built-in tool: its call and its return. */
function builtinToolPartSchemas(lenient: boolean) {
  const call = variant("tool_kind", [
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
      "tool_kind": plainToolKind(lenient, ["capability-load"]),
      ...providerFields,
      "part_kind": v.literal("builtin-tool-call"),
    }),
  ]);
  const returnFields = {
    ...toolReturnFields(lenient),
    "provider_name": nullableString,
    "provider_details": nullableObject,
  };
  const result = variant("tool_kind", [
    looseObject({
      "tool_name": v.exactOptional(v.literal("tool_search")),
      content: toolSearchContent,
      ...returnFields,
      "tool_kind": v.literal("tool-search"),
      "part_kind": v.literal("builtin-tool-return"),
    }),
    looseObject({
      "tool_name": v.string(),
      content: v.unknown(),
      ...returnFields,
      "tool_kind": plainToolKind(lenient, ["capability-load"]),
      "part_kind": v.literal("builtin-tool-return"),
    }),
  ]);
  return { call, result };
}

/** A part of a response. */
function responsePartSchema(lenient: boolean) {
  const textPart = looseObject({
    content: v.string(),
    ...providerFields,
    "part_kind": v.literal("text"),
  });
  const builtin = builtinToolPartSchemas(lenient);
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
    speaker: speaker(lenient, "assistant", "user"),
    ...speechFields,
  });
  return variant("part_kind", [
    textPart,
    toolCallPartSchema(lenient),
    builtin.call,
    builtin.result,
    thinkingPart,
    compactionPart,
    filePart,
    assistantSpeechPart,
    ...opaque(lenient, "part_kind", [
      ...REQUEST_PART_KINDS,
      ...RESPONSE_PART_KINDS,
    ]),
  ]);
}

/** The two messages, a request and a response, and the message of either kind. */
function messageSchemas(
  lenient: boolean,
  requestPart: ReturnType<typeof requestPartSchema>,
  responsePart: ReturnType<typeof responsePartSchema>,
) {
  const request = looseObject({
    parts: v.array(requestPart),
    timestamp: v.exactOptional(v.nullable(dateTime)),
    instructions: nullableString,
    kind: v.literal("request"),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(lenient, REQUEST_STATES)),
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
    "finish_reason": v.exactOptional(
      v.nullable(oneOf(lenient, FINISH_REASONS)),
    ),
    "run_id": nullableString,
    "conversation_id": nullableString,
    metadata: nullableObject,
    state: v.exactOptional(oneOf(lenient, RESPONSE_STATES)),
  });
  const message = variant("kind", [
    request,
    response,
    ...opaque(lenient, "kind", ["request", "response"]),
  ]);
  return { message, request, response };
}

/**
 * Builds every schema. In lenient mode, unknown discriminator and enum values
 * pass as opaque values. The TypeScript types are the strict ones in both
 * modes (the lenient additions are cast away), so the inferred output can be
 * compared with the handwritten types once.
 */
function buildSchemas(lenient: boolean) {
  const userContent = userContentSchema(lenient);
  const requestPart = requestPartSchema(lenient, userContent);
  const responsePart = responsePartSchema(lenient);
  const { message, request, response } = messageSchemas(
    lenient,
    requestPart,
    responsePart,
  );
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
