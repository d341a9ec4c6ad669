/**
 * Helpers of the input tests (`tests/input_test.ts`,
 * `tests/input_limits_test.ts`): a prompt holding anything, a fresh
 * history, deeply nested values, a format whose messages hold any JSON,
 * and the assertion that a call was refused with a `ValidationError` at a
 * path.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  defineFormat,
  type History,
  type HistoryOptions,
  type MessageFormat,
  type ModelMessage,
  openHistory,
  ValidationError,
} from "../../mod.ts";

/** Bytes in a mebibyte. */
export const MiB = 1024 * 1024;

/** A user prompt request holding `text` (anything, for hostile tests). */
export function ask(text: unknown): ModelMessage {
  return {
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: text }],
  } as ModelMessage;
}

/** A fresh `:memory:` history with these options. */
export function open(options: HistoryOptions = {}): Promise<History> {
  return openHistory({ url: ":memory:", env: false, ...options });
}

/** Arrays nested `depth` levels deep around `leaf` (`[]` is 1). */
export function nestedArrays(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Objects `{a: …}` nested `depth` levels deep around `leaf`. */
export function nestedObjects(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Awaits a rejection and checks it is a ValidationError at `path`. */
export async function invalid(
  promise: Promise<unknown>,
  path: string | RegExp,
  fragment?: string,
  messageIndex?: number,
): Promise<ValidationError> {
  const error = await promise.then(
    () => assert.fail("expected a ValidationError"),
    (e: unknown) => e,
  );
  assert(error instanceof ValidationError, `got ${error}`);
  if (typeof path === "string") assert.equal(error.path, path);
  else assert.match(error.path, path);
  if (fragment !== undefined) {
    assert(
      error.message.includes(fragment),
      `${JSON.stringify(error.message)} lacks ${JSON.stringify(fragment)}`,
    );
  }
  if (messageIndex !== undefined) {
    assert.equal(error.messageIndex, messageIndex);
  }
  return error;
}

/** A format whose messages are `{ data }` with anything JSON in `data`. */
export const anyData: MessageFormat<{ data: unknown }> = defineFormat({
  name: "any-data",
  version: "1",
  schema: v.looseObject({ data: v.unknown() }),
  roleOf: () => "user",
  textOf: () => "",
});
