/**
 * Type test: the format's hand-written item types connect with the SDK's
 * own `AgentInputItem`, both ways, with no cast.
 *
 * @module
 */
import {
  type AgentInputItem,
  assistant,
  MemorySession,
  type protocol,
  user,
} from "@openai/agents-core";
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import type * as ours from "../../src/openai_agents.ts";
import { HistorySession } from "../../src/openai_agents.ts";

type MutuallyAssignable<A, B> = [A] extends [B]
  ? ([B] extends [A] ? true : false)
  : false;
type Expect<T extends true> = T;

type _Connect = [
  Expect<MutuallyAssignable<AgentInputItem, ours.OpenAiAgentsItem>>,
  Expect<
    MutuallyAssignable<
      protocol.UserMessageItem,
      ours.OpenAiAgentsUserMessageItem
    >
  >,
  Expect<
    MutuallyAssignable<
      protocol.AssistantMessageItem,
      ours.OpenAiAgentsAssistantMessageItem
    >
  >,
  Expect<
    MutuallyAssignable<
      protocol.FunctionCallResultItem,
      ours.OpenAiAgentsFunctionCallResultItem
    >
  >,
  Expect<
    MutuallyAssignable<
      protocol.ComputerUseCallItem,
      ours.OpenAiAgentsComputerUseCallItem
    >
  >,
  Expect<
    MutuallyAssignable<
      protocol.ToolSearchCallItem,
      ours.OpenAiAgentsToolSearchCallItem
    >
  >,
];

Deno.test("items pass between the SDK and a history without a cast", async () => {
  await using history = await openHistory({ url: ":memory:" });
  // The SDK's own helpers build these (with `providerData: undefined`).
  const fromSdk: AgentInputItem[] = [user("Hi"), assistant("Hello")];
  const asOurs: ours.OpenAiAgentsItem[] = fromSdk;
  const session = new HistorySession({ history, sessionId: "typed" });
  await session.addItems(fromSdk);
  const stored: ours.OpenAiAgentsItem[] = await session.history.getMessages(
    "typed",
  );
  const back: AgentInputItem[] = stored;
  const memory = new MemorySession({ initialItems: back });
  assert.deepEqual(
    await memory.getItems(),
    JSON.parse(JSON.stringify(asOurs)),
  );
});
