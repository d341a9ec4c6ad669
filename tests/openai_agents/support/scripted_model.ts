/**
 * A stand-in for a real model: an implementation of the Agents SDK's
 * `Model` interface that answers each call with the next canned output and
 * records what it was sent. No network.
 *
 * @module
 */
import type { protocol } from "@openai/agents-core";
import {
  type AgentInputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from "@openai/agents";

/** What a model can output (what a streamed response may carry). */
export type OutputItem = protocol.OutputModelItem;

/** A model that replays canned outputs, one per call, in order. */
export class ScriptedModel implements Model {
  readonly #outputs: OutputItem[][];
  #calls = 0;
  /** What each call was sent as input, in order (deep copies). */
  readonly inputs: AgentInputItem[][] = [];

  /**
   * @param outputs The output of each call, in order.
   */
  constructor(outputs: OutputItem[][]) {
    this.#outputs = outputs.map((output) => structuredClone(output));
  }

  /** How many calls are left. */
  get remaining(): number {
    return this.#outputs.length;
  }

  #next(request: ModelRequest): { id: string; output: OutputItem[] } {
    const input = typeof request.input === "string"
      ? [{ role: "user" as const, content: request.input }]
      : request.input;
    this.inputs.push(structuredClone(input));
    const output = this.#outputs.shift();
    if (!output) throw new Error("ScriptedModel: no canned output left");
    return { id: `resp_${++this.#calls}`, output };
  }

  /** Answers with the next canned output. */
  getResponse(request: ModelRequest): Promise<ModelResponse> {
    const { id, output } = this.#next(request);
    return Promise.resolve({
      usage: new Usage({ requests: 1, inputTokens: 11, outputTokens: 7 }),
      output,
      responseId: id,
    });
  }

  /** Streams the next canned output: its text as deltas, then the whole. */
  async *getStreamedResponse(
    request: ModelRequest,
  ): AsyncIterable<StreamEvent> {
    const { id, output } = this.#next(request);
    yield { type: "response_started" };
    for (const item of output) {
      if (item.type !== "message" || item.role !== "assistant") continue;
      for (const part of item.content) {
        if (part.type === "output_text") {
          yield { type: "output_text_delta", delta: part.text };
        }
      }
    }
    await Promise.resolve();
    yield {
      type: "response_done",
      response: {
        id,
        usage: {
          requests: 1,
          inputTokens: 11,
          outputTokens: 7,
          totalTokens: 18,
        },
        output,
      },
    };
  }
}
