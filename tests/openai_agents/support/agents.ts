/**
 * Canned agents for the session tests: a weather agent whose model calls a
 * function tool and then answers, and the items its scripted model returns.
 *
 * @module
 */
import {
  Agent,
  type OutputGuardrail,
  setTracingDisabled,
  tool,
} from "@openai/agents";
import { type OutputItem, ScriptedModel } from "./scripted_model.ts";

// Tracing would export to OpenAI; these tests never touch the network.
setTracingDisabled(true);

/** An assistant message with one text part. */
export function answer(id: string, text: string): OutputItem {
  return {
    type: "message",
    id,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text }],
  };
}

/** The model's side of a weather turn: reasoning and a tool call, then the answer. */
export function weatherTurn(n: number, city: string): OutputItem[][] {
  return [
    [
      {
        type: "reasoning",
        id: `rs_${n}`,
        content: [{ type: "input_text", text: `Look up ${city}` }],
      },
      {
        type: "function_call",
        id: `fc_${n}`,
        callId: `call_${n}`,
        name: "get_weather",
        arguments: JSON.stringify({ city }),
        status: "completed",
      },
    ],
    [answer(`msg_${n}`, `It is sunny in ${city}.`)],
  ];
}

/** The weather tool: answers for any city. */
export const getWeather = tool({
  name: "get_weather",
  description: "The weather of a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
  execute: (input: unknown) => `Sunny in ${(input as { city: string }).city}`,
});

/** An agent with the weather tool, answering with `outputs` in order. */
export function weatherAgent(
  outputs: OutputItem[][],
  outputGuardrails: OutputGuardrail[] = [],
): { agent: Agent; model: ScriptedModel } {
  const model = new ScriptedModel(outputs);
  const agent = new Agent({
    name: "Weather",
    instructions: "Answer weather questions.",
    model,
    tools: [getWeather],
    outputGuardrails,
  });
  return { agent, model };
}
