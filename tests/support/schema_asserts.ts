/**
 * Domain assertions for the format tests: a schema accepts a value and gives
 * back the very same object, or rejects it with its first issue at a path.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as v from "valibot";

/** Any schema of any output. */
export type AnySchema = v.GenericSchema<unknown, unknown>;

/**
 * Asserts that `schema` accepts `input`, returns the very same value, and
 * leaves it unchanged.
 *
 * @param schema The schema.
 * @param input The value.
 */
export function assertAccepted(schema: AnySchema, input: unknown): void {
  const before = structuredClone(input);
  const result = v.safeParse(schema, input);
  assert.ok(
    result.success,
    `expected success, got: ${
      result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`)
        .join("; ")
    }`,
  );
  assert.equal(result.output, input);
  assert.deepStrictEqual(input, before);
}

/**
 * Asserts that `schema` rejects `input` with its first issue at `path`.
 *
 * @param schema The schema.
 * @param input The value.
 * @param path The dot path of the first issue (`null` for the value itself).
 */
export function assertRejected(
  schema: AnySchema,
  input: unknown,
  path: string | null,
): void {
  const result = v.safeParse(schema, input);
  assert.equal(result.success, false, "expected the input to be rejected");
  const [first] = result.issues ?? [];
  assert.ok(first);
  assert.equal(v.getDotPath(first), path, `first issue: ${first.message}`);
}
