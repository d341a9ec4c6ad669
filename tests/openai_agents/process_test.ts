/**
 * Two processes share one `ironclaw.db`: the first runs a turn of a real
 * agent with a `HistorySession` and exits; the second, a new process,
 * continues the same session and its model is sent the first turn.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { HistorySession } from "../../src/openai_agents.ts";

const SCRIPT = new URL("./support/agent_turn.ts", import.meta.url).pathname;
// The tests' import map, which has the SDK (the package's own does not).
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

/** Runs one turn in a new process, which exits when the turn is stored. */
async function turn(
  file: string,
  n: number,
  city: string,
): Promise<{ finalOutput: string; firstInput: unknown[] }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${CONFIG}`,
      "-A",
      SCRIPT,
      file,
      "trip",
      String(n),
      city,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  }).output();
  const decoder = new TextDecoder();
  assert.equal(output.code, 0, decoder.decode(output.stderr));
  return JSON.parse(decoder.decode(output.stdout));
}

Deno.test("a second process continues the session the first one wrote to ironclaw.db", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/ironclaw.db`;
    const first = await turn(file, 1, "Paris");
    assert.equal(first.finalOutput, "It is sunny in Paris.");
    assert.deepEqual(first.firstInput, [
      { type: "message", role: "user", content: "Weather in Paris?" },
    ]);

    const second = await turn(file, 2, "Rome");
    assert.equal(second.finalOutput, "It is sunny in Rome.");
    // Its model saw the first process's whole turn, then the new question.
    assert.equal(second.firstInput.length, 6);
    assert.deepEqual(second.firstInput.at(-1), {
      type: "message",
      role: "user",
      content: "Weather in Rome?",
    });

    await using history = await openHistory({ url: `file:${file}` });
    const session = new HistorySession({ history, sessionId: "trip" });
    const items = await session.getItems();
    assert.equal(items.length, 10);
    assert.deepEqual(items.slice(0, 5), second.firstInput.slice(0, 5));
    assert.deepEqual(
      (await session.history.getMessageRecords("trip")).map((r) => r.role),
      [
        "user",
        "model",
        "model",
        "tool",
        "model",
        "user",
        "model",
        "model",
        "tool",
        "model",
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
