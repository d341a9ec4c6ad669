/**
 * Comparing what the model receives: the prompt a `useChat` request sends
 * for a message list, the prompt of the next turn after a `ModelMessage`
 * history, tool calls counted, and the one difference stored history may
 * make (binary data as base64).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  convertToModelMessages,
  type ModelMessage,
  type UIMessage,
  validateUIMessages,
} from "ai";
import { TOOLS } from "./flows.ts";
import { binaryAsBase64 } from "./json_snapshot.ts";
import {
  generatePromptFor,
  NEXT_USER_MESSAGE,
  type Prompt,
  streamPromptFor,
} from "./scripted_model.ts";

/**
 * The same prompt, strictly — `undefined` keys and `URL` objects included —
 * but for one thing: binary data the user passed as a `Uint8Array` comes
 * back as the base64 string the SDK itself writes for generated files, which
 * every provider sends identically (it base64-encodes the bytes).
 */
export function assertSamePrompt(
  fromStored: unknown,
  fromMemory: unknown,
): void {
  assert.deepStrictEqual(fromStored, binaryAsBase64(fromMemory));
}

/** The prompt of the next turn after a `ModelMessage` history. */
export function nextTurnPrompt(
  history: ModelMessage[],
  via: typeof generatePromptFor = generatePromptFor,
): Promise<Prompt> {
  return via([...history, NEXT_USER_MESSAGE], TOOLS);
}

/** The prompt of a `useChat` request sending these messages. */
export async function chatPromptFor(messages: UIMessage[]): Promise<Prompt> {
  const validated = await validateUIMessages({ messages, tools: TOOLS });
  return await streamPromptFor(await convertToModelMessages(validated), TOOLS);
}

/** How many tool calls a model message list holds. */
export function countToolCalls(messages: ModelMessage[]): number {
  let count = 0;
  for (const { content } of messages) {
    if (typeof content === "string") continue;
    for (const part of content) if (part.type === "tool-call") count++;
  }
  return count;
}
