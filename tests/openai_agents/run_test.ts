/**
 * A real `Agent` run through the SDK's own `run()` with a `HistorySession`:
 * a scripted model (the SDK's `Model` interface, no network) calls a tool
 * and answers; the stored history holds the whole turn, and later runs see
 * it — streamed or not, after server-side compaction, and after an output
 * guardrail stopped a turn.
 *
 * @module
 */
import {
  type AgentInputItem,
  OutputGuardrailTripwireTriggered,
  run,
  type SessionHistoryTransactionArgs,
} from "@openai/agents";
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { HistorySession } from "../../src/openai_agents.ts";
import { answer, weatherAgent, weatherTurn } from "./support/agents.ts";

/** The items of a weather turn as the session stores them. */
function storedWeatherTurn(n: number, city: string, question: string) {
  return [
    { type: "message", role: "user", content: question },
    {
      type: "reasoning",
      id: `rs_${n}`,
      content: [{ type: "input_text", text: `Look up ${city}` }],
    },
    // The SDK drops the ids of function calls and results when persisting.
    {
      type: "function_call",
      callId: `call_${n}`,
      name: "get_weather",
      arguments: JSON.stringify({ city }),
      status: "completed",
    },
    {
      type: "function_call_result",
      name: "get_weather",
      callId: `call_${n}`,
      status: "completed",
      output: { type: "text", text: `Sunny in ${city}` },
    },
    answer(`msg_${n}`, `It is sunny in ${city}.`),
  ];
}

Deno.test("run() stores the turn with its tool call and result; the next run sees it", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const { agent, model } = weatherAgent([
    ...weatherTurn(1, "Paris"),
    [answer("msg_2", "Still sunny tomorrow.")],
  ]);
  const session = new HistorySession({ history, sessionId: "weather" });

  const first = await run(agent, "Weather in Paris?", { session });
  assert.equal(first.finalOutput, "It is sunny in Paris.");
  const turn = storedWeatherTurn(1, "Paris", "Weather in Paris?");
  assert.deepEqual(await session.getItems(), turn);
  const records = await session.history.getMessageRecords("weather");
  assert.deepEqual(records.map((r) => r.role), [
    "user",
    "model",
    "model",
    "tool",
    "model",
  ]);

  // A streamed run: the model gets the stored turn before the new question.
  const second = await run(agent, "And tomorrow?", { session, stream: true });
  for await (const _event of second) { /* drain the stream */ }
  await second.completed;
  assert.equal(second.finalOutput, "Still sunny tomorrow.");
  assert.deepEqual(model.inputs[2], [
    ...turn,
    { type: "message", role: "user", content: "And tomorrow?" },
  ]);
  assert.equal(model.remaining, 0);

  const items = await session.getItems();
  assert.equal(items.length, 7);
  assert.deepEqual(items.at(-1), answer("msg_2", "Still sunny tomorrow."));
  assert.deepEqual(await session.getItems(2), items.slice(5));
  const hits = await history.searchMessages("sunny", { sessionId: "weather" });
  assert.deepEqual(hits.map((h) => h.seq).sort(), [4, 5, 7]);
});

Deno.test("run() with a compaction item in the model's output keeps only it and what follows", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const { agent, model } = weatherAgent([
    [answer("m1", "one")],
    [
      { type: "compaction", id: "cmp_1", encrypted_content: "ENC" },
      answer("m2", "two"),
    ],
    [answer("m3", "three")],
  ]);
  const session = new HistorySession({ history, sessionId: "compacted" });
  await run(agent, "first", { session });
  await run(agent, "second", { session });
  const compacted = [
    { type: "compaction", id: "cmp_1", encrypted_content: "ENC" },
    answer("m2", "two"),
  ];
  assert.deepEqual(await session.getItems(), compacted);
  await run(agent, "third", { session });
  // The model's next input starts at the compaction item.
  assert.deepEqual(model.inputs[2], [
    ...compacted,
    { type: "message", role: "user", content: "third" },
  ]);
  // What it replaced is still in the database, before it.
  const stored = await session.history.getMessages("compacted");
  assert.deepEqual(stored.slice(0, 2), [
    { type: "message", role: "user", content: "first" },
    answer("m1", "one"),
  ]);
});

/** Records the transactions the runner applies. */
class RecordingSession extends HistorySession {
  readonly transactions: SessionHistoryTransactionArgs[] = [];
  override async applyHistoryTransaction(
    args: SessionHistoryTransactionArgs,
  ): Promise<void> {
    this.transactions.push(structuredClone(args));
    await super.applyHistoryTransaction(args);
  }
}

Deno.test("run() whose output guardrail trips after a tool ran writes the turn through applyHistoryTransaction, once", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const { agent } = weatherAgent([
    [{
      type: "function_call",
      callId: "call_1",
      name: "get_weather",
      arguments: '{"city":"Oslo"}',
      status: "completed",
    }],
    [answer("m1", "The secret forecast")],
    [answer("m2", "Cold in Oslo.")],
  ], [{
    name: "no-secrets",
    execute: ({ agentOutput }) =>
      Promise.resolve({
        tripwireTriggered: String(agentOutput).includes("secret"),
        outputInfo: {},
      }),
  }]);
  const session = new RecordingSession({ history, sessionId: "guarded" });
  await assert.rejects(
    run(agent, "Weather in Oslo?", { session }),
    OutputGuardrailTripwireTriggered,
  );
  assert.equal(session.transactions.length, 1);
  const blocked: AgentInputItem[] = await session.getItems();
  // The question and the tool's side effect are kept; the blocked answer is not.
  assert.deepEqual(blocked.map((item) => item.type), [
    "message",
    "function_call",
    "function_call_result",
  ]);

  // The runner retrying the same operation writes nothing.
  await session.applyHistoryTransaction(session.transactions[0]!);
  assert.deepEqual(await session.getItems(), blocked);

  const next = await run(agent, "And now?", { session });
  assert.equal(next.finalOutput, "Cold in Oslo.");
  assert.equal((await session.getItems()).length, 5);
});
