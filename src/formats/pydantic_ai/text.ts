/**
 * What the history store derives from a Pydantic AI message: the role it is
 * stored with and the text the search index holds.
 *
 * @module
 */
import { collectStrings, pushText } from "../_text.ts";
import type { JsonObject } from "../../json.ts";
import type { Role } from "../format.ts";
import { MULTIMODAL_KINDS } from "./schemas.ts";
import type { ModelMessage } from "./types.ts";
import { isJsonObject } from "./values.ts";

/**
 * The role stored for a Pydantic AI message: `"model"` for a response; for a
 * request `"user"` if it has a user-prompt or speech part, else `"tool"` if
 * it has a tool-return or retry-prompt part, else `"system"` (also for an
 * empty request, one with only a tool-availability delta, and a message of
 * an unknown kind accepted by the lenient schema).
 *
 * @example Roles of a request and a response
 * ```ts
 * import { pydanticAiRole } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * assert.equal(pydanticAiRole({ kind: "response", parts: [] }), "model");
 * assert.equal(
 *   pydanticAiRole({ kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] }),
 *   "user",
 * );
 * assert.equal(
 *   pydanticAiRole({ kind: "request", parts: [{ part_kind: "tool-return", tool_name: "t", content: 1 }] }),
 *   "tool",
 * );
 * ```
 *
 * @param message A message that passed {@linkcode ModelMessageSchema}.
 * @returns The message's role.
 */
export function pydanticAiRole(message: ModelMessage): Role {
  if (message.kind === "response") return "model";
  if (message.kind !== "request") return "system";
  let role: Role = "system";
  for (const part of message.parts) {
    const kind: string = part.part_kind;
    if (kind === "user-prompt" || kind === "speech") return "user";
    if (kind === "tool-return" || kind === "retry-prompt") role = "tool";
  }
  return role;
}

/** Whether an object is an image or another file, whose strings are not text. */
function isMultimodal(value: object): boolean {
  const kind = (value as JsonObject).kind;
  return typeof kind === "string" && MULTIMODAL_KINDS.has(kind);
}

/**
 * The searchable text of a Pydantic AI message: user prompts (string content,
 * bare strings and `text-content` items), speech transcripts, the model's
 * `text` parts, and tool results (`tool-return` and `builtin-tool-return`
 * content: a string as is, otherwise its string leaves, skipping images and
 * other files). System prompts, instructions, thinking, tool arguments, retry
 * prompts and metadata are left out. Pieces are joined with `"\n"`.
 *
 * @example Text of a request
 * ```ts
 * import { pydanticAiText } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const text = pydanticAiText({
 *   kind: "request",
 *   parts: [
 *     { part_kind: "system-prompt", content: "Be brief." },
 *     { part_kind: "user-prompt", content: "Weather in Paris?" },
 *   ],
 * });
 * assert.equal(text, "Weather in Paris?"); // the system prompt is not searched
 * ```
 *
 * @param message A message that passed {@linkcode ModelMessageSchema}.
 * @returns The text, or `""` when the message has none.
 */
export function pydanticAiText(message: ModelMessage): string {
  const out: string[] = [];
  if (!Array.isArray(message.parts)) return "";
  for (const part of message.parts as readonly JsonObject[]) {
    switch (part.part_kind) {
      case "user-prompt": {
        const content = part.content;
        if (typeof content === "string") pushText(content, out);
        else if (Array.isArray(content)) {
          for (const item of content) {
            if (typeof item === "string") pushText(item, out);
            else if (isJsonObject(item) && item.kind === "text-content") {
              pushText(item.content, out);
            }
          }
        }
        break;
      }
      case "text":
        pushText(part.content, out);
        break;
      case "speech":
        pushText(part.transcript, out);
        break;
      case "tool-return":
      case "builtin-tool-return":
        collectStrings(part.content, out, isMultimodal);
        break;
    }
  }
  return out.join("\n");
}
