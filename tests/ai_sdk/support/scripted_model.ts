/**
 * A scripted language model for the AI SDK tests: the `ai` package's own
 * `MockLanguageModelV4` (from `ai/test`), answering each call with the next
 * step of a script and recording the prompt of every call — so a test can
 * compare the prompt built from in-memory history with the one built from
 * stored history.
 *
 * @module
 */
import { generateText, type ModelMessage, streamText, type ToolSet } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";

/** The prompt a model receives: the SDK's `LanguageModelV4Prompt`. */
export type Prompt = MockLanguageModelV4["doStreamCalls"][number]["prompt"];

type GenerateResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;
type StreamResult = Awaited<ReturnType<MockLanguageModelV4["doStream"]>>;

/** One piece of content a model generates (`LanguageModelV4Content`). */
export type ModelContent = GenerateResult["content"][number];

/** One part of a model stream (`LanguageModelV4StreamPart`). */
export type StreamPart = StreamResult["stream"] extends ReadableStream<infer P>
  ? P
  : never;

/** Token usage of every mocked call (the shape is all that matters here). */
export const USAGE: GenerateResult["usage"] = {
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 7, text: 5, reasoning: 2 },
};

/** What a model generates in one step, for `doGenerate` or `doStream`. */
export interface Step {
  /** The content, for `generateText`. */
  readonly content?: readonly ModelContent[];
  /** The stream parts before `finish`, for `streamText`. */
  readonly stream?: readonly StreamPart[];
  /** Provider metadata of the whole step. */
  readonly providerMetadata?: GenerateResult["providerMetadata"];
}

/** A mock model and the prompts it received, in call order. */
export interface ScriptedModel {
  /** The model to pass as `model`. */
  readonly model: MockLanguageModelV4;
  /** The prompt of every call so far (generate and stream). */
  prompts(): Prompt[];
}

function finishReason(parts: readonly { type: string }[]) {
  const unified = parts.some((p) => p.type === "tool-call")
    ? "tool-calls" as const
    : "stop" as const;
  return { unified, raw: unified };
}

/**
 * A mock model answering call N with `steps[N]` (the last step once the
 * script runs out), each stream a fresh `ReadableStream`.
 */
export function scriptedModel(steps: readonly Step[]): ScriptedModel {
  const order: Prompt[] = [];
  let call = 0;
  const next = (prompt: Prompt): Step => {
    order.push(prompt);
    const step = steps[Math.min(call++, steps.length - 1)];
    if (step === undefined) throw new Error("the script has no step");
    return step;
  };
  const model = new MockLanguageModelV4({
    // URLs reach the model as they are instead of being downloaded.
    supportedUrls: { "*/*": [/^https?:\/\//] },
    doGenerate: (options) => {
      const step = next(options.prompt);
      const content = [...(step.content ?? [])];
      return Promise.resolve({
        content,
        finishReason: finishReason(content),
        usage: USAGE,
        warnings: [],
        ...(step.providerMetadata &&
          { providerMetadata: step.providerMetadata }),
      });
    },
    doStream: (options) => {
      const step = next(options.prompt);
      const parts: StreamPart[] = [
        { type: "stream-start", warnings: [] },
        ...(step.stream ?? []),
        {
          type: "finish",
          usage: USAGE,
          finishReason: finishReason(step.stream ?? []),
          ...(step.providerMetadata &&
            { providerMetadata: step.providerMetadata }),
        },
      ];
      return Promise.resolve({ stream: convertArrayToReadableStream(parts) });
    },
  });
  return { model, prompts: () => [...order] };
}

/** A model that answers every call with a short text. */
export function echoModel(): ScriptedModel {
  return scriptedModel([{
    content: [{ type: "text", text: "ok" }],
    stream: [
      { type: "text-start", id: "echo" },
      { type: "text-delta", id: "echo", delta: "ok" },
      { type: "text-end", id: "echo" },
    ],
  }]);
}

/** The user's next message, to replay a history as the next turn. */
export const NEXT_USER_MESSAGE: ModelMessage = {
  role: "user",
  content: [{ type: "text", text: "And tomorrow?" }],
};

/**
 * The prompt `generateText` sends for `messages`: the first call of a fresh
 * echo model (tools run first when the messages end with approvals).
 */
export async function generatePromptFor(
  messages: ModelMessage[],
  tools: ToolSet = {},
): Promise<Prompt> {
  const echo = echoModel();
  await generateText({
    model: echo.model,
    messages,
    tools,
  });
  return firstPrompt(echo);
}

/** The same as {@linkcode generatePromptFor}, through `streamText`. */
export async function streamPromptFor(
  messages: ModelMessage[],
  tools: ToolSet = {},
): Promise<Prompt> {
  const echo = echoModel();
  let failure: unknown;
  const result = streamText({
    model: echo.model,
    messages,
    tools,
    // streamText reports errors here instead of throwing them.
    onError: ({ error }) => {
      failure ??= error;
    },
  });
  await result.consumeStream();
  if (failure !== undefined) throw failure;
  return firstPrompt(echo);
}

function firstPrompt(echo: ScriptedModel): Prompt {
  const prompt = echo.prompts()[0];
  if (prompt === undefined) throw new Error("the model was not called");
  return prompt;
}
