/**
 * The AI SDK as a user runs it: each flow drives the real `ai` functions
 * (`generateText`, `streamText`, the UI message stream helpers, `useChat`'s
 * `AbstractChat`) with a scripted mock model and returns exactly what a user
 * would save — unconverted, with the SDK's `undefined`-valued keys, its
 * `Uint8Array`s, `URL`s and `Date`s — plus the prompt of every model call,
 * so a test can check that stored history gives the model the same prompt.
 *
 * @module
 */
import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  generateText,
  jsonSchema,
  type ModelMessage,
  readUIMessageStream,
  stepCountIs,
  streamText,
  tool,
  toUIMessageStream,
  type UIMessage,
  validateUIMessages,
} from "ai";
import {
  type ModelContent,
  type Prompt,
  type ScriptedModel,
  scriptedModel,
  type Step,
  type StreamPart,
} from "./scripted_model.ts";
import { type ChatRoute, TestChat } from "./test_chat.ts";

// The SDK logs deprecation and unsupported-feature warnings to the console.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** A tiny PNG signature, as bytes a model or a user would hand over. */
export const PNG_BYTES: Uint8Array = new Uint8Array([137, 80, 78, 71, 13, 10]);

/** The tools of every flow: one that works, one that fails, one gated. */
export const TOOLS = {
  weather: tool({
    description: "The weather in a city.",
    inputSchema: jsonSchema<{ city: string }>({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    }),
    execute: ({ city }) => ({ city, sky: "sunny", celsius: 21 }),
  }),
  stations: tool({
    description: "The weather stations near a city (always fails).",
    inputSchema: jsonSchema<{ city: string }>({ type: "object" }),
    execute: ({ city }): { stations: string[] } => {
      throw new Error(`station service offline for ${city}`);
    },
  }),
  deleteFile: tool({
    description: "Deletes a file; the user must approve.",
    inputSchema: jsonSchema<{ path: string }>({
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
    }),
    needsApproval: true,
    execute: ({ path }) => ({ deleted: path }),
  }),
};

/** What a `generateText` or `streamText` turn gives its caller. */
export interface ModelTurn {
  /** The messages passed as `messages`. */
  readonly input: ModelMessage[];
  /** `result.responseMessages`: every step of the turn. */
  readonly responseMessages: ModelMessage[];
  /** `result.response.messages`: in ai 7, only the last step. */
  readonly lastStepMessages: ModelMessage[];
  /** `input` then `responseMessages`: the history after the turn. */
  readonly history: ModelMessage[];
  /** The prompt of every model call of the turn. */
  readonly prompts: Prompt[];
}

// --- (a) generateText ---------------------------------------------------------

// No system message: ai 7 refuses one in `messages` unless
// `allowSystemInMessages` is set (it wants `instructions` instead).
/** (a)'s user message: provider options, a binary file and a URL file. */
export const GENERATE_INPUT: ModelMessage[] = [
  {
    role: "user",
    content: [
      {
        type: "text",
        text: "What is the weather in Paris? Here is my map.",
        providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
      },
      {
        type: "file",
        mediaType: "image/png",
        filename: "map.png",
        data: PNG_BYTES,
      },
      {
        type: "file",
        mediaType: "application/pdf",
        data: new URL("https://example.com/forecast.pdf"),
      },
    ],
  },
];

/** (a)'s two model steps: reasoning, a custom part, two tools, a file. */
export const GENERATE_STEPS: Step[] = [
  {
    content: [
      {
        type: "reasoning",
        text: "I need the weather for Paris.",
        providerMetadata: { anthropic: { signature: "sig-1" } },
      },
      {
        type: "custom",
        kind: "openai.compaction",
        providerMetadata: { openai: { itemId: "cmp_1" } },
      },
      {
        type: "tool-call",
        toolCallId: "call-weather",
        toolName: "weather",
        input: JSON.stringify({ city: "Paris" }),
        providerMetadata: { openai: { itemId: "fc_1" } },
      },
      {
        type: "tool-call",
        toolCallId: "call-stations",
        toolName: "stations",
        input: JSON.stringify({ city: "Paris" }),
      },
    ] satisfies ModelContent[],
  },
  {
    content: [
      { type: "reasoning", text: "The weather tool answered." },
      {
        type: "text",
        text: "It is sunny in Paris, 21 °C. Here is a chart.",
        providerMetadata: { openai: { itemId: "msg_2" } },
      },
      {
        type: "file",
        mediaType: "image/png",
        data: { type: "data", data: PNG_BYTES },
      },
    ],
    providerMetadata: { openai: { responseId: "resp_2" } },
  },
];

/**
 * (a) A multi-step `generateText` turn: reasoning with a signature, a custom
 * part, two tool calls (one fails), a generated file; the user's message has
 * provider options, a binary file and a URL file.
 */
export function generateTextFlow(): Promise<ModelTurn> {
  return modelTurn(scriptedModel(GENERATE_STEPS), GENERATE_INPUT);
}

// --- (b) streamText -----------------------------------------------------------

const STREAM_STEPS: Step[] = [
  {
    stream: [
      { type: "response-metadata", id: "resp_1", modelId: "mock-model-id" },
      {
        type: "reasoning-start",
        id: "r1",
        providerMetadata: { anthropic: { signature: "sig-s1" } },
      },
      { type: "reasoning-delta", id: "r1", delta: "Look up " },
      { type: "reasoning-delta", id: "r1", delta: "Lyon." },
      { type: "reasoning-end", id: "r1" },
      { type: "tool-input-start", id: "call-lyon", toolName: "weather" },
      { type: "tool-input-delta", id: "call-lyon", delta: '{"city":' },
      { type: "tool-input-delta", id: "call-lyon", delta: '"Lyon"}' },
      { type: "tool-input-end", id: "call-lyon" },
      {
        type: "tool-call",
        toolCallId: "call-lyon",
        toolName: "weather",
        input: JSON.stringify({ city: "Lyon" }),
        providerMetadata: { openai: { itemId: "fc_9" } },
      },
    ] satisfies StreamPart[],
  },
  {
    stream: [
      { type: "text-start", id: "t1" },
      { type: "text-delta", id: "t1", delta: "Sunny in Lyon, " },
      { type: "text-delta", id: "t1", delta: "21 °C." },
      {
        type: "text-end",
        id: "t1",
        providerMetadata: { openai: { itemId: "msg_9" } },
      },
      {
        type: "file",
        mediaType: "image/png",
        data: { type: "data", data: PNG_BYTES },
      },
      {
        type: "source",
        sourceType: "url",
        id: "src-1",
        url: "https://example.com/lyon",
        title: "Lyon weather",
      },
    ],
  },
];

/** (b) The same kind of turn streamed: `await result.responseMessages`. */
export async function streamTextFlow(): Promise<ModelTurn> {
  const scripted = scriptedModel(STREAM_STEPS);
  const input: ModelMessage[] = [
    { role: "user", content: "And the weather in Lyon?" },
  ];
  const result = streamText({
    model: scripted.model,
    messages: input,
    tools: TOOLS,
    stopWhen: stepCountIs(5),
  });
  await result.consumeStream();
  const responseMessages = await result.responseMessages;
  return {
    input,
    responseMessages,
    lastStepMessages: (await result.response).messages,
    history: [...input, ...responseMessages],
    prompts: scripted.prompts(),
  };
}

// --- (c) a useChat chat with data parts ---------------------------------------

/** What a chat route hands the server's persistence after each request. */
export interface ChatSave {
  /** The chat id (`useChat({ id })` sends it with every request). */
  readonly chatId: string;
  /** `onEnd`'s `messages`: the whole chat, with the answer. */
  readonly messages: UIMessage[];
  /** The request's `trigger`: `"submit-message"` or `"regenerate-message"`. */
  readonly trigger: string;
}

/**
 * What a route does with each request's {@linkcode ChatSave} — a real
 * server calls `history.saveChat(chatId, messages)` — awaited in `onEnd`.
 */
export type Persist = (save: ChatSave) => unknown;

/** What a chat flow leaves on the server and in the browser. */
export interface ChatFlow {
  /** `onEnd`'s `messages` of every request: what a server persists. */
  readonly serverSaves: UIMessage[][];
  /** The browser's `chat.messages` at the end. */
  readonly clientMessages: UIMessage[];
  /** The prompt of every model call. */
  readonly prompts: Prompt[];
}

/** When the start of a message is stamped (a `Date`, as an app would). */
export const CREATED_AT: Date = new Date("2026-08-20T14:03:10.118Z");

const CHAT_STEPS: Step[] = [
  {
    stream: [
      {
        type: "reasoning-start",
        id: "r1",
        providerMetadata: { anthropic: { signature: "sig-c1" } },
      },
      { type: "reasoning-delta", id: "r1", delta: "Two tools." },
      { type: "reasoning-end", id: "r1" },
      {
        type: "tool-call",
        toolCallId: "call-w",
        toolName: "weather",
        input: JSON.stringify({ city: "Nice" }),
      },
      {
        type: "tool-call",
        toolCallId: "call-s",
        toolName: "stations",
        input: JSON.stringify({ city: "Nice" }),
      },
    ],
  },
  {
    stream: [
      { type: "text-start", id: "t1" },
      { type: "text-delta", id: "t1", delta: "Sunny in Nice." },
      {
        type: "text-end",
        id: "t1",
        providerMetadata: { openai: { itemId: "msg_c1" } },
      },
      {
        type: "source",
        sourceType: "url",
        id: "src-nice",
        url: "https://example.com/nice",
      },
      {
        type: "file",
        mediaType: "image/png",
        data: { type: "data", data: PNG_BYTES },
      },
    ],
  },
  { stream: textStream("You are welcome.") },
];

/** The stream parts of one text answer. */
export function textStream(text: string): StreamPart[] {
  return [
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: text },
    { type: "text-end", id: "t" },
  ];
}

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/**
 * A chat route that writes a data part, then merges the model's UI message
 * stream (sources, reasoning, message metadata with a `Date`) —
 * `createUIMessageStream({ originalMessages, onEnd })`.
 */
export function dataChatRoute(
  scripted: ScriptedModel,
  persist: Persist,
): ChatRoute {
  const generateId = counter("assistant");
  return async (request) => {
    const body = await request.json();
    const messages = await validateUIMessages({ messages: body.messages });
    const result = streamText({
      model: scripted.model,
      messages: await convertToModelMessages(messages),
      tools: TOOLS,
      stopWhen: stepCountIs(5),
    });
    const stream = createUIMessageStream({
      originalMessages: messages,
      generateId,
      execute: ({ writer }) => {
        writer.write({
          type: "data-weather",
          id: "forecast",
          data: { city: "Nice", status: "loading" },
        });
        writer.merge(toUIMessageStream({
          stream: result.stream,
          tools: TOOLS,
          sendSources: true,
          messageMetadata: ({ part }) =>
            part.type === "start" ? { createdAt: CREATED_AT } : undefined,
        }));
      },
      onEnd: async ({ messages }) => {
        await persist({ chatId: body.id, messages, trigger: body.trigger });
      },
    });
    return createUIMessageStreamResponse({ stream });
  };
}

/**
 * (c) Two requests of a `useChat` chat: a question with an image (two tools,
 * one failing: an `output-error` state), then a thank-you. Each request's
 * messages go to `persist` too, when given.
 */
export async function dataChatFlow(persist?: Persist): Promise<ChatFlow> {
  const scripted = scriptedModel(CHAT_STEPS);
  const serverSaves: UIMessage[][] = [];
  const chat = new TestChat(
    "chat-data",
    dataChatRoute(scripted, async (save) => {
      serverSaves.push(save.messages);
      await persist?.(save);
    }),
  );
  await chat.sendMessage({
    text: "Weather in Nice? Here is a photo.",
    files: [{
      type: "file",
      mediaType: "image/png",
      filename: "nice.png",
      url: "data:image/png;base64,iVBORw0K",
    }],
  });
  await chat.sendMessage({ text: "Thanks!" });
  return {
    serverSaves,
    clientMessages: chat.messages,
    prompts: scripted.prompts(),
  };
}

/** (c') One UI message built by `readUIMessageStream`, with every state. */
export interface StreamedMessageFlow {
  /** Each state of the message as it streamed in. */
  readonly states: UIMessage[];
  /** The final state. */
  readonly message: UIMessage;
  /** The prompt of every model call. */
  readonly prompts: Prompt[];
}

/** (c') `readUIMessageStream` over a turn with a data part and a failure. */
export async function readUIMessageStreamFlow(): Promise<StreamedMessageFlow> {
  const scripted = scriptedModel(CHAT_STEPS);
  const result = streamText({
    model: scripted.model,
    messages: [{ role: "user", content: "Weather in Nice?" }],
    tools: TOOLS,
    stopWhen: stepCountIs(2),
  });
  const stream = createUIMessageStream({
    generateId: counter("streamed"),
    execute: ({ writer }) => {
      writer.write({ type: "data-weather", data: { city: "Nice" } });
      writer.merge(toUIMessageStream({ stream: result.stream, tools: TOOLS }));
    },
  });
  const states: UIMessage[] = [];
  for await (const message of readUIMessageStream({ stream })) {
    states.push(message);
  }
  const message = states.at(-1);
  if (message === undefined) throw new Error("no message streamed");
  return { states, message, prompts: scripted.prompts() };
}

// --- (d) tool approval --------------------------------------------------------

/** What the approval flow leaves, and the message it rewrote in place. */
export interface ApprovalFlow extends ChatFlow {
  /** The assistant message asking for approval (first request). */
  readonly requested: UIMessage;
  /** The same message as the browser sends it back, approval answered. */
  readonly responded: UIMessage;
  /** The same message after the continuation: same id, new content. */
  readonly continued: UIMessage;
}

/**
 * The route of the README: `streamText` then
 * `toUIMessageStreamResponse({ originalMessages, onEnd })`. Its message ids
 * are `${idPrefix}-1`, `-2`… (a server would use random ones).
 */
export function chatRoute(
  scripted: ScriptedModel,
  persist: Persist,
  idPrefix = "assistant",
): ChatRoute {
  const generateMessageId = counter(idPrefix);
  return async (request) => {
    const body = await request.json();
    const messages = await validateUIMessages({ messages: body.messages });
    const result = streamText({
      model: scripted.model,
      messages: await convertToModelMessages(messages),
      tools: TOOLS,
      stopWhen: stepCountIs(5),
    });
    return result.toUIMessageStreamResponse({
      originalMessages: messages,
      generateMessageId,
      onEnd: async ({ messages }) => {
        await persist({ chatId: body.id, messages, trigger: body.trigger });
      },
    });
  };
}

/**
 * (d) A `needsApproval` tool: the model asks to delete a file, the user
 * answers with `addToolApprovalResponse`, the chat sends the list again and
 * the server continues the same assistant message. Each request's messages
 * go to `persist` too, when given; with `followUp`, the user then sends
 * that text as a third request.
 */
export async function approvalFlow(
  approved: boolean,
  persist?: Persist,
  followUp?: string,
): Promise<ApprovalFlow> {
  const scripted = scriptedModel([
    {
      stream: [{
        type: "tool-call",
        toolCallId: "call-delete",
        toolName: "deleteFile",
        input: JSON.stringify({ path: "/tmp/report.txt" }),
      }],
    },
    { stream: textStream(approved ? "Deleted." : "I left it alone.") },
  ]);
  const serverSaves: UIMessage[][] = [];
  const chat = new TestChat(
    "chat-approval",
    chatRoute(scripted, async (save) => {
      serverSaves.push(save.messages);
      await persist?.(save);
    }),
  );
  await chat.sendMessage({ text: "Delete /tmp/report.txt" });
  const requested = lastMessage(chat.messages);
  const approval =
    requested.parts.flatMap((part) =>
      "approval" in part && part.approval ? [part.approval] : []
    )[0];
  if (approval === undefined) throw new Error("no approval was requested");
  await chat.addToolApprovalResponse({
    id: approval.id,
    approved,
    ...(approved ? {} : { reason: "Keep it." }),
  });
  const responded = lastMessage(chat.messages);
  await chat.sendMessage();
  const continued = lastMessage(chat.messages);
  if (followUp !== undefined) await chat.sendMessage({ text: followUp });
  return {
    serverSaves,
    clientMessages: chat.messages,
    prompts: scripted.prompts(),
    requested,
    responded,
    continued,
  };
}

function lastMessage(messages: UIMessage[]): UIMessage {
  const message = messages.at(-1);
  if (message === undefined) throw new Error("the chat has no message");
  return message;
}

/** (d') The approval flow of `generateText`, in `ModelMessage`s. */
export async function modelApprovalFlow(): Promise<ModelTurn[]> {
  const scripted = scriptedModel([
    {
      content: [{
        type: "tool-call",
        toolCallId: "call-delete",
        toolName: "deleteFile",
        input: JSON.stringify({ path: "/tmp/report.txt" }),
      }],
    },
    { content: [{ type: "text", text: "Deleted." }] },
  ]);
  const first: ModelMessage[] = [
    { role: "user", content: "Delete /tmp/report.txt" },
  ];
  const turn1 = await modelTurn(scripted, first);
  const approvalId = approvalIdOf(turn1.responseMessages);
  const answer: ModelMessage = {
    role: "tool",
    content: [{
      type: "tool-approval-response",
      approvalId,
      approved: true,
    }],
  };
  const turn2 = await modelTurn(scripted, [...turn1.history, answer]);
  return [turn1, turn2];
}

function approvalIdOf(messages: ModelMessage[]): string {
  for (const message of messages) {
    if (message.role !== "assistant" || typeof message.content === "string") {
      continue;
    }
    for (const part of message.content) {
      if (part.type === "tool-approval-request") return part.approvalId;
    }
  }
  throw new Error("no approval was requested");
}

async function modelTurn(
  scripted: ScriptedModel,
  input: ModelMessage[],
): Promise<ModelTurn> {
  const before = scripted.prompts().length;
  const result = await generateText({
    model: scripted.model,
    messages: input,
    tools: TOOLS,
    stopWhen: stepCountIs(5),
  });
  return {
    input,
    responseMessages: result.responseMessages,
    lastStepMessages: result.response.messages,
    history: [...input, ...result.responseMessages],
    prompts: scripted.prompts().slice(before),
  };
}
