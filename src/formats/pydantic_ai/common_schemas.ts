/**
 * The Pydantic AI schemas that are the same in strict and lenient mode: the
 * primitive values (integers, JSON objects, dates, base64), error details,
 * usage, embedded binary content, the arguments and contents of the typed
 * tools and the fields shared by several parts. `schemas.ts` builds the
 * mode-dependent schemas out of them.
 *
 * @module
 */
import * as v from "valibot";
import { looseObject } from "../_valibot.ts";
import type { JsonObject } from "../../json.ts";
import { DECIMAL, isBase64, isDateTimeText, isJsonObject } from "./values.ts";

/**
 * `main` for the inputs it is meant for, else the union of all
 * alternatives. Issues inside an object or array then keep their precise
 * path instead of collapsing into one union issue.
 */
function either<
  TMain extends v.GenericSchema,
  const TOthers extends v.GenericSchema[],
>(
  applies: (input: unknown) => boolean,
  main: TMain,
  others: TOthers,
): v.LazySchema<TMain | v.UnionSchema<[...TOthers, TMain], undefined>> {
  const all = v.union([...others, main]);
  return v.lazy((input) => (applies(input) ? main : all));
}

/** `main` for an object, else the union of `main` and `others`. */
export function orObject<
  TMain extends v.GenericSchema,
  const TOthers extends v.GenericSchema[],
>(
  main: TMain,
  ...others: TOthers
): v.LazySchema<TMain | v.UnionSchema<[...TOthers, TMain], undefined>> {
  return either(isJsonObject, main, others);
}

/** `main` for an array, else the union of `main` and `others`. */
export function orArray<
  TMain extends v.GenericSchema,
  const TOthers extends v.GenericSchema[],
>(
  main: TMain,
  ...others: TOthers
): v.LazySchema<TMain | v.UnionSchema<[...TOthers, TMain], undefined>> {
  return either(Array.isArray, main, others);
}

export const integer = v.pipe(v.number(), v.integer());
export const jsonObject = v.custom<JsonObject>(
  isJsonObject,
  (issue) => `Invalid type: Expected Object but received ${issue.received}`,
);
export const nullableObject = v.exactOptional(v.nullable(jsonObject));
export const nullableString = v.exactOptional(v.nullable(v.string()));
export const dateTime = v.union(
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
export const base64 = v.pipe(
  v.string(),
  v.check(isBase64, (issue) => `Invalid base64: Received ${issue.received}`),
);
export const providerFields = {
  id: nullableString,
  "provider_name": nullableString,
  "provider_details": nullableObject,
};

export const binaryFields = {
  data: base64,
  "media_type": v.string(),
  "vendor_metadata": nullableObject,
};
/** Binary content inside a part (speech audio, a file), `kind` optional. */
export const embeddedBinaryContent = looseObject({
  ...binaryFields,
  kind: v.exactOptional(v.literal("binary")),
  identifier: nullableString,
});

export const errorDetails = looseObject({
  type: v.string(),
  loc: v.array(v.union([v.string(), integer])),
  msg: v.string(),
  input: v.unknown(),
  ctx: v.exactOptional(jsonObject),
  url: v.exactOptional(v.string()),
});

export const usage = looseObject({
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

// The arguments and contents of the typed tools, and the fields every tool
// part has.
export const toolSearchArgs = v.exactOptional(
  orObject(
    looseObject({ queries: v.array(v.string()) }),
    v.string(),
    v.null(),
  ),
);
export const capabilityLoadArgs = v.exactOptional(
  orObject(looseObject({ id: v.string() }), v.string(), v.null()),
);
export const toolSearchContent = looseObject({
  "discovered_tools": v.array(looseObject({ name: v.string() })),
  message: v.exactOptional(v.string()),
});
export const capabilityLoadContent = looseObject({
  instructions: v.exactOptional(v.string()),
});
export const plainArgs = v.exactOptional(
  orObject(jsonObject, v.string(), v.null()),
);
export const toolCallId = v.exactOptional(v.string());
export const partTimestamp = v.exactOptional(dateTime);
export const metadata = v.exactOptional(v.unknown());

/** The fields of a speech part, but its `speaker`. */
export const speechFields = {
  transcript: nullableString,
  audio: v.exactOptional(v.nullable(embeddedBinaryContent)),
  "interrupted_at_ms": v.exactOptional(v.nullable(integer)),
  ...providerFields,
  "part_kind": v.literal("speech"),
};
