/**
 * Stand-ins for valibot's own schemas, shared by the message formats: the
 * same checks and issues, built for speed and for returning the input
 * unchanged. They mirror valibot 1.5.0 (the version `deno.lock` pins):
 * {@linkcode variant} follows `src/schemas/variant/variant.ts` and
 * {@linkcode looseObject} follows `src/schemas/looseObject/looseObject.ts`.
 * `tests/formats/schema_test.ts` checks each against valibot's; after a
 * valibot upgrade, re-read those two files and run that test.
 *
 * @module
 */
import * as v from "valibot";

/**
 * Builds a synchronous valibot schema from its check, with the Standard
 * Schema interface valibot's own schemas carry.
 *
 * @param parts The schema's type, reference, expectation and check.
 * @returns The schema.
 */
export function customSchema<TOutput>(parts: {
  readonly type: string;
  readonly reference: v.GenericSchema<unknown, TOutput>["reference"];
  readonly expects: string;
  readonly run: (
    dataset: v.UnknownDataset,
    config: v.Config<v.BaseIssue<unknown>>,
  ) => v.OutputDataset<TOutput, v.BaseIssue<unknown>>;
}): v.GenericSchema<unknown, TOutput> {
  const schema: v.GenericSchema<unknown, TOutput> = {
    kind: "schema",
    type: parts.type,
    reference: parts.reference,
    expects: parts.expects,
    async: false,
    "~standard": {
      version: 1,
      vendor: "valibot",
      // A dataset is a valid Standard Schema result (valibot does the same).
      validate: (value) =>
        schema["~run"]({ value }, v.getGlobalConfig()) as ReturnType<
          v.StandardProps<unknown, TOutput>["validate"]
        >,
    },
    "~run": parts.run,
  };
  return schema;
}

/**
 * Wraps a schema so that a value that passes is returned as is (the same
 * object), never as the copy valibot's object schemas build. The copy would
 * reorder keys and drop keys named `__proto__`, `constructor` and
 * `prototype`; the input itself is already exactly the valid value.
 *
 * @param inner The schema that checks the value.
 * @returns A schema with the same checks that returns its input.
 */
export function keepInput<TOutput>(
  inner: v.GenericSchema<unknown, TOutput>,
): v.GenericSchema<unknown, TOutput> {
  return customSchema<TOutput>({
    type: "keep_input",
    reference: keepInput,
    expects: inner.expects,
    run(dataset, config) {
      const input = dataset.value;
      const result = inner["~run"]({ value: input }, config);
      if (result.issues) return result;
      return { typed: true, value: input as TOutput };
    },
  });
}

/**
 * A copy of a valibot schema that checks with `run` instead: same kind,
 * type, entries and options (so other schemas can look inside it), and its
 * Standard Schema `validate` goes through `run` too.
 */
function withRun<TSchema extends v.GenericSchema>(
  schema: TSchema,
  run: TSchema["~run"],
): TSchema {
  return {
    ...schema,
    "~standard": {
      ...schema["~standard"],
      validate: (value: unknown) => run({ value }, v.getGlobalConfig()),
    },
    "~run": run,
  };
}

/** The discriminator values an option of a variant is fixed to, if it is. */
function fixedValues(
  option: v.GenericSchema,
  key: string,
): ReadonlySet<unknown> | undefined {
  const schema = option as {
    type: string;
    options?: readonly v.GenericSchema[];
    entries?: Record<string, { type: string; literal?: unknown }>;
  };
  if (schema.type === "variant") {
    const values = new Set<unknown>();
    for (const inner of schema.options ?? []) {
      const more = fixedValues(inner, key);
      if (!more) return undefined;
      for (const value of more) values.add(value);
    }
    return values;
  }
  const entry = schema.entries?.[key];
  return entry?.type === "literal" ? new Set([entry.literal]) : undefined;
}

/**
 * The schema types valibot lets be missing from an object. valibot writes
 * this list out in two places we mirror: its `variant` counts an option as
 * fitting an input that lacks the discriminator key only when the option's
 * discriminator has one of these types, and its `looseObject` reports a
 * missing key unless the entry has one. It must stay exactly valibot's list:
 * with another, {@linkcode variant} would pick a different option than
 * valibot (and so report different issues), and {@linkcode looseObject}
 * would accept or reject other objects.
 */
const OPTIONAL = new Set(["exact_optional", "optional", "nullish"]);

/**
 * `v.variant`, with the same checks and issues, that goes straight to the
 * one option that fits the input's discriminator. valibot's variant tries
 * the options in turn, checking each one's discriminators (and nested
 * variants' too): most of the time spent on a message with many part kinds.
 * Options fixed to a literal are found in a map; the others (a missing
 * `tool_kind`, the lenient formats' catch-alls) are asked as valibot would
 * ask them. When more or fewer than one option fits, valibot's variant
 * decides, so issues are the same.
 *
 * @param key The discriminator key.
 * @param options The options, as for `v.variant`.
 * @returns The schema, typed as `v.variant`'s.
 */
export function variant<
  const TKey extends string,
  const TOptions extends v.VariantOptions<TKey>,
>(key: TKey, options: TOptions): v.VariantSchema<TKey, TOptions, undefined> {
  const full = v.variant(key, options);
  // A value two options are fixed to is left to valibot (null).
  const fixed = new Map<unknown, v.GenericSchema | null>();
  const open: [v.GenericSchema, v.GenericSchema | undefined][] = [];
  for (const option of options as readonly v.GenericSchema[]) {
    const values = fixedValues(option, key);
    if (!values) {
      const entries = (option as { entries?: Record<string, v.GenericSchema> })
        .entries;
      open.push([option, entries?.[key]]);
      continue;
    }
    for (const value of values) {
      fixed.set(value, fixed.has(value) ? null : option);
    }
  }
  const check = { abortEarly: true } as const;
  /** The one option that fits, or undefined for none or several. */
  const choose = (input: object): v.GenericSchema | undefined => {
    const present = key in input;
    const value = (input as Record<string, unknown>)[key];
    let chosen = present ? fixed.get(value) : undefined;
    if (chosen === null) return undefined;
    for (const [option, discriminator] of open) {
      // A nested variant without a fixed value: valibot decides.
      if (!discriminator) return undefined;
      const fits = present
        ? discriminator["~run"]({ typed: false, value }, check).issues ===
          undefined
        : OPTIONAL.has(discriminator.type);
      if (!fits) continue;
      if (chosen) return undefined;
      chosen = option;
    }
    return chosen;
  };
  return withRun(full, (dataset, config) => {
    const input = dataset.value;
    const option = input && typeof input === "object"
      ? choose(input)
      : undefined;
    return option
      ? option["~run"](dataset, config) as ReturnType<typeof full["~run"]>
      : full["~run"](dataset, config);
  });
}

/**
 * `v.looseObject` that checks without copying: the same checks, in the same
 * order, with the same issues, but the output is the input object itself
 * rather than a new object with every key copied over. The formats return
 * the input anyway (see {@linkcode keepInput}); building the copy was about
 * a quarter of the time valibot spent on a message. Entries must not have
 * defaults or fallbacks (a copy would be needed to add them).
 *
 * @param entries The entries, as for `v.looseObject`.
 * @returns The schema, typed as `v.looseObject`'s.
 */
export function looseObject<const TEntries extends v.ObjectEntries>(
  entries: TEntries,
): v.LooseObjectSchema<TEntries, undefined> {
  const full = v.looseObject(entries);
  const keys = Object.keys(entries);
  for (const key of keys) {
    const entry = entries[key] as { default?: unknown; fallback?: unknown };
    if (entry.default !== undefined || entry.fallback !== undefined) {
      throw new TypeError(`looseObject: entry "${key}" has a default`);
    }
  }
  const optional = keys.map((key) => OPTIONAL.has(entries[key]!.type));
  type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];
  const run = (
    dataset: { typed?: boolean; value: unknown; issues?: Issues },
    config: v.Config<v.BaseIssue<unknown>>,
  ) => {
    const input = dataset.value as Record<string, unknown>;
    if (!input || typeof input !== "object") {
      v._addIssue(full, "type", dataset as unknown as v.UnknownDataset, config);
      return dataset;
    }
    dataset.typed = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key in input) {
        const value = input[key];
        const result = entries[key]!["~run"]({ value }, config);
        if (result.issues) {
          const item: v.ObjectPathItem = {
            type: "object",
            origin: "value",
            input,
            key,
            value,
          };
          for (const issue of result.issues as v.BaseIssue<unknown>[]) {
            const mutable = issue as { path?: v.IssuePathItem[] };
            if (mutable.path) mutable.path.unshift(item);
            else mutable.path = [item];
            dataset.issues?.push(issue);
          }
          dataset.issues ??= result.issues as Issues;
          if (config.abortEarly) {
            dataset.typed = false;
            break;
          }
        }
        if (!result.typed) dataset.typed = false;
      } else if (!optional[i]) {
        v._addIssue(
          full,
          "key",
          dataset as unknown as v.UnknownDataset,
          config,
          {
            input: undefined,
            expected: `"${key}"`,
            path: [{
              type: "object",
              origin: "key",
              input,
              key,
              value: undefined,
            }],
          },
        );
        if (config.abortEarly) break;
      }
    }
    return dataset;
  };
  return withRun(full, run as unknown as typeof full["~run"]);
}
