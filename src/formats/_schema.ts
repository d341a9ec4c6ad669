/**
 * Hand-built valibot schemas shared by the message formats.
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
