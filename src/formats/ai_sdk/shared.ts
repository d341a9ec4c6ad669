/**
 * What the AI SDK's `ModelMessage` and `UIMessage` schemas share: provider
 * options and metadata, JSON values as the SDK's `jsonValueSchema` checks
 * them, records as its `z.record` checks them, and small schema helpers.
 *
 * @module
 */
import * as v from "valibot";
import { customSchema } from "../_valibot.ts";
import { isObject, type JsonObject, type JsonValue } from "../../json.ts";

/**
 * Provider-specific options or metadata: an object per provider name, each a
 * JSON object (`{ openai: { reasoningEffort: "low" } }`).
 */
export type AiSdkProviderOptions = { [provider: string]: JsonObject };

/** Provider metadata on UI message parts; the same shape as options. */
export type AiSdkProviderMetadata = AiSdkProviderOptions;

/**
 * A reference to a file stored at a provider: provider name → file id
 * (`{ openai: "file-abc" }`). Every value is a string.
 */
export type AiSdkProviderReference = { [provider: string]: string };

/**
 * Whether a value is JSON as the SDK's `jsonValueSchema` accepts it: `null`,
 * a string, a finite number, a boolean, an array or an object of JSON values.
 * A key named `__proto__` is skipped, as the SDK's record schemas do.
 * Objects met twice (shared or circular references) are checked once.
 */
function isJsonValue(value: unknown): value is JsonValue {
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
            if (key !== "__proto__") {
              pending.push((item as Record<string, unknown>)[key]);
            }
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
export const jsonValue = v.custom<JsonValue>(
  isJsonValue,
  (issue) => `Invalid type: Expected JSON value but received ${issue.received}`,
);
/** A JSON object: a record of JSON values. */
export const jsonObject = recordOf(jsonValue);
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
