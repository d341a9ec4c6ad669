/**
 * The seeded benchmark workload: agent conversations of realistic Pydantic AI
 * messages (0.3–4 KB of JSON each), built from `conversationTurns()` with the
 * text of each message stretched to a target size drawn from a seeded PRNG.
 * The same seed gives the same bytes on every machine and every run.
 *
 * @module
 */
import type {
  ModelMessage,
  ModelRequest,
  ModelResponse,
  Role,
} from "../mod.ts";
import { conversationTurns } from "../tests/support/pydantic_fixtures.ts";

/** Bump when the generated messages change, so cached databases are rebuilt. */
export const WORKLOAD_VERSION = 1;

/** The default seed of every benchmark. */
export const SEED = 0x1c1a7;

/** Smallest and largest JSON size of one message, in bytes (UTF-8). */
export const MIN_BYTES = 300;
/** See {@linkcode MIN_BYTES}. */
export const MAX_BYTES = 4096;

/** A seeded PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
function int(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

const WORDS = (
  "the forecast for tomorrow shows light rain in the afternoon with " +
  "temperatures around 17°C and a north-west wind of 15 km/h so take an " +
  "umbrella if you plan to walk along the Seine café terrasse météo " +
  "humidity pressure sunrise sunset hourly details confidence model " +
  "ensemble ECMWF GFS precipitation probability percent visibility good " +
  "air quality moderate pollen low UV index 4 recommended itinerary " +
  "museum d'Orsay Louvre Montmartre bakery croissant metro line 4 ticket"
).split(" ");
const WORD_BYTES = WORDS.map((word) => new TextEncoder().encode(word).length);

/** About `bytes` bytes of prose made of the word list. */
function prose(rand: () => number, bytes: number): string {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const i = int(rand, 0, WORDS.length - 1);
    out.push(WORDS[i]!);
    size += WORD_BYTES[i]! + 1;
  }
  const text = out.join(" ");
  const extra = utf8Length(text) - bytes;
  return extra > 0 ? text.slice(0, Math.max(1, text.length - extra)) : text;
}

const encoder = new TextEncoder();

/** UTF-8 length of a string. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** A message target size: log-uniform in [MIN_BYTES, MAX_BYTES]. */
function targetBytes(rand: () => number): number {
  return Math.round(
    Math.exp(
      Math.log(MIN_BYTES) +
        rand() * (Math.log(MAX_BYTES) - Math.log(MIN_BYTES)),
    ),
  );
}

/** Grows one text field of `message` until its JSON is about `target` bytes. */
function stretch(
  message: ModelMessage,
  target: number,
  set: (text: string) => void,
  seedText: string,
  rand: () => number,
): ModelMessage {
  set(seedText);
  const base = utf8Length(JSON.stringify(message));
  if (target > base) set(`${seedText} ${prose(rand, target - base - 1)}`);
  return message;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "123Z");
}

/** The four template messages of `conversationTurns()`, freshly copied. */
function templates(): [
  ModelRequest,
  ModelResponse,
  ModelRequest,
  ModelResponse,
] {
  const [user, call, ret, text] = conversationTurns();
  return [
    user as ModelRequest,
    call as ModelResponse,
    ret as ModelRequest,
    text as ModelResponse,
  ];
}

/** One conversation: its turns (2–4 messages each), in append order. */
export interface Conversation {
  /** The turns; their sizes add up to the conversation's message count. */
  readonly turns: readonly (readonly ModelMessage[])[];
  /** All messages, flattened, in order. */
  readonly messages: readonly ModelMessage[];
}

/**
 * Builds one conversation of `count` messages (count ≥ 2) in turns of 2–4:
 * a turn of 2 is user prompt → text answer; 3 is user prompt → tool call →
 * tool return (the run goes on in the next call); 4 is user prompt → tool
 * call → tool return → text answer. The first request also carries the
 * system prompt.
 */
export function conversation(
  rand: () => number,
  index: number,
  count = 100,
): Conversation {
  const turns: ModelMessage[][] = [];
  let clock = Date.UTC(2026, 7, 20, 14, 0, 0) + index * 3_600_000;
  let remaining = count;
  let n = 0;
  while (remaining > 0) {
    let size = Math.min(int(rand, 2, 4), remaining);
    if (remaining - size === 1) size = size === 4 ? 3 : size + 1;
    remaining -= size;
    const [user, call, ret, text] = templates();
    const callId = `call_${index.toString(36)}_${n.toString(36)}`;
    const turn: ModelMessage[] = [];
    // The user request: the system prompt only on the conversation's first.
    if (n > 0) user.parts = user.parts.slice(1);
    clock += int(rand, 2_000, 90_000);
    user.timestamp = isoAt(clock);
    const prompt = user.parts[user.parts.length - 1]!;
    turn.push(stretch(
      user,
      targetBytes(rand),
      (t) => {
        (prompt as { content: string }).content = t;
      },
      `Question ${n}:`,
      rand,
    ));
    if (size >= 3) {
      clock += int(rand, 300, 4_000);
      call.timestamp = isoAt(clock);
      const part = call.parts[0] as { args: string; "tool_call_id": string };
      part["tool_call_id"] = callId;
      call["provider_response_id"] = `resp_${index}_${n}_c`;
      turn.push(stretch(
        call,
        targetBytes(rand),
        (t) => {
          part.args = JSON.stringify({
            city: "Paris",
            day: "2026-08-21",
            q: t,
          });
        },
        "forecast",
        rand,
      ));
      clock += int(rand, 50, 2_000);
      ret.timestamp = isoAt(clock);
      const back = ret.parts[0] as { content: string; "tool_call_id": string };
      back["tool_call_id"] = callId;
      turn.push(stretch(
        ret,
        targetBytes(rand),
        (t) => {
          back.content = t;
        },
        "Forecast:",
        rand,
      ));
    }
    if (size !== 3) {
      clock += int(rand, 300, 8_000);
      text.timestamp = isoAt(clock);
      text["provider_response_id"] = `resp_${index}_${n}_t`;
      const part = text.parts[0] as { content: string };
      turn.push(stretch(
        text,
        targetBytes(rand),
        (t) => {
          part.content = t;
        },
        "Answer:",
        rand,
      ));
    }
    turns.push(turn);
    n++;
  }
  return { turns, messages: turns.flat() };
}

/**
 * The benchmark workload: `sessions` conversations of `messagesPerSession`
 * messages each, from one seed.
 */
export function workload(
  sessions = 100,
  messagesPerSession = 100,
  seed: number = SEED,
): Conversation[] {
  const rand = prng(seed);
  return Array.from(
    { length: sessions },
    (_, i) => conversation(rand, i, messagesPerSession),
  );
}

/** The role our format derives, written out by hand for the raw baseline. */
export function roleOf(message: ModelMessage): Role {
  if (message.kind === "response") return "model";
  let tool = false;
  for (const part of message.parts) {
    const kind = part["part_kind"];
    if (kind === "user-prompt" || kind === "speech") return "user";
    if (kind === "tool-return" || kind === "retry-prompt") tool = true;
  }
  return tool ? "tool" : "system";
}

/** Size statistics of a set of messages, in bytes of JSON. */
export function sizeStats(
  messages: readonly ModelMessage[],
): { min: number; median: number; mean: number; max: number } {
  const sizes = messages.map((m) => utf8Length(JSON.stringify(m))).sort((
    a,
    b,
  ) => a - b);
  const total = sizes.reduce((a, b) => a + b, 0);
  return {
    min: sizes[0] ?? 0,
    median: sizes[Math.floor(sizes.length / 2)] ?? 0,
    mean: Math.round(total / Math.max(1, sizes.length)),
    max: sizes[sizes.length - 1] ?? 0,
  };
}
