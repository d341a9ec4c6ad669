// deno-lint-ignore-file no-console
/**
 * The demo: a short agent conversation saved to `ironclaw.db` in the working
 * directory, read back and printed as a transcript (with the renderer of
 * `history show`). Run it again and the same session continues, showing the
 * earlier turns. Then browse it with the command line:
 *
 *     deno task demo
 *     deno task history show demo-weather-agent
 *
 * @module
 */
import { type ModelMessage, openHistory } from "../mod.ts";
import { transcriptEntry } from "../src/cli/transcript/entry.ts";
import { painter, renderEntry } from "../src/cli/transcript/render.ts";

const SESSION_ID = "demo-weather-agent";
const CITIES = ["Paris", "Tokyo", "Lima", "Oslo", "Nairobi", "Montréal"];

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** One realistic agent turn, as Pydantic AI would record it. */
function turn(run: number, now: number): ModelMessage[] {
  const city = CITIES[run % CITIES.length]!;
  const callId = `call_${run}_${Math.floor(now).toString(36)}`;
  const celsius = 8 + ((run * 7) % 20);
  const request: ModelMessage = {
    kind: "request",
    parts: [
      ...(run === 0
        ? [{
          part_kind: "system-prompt" as const,
          content:
            "You are a concise weather assistant. Use the get_weather tool.",
          timestamp: iso(now),
          dynamic_ref: null,
        }]
        : []),
      {
        part_kind: "user-prompt" as const,
        content: `What's the weather like in ${city} right now?`,
        timestamp: iso(now),
      },
    ],
    timestamp: iso(now),
    instructions: null,
    "run_id": null,
  };
  return [
    request,
    {
      kind: "response",
      parts: [{
        part_kind: "tool-call",
        tool_name: "get_weather",
        args: JSON.stringify({ city }),
        tool_call_id: callId,
        id: null,
        provider_details: null,
      }],
      usage: { input_tokens: 112 + run * 40, output_tokens: 18, details: {} },
      model_name: "gpt-5-mini",
      timestamp: iso(now + 640),
      provider_name: "openai",
      finish_reason: "tool_call",
    },
    {
      kind: "request",
      parts: [{
        part_kind: "tool-return",
        tool_name: "get_weather",
        content: { city, celsius, sky: celsius > 18 ? "sunny" : "overcast" },
        tool_call_id: callId,
        metadata: null,
        timestamp: iso(now + 700),
        outcome: "success",
      }],
      timestamp: iso(now + 700),
    },
    {
      kind: "response",
      parts: [{
        part_kind: "text",
        content: `It's ${celsius}°C and ${
          celsius > 18 ? "sunny" : "overcast"
        } in ${city}.`,
      }],
      usage: {
        input_tokens: 171 + run * 40,
        output_tokens: 21,
        details: { reasoning_tokens: 0 },
      },
      model_name: "gpt-5-mini",
      timestamp: iso(now + 1500),
      provider_name: "openai",
      finish_reason: "stop",
    },
  ];
}

const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
const paint = painter(color);

await using history = await openHistory();
const session = await history.getOrCreateSession(SESSION_ID, {
  metadata: { agent: "weather-demo", title: "Weather questions" },
});
const run = Math.floor(session.messageCount / 4);
const saved = await history.saveMessages(session.id, turn(run, Date.now()));
const records = await history.getMessageRecords(session.id);

console.log(`ironclaw history — ${history.url}`);
console.log(
  `session ${session.id} (${session.metadata.title}), run ${
    run + 1
  }: saved seq ${saved.firstSeq}–${saved.lastSeq}\n`,
);
let previousTurn = -1;
for (const record of records) {
  const t = Math.floor((record.seq - 1) / 4);
  if (t !== previousTurn) {
    console.log(
      paint(
        "bold",
        `— turn ${t + 1}${t < run ? " (earlier run)" : " (this run)"} —`,
      ),
    );
    previousTurn = t;
  }
  const entry = transcriptEntry(record, history.format);
  for (const line of renderEntry(entry, { color })) {
    console.log(`  ${line}`);
  }
}
console.log(
  `\n${records.length} messages in ${
    Math.ceil(records.length / 4)
  } turn(s). Run it again to continue the session.`,
);
console.log(
  `Browse it: deno task history sessions, deno task history show ${session.id}, deno task history serve`,
);
