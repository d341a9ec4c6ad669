/**
 * The message formats this package ships, by the name each session records:
 * how the CLI, the viewer and the importer find the format to read a session
 * with. A new shipped format is one entry in `FORMATS`.
 *
 * @module
 */
import { aiSdkModelMessageFormat, aiSdkUIMessageFormat } from "./ai_sdk.ts";
import type { MessageFormat } from "./format.ts";
import { createPydanticAiFormat, pydanticAiFormat } from "./pydantic_ai.ts";

/** A shipped format: the strict reader and the lenient one. */
interface Entry {
  readonly strict: MessageFormat<unknown>;
  readonly lenient: MessageFormat<unknown>;
}

/**
 * Every shipped format by name. Only Pydantic AI has a lenient reader; the
 * AI SDK formats follow one major version of the `ai` package exactly, so
 * both entries are the same format.
 */
const FORMATS: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  ["pydantic-ai", {
    strict: pydanticAiFormat,
    lenient: createPydanticAiFormat({ unknownValues: "accept" }),
  }],
  [aiSdkModelMessageFormat.name, {
    strict: aiSdkModelMessageFormat,
    lenient: aiSdkModelMessageFormat,
  }],
  [aiSdkUIMessageFormat.name, {
    strict: aiSdkUIMessageFormat,
    lenient: aiSdkUIMessageFormat,
  }],
]);

/**
 * The names of the message formats this package ships ("pydantic-ai", the
 * two AI SDK names).
 *
 * @example List the shipped formats
 * ```ts
 * import { FORMAT_NAMES } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(FORMAT_NAMES, [
 *   "pydantic-ai",
 *   "ai-sdk-model-message",
 *   "ai-sdk-ui-message",
 * ]);
 * ```
 */
export const FORMAT_NAMES: readonly string[] = Object.freeze([
  ...FORMATS.keys(),
]);

/**
 * The shipped format registered under `name`, or undefined. `lenient` gives
 * the reader that accepts unknown discriminator/enum values as opaque
 * (Pydantic AI's `unknownValues: "accept"`).
 *
 * @example Read a session in the format it records
 * ```ts
 * import { formatByName, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const session = await history.getOrCreateSession();
 * const format = formatByName(session.format.name);
 * assert.equal(format?.name, "pydantic-ai");
 * const view = history.withFormat(format!);
 * assert.deepEqual(await view.getMessages(session.id), []);
 * assert.equal(formatByName("no-such-format"), undefined);
 * ```
 *
 * @example Accept part kinds a newer Pydantic AI writes
 * ```ts
 * import { formatByName } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const message = {
 *   kind: "response",
 *   parts: [{ part_kind: "hologram", content: "…" }],
 * };
 * const strict = formatByName("pydantic-ai")!;
 * const lenient = formatByName("pydantic-ai", { lenient: true })!;
 * assert.equal(v.is(strict.schema, message), false);
 * assert.equal(v.is(lenient.schema, message), true);
 * ```
 *
 * @param name A format name, as a session records it (`session.format.name`).
 * @param options `lenient`: read unknown values as opaque where the format
 *   allows it (default `false`).
 * @returns The format, or `undefined` if no shipped format has that name.
 */
export function formatByName(
  name: string,
  options: { readonly lenient?: boolean } = {},
): MessageFormat<unknown> | undefined {
  const entry = FORMATS.get(name);
  return options.lenient ? entry?.lenient : entry?.strict;
}
