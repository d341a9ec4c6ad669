/**
 * The message-format abstraction: a name, a version, a valibot schema and a
 * role function. Every session records the format that created it.
 *
 * @module
 */
import type * as v from "valibot";
import type { JsonValue } from "../json.ts";

/**
 * The role stored for a message, derived from its payload.
 *
 * @example Count messages by role
 * ```ts
 * import { openHistory, type Role } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 *   { kind: "response", parts: [{ part_kind: "text", content: "Hello!" }] },
 * ]);
 * const counts: Partial<Record<Role, number>> = {};
 * for (const { role } of await history.getMessageRecords(id)) counts[role] = (counts[role] ?? 0) + 1;
 * assert.deepEqual(counts, { user: 1, model: 1 });
 * ```
 */
export type Role = "user" | "model" | "system" | "tool";

/**
 * A message format: how one message is checked, which role it has and what
 * text of it is searchable.
 *
 * @example A format for plain chat messages, used by a history
 * ```ts
 * import { defineFormat, type MessageFormat, openHistory } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * type Chat = { from: "me" | "bot"; text: string };
 * const chat: MessageFormat<Chat> = defineFormat({
 *   name: "my-chat",
 *   version: "1",
 *   schema: v.object({ from: v.picklist(["me", "bot"]), text: v.string() }),
 *   roleOf: (m) => (m.from === "me" ? "user" : "model"),
 *   textOf: (m) => m.text,
 * });
 * await using history = await openHistory({ url: ":memory:", format: chat });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [{ from: "me", text: "Hi bot" }]);
 * assert.equal((await history.searchMessages("bot"))[0]?.role, "user");
 * ```
 *
 * @typeParam TMessage The type of one message of this format.
 */
export interface MessageFormat<TMessage = unknown> {
  /** The name stored with each session, e.g. `"pydantic-ai"`. */
  readonly name: string;
  /** The version of the format's schema, stored with each session. */
  readonly version: string;
  /** The valibot schema one message must satisfy. */
  // deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
  readonly schema: v.GenericSchema<unknown, TMessage>;
  /** The role column for a message that passed {@linkcode schema}. */
  roleOf(message: TMessage): Role;
  /**
   * The text a person would search for in a message (user prompts, model
   * text, tool results). Empty when the message has none.
   */
  textOf?(message: TMessage): string;
  /**
   * Rewrites the JSON snapshot of a message given as a value before it is
   * validated and stored, for a value whose JSON form would mean something
   * else (the AI SDK's tagged `{ type: "url", url: URL }` file data).
   * Returns the snapshot itself when there is nothing to rewrite, else a new
   * JSON value (the snapshot is not changed). Messages given as JSON text
   * are stored as given.
   */
  normalize?(snapshot: JsonValue): JsonValue;
  /**
   * Where token usage sits in a `model` message, as SQLite JSON paths, so
   * `getUsage()` can add it up in SQL. Formats without usage omit it.
   */
  readonly usage?: UsagePaths;
}

/**
 * SQLite JSON paths (`$.usage.input_tokens`) of token counts in a message.
 *
 * @example Let getUsage() add up a custom format's tokens
 * ```ts
 * import { defineFormat, openHistory, type UsagePaths } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 *
 * const usage: UsagePaths = { inputTokens: "$.tokens.in", outputTokens: "$.tokens.out", model: "$.model" };
 * const format = defineFormat({
 *   name: "metered",
 *   version: "1",
 *   schema: v.object({ text: v.string(), model: v.string(), tokens: v.object({ in: v.number(), out: v.number() }) }),
 *   roleOf: () => "model",
 *   usage,
 * });
 * await using history = await openHistory({ url: ":memory:", format });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [{ text: "Hi", model: "m1", tokens: { in: 5, out: 2 } }]);
 * assert.equal((await history.getUsage()).byModel["m1"]?.totalTokens, 7);
 * ```
 */
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
