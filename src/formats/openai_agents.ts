/**
 * The OpenAI Agents SDK item format: a valibot schema for the SDK's
 * `AgentInputItem` (user, assistant and system messages, function calls and
 * their results, hosted tool calls, computer, shell, apply-patch and program
 * calls and outputs, tool search, reasoning, compaction and `unknown`
 * items), with the role and search-text functions the history store needs.
 *
 * The schema follows `@openai/agents-core` 0.20: a value passes exactly when
 * the SDK's own `protocol.ModelItem` zod schema accepts it (checked by a
 * differential test), unknown keys are kept, and a valid input is stored
 * unchanged. Where the SDK accepts bytes (`Uint8Array` image or file data of
 * a tool output), so does the schema; the history stores JSON, and
 * `HistorySession` stores such bytes as a base64 data URL, the way
 * the SDK's own session persistence does. The items carry no token usage
 * (the SDK keeps it on the run result), so the format has no usage paths.
 *
 * @module
 */
import type * as v from "valibot";
import { defineFormat, type MessageFormat } from "./format.ts";
import type { Expect, MutuallyAssignable } from "./_type_check.ts";
import * as schemas from "./openai_agents/schemas.ts";
import {
  openAiAgentsItemRole,
  openAiAgentsItemText,
} from "./openai_agents/text.ts";
import type {
  OpenAiAgentsAssistantContent,
  OpenAiAgentsComputerAction,
  OpenAiAgentsToolCallOutputContent,
  OpenAiAgentsUserContent,
} from "./openai_agents/parts.ts";
import type {
  OpenAiAgentsItem,
  OpenAiAgentsMessageItem,
} from "./openai_agents/types.ts";

export type * from "./openai_agents/parts.ts";
export type * from "./openai_agents/types.ts";
export { openAiAgentsItemRole, openAiAgentsItemText };

/**
 * Validates one OpenAI Agents SDK item (`AgentInputItem`), as the SDK's
 * `protocol.ModelItem` does. Unknown keys are kept.
 *
 * @example Validate an item
 * ```ts
 * import * as v from "valibot";
 * import { OpenAiAgentsItemSchema } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * assert.ok(v.is(OpenAiAgentsItemSchema, { role: "user", content: "Hi" }));
 * assert.ok(!v.is(OpenAiAgentsItemSchema, { role: "assistant", content: [] }));
 * ```
 */
// deno-doc-ignore private-type-ref -- valibot's exported GenericSchema; npm types count as private here (denoland/deno#27364)
export const OpenAiAgentsItemSchema: v.GenericSchema<
  unknown,
  OpenAiAgentsItem
> = schemas.item;

/**
 * The OpenAI Agents SDK item format (name `"openai-agents-item"`, version
 * `"0.20"`, the `@openai/agents-core` minor version it follows — before 1.0
 * a minor version may change the protocol): {@linkcode OpenAiAgentsItemSchema},
 * {@linkcode openAiAgentsItemRole} and {@linkcode openAiAgentsItemText}.
 * `HistorySession` uses it; any history can read and write such
 * sessions with `history.withFormat(openAiAgentsItemFormat)`.
 *
 * @example Save items without the SDK, and read them back
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { openAiAgentsItemFormat } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const agents = history.withFormat(openAiAgentsItemFormat);
 * const { id } = await agents.getOrCreateSession();
 * await agents.saveMessages(id, [
 *   { role: "user", content: "Hi" },
 *   {
 *     role: "assistant",
 *     status: "completed",
 *     content: [{ type: "output_text", text: "Hello!" }],
 *   },
 * ]);
 * const records = await agents.getMessageRecords(id);
 * assert.deepEqual(records.map((r) => r.role), ["user", "model"]);
 * ```
 */
export const openAiAgentsItemFormat: MessageFormat<OpenAiAgentsItem> =
  defineFormat({
    name: "openai-agents-item",
    version: "0.20",
    schema: OpenAiAgentsItemSchema,
    roleOf: openAiAgentsItemRole,
    textOf: openAiAgentsItemText,
  });

// Compile-time check: the hand-written types equal the schemas' output.
type Output<T extends v.GenericSchema> = v.InferOutput<T>;
type _TypesMatchSchemas = [
  Expect<MutuallyAssignable<Output<typeof schemas.item>, OpenAiAgentsItem>>,
  Expect<
    MutuallyAssignable<
      Output<typeof schemas.messageItem>,
      OpenAiAgentsMessageItem
    >
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof schemas.userContent>,
      OpenAiAgentsUserContent
    >
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof schemas.assistantContent>,
      OpenAiAgentsAssistantContent
    >
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof schemas.toolCallOutputContent>,
      OpenAiAgentsToolCallOutputContent
    >
  >,
  Expect<
    MutuallyAssignable<
      Output<typeof schemas.computerAction>,
      OpenAiAgentsComputerAction
    >
  >,
];
