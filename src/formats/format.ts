/**
 * The message-format abstraction: a name, a version, a valibot schema and a
 * role function. Every session records the format that created it.
 *
 * @module
 */
import type * as v from "valibot";

/** The role stored for a message, derived from its payload. */
export type Role = "user" | "model" | "system" | "tool";

/**
 * A message format: how one message is checked, which role it has and what
 * text of it is searchable.
 *
 * @typeParam TMessage The type of one message of this format.
 */
export interface MessageFormat<TMessage = unknown> {
  /** The name stored with each session, e.g. `"pydantic-ai"`. */
  readonly name: string;
  /** The version of the format's schema, stored with each session. */
  readonly version: string;
  /** The valibot schema one message must satisfy. */
  readonly schema: v.GenericSchema<unknown, TMessage>;
  /** The role column for a message that passed {@linkcode schema}. */
  roleOf(message: TMessage): Role;
  /**
   * The text a person would search for in a message (user prompts, model
   * text, tool results). Empty when the message has none.
   */
  textOf?(message: TMessage): string;
  /**
   * Where token usage sits in a `model` message, as SQLite JSON paths, so
   * `getUsage()` can add it up in SQL. Formats without usage omit it.
   */
  readonly usage?: UsagePaths;
}

/** SQLite JSON paths (`$.usage.input_tokens`) of token counts in a message. */
export interface UsagePaths {
  /** Input (prompt) tokens. */
  readonly inputTokens?: string;
  /** Output (completion) tokens. */
  readonly outputTokens?: string;
  /** Input tokens read from the provider's cache. */
  readonly cacheReadTokens?: string;
  /** Input tokens written to the provider's cache. */
  readonly cacheWriteTokens?: string;
  /** The model name, to break usage down by model. */
  readonly model?: string;
}

/**
 * Defines a message format from a valibot schema and a role function.
 *
 * @example Define a format for a simple chat message
 * ```ts
 * import * as v from "valibot";
 * import { defineFormat } from "@ironclaw/history";
 *
 * const chat = defineFormat({
 *   name: "my-chat",
 *   version: "1",
 *   schema: v.object({ from: v.picklist(["me", "bot"]), text: v.string() }),
 *   roleOf: (m) => (m.from === "me" ? "user" : "model"),
 *   textOf: (m) => m.text,
 * });
 * ```
 *
 * @typeParam TMessage The type of one message of this format.
 * @param format The format's parts.
 * @returns The same format, frozen.
 */
export function defineFormat<TMessage>(
  format: MessageFormat<TMessage>,
): MessageFormat<TMessage> {
  if (typeof format.name !== "string" || format.name.length === 0) {
    throw new TypeError(
      "Cannot define format: name must be a non-empty string",
    );
  }
  if (typeof format.version !== "string" || format.version.length === 0) {
    throw new TypeError(
      `Cannot define format "${format.name}": version must be a non-empty string`,
    );
  }
  return Object.freeze({ ...format });
}
