/**
 * Realistic Vercel AI SDK (`ai` 7) messages for tests and demos, as JSON
 * values: `ModelMessage`s covering every role, content part, file-data form
 * and tool-result output (with every `content` item type), a `streamText`
 * `response.messages` sequence, and `UIMessage`s covering every part type and
 * tool state, with provider options/metadata and unknown keys at several
 * levels.
 *
 * Treat the exported values as read-only; `structuredClone` one before
 * changing it. The functions return fresh objects per call.
 *
 * @module
 */
import type { Role } from "../../src/formats/format.ts";
import type {
  AiSdkModelMessage,
  AiSdkUIMessage,
  AiSdkUIMessagePart,
} from "../../src/formats/ai_sdk.ts";

/**
 * `value` with keys its type does not name: the store keeps unknown keys,
 * but the types, like the SDK's, do not list them.
 */
function withKeys<T extends object>(value: T, keys: object): T {
  return Object.assign(value, keys);
}

/** One valid model message with the role and text the store derives. */
export interface AiSdkModelFixture {
  /** A short unique name, used in test names. */
  readonly name: string;
  /** The message, as a JS value. */
  readonly message: AiSdkModelMessage;
  /** The role `aiSdkModelMessageRole` returns for it. */
  readonly role: Role;
  /** The text `aiSdkModelMessageText` returns for it. */
  readonly text: string;
}

/** One valid UI message with the role and text the store derives. */
export interface AiSdkUIFixture {
  /** A short unique name, used in test names. */
  readonly name: string;
  /** The message, as a JS value. */
  readonly message: AiSdkUIMessage;
  /** The role `aiSdkUIMessageRole` returns for it. */
  readonly role: Role;
  /** The text `aiSdkUIMessageText` returns for it. */
  readonly text: string;
}

const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const PDF_BASE64 = "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNj4+";

// --- model messages -----------------------------------------------------------

const system: AiSdkModelMessage = {
  role: "system",
  content: "You are a concise travel assistant. Prefer metric units.",
};

const systemWithCache: AiSdkModelMessage = {
  role: "system",
  content: "Long, cacheable instructions.",
  providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
};

const userString: AiSdkModelMessage = {
  role: "user",
  content: "What's the weather like in Lisbon this weekend?",
};

const userMultimodal: AiSdkModelMessage = {
  role: "user",
  content: [
    { type: "text", text: "What is in this picture and this PDF?" },
    { type: "image", image: PNG_BASE64, mediaType: "image/png" },
    { type: "image", image: "https://example.com/cat.jpg" },
    { type: "image", image: { openai: "file-img123" } },
    {
      type: "file",
      data: PDF_BASE64,
      mediaType: "application/pdf",
      filename: "itinerary.pdf",
      providerOptions: { anthropic: { citations: { enabled: true } } },
    },
    {
      type: "file",
      data: "https://example.com/report.pdf",
      mediaType: "application/pdf",
    },
    { type: "file", data: { openai: "file-abc123" }, mediaType: "image" },
    {
      type: "file",
      data: { type: "data", data: PNG_BASE64 },
      mediaType: "image/png",
    },
    {
      type: "file",
      data: { type: "reference", reference: { google: "files/xyz" } },
      mediaType: "application/pdf",
    },
    {
      type: "file",
      data: { type: "text", text: "name,city\nAda,Lisbon\n" },
      mediaType: "text/csv",
      filename: "people.csv",
    },
  ],
  providerOptions: { openai: { user: "ada" } },
};

const assistantString: AiSdkModelMessage = {
  role: "assistant",
  content: "Sunny, around 24°C on both days.",
};

const assistantEverything: AiSdkModelMessage = {
  role: "assistant",
  content: [
    {
      type: "reasoning",
      text: "The user wants a forecast; call the weather tool.",
      providerOptions: {
        anthropic: { signature: "EqQBCkYIBxgCKkDx" },
      },
    },
    {
      type: "reasoning-file",
      data: PNG_BASE64,
      mediaType: "image/png",
    },
    {
      type: "reasoning-file",
      data: { type: "data", data: PNG_BASE64 },
      mediaType: "image/png",
    },
    {
      type: "custom",
      kind: "openai.compaction",
      providerOptions: { openai: { encryptedContent: "gAAAA…" } },
    },
    {
      type: "tool-call",
      toolCallId: "call_weather_1",
      toolName: "weather",
      input: { location: "Lisbon", days: 2 },
    },
    {
      type: "tool-call",
      toolCallId: "srvtoolu_01",
      toolName: "web_search",
      input: { query: "Lisbon weather weekend" },
      providerExecuted: true,
    },
    {
      type: "tool-result",
      toolCallId: "srvtoolu_01",
      toolName: "web_search",
      output: {
        type: "json",
        value: [{ title: "Lisbon forecast", url: "https://example.com/w" }],
      },
    },
    {
      type: "tool-approval-request",
      approvalId: "approval-1",
      toolCallId: "call_book_1",
      reason: "Booking costs money",
      isAutomatic: false,
      signature: "sig-123",
      inputSchemaInput: { hotel: "Tivoli", nights: 2 },
    },
    {
      type: "file",
      data: PNG_BASE64,
      mediaType: "image/png",
    },
    { type: "text", text: "Let me check the forecast." },
  ],
  providerOptions: { openai: { itemId: "msg_abc" } },
};

const toolResults: AiSdkModelMessage = {
  role: "tool",
  content: [
    {
      type: "tool-result",
      toolCallId: "call_1",
      toolName: "echo",
      output: { type: "text", value: "echo: hi" },
    },
    {
      type: "tool-result",
      toolCallId: "call_2",
      toolName: "weather",
      output: {
        type: "json",
        value: { city: "Lisbon", forecast: ["sunny", "cloudy"], highC: 24 },
      },
      providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
    },
    {
      type: "tool-result",
      toolCallId: "call_3",
      toolName: "delete_files",
      output: { type: "execution-denied", reason: "Not allowed" },
    },
    {
      type: "tool-result",
      toolCallId: "call_4",
      toolName: "weather",
      output: { type: "error-text", value: "Timeout after 10 s" },
    },
    {
      type: "tool-result",
      toolCallId: "call_5",
      toolName: "weather",
      output: { type: "error-json", value: { code: 503, retry: true } },
    },
    {
      type: "tool-result",
      toolCallId: "call_6",
      toolName: "screenshot",
      output: {
        type: "content",
        value: [
          { type: "text", text: "Screenshot taken" },
          {
            type: "file",
            data: { type: "data", data: PNG_BASE64 },
            mediaType: "image/png",
            filename: "shot.png",
          },
          {
            type: "file",
            data: { type: "reference", reference: { openai: "file-1" } },
            mediaType: "image/png",
          },
          {
            type: "file",
            data: { type: "text", text: "plain" },
            mediaType: "text/plain",
          },
          { type: "file-data", data: PDF_BASE64, mediaType: "application/pdf" },
          { type: "file-url", url: "https://example.com/a.pdf" },
          { type: "file-id", fileId: "file-xyz" },
          { type: "file-id", fileId: { openai: "file-xyz" } },
          { type: "file-reference", providerReference: { openai: "file-2" } },
          { type: "image-data", data: PNG_BASE64, mediaType: "image/png" },
          { type: "image-url", url: "https://example.com/i.png" },
          { type: "image-file-id", fileId: "file-img" },
          {
            type: "image-file-reference",
            providerReference: { anthropic: "file_011" },
          },
          {
            type: "custom",
            providerOptions: { anthropic: { type: "search_result" } },
          },
        ],
      },
    },
    {
      type: "tool-approval-response",
      approvalId: "approval-1",
      approved: true,
      reason: "User confirmed",
      providerExecuted: false,
    },
  ],
};

const unknownKeys: AiSdkModelMessage = withKeys<AiSdkModelMessage>({
  role: "user",
  content: [
    withKeys({ type: "text" as const, text: "hi" }, {
      "x-client": { draft: false },
    }),
  ],
}, { "x-received-at": "2026-08-20T14:00:01Z", id: "msg-123" });

/**
 * Valid model messages covering every role, content part, file-data form,
 * tool-result output and `content` item type.
 */
export const AI_SDK_MODEL_FIXTURES: readonly AiSdkModelFixture[] = [
  { name: "system", message: system, role: "system", text: "" },
  {
    name: "system with provider options",
    message: systemWithCache,
    role: "system",
    text: "",
  },
  {
    name: "user string",
    message: userString,
    role: "user",
    text: "What's the weather like in Lisbon this weekend?",
  },
  {
    name: "user multimodal",
    message: userMultimodal,
    role: "user",
    text: "What is in this picture and this PDF?",
  },
  {
    name: "assistant string",
    message: assistantString,
    role: "model",
    text: "Sunny, around 24°C on both days.",
  },
  {
    name: "assistant with every part",
    message: assistantEverything,
    role: "model",
    text: "Lisbon forecast\nhttps://example.com/w\nLet me check the forecast.",
  },
  {
    name: "tool results of every output type",
    message: toolResults,
    role: "tool",
    text: "echo: hi\nLisbon\nsunny\ncloudy\nScreenshot taken",
  },
  {
    name: "unknown keys",
    message: unknownKeys,
    role: "user",
    text: "hi",
  },
];

/**
 * A `streamText` result's `response.messages` for one turn with a tool call,
 * preceded by the user's prompt, as an OpenAI-backed agent produces it:
 * user → assistant (reasoning + tool call) → tool (result) → assistant text.
 * Fresh objects per call.
 *
 * @returns The four messages.
 */
export function streamTextResponseMessages(): AiSdkModelMessage[] {
  return [
    {
      role: "user",
      content: [{ type: "text", text: "Weather in Lisbon tomorrow?" }],
    },
    {
      role: "assistant",
      content: [
        {
          type: "reasoning",
          text: "",
          providerOptions: {
            openai: {
              itemId: "rs_68a1f0c2d8e08190",
              reasoningEncryptedContent: null,
            },
          },
        },
        {
          type: "tool-call",
          toolCallId: "call_Qx2b7fRk1mZp",
          toolName: "weather",
          input: { location: "Lisbon", unit: "celsius" },
          providerOptions: { openai: { itemId: "fc_68a1f0c3a1b48190" } },
        },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "call_Qx2b7fRk1mZp",
          toolName: "weather",
          output: {
            type: "json",
            value: { location: "Lisbon", temperature: 24, conditions: "sunny" },
          },
        },
      ],
    },
    {
      role: "assistant",
      content: [
        {
          type: "text",
          text: "Tomorrow in Lisbon: sunny, around 24°C.",
          providerOptions: { openai: { itemId: "msg_68a1f0c4e5f08190" } },
        },
      ],
    },
  ];
}

/** The roles of {@linkcode streamTextResponseMessages}, in order. */
export const STREAM_TEXT_ROLES: readonly Role[] = [
  "user",
  "model",
  "tool",
  "model",
];

// --- UI messages --------------------------------------------------------------

const uiUser: AiSdkUIMessage = {
  id: "msg-user-1",
  role: "user",
  parts: [
    { type: "text", text: "Plan a weekend in Lisbon." },
    {
      type: "file",
      mediaType: "image/png",
      filename: "map.png",
      url: `data:image/png;base64,${PNG_BASE64}`,
    },
    {
      type: "file",
      mediaType: "application/pdf",
      url: "https://example.com/itinerary.pdf",
      providerReference: { openai: "file-abc" },
      providerMetadata: { openai: { detail: "high" } },
    },
  ],
  metadata: { createdAt: 1755698401000, client: "web" },
};

const uiSystem: AiSdkUIMessage = {
  id: "msg-system-1",
  role: "system",
  parts: [{ type: "text", text: "You are a travel assistant." }],
};

/** The identity and state fields of a tool part, for the fixtures below. */
const toolParts: AiSdkUIMessage["parts"] = [
  {
    type: "tool-weather",
    toolCallId: "call-1",
    state: "input-streaming",
    input: { location: "Lis" },
    rawInput: '{"location":"Lis',
    inputEncoding: "json",
  },
  {
    type: "tool-weather",
    toolCallId: "call-2",
    state: "input-available",
    input: { location: "Lisbon" },
    title: "Weather",
    toolMetadata: { category: "read-only" },
    callProviderMetadata: { openai: { itemId: "fc_1" } },
  },
  {
    type: "tool-bookHotel",
    toolCallId: "call-3",
    state: "approval-requested",
    input: { hotel: "Tivoli", nights: 2 },
    approval: {
      id: "approval-3",
      requestReason: "Costs money",
      descriptor: { amount: 420 },
    },
  },
  {
    type: "tool-bookHotel",
    toolCallId: "call-4",
    state: "approval-responded",
    input: { hotel: "Tivoli", nights: 2 },
    approval: { id: "approval-4", approved: true, reason: "Go ahead" },
  },
  {
    type: "tool-weather",
    toolCallId: "call-5",
    state: "output-available",
    input: { location: "Lisbon" },
    output: { temperature: 24, conditions: "sunny" },
    providerExecuted: false,
    resultProviderMetadata: { openai: { cached: false } },
    preliminary: false,
  },
  {
    type: "tool-bookHotel",
    toolCallId: "call-6",
    state: "output-available",
    input: { hotel: "Tivoli", nights: 2 },
    output: "Booked",
    approval: { id: "approval-6", approved: true, isAutomatic: true },
  },
  {
    type: "tool-weather",
    toolCallId: "call-7",
    state: "output-error",
    input: { location: "Atlantis" },
    errorText: "Unknown location",
  },
  {
    type: "tool-bookHotel",
    toolCallId: "call-8",
    state: "output-denied",
    input: { hotel: "Ritz", nights: 9 },
    approval: { id: "approval-8", approved: false, reason: "Too expensive" },
  },
  {
    type: "dynamic-tool",
    toolName: "mcp_search",
    toolCallId: "call-9",
    state: "input-streaming",
  },
  {
    type: "dynamic-tool",
    toolName: "mcp_search",
    toolCallId: "call-10",
    state: "input-available",
    input: { q: "pastel de nata" },
    dynamic: false,
  },
  {
    type: "dynamic-tool",
    toolName: "mcp_pay",
    toolCallId: "call-11",
    state: "approval-requested",
    input: { amount: 3 },
    approval: { id: "approval-11" },
  },
  {
    type: "dynamic-tool",
    toolName: "mcp_pay",
    toolCallId: "call-12",
    state: "approval-responded",
    input: { amount: 3 },
    approval: { id: "approval-12", approved: false },
  },
  {
    type: "dynamic-tool",
    toolName: "mcp_search",
    toolCallId: "call-13",
    state: "output-available",
    input: { q: "tram 28" },
    output: null,
  },
  // No input: the SDK's schema lets it be missing, though its types (and
  // ours) declare it.
  withKeys({
    type: "dynamic-tool",
    toolName: "mcp_search",
    toolCallId: "call-14",
    state: "output-error",
    errorText: "Invalid input",
  } as AiSdkUIMessagePart, { rawInput: "{not json" }),
  {
    type: "dynamic-tool",
    toolName: "mcp_pay",
    toolCallId: "call-15",
    state: "output-denied",
    input: { amount: 300 },
    approval: { id: "approval-15", approved: false },
  },
];

const uiAssistant: AiSdkUIMessage = {
  id: "msg-assistant-1",
  role: "assistant",
  parts: [
    { type: "step-start" },
    {
      type: "reasoning",
      text: "Check the weather first.",
      state: "done",
      providerMetadata: { anthropic: { signature: "EqQB" } },
    },
    {
      type: "reasoning-file",
      mediaType: "image/png",
      url: `data:image/png;base64,${PNG_BASE64}`,
    },
    ...toolParts,
    { type: "step-start" },
    {
      type: "source-url",
      sourceId: "src-1",
      url: "https://example.com/lisbon",
      title: "Lisbon guide",
    },
    {
      type: "source-document",
      sourceId: "src-2",
      mediaType: "application/pdf",
      title: "Itinerary",
      filename: "itinerary.pdf",
    },
    { type: "custom", kind: "openai.compaction" },
    {
      type: "text",
      text: "Sunny weekend ahead; I booked the Tivoli.",
      state: "done",
      citations: [
        {
          source: {
            type: "source",
            sourceType: "url",
            id: "src-1",
            url: "https://example.com/lisbon",
            title: "Lisbon guide",
          },
          startIndex: 0,
          endIndex: 13,
          citedText: "Sunny weekend",
        },
        {
          source: {
            type: "source",
            sourceType: "document",
            id: "src-2",
            mediaType: "application/pdf",
            title: "Itinerary",
          },
        },
      ],
      providerMetadata: { openai: { itemId: "msg_1" } },
    },
    {
      type: "steering-message",
      id: "steer-1",
      parts: [
        { type: "text", text: "Also check restaurants." },
        {
          type: "file",
          mediaType: "image/jpeg",
          url: "https://example.com/menu.jpg",
        },
      ],
    },
    { type: "data-weather", id: "weather-1", data: { city: "Lisbon" } },
    { type: "data-status", data: "done" },
  ],
  metadata: { model: "gpt-5", totalTokens: 1234 },
};

const uiAssistantEmpty: AiSdkUIMessage = {
  id: "msg-assistant-2",
  role: "assistant",
  parts: [],
};

const uiUnknownKeys: AiSdkUIMessage = withKeys<AiSdkUIMessage>({
  id: "msg-user-2",
  role: "user",
  parts: [withKeys({ type: "text" as const, text: "hi" }, { "x-draft": true })],
}, { createdAt: "2026-08-20T14:00:01Z" });

/** Valid UI messages covering every part type and tool state. */
export const AI_SDK_UI_FIXTURES: readonly AiSdkUIFixture[] = [
  {
    name: "user with text and files",
    message: uiUser,
    role: "user",
    text: "Plan a weekend in Lisbon.",
  },
  {
    name: "system",
    message: uiSystem,
    role: "system",
    text: "You are a travel assistant.",
  },
  {
    name: "assistant with every part type and tool state",
    message: uiAssistant,
    role: "model",
    text: "Sunny weekend ahead; I booked the Tivoli.\nAlso check restaurants.",
  },
  {
    name: "assistant without parts",
    message: uiAssistantEmpty,
    role: "model",
    text: "",
  },
  {
    name: "unknown keys",
    message: uiUnknownKeys,
    role: "user",
    text: "hi",
  },
];

/**
 * A short `useChat` conversation: a user question and the assistant's answer
 * after a tool call. Fresh objects per call.
 *
 * @returns The two messages.
 */
export function uiConversation(): AiSdkUIMessage[] {
  return [
    {
      id: "u1",
      role: "user",
      parts: [{ type: "text", text: "Weather in Lisbon tomorrow?" }],
    },
    {
      id: "a1",
      role: "assistant",
      parts: [
        { type: "step-start" },
        {
          type: "tool-weather",
          toolCallId: "call_Qx2b7fRk1mZp",
          state: "output-available",
          input: { location: "Lisbon", unit: "celsius" },
          output: { location: "Lisbon", temperature: 24, conditions: "sunny" },
        },
        { type: "step-start" },
        {
          type: "text",
          text: "Tomorrow in Lisbon: sunny, around 24°C.",
          state: "done",
        },
      ],
    },
  ];
}
