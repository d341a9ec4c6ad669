/**
 * What the AI SDK's `ModelMessage` and `UIMessage` schemas share: provider
 * options and metadata, JSON values as the SDK types them (`JSONValue`) and
 * as its `jsonValueSchema` checks them, records as its `z.record` checks
 * them, binary data and URLs as its schemas take them, and small schema
 * helpers.
 *
 * @module
 */
import * as v from "valibot";
import { customSchema } from "../_valibot.ts";
import { isObject } from "../../json.ts";

/**
 * A JSON value as the AI SDK types it (its `JSONValue`): arrays and objects
 * may be `readonly`, and an object may hold keys whose value is `undefined`
 * — such a key is absent once stored, as in JSON. What the store returns
 * never holds `undefined`.
 *
 * @example A JSON value as the AI SDK types it
 * ```ts
 * import { type AiSdkJsonValue, AiSdkToolResultOutputSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const value: AiSdkJsonValue = { temps: [21, 19], unit: "C", ok: true, note: null };
 * assert(v.is(AiSdkToolResultOutputSchema, { type: "json", value }));
 * ```
 */
export type AiSdkJsonValue =
  | null
  | string
  | number
  | boolean
  | Readonly<AiSdkJsonObject>
  | readonly AiSdkJsonValue[];

/**
 * A JSON object as the AI SDK types it (its `JSONObject`); see
 * {@linkcode AiSdkJsonValue}.
 *
 * @example Tool metadata is a JSON object
 * ```ts
 * import { type AiSdkJsonObject, type AiSdkToolUIPart, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const toolMetadata: AiSdkJsonObject = { server: "weather-mcp", version: 2 };
 * const part: AiSdkToolUIPart = {
 *   type: "tool-getWeather",
 *   toolCallId: "c1",
 *   state: "input-available",
 *   input: {},
 *   toolMetadata,
 * };
 * assert(v.is(AiSdkUIMessagePartSchema, part));
 * ```
 */
export type AiSdkJsonObject = { [key: string]: AiSdkJsonValue | undefined };

/**
 * Provider-specific options or metadata: an object per provider name, each a
 * JSON object (`{ openai: { reasoningEffort: "low" } }`).
 *
 * @example Options for one provider on one part
 * ```ts
 * import { type AiSdkProviderOptions, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const providerOptions: AiSdkProviderOptions = { anthropic: { cacheControl: { type: "ephemeral" } } };
 * assert(v.is(AiSdkUserContentPartSchema, { type: "text", text: "Long context…", providerOptions }));
 * assert(!v.is(AiSdkUserContentPartSchema, { type: "text", text: "x", providerOptions: { anthropic: 1 } }));
 * ```
 */
export type AiSdkProviderOptions = { [provider: string]: AiSdkJsonObject };

/**
 * Provider metadata on UI message parts; the same shape as options.
 *
 * @example What the provider said about a part
 * ```ts
 * import { type AiSdkProviderMetadata, AiSdkUIMessagePartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const providerMetadata: AiSdkProviderMetadata = { openai: { itemId: "msg_123" } };
 * assert(v.is(AiSdkUIMessagePartSchema, { type: "text", text: "Hi", providerMetadata }));
 * ```
 */
export type AiSdkProviderMetadata = AiSdkProviderOptions;

/**
 * Binary data in memory: a `Uint8Array` (a Node.js `Buffer` is one) or an
 * `ArrayBuffer`. Saving stores it as base64, as the SDK writes generated
 * files; what the store returns holds the base64 string instead.
 *
 * @example Bytes in a message, before they are stored
 * ```ts
 * import { type AiSdkBinary } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const bytes: AiSdkBinary = new TextEncoder().encode("hello");
 * assert.equal(bytes.byteLength, 5);
 * ```
 */
export type AiSdkBinary = Uint8Array | ArrayBuffer;

/**
 * A reference to a file stored at a provider: provider name → file id
 * (`{ openai: "file-abc" }`). Every value is a string.
 *
 * @example A file known to several providers
 * ```ts
 * import { type AiSdkProviderReference, AiSdkUserContentPartSchema } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const reference: AiSdkProviderReference = { openai: "file-abc", anthropic: "file_01xyz" };
 * const part = { type: "file", data: { type: "reference", reference }, mediaType: "application/pdf" };
 * assert(v.is(AiSdkUserContentPartSchema, part));
 * ```
 */
export type AiSdkProviderReference = { [provider: string]: string };

/**
 * Whether a value is JSON as the SDK's `jsonValueSchema` accepts it: `null`,
 * a string, a finite number, a boolean, an array or an object of JSON values
 * (an object's value may also be `undefined`, as the SDK allows). A key
 * named `__proto__` is skipped, as the SDK's record schemas do.
 * Objects met twice (shared or circular references) are checked once.
 */
function isJsonValue(value: unknown): value is AiSdkJsonValue {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    switch (typeof item) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(item)) return false;
        continue;
      case "object": {
        if (item === null || seen.has(item)) continue;
        seen.add(item);
        if (Array.isArray(item)) {
          for (let i = 0; i < item.length; i++) pending.push(item[i]);
        } else {
          for (const key of Object.keys(item)) {
            const inner = (item as Record<string, unknown>)[key];
            // An object's key may hold undefined (the SDK's `.optional()`).
            if (key !== "__proto__" && inner !== undefined) pending.push(inner);
          }
        }
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}

const objectType = v.custom<Record<string, unknown>>(
  isObject,
  (issue) => `Invalid type: Expected Object but received ${issue.received}`,
);

/**
 * A record of string keys to `item` values, as the SDK's `z.record` checks
 * it: an object (not an array) whose every own key but `__proto__` holds a
 * valid item. Unlike `v.record`, keys named `constructor` and `prototype`
 * are checked too, and nothing is copied.
 */
export function recordOf<TItem>(
  item: v.GenericSchema<unknown, TItem>,
): v.GenericSchema<unknown, { [key: string]: TItem }> {
  type Output = { [key: string]: TItem };
  return customSchema<Output>({
    type: "record",
    reference: recordOf,
    expects: "Object",
    run(dataset, config) {
      const input = dataset.value;
      if (!isObject(input)) {
        return objectType["~run"]({ value: input }, config) as v.OutputDataset<
          Output,
          v.BaseIssue<unknown>
        >;
      }
      const issues: v.BaseIssue<unknown>[] = [];
      for (const key of Object.keys(input)) {
        if (key === "__proto__") continue;
        const value = input[key];
        const result = item["~run"]({ value }, config);
        if (!result.issues) continue;
        const pathItem: v.ObjectPathItem = {
          type: "object",
          origin: "value",
          input,
          key,
          value,
        };
        for (const issue of result.issues) {
          issues.push({ ...issue, path: [pathItem, ...(issue.path ?? [])] });
        }
        if (config.abortEarly) break;
      }
      const [first, ...rest] = issues;
      return first
        ? { typed: false, value: input, issues: [first, ...rest] }
        : { typed: true, value: input as Output };
    },
  });
}

/**
 * `list` for arrays, else the union of `alternative` and `list`: an issue
 * inside an array keeps its precise path instead of collapsing into one union
 * issue.
 */
export function listOr<
  TList extends v.GenericSchema,
  TAlternative extends v.GenericSchema,
>(
  list: TList,
  alternative: TAlternative,
): v.LazySchema<TList | v.UnionSchema<[TAlternative, TList], undefined>> {
  const either = v.union([alternative, list]);
  return v.lazy((input) => (Array.isArray(input) ? list : either));
}

/** A string that starts with `prefix`, typed as the template literal. */
export function prefixed<const TPrefix extends string>(
  prefix: TPrefix,
): v.CustomSchema<
  `${TPrefix}${string}`,
  v.ErrorMessage<v.CustomIssue> | undefined
> {
  return v.custom<`${TPrefix}${string}`>(
    (input) => typeof input === "string" && input.startsWith(prefix),
    (issue) =>
      `Invalid type: Expected string starting with "${prefix}" but received ${issue.received}`,
  );
}

/** Any JSON value, as the SDK's `jsonValueSchema` accepts it. */
export const jsonValue = v.custom<AiSdkJsonValue>(
  isJsonValue,
  (issue) => `Invalid type: Expected JSON value but received ${issue.received}`,
);
/** A JSON object: a record of JSON values (or `undefined`, as in the SDK). */
export const jsonObject: v.GenericSchema<unknown, AiSdkJsonObject> = recordOf(
  v.custom<AiSdkJsonValue | undefined>(
    (input) => input === undefined || isJsonValue(input),
    (issue) =>
      `Invalid type: Expected JSON value but received ${issue.received}`,
  ),
);
const providerOptions = recordOf(jsonObject);
/** Optional provider options or metadata: provider name → JSON object. */
export const optionalProviderOptions = v.exactOptional(providerOptions);
/** A provider reference: provider name → file id. */
export const providerReference = recordOf(v.string());
/** An optional string. */
export const optionalString = v.exactOptional(v.string());
/** An optional boolean. */
export const optionalBoolean = v.exactOptional(v.boolean());
/** A key that must be absent (a tool part state that has no such field). */
export const absent = v.exactOptional(v.never());
/**
 * Any value, the key possibly missing, typed as a required `unknown` key —
 * as the SDK's `z.unknown()` checks it and its types declare it.
 */
export const presentUnknown = v.exactOptional(v.unknown()) as v.GenericSchema<
  unknown,
  unknown
>;

/**
 * Binary data as the SDK's `dataContentSchema` takes it besides a base64
 * string: a `Uint8Array` (a Node.js `Buffer` is one) or an `ArrayBuffer`.
 * Only in-memory values have them: saving turns them into base64 first.
 */
export const binary = v.custom<AiSdkBinary>(
  (input) => input instanceof Uint8Array || input instanceof ArrayBuffer,
  (issue) =>
    `Invalid type: Expected Uint8Array | ArrayBuffer but received ${issue.received}`,
);
/** A `URL` object (saving turns it into its `href` first). */
export const url = v.instance(URL);
/** A string, bytes or a `URL`: what the SDK's file data takes bare. */
export const dataOrUrl = v.union([v.string(), binary, url]);

/** A string of the form `provider.kind` in its type, any string at run time. */
export const dottedKind = v.custom<`${string}.${string}`>(
  (input) => typeof input === "string",
  (issue) => `Invalid type: Expected string but received ${issue.received}`,
);
