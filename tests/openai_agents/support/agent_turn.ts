/**
 * One weather turn in its own process: opens the history file, runs the
 * weather agent with a `HistorySession` and prints, as JSON, the final
 * output and what the model was first sent. Then the process exits.
 *
 * Usage: `agent_turn.ts <db file> <session id> <turn number> <city>`
 *
 * @module
 */
import { run } from "@openai/agents";
import { openHistory } from "../../../mod.ts";
import { HistorySession } from "../../../src/openai_agents.ts";
import { weatherAgent, weatherTurn } from "./agents.ts";

const [file, sessionId, turn, city] = Deno.args;
if (!file || !sessionId || !turn || !city) {
  throw new Error("usage: agent_turn.ts <db file> <session id> <turn> <city>");
}
await using history = await openHistory({ url: `file:${file}` });
const { agent, model } = weatherAgent(weatherTurn(Number(turn), city));
const session = new HistorySession({ history, sessionId });
const result = await run(agent, `Weather in ${city}?`, { session });
const report = JSON.stringify({
  finalOutput: result.finalOutput,
  firstInput: model.inputs[0],
});
await Deno.stdout.write(new TextEncoder().encode(report + "\n"));
