/**
 * Realistic Pydantic AI messages for tests and demos: every message kind,
 * part kind, user-content kind, typed tool part and error-detail form, usage
 * with extras and cost, nullable fields set to `null`, legacy keys and unknown
 * keys at several levels. Shapes follow what Pydantic AI's `dump_json`
 * writes (keys in dataclass order), plus older and hand-built variants.
 *
 * Treat the exported values as read-only; `structuredClone` one before
 * changing it. {@linkcode conversationTurns} returns fresh objects per call.
 *
 * @module
 */
import type { Role } from "../../src/formats/format.ts";
import type {
  ModelMessage,
  ModelRequest,
  ModelResponse,
} from "../../src/formats/pydantic_ai.ts";

/** One valid message with the role the store must derive for it. */
export interface PydanticFixture {
  /** A short unique name, used in test names. */
  readonly name: string;
  /** The message, as a JS value. */
  readonly message: ModelMessage;
  /** The role `pydanticAiRole` returns for it. */
  readonly role: Role;
}

const raw = String.raw;

const RUN_ID = "01990a6e-4b1c-7d2a-9f3e-5c8b7a6d4e21";
const CONVERSATION_ID = "01990a6e-4b1a-7c11-8e2f-0a9b8c7d6e5f";
const T0 = "2026-08-20T14:00:01Z";
const T1 = "2026-08-20T14:00:02.482913Z";
const T2 = "2026-08-20T14:00:03.500000Z";
const T3 = "2026-08-20T14:00:05.000250Z";

// --- requests ---------------------------------------------------------------

const systemAndUser: ModelRequest = {
  parts: [
    {
      content: "You are a concise travel assistant. Answer in one paragraph.",
      timestamp: T0,
      "dynamic_ref": null,
      "part_kind": "system-prompt",
    },
    {
      content: "What's the weather like in Lisbon this weekend?",
      timestamp: T0,
      "part_kind": "user-prompt",
    },
  ],
  timestamp: T0,
  instructions: "Prefer metric units.",
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const userMultimodal: ModelRequest = {
  parts: [
    {
      content: [
        "Compare these and summarise the attached report.",
        {
          content: "Focus on the revenue table.",
          metadata: { source: "ui-hint", pinned: true },
          kind: "text-content",
        },
        {
          url: "https://example.com/photos/harbour.jpg",
          "force_download": false,
          "vendor_metadata": null,
          kind: "image-url",
          "media_type": "image/jpeg",
          identifier: "3f2a1b",
        },
        {
          url: "https://example.com/audio/voicemail.mp3",
          "force_download": "allow-local",
          "vendor_metadata": null,
          kind: "audio-url",
          "media_type": "audio/mpeg",
          identifier: "9c0d7e",
        },
        {
          url: "https://example.com/reports/q2.pdf",
          "force_download": true,
          "vendor_metadata": { detail: "high" },
          kind: "document-url",
          "media_type": "application/pdf",
          identifier: "a81f00",
          "x_client_hint": "unknown keys are kept",
        },
        {
          url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
          kind: "video-url",
        },
        {
          data: "-_-_AD4_",
          "media_type": "application/octet-stream",
          "vendor_metadata": null,
          kind: "binary",
          identifier: "5e1d2c",
        },
        {
          data: "iVBORw0KGgo=",
          "media_type": "image/png",
          "vendor_metadata": { detail: "low" },
          kind: "binary",
          identifier: "b7c4e2",
        },
        {
          data: "",
          "media_type": "text/plain",
          kind: "binary",
          identifier: "da39a3",
        },
        {
          "file_id": "file-9XkQ2c7Lm3",
          "provider_name": "openai",
          "vendor_metadata": null,
          kind: "uploaded-file",
          "media_type": "application/pdf",
          identifier: "f00d42",
        },
        {
          "file_id": "gs://bucket/contracts/lease",
          "provider_name": "google-cloud",
          kind: "uploaded-file",
          "media_type": null,
          identifier: null,
        },
        { kind: "cache-point", ttl: "1h" },
        { kind: "cache-point" },
      ],
      timestamp: T0,
      "part_kind": "user-prompt",
    },
  ],
  timestamp: T0,
  instructions: null,
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: { "ui_session": "tab-3" },
  state: "complete",
};

const toolReturns: ModelRequest = {
  parts: [
    {
      "tool_name": "get_weather",
      content: "Sunny, 24°C, light wind from the north-west.",
      "tool_call_id": "call_9fJ2kL",
      "tool_kind": null,
      metadata: null,
      timestamp: T2,
      outcome: "success",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "search_hotels",
      content: {
        results: [
          { name: "Hotel Avenida", price: 142.5, stars: 4 },
          { name: "Casa do Rio", price: 98, stars: 3 },
        ],
        photo: {
          url: "https://example.com/h/avenida.jpg",
          kind: "image-url",
          "media_type": "image/jpeg",
        },
      },
      "tool_call_id": "call_Q1w2E3",
      "tool_kind": null,
      metadata: { "cache_hit": true },
      timestamp: T2,
      outcome: "success",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "book_table",
      content: null,
      "tool_call_id": "call_bt1",
      timestamp: T2,
      outcome: "failed",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "charge_card",
      content: "The tool call was denied.",
      "tool_call_id": "call_cc1",
      outcome: "denied",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "long_job",
      content: "The tool call was interrupted before a result was produced.",
      "tool_call_id": "call_lj1",
      "tool_kind": null,
      metadata: { "pydantic_ai_synthesized_tool_return": true },
      timestamp: T2,
      outcome: "interrupted",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "list_ids",
      content: [1, 2, 3, true, null, ["nested"]],
      "tool_call_id": "",
      "part_kind": "tool-return",
    },
  ],
  timestamp: T2,
  instructions: "Prefer metric units.",
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const retryPrompts: ModelRequest = {
  parts: [
    {
      content: [
        {
          type: "missing",
          loc: ["city"],
          msg: "Field required",
          input: { country: "PT" },
        },
        {
          type: "string_too_short",
          loc: ["guests", 0, "name"],
          msg: "String should have at least 1 character",
          input: "",
          ctx: { "min_length": 1 },
          url: "https://errors.pydantic.dev/2.13/v/string_too_short",
        },
        {
          type: "int_parsing",
          loc: [],
          msg: "Input should be a valid integer",
          input: null,
          "x_extra": "kept",
        },
      ],
      "tool_name": "get_weather",
      "tool_call_id": "call_9fJ2kL",
      timestamp: T1,
      "part_kind": "retry-prompt",
    },
    {
      content: "Please include your response in a tool call.",
      "tool_name": null,
      "tool_call_id": "pyd_ai_0123456789abcdef0123456789abcdef",
      timestamp: T1,
      "part_kind": "retry-prompt",
    },
  ],
  timestamp: T1,
  instructions: null,
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const typedToolReturns: ModelRequest = {
  parts: [
    {
      "tool_name": "search_tools",
      content: {
        "discovered_tools": [{ name: "get_weather" }, {
          name: "get_forecast",
          "x_score": 0.93,
        }],
        message: "Found 2 tools.",
      },
      "tool_call_id": "call_ts1",
      "tool_kind": "tool-search",
      metadata: null,
      timestamp: T1,
      outcome: "success",
      "part_kind": "tool-return",
    },
    {
      content: { "discovered_tools": [] },
      "tool_call_id": "call_ts2",
      "tool_kind": "tool-search",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "load_capability",
      content: { instructions: "You can now book trains with book_train." },
      "tool_call_id": "call_cl1",
      "tool_kind": "capability-load",
      metadata: null,
      timestamp: T1,
      outcome: "success",
      "part_kind": "tool-return",
    },
    {
      "tool_name": "load_capability",
      content: {},
      "tool_call_id": "call_cl2",
      "tool_kind": "capability-load",
      "part_kind": "tool-return",
    },
    {
      "tools_added": ["get_weather", "get_forecast", "book_train"],
      "tool_call_id": "call_ts1",
      "part_kind": "tool-availability-delta",
    },
  ],
  timestamp: T1,
  instructions: null,
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const toolAvailabilityOnly: ModelRequest = {
  parts: [
    {
      "tools_added": ["get_weather"],
      "tool_call_id": null,
      "part_kind": "tool-availability-delta",
    },
    // v2.23–v2.25 wrote `added`; kept as an unknown key.
    { added: ["book_train"], "part_kind": "tool-availability-delta" },
  ],
  timestamp: T1,
  instructions: null,
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "interrupted",
};

const emptyRequest: ModelRequest = { parts: [], kind: "request" };

const userSpeech: ModelRequest = {
  parts: [
    {
      speaker: "user",
      transcript: "Book me a table for two at eight.",
      audio: {
        data: "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=",
        "media_type": "audio/wav",
        "vendor_metadata": null,
        kind: "binary",
        identifier: "0c1d2e",
      },
      "interrupted_at_ms": null,
      id: null,
      "provider_name": null,
      "provider_details": null,
      "part_kind": "speech",
    },
  ],
  timestamp: T1,
  instructions: null,
  kind: "request",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const systemOnlyWithDatetimes: ModelRequest = {
  parts: [
    {
      content: "Offset +00:00 from isoformat()",
      timestamp: "2026-08-20T14:00:01+00:00",
      "part_kind": "system-prompt",
    },
    {
      content: "Negative offset, lower-case z elsewhere",
      timestamp: "2026-08-20T08:30:01-05:30",
      "dynamic_ref": "today_prompt",
      "part_kind": "system-prompt",
    },
    {
      content: "Space separator, nine fraction digits, z",
      timestamp: "2026-08-20 14:00:01.123456789z",
      "part_kind": "system-prompt",
    },
    {
      content: "Naive datetime",
      timestamp: "2024-02-29T23:59:59",
      "part_kind": "system-prompt",
    },
    {
      content: "Bare date",
      timestamp: "2026-08-20",
      "part_kind": "system-prompt",
    },
    {
      content: "Unix time as a JSON number",
      timestamp: 1787148001.5,
      "part_kind": "system-prompt",
    },
  ],
  timestamp: null,
  instructions: null,
  kind: "request",
};

const legacyHandBuilt: ModelRequest = {
  parts: [
    {
      content: "Old history line",
      timestamp: "2025-01-10T09:00:00Z",
      "part_kind": "user-prompt",
      "x_part_note": { any: ["json", 1] },
    },
  ],
  kind: "request",
  "x_future_field": { version: 3, flags: ["a", "b"] },
  "x_null_field": null,
};

// --- responses --------------------------------------------------------------

const textWithUsage: ModelResponse = {
  parts: [
    {
      content:
        "Lisbon will be sunny this weekend, around 24°C with a light breeze.",
      id: "msg_0a1b2c",
      "provider_name": "openai",
      "provider_details": null,
      "part_kind": "text",
    },
  ],
  usage: {
    "input_tokens": 1284,
    "cache_write_tokens": 0,
    "cache_read_tokens": 1024,
    "output_tokens": 96,
    "input_audio_tokens": 0,
    "cache_audio_read_tokens": 0,
    "output_audio_tokens": 0,
    details: { "reasoning_tokens": 64, "accepted_prediction_tokens": 0 },
    cost: "0.00026425",
    "service_tier": "default",
    "x_region": { name: "eu-west", latencyMs: 212 },
  },
  "model_name": "gpt-5.2",
  timestamp: T3,
  kind: "response",
  "provider_name": "openai",
  "provider_url": "https://api.openai.com/v1/",
  "provider_details": {
    "finish_reason": "stop",
    timestamp: "2026-08-20T14:00:05Z",
  },
  "provider_response_id": "resp_68a5c0f1",
  "finish_reason": "stop",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const toolCalls: ModelResponse = {
  parts: [
    {
      "tool_name": "get_weather",
      args: '{"city": "Lisbon", "days": 2}',
      "tool_call_id": "call_9fJ2kL",
      "tool_kind": null,
      id: "fc_01",
      "provider_name": "openai",
      "provider_details": null,
      "part_kind": "tool-call",
    },
    {
      "tool_name": "search_hotels",
      args: { city: "Lisbon", nights: 2, filters: { stars: [3, 4] } },
      "tool_call_id": "toolu_01AbC",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "now",
      args: null,
      "tool_call_id": "call_now",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "truncated",
      args: '{"city": "Lis',
      "tool_call_id": "",
      "part_kind": "tool-call",
    },
    { "tool_name": "ping", args: "", "part_kind": "tool-call" },
    { "tool_name": "noop", args: {}, "part_kind": "tool-call" },
  ],
  usage: { "input_tokens": 310, "output_tokens": 42 },
  "model_name": "claude-sonnet-4-5",
  timestamp: T1,
  kind: "response",
  "provider_name": "anthropic",
  "provider_url": "https://api.anthropic.com",
  "provider_details": { "finish_reason": "tool_use" },
  "provider_response_id": "msg_01XyZ",
  "finish_reason": "tool_call",
  "run_id": RUN_ID,
  "conversation_id": CONVERSATION_ID,
  metadata: null,
  state: "complete",
};

const builtinTools: ModelResponse = {
  parts: [
    {
      "tool_name": "web_search",
      args: { query: "Lisbon events this weekend" },
      "tool_call_id": "ws_01",
      "tool_kind": null,
      id: "ws_01",
      "provider_name": "openai",
      "provider_details": null,
      "part_kind": "builtin-tool-call",
    },
    {
      "tool_name": "web_search",
      content: [
        {
          title: "Festas de Lisboa",
          url: "https://example.org/festas",
          snippet: "Street parties in Alfama all weekend.",
        },
      ],
      "tool_call_id": "ws_01",
      "tool_kind": null,
      metadata: null,
      timestamp: T1,
      outcome: "success",
      "provider_name": "openai",
      "provider_details": { status: "completed" },
      "part_kind": "builtin-tool-return",
    },
    {
      "tool_name": "mcp_server:deepwiki",
      args: '{"repo": "pydantic/pydantic-ai"}',
      "tool_call_id": "mcp_01",
      "tool_kind": "capability-load",
      "part_kind": "builtin-tool-call",
    },
    {
      "tool_name": "mcp_server:deepwiki",
      content: { ok: true },
      "tool_call_id": "mcp_01",
      "tool_kind": "capability-load",
      "part_kind": "builtin-tool-return",
    },
    {
      "tool_name": "code_execution",
      content: "stdout: 42\n",
      "tool_call_id": "ce_01",
      outcome: "failed",
      "provider_name": "anthropic",
      "provider_details": null,
      "part_kind": "builtin-tool-return",
    },
  ],
  usage: {
    "input_tokens": 2048,
    "output_tokens": 512,
    details: { "web_search_requests": 1 },
    cost: 0.0123,
  },
  "model_name": "gpt-5.2",
  timestamp: T2,
  kind: "response",
  "provider_name": "openai",
  "finish_reason": "stop",
};

const typedToolCalls: ModelResponse = {
  parts: [
    {
      "tool_name": "search_tools",
      args: { queries: ["weather", "forecast"] },
      "tool_call_id": "call_ts1",
      "tool_kind": "tool-search",
      id: null,
      "provider_name": null,
      "provider_details": null,
      "part_kind": "tool-call",
    },
    {
      args: '{"queries": ["trains"]}',
      "tool_call_id": "call_ts2",
      "tool_kind": "tool-search",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "search_tools",
      args: null,
      "tool_kind": "tool-search",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "load_capability",
      args: { id: "rail-booking" },
      "tool_call_id": "call_cl1",
      "tool_kind": "capability-load",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "load_capability",
      args: '{"id": "rail-booking"}',
      "tool_kind": "capability-load",
      "part_kind": "tool-call",
    },
    {
      "tool_name": "tool_search",
      args: { queries: ["calendar"] },
      "tool_call_id": "srvtoolu_01",
      "tool_kind": "tool-search",
      "provider_name": "anthropic",
      "part_kind": "builtin-tool-call",
    },
    {
      "tool_name": "tool_search",
      content: { "discovered_tools": [{ name: "create_event" }] },
      "tool_call_id": "srvtoolu_01",
      "tool_kind": "tool-search",
      metadata: null,
      timestamp: T1,
      outcome: "success",
      "provider_name": "anthropic",
      "provider_details": null,
      "part_kind": "builtin-tool-return",
    },
    {
      "tool_name": "search_tools",
      args: { query: "no tool_kind: an ordinary tool part" },
      "tool_call_id": "call_plain",
      "part_kind": "tool-call",
    },
  ],
  usage: { "input_tokens": 900, "output_tokens": 60 },
  "model_name": "claude-opus-4-1",
  timestamp: T1,
  kind: "response",
  "provider_name": "anthropic",
  "finish_reason": "tool_call",
};

const thinkingAndCompaction: ModelResponse = {
  parts: [
    {
      content: "The user wants a weekend forecast; call get_weather.",
      id: null,
      signature: "EqQBCkYIBxgCKkD1f3…",
      "provider_name": "anthropic",
      "provider_details": null,
      "part_kind": "thinking",
    },
    {
      content: "",
      id: "redacted_thinking",
      signature:
        "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP",
      "provider_name": "anthropic",
      "part_kind": "thinking",
    },
    {
      content: "Earlier: the user planned a Lisbon weekend and booked a hotel.",
      id: "cmp_01",
      "provider_name": "anthropic",
      "provider_details": null,
      "part_kind": "compaction",
    },
    {
      content: null,
      id: "cmp_02",
      "provider_name": "openai",
      "provider_details": { "encrypted_content": "gAAAAABo…" },
      "part_kind": "compaction",
    },
    {
      content: "Here is the summary you asked for.",
      "part_kind": "text",
    },
  ],
  usage: {},
  "model_name": "claude-opus-4-1",
  timestamp: T3,
  kind: "response",
  "finish_reason": "stop",
};

const fileParts: ModelResponse = {
  parts: [
    {
      content: {
        data: "iVBORw0KGgo",
        "media_type": "image/png",
        "vendor_metadata": null,
        kind: "binary",
        identifier: "b7c4e2",
      },
      id: "ig_01",
      "provider_name": "openai",
      "provider_details": null,
      "part_kind": "file",
    },
    {
      content: { data: "-_8=", "media_type": "application/octet-stream" },
      "part_kind": "file",
    },
  ],
  usage: { "input_tokens": 50, "output_tokens": 1290 },
  "model_name": "gpt-image-1",
  timestamp: T3,
  kind: "response",
  "finish_reason": "stop",
};

const assistantSpeech: ModelResponse = {
  parts: [
    {
      speaker: "assistant",
      transcript: "Sure, a table for two at eight is booked.",
      audio: null,
      "interrupted_at_ms": 1200,
      id: "item_01",
      "provider_name": "openai",
      "provider_details": { voice: "alloy" },
      "part_kind": "speech",
    },
  ],
  usage: { "output_audio_tokens": 180, "output_tokens": 210 },
  "model_name": "gpt-realtime",
  timestamp: T3,
  kind: "response",
  state: "interrupted",
};

const emptyRefusal: ModelResponse = {
  parts: [],
  usage: { "input_tokens": 12, "output_tokens": 0 },
  "model_name": "gpt-5.2",
  timestamp: T1,
  kind: "response",
  "provider_details": { refusal: "I can't help with that." },
  "finish_reason": "content_filter",
  state: "incomplete",
};

const minimalResponse: ModelResponse = { parts: [], kind: "response" };

const legacyResponse: ModelResponse = {
  parts: [
    {
      "tool_name": "get_weather",
      args: { "args_json": '{"city": "Paris"}' },
      "tool_call_id": "call_legacy",
      "part_kind": "tool-call",
    },
    { content: "Paris: 18°C.", "part_kind": "text" },
  ],
  usage: {
    requests: 1,
    "request_tokens": 57,
    "response_tokens": 8,
    "total_tokens": 65,
    details: null,
  },
  "model_name": "gemini-1.5-flash",
  timestamp: "2025-03-01T10:00:00.000001Z",
  kind: "response",
  "vendor_details": { "finish_reason": "STOP" },
  "vendor_id": "resp-legacy-1",
  "provider_request_id": "req-0.7.3",
};

const allNulls: ModelResponse = {
  parts: [
    {
      content: "Done.",
      id: null,
      "provider_name": null,
      "provider_details": null,
      "part_kind": "text",
    },
    {
      content: "thinking…",
      id: null,
      signature: null,
      "provider_name": null,
      "provider_details": null,
      "part_kind": "thinking",
    },
  ],
  usage: {
    "input_tokens": 0,
    "output_tokens": 0,
    details: null,
    cost: null,
  },
  "model_name": null,
  timestamp: T1,
  kind: "response",
  "provider_name": null,
  "provider_url": null,
  "provider_details": null,
  "provider_response_id": null,
  "finish_reason": null,
  "run_id": null,
  "conversation_id": null,
  metadata: null,
  state: "suspended",
};

const unknownKeysEverywhere: ModelResponse = {
  parts: [
    {
      content: "Tokyo is 3°C.",
      id: null,
      "provider_name": "test",
      "provider_details": null,
      "part_kind": "text",
      "x_part_future": [1, 2, 3],
    },
    {
      "tool_name": "search_tools",
      args: { queries: ["maps"], "x_args_extra": true },
      "tool_kind": "tool-search",
      "part_kind": "tool-call",
      "x_typed_part_future": "kept",
    },
  ],
  usage: {
    "input_tokens": -1,
    details: { "x_new_counter": 7 },
    cost: "1E-7",
    "x_usage_future": { nested: null },
  },
  "model_name": "test",
  timestamp: "2026-08-20T16:00:00+02:00",
  kind: "response",
  "finish_reason": "length",
  metadata: { constructor: "kept", prototype: 1, tags: ["a"] },
  "x_message_future": { a: 1 },
};

/**
 * Every valid fixture with its expected role. Covers every message kind,
 * part kind, user-content kind, typed tool part and error-detail form.
 */
export const PYDANTIC_FIXTURES: readonly PydanticFixture[] = [
  {
    name: "request: system and user prompt",
    message: systemAndUser,
    role: "user",
  },
  {
    name: "request: multimodal user prompt",
    message: userMultimodal,
    role: "user",
  },
  { name: "request: tool returns", message: toolReturns, role: "tool" },
  { name: "request: retry prompts", message: retryPrompts, role: "tool" },
  {
    name: "request: typed tool returns",
    message: typedToolReturns,
    role: "tool",
  },
  {
    name: "request: tool-availability delta only",
    message: toolAvailabilityOnly,
    role: "system",
  },
  { name: "request: empty parts", message: emptyRequest, role: "system" },
  { name: "request: user speech", message: userSpeech, role: "user" },
  {
    name: "request: system prompts with datetime variants",
    message: systemOnlyWithDatetimes,
    role: "system",
  },
  {
    name: "request: legacy hand-built",
    message: legacyHandBuilt,
    role: "user",
  },
  { name: "response: text with usage", message: textWithUsage, role: "model" },
  { name: "response: tool calls", message: toolCalls, role: "model" },
  { name: "response: builtin tools", message: builtinTools, role: "model" },
  {
    name: "response: typed tool calls",
    message: typedToolCalls,
    role: "model",
  },
  {
    name: "response: thinking and compaction",
    message: thinkingAndCompaction,
    role: "model",
  },
  { name: "response: file parts", message: fileParts, role: "model" },
  {
    name: "response: assistant speech",
    message: assistantSpeech,
    role: "model",
  },
  { name: "response: empty refusal", message: emptyRefusal, role: "model" },
  { name: "response: minimal", message: minimalResponse, role: "model" },
  { name: "response: legacy keys", message: legacyResponse, role: "model" },
  { name: "response: nullable fields null", message: allNulls, role: "model" },
  {
    name: "response: unknown keys everywhere",
    message: unknownKeysEverywhere,
    role: "model",
  },
];

/**
 * A realistic short agent conversation, as Pydantic AI records it: a request
 * with a system and a user prompt, a response calling a tool, the tool's
 * return, and a final text response with usage. Fresh objects on every call.
 *
 * @returns Four messages: roles user, model, tool, model.
 */
export function conversationTurns(): ModelMessage[] {
  return [
    {
      parts: [
        {
          content: "You are a helpful weather assistant.",
          timestamp: "2026-08-20T14:03:10.118422Z",
          "dynamic_ref": null,
          "part_kind": "system-prompt",
        },
        {
          content: "Will it rain in Paris tomorrow?",
          timestamp: "2026-08-20T14:03:10.118431Z",
          "part_kind": "user-prompt",
        },
      ],
      timestamp: "2026-08-20T14:03:10.118602Z",
      instructions: null,
      kind: "request",
      "run_id": RUN_ID,
      "conversation_id": CONVERSATION_ID,
      metadata: null,
      state: "complete",
    },
    {
      parts: [
        {
          "tool_name": "get_forecast",
          args: '{"city":"Paris","day":"2026-08-21"}',
          "tool_call_id": "call_Xq81Lm0b",
          "tool_kind": null,
          id: "fc_68a5d1",
          "provider_name": "openai",
          "provider_details": null,
          "part_kind": "tool-call",
        },
      ],
      usage: {
        "input_tokens": 214,
        "cache_write_tokens": 0,
        "cache_read_tokens": 0,
        "output_tokens": 23,
        "input_audio_tokens": 0,
        "cache_audio_read_tokens": 0,
        "output_audio_tokens": 0,
        details: { "reasoning_tokens": 0 },
        cost: "0.0000765",
      },
      "model_name": "gpt-5.2",
      timestamp: "2026-08-20T14:03:11.482913Z",
      kind: "response",
      "provider_name": "openai",
      "provider_url": "https://api.openai.com/v1/",
      "provider_details": { "finish_reason": "tool_calls" },
      "provider_response_id": "resp_68a5d1c2",
      "finish_reason": "tool_call",
      "run_id": RUN_ID,
      "conversation_id": CONVERSATION_ID,
      metadata: null,
      state: "complete",
    },
    {
      parts: [
        {
          "tool_name": "get_forecast",
          content: "Light rain expected in the afternoon, 17°C.",
          "tool_call_id": "call_Xq81Lm0b",
          "tool_kind": null,
          metadata: null,
          timestamp: "2026-08-20T14:03:11.503118Z",
          outcome: "success",
          "part_kind": "tool-return",
        },
      ],
      timestamp: "2026-08-20T14:03:11.503301Z",
      instructions: null,
      kind: "request",
      "run_id": RUN_ID,
      "conversation_id": CONVERSATION_ID,
      metadata: null,
      state: "complete",
    },
    {
      parts: [
        {
          content:
            "Yes: light rain is expected in Paris tomorrow afternoon, around 17°C. Take an umbrella.",
          id: "msg_68a5d1c9",
          "provider_name": "openai",
          "provider_details": null,
          "part_kind": "text",
        },
      ],
      usage: {
        "input_tokens": 268,
        "cache_write_tokens": 0,
        "cache_read_tokens": 0,
        "output_tokens": 31,
        "input_audio_tokens": 0,
        "cache_audio_read_tokens": 0,
        "output_audio_tokens": 0,
        details: { "reasoning_tokens": 0 },
        cost: "0.00009800",
        "service_tier": "default",
      },
      "model_name": "gpt-5.2",
      timestamp: "2026-08-20T14:03:12.907554Z",
      kind: "response",
      "provider_name": "openai",
      "provider_url": "https://api.openai.com/v1/",
      "provider_details": { "finish_reason": "completed" },
      "provider_response_id": "resp_68a5d1c9",
      "finish_reason": "stop",
      "run_id": RUN_ID,
      "conversation_id": CONVERSATION_ID,
      metadata: null,
      state: "complete",
    },
  ];
}

/**
 * Every fixture message, as fresh copies (safe to change).
 *
 * @returns The messages of {@linkcode PYDANTIC_FIXTURES}, in order.
 */
export function allFixtureMessages(): ModelMessage[] {
  return PYDANTIC_FIXTURES.map((fixture) => structuredClone(fixture.message));
}

/** The roles of {@linkcode conversationTurns}, in order. */
export const CONVERSATION_ROLES: readonly Role[] = [
  "user",
  "model",
  "tool",
  "model",
];

/**
 * A history as `ModelMessagesTypeAdapter.dump_json` writes it: compact,
 * keys in dataclass order, non-ASCII raw (accents, CJK, emoji, U+2028),
 * control characters escaped (`\n`, `\t`, `\u0000`, `\u0007`), a float
 * written `3.0` and an integer 2^70 — neither survives
 * `JSON.stringify(JSON.parse(text))`, so it tests byte-for-byte storage.
 * Two messages: a request (role user) and a response (role model).
 */
export const PYDANTIC_DUMP_JSON: string =
  raw`[{"parts":[{"content":"Météo à 東京 demain? 🌧️\nMerci\t!","timestamp":"2026-08-20T14:00:01Z","part_kind":"user-prompt"}],"timestamp":"2026-08-20T14:00:01.500000Z","instructions":null,"kind":"request","run_id":"01990a6e-4b1c-7d2a-9f3e-5c8b7a6d4e21","conversation_id":null,"metadata":null,"state":"complete"},{"parts":[{"tool_name":"get_weather","args":{"city":"東京","days":3.0,"seed":1180591620717411303424},"tool_call_id":"call_1","tool_kind":null,"id":null,"provider_name":null,"provider_details":null,"part_kind":"tool-call"},{"content":"Rain \"likely\" / 3.0°C` +
  "\u2028" +
  raw`ctrl:\u0000\u0007\\end","id":null,"provider_name":"test","provider_details":null,"part_kind":"text"}],"usage":{"input_tokens":51,"cache_write_tokens":0,"cache_read_tokens":0,"output_tokens":12,"input_audio_tokens":0,"cache_audio_read_tokens":0,"output_audio_tokens":0,"details":{},"cost":"0.00026425","service_tier":"default"},"model_name":"test","timestamp":"2026-08-20T14:00:02.482913Z","kind":"response","provider_name":"test","provider_url":null,"provider_details":null,"provider_response_id":null,"finish_reason":"stop","run_id":"01990a6e-4b1c-7d2a-9f3e-5c8b7a6d4e21","conversation_id":null,"metadata":null,"state":"complete"}]`;

/** Another name for {@linkcode PYDANTIC_DUMP_JSON}. */
export const JSON_TEXT_FIXTURE: string = PYDANTIC_DUMP_JSON;
