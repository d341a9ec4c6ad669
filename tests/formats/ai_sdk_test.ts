import assert from "node:assert/strict";
import * as v from "valibot";
import {
  type AnySchema,
  assertAccepted,
  assertRejected,
} from "../support/schema_asserts.ts";
import { modelMessageSchema, safeValidateUIMessages } from "ai";
import {
  type AiSdkAssistantContentPart,
  AiSdkAssistantContentPartSchema,
  type AiSdkModelMessage,
  aiSdkModelMessageFormat,
  aiSdkModelMessageRole,
  AiSdkModelMessageSchema,
  aiSdkModelMessageText,
  AiSdkToolContentPartSchema,
  AiSdkToolResultOutputSchema,
  type AiSdkUIMessage,
  aiSdkUIMessageFormat,
  type AiSdkUIMessagePart,
  AiSdkUIMessagePartSchema,
  aiSdkUIMessageRole,
  AiSdkUIMessageSchema,
  aiSdkUIMessageText,
  AiSdkUserContentPartSchema,
} from "../../src/formats/ai_sdk.ts";
import {
  AI_SDK_MODEL_FIXTURES,
  AI_SDK_UI_FIXTURES,
  STREAM_TEXT_ROLES,
  streamTextResponseMessages,
  uiConversation,
} from "../support/ai_sdk_fixtures.ts";

// --- helpers ----------------------------------------------------------------

/** Whether the `ai` package's own schema accepts a model message. */
function oracleAcceptsModelMessage(input: unknown): boolean {
  return modelMessageSchema.safeParse(input).success;
}

/** Whether the `ai` package's `validateUIMessages` accepts one UI message. */
async function oracleAcceptsUIMessage(input: unknown): Promise<boolean> {
  const previous = globalThis.AI_SDK_LOG_WARNINGS;
  // The SDK warns about the deprecated `rawInput`; keep the test output quiet.
  globalThis.AI_SDK_LOG_WARNINGS = false;
  try {
    const result = await safeValidateUIMessages({
      messages: [structuredClone(input)],
    });
    return result.success;
  } finally {
    globalThis.AI_SDK_LOG_WARNINGS = previous;
  }
}

const user = (content: unknown, extra: Record<string, unknown> = {}) => ({
  role: "user",
  content,
  ...extra,
});
const assistant = (content: unknown) => ({ role: "assistant", content });
const tool = (...content: unknown[]) => ({ role: "tool", content });
const toolResult = (output: unknown, extra: Record<string, unknown> = {}) => ({
  type: "tool-result",
  toolCallId: "c1",
  toolName: "weather",
  output,
  ...extra,
});
const contentOutput = (...value: unknown[]) =>
  tool(toolResult({ type: "content", value }));
const ui = (
  role: string,
  parts: unknown[],
  extra: Record<string, unknown> = {},
) => ({ id: "m1", role, parts, ...extra });
const toolPart = (
  state: string,
  extra: Record<string, unknown> = {},
) => ({ type: "tool-weather", toolCallId: "c1", state, ...extra });
const dynamicPart = (
  state: string,
  extra: Record<string, unknown> = {},
) => ({
  type: "dynamic-tool",
  toolName: "search",
  toolCallId: "c1",
  state,
  ...extra,
});

// --- accepted fixtures ------------------------------------------------------

Deno.test("AiSdkModelMessageSchema accepts every fixture unchanged", async (t) => {
  for (const fixture of AI_SDK_MODEL_FIXTURES) {
    await t.step(fixture.name, () => {
      assertAccepted(AiSdkModelMessageSchema, fixture.message);
      assert.ok(oracleAcceptsModelMessage(fixture.message));
      assert.equal(aiSdkModelMessageRole(fixture.message), fixture.role);
      assert.equal(aiSdkModelMessageText(fixture.message), fixture.text);
      assert.deepStrictEqual(
        JSON.parse(JSON.stringify(fixture.message)),
        fixture.message,
      );
    });
  }
});

Deno.test("AiSdkUIMessageSchema accepts every fixture unchanged", async (t) => {
  for (const fixture of AI_SDK_UI_FIXTURES) {
    await t.step(fixture.name, async () => {
      assertAccepted(AiSdkUIMessageSchema, fixture.message);
      assert.ok(await oracleAcceptsUIMessage(fixture.message));
      assert.equal(aiSdkUIMessageRole(fixture.message), fixture.role);
      assert.equal(aiSdkUIMessageText(fixture.message), fixture.text);
      assert.deepStrictEqual(
        JSON.parse(JSON.stringify(fixture.message)),
        fixture.message,
      );
    });
  }
});

Deno.test("model fixtures cover every part, output and content item type", () => {
  const parts = new Set<string>();
  const outputs = new Set<string>();
  const items = new Set<string>();
  const fileData = new Set<string>();
  const roles = new Set<string>();
  const noteData = (data: unknown) => {
    fileData.add(
      typeof data === "string"
        ? "string"
        : typeof (data as { type?: unknown }).type === "string"
        ? String((data as { type: string }).type)
        : "reference",
    );
  };
  for (const { message } of AI_SDK_MODEL_FIXTURES) {
    roles.add(message.role);
    if (typeof message.content === "string") continue;
    for (const part of message.content) {
      parts.add(`${message.role}:${part.type}`);
      if (part.type === "file" || part.type === "reasoning-file") {
        noteData(part.data);
      }
      if (part.type !== "tool-result") continue;
      outputs.add(part.output.type);
      if (part.output.type !== "content") continue;
      for (const item of part.output.value) items.add(item.type);
    }
  }
  assert.deepStrictEqual([...roles].sort(), [
    "assistant",
    "system",
    "tool",
    "user",
  ]);
  assert.deepStrictEqual([...parts].sort(), [
    "assistant:custom",
    "assistant:file",
    "assistant:reasoning",
    "assistant:reasoning-file",
    "assistant:text",
    "assistant:tool-approval-request",
    "assistant:tool-call",
    "assistant:tool-result",
    "tool:tool-approval-response",
    "tool:tool-result",
    "user:file",
    "user:image",
    "user:text",
  ]);
  assert.deepStrictEqual([...outputs].sort(), [
    "content",
    "error-json",
    "error-text",
    "execution-denied",
    "json",
    "text",
  ]);
  assert.deepStrictEqual([...items].sort(), [
    "custom",
    "file",
    "file-data",
    "file-id",
    "file-reference",
    "file-url",
    "image-data",
    "image-file-id",
    "image-file-reference",
    "image-url",
    "text",
  ]);
  assert.deepStrictEqual([...fileData].sort(), [
    "data",
    "reference",
    "string",
    "text",
  ]);
});

Deno.test("UI fixtures cover every part type and tool state", () => {
  const types = new Set<string>();
  const states = new Set<string>();
  for (const { message } of AI_SDK_UI_FIXTURES) {
    for (const part of message.parts) {
      const type = part.type.startsWith("tool-")
        ? "tool-*"
        : part.type.startsWith("data-")
        ? "data-*"
        : part.type;
      types.add(type);
      if (
        "state" in part && typeof part.state === "string" &&
        "toolCallId" in part
      ) {
        states.add(`${type}:${part.state}`);
      }
    }
  }
  assert.deepStrictEqual([...types].sort(), [
    "custom",
    "data-*",
    "dynamic-tool",
    "file",
    "reasoning",
    "reasoning-file",
    "source-document",
    "source-url",
    "steering-message",
    "step-start",
    "text",
    "tool-*",
  ]);
  const allStates = [
    "approval-requested",
    "approval-responded",
    "input-available",
    "input-streaming",
    "output-available",
    "output-denied",
    "output-error",
  ];
  assert.deepStrictEqual([...states].sort(), [
    ...allStates.map((state) => `dynamic-tool:${state}`),
    ...allStates.map((state) => `tool-*:${state}`),
  ]);
});

Deno.test("streamTextResponseMessages() is a valid tool-call turn", () => {
  const messages = streamTextResponseMessages();
  for (const message of messages) {
    assertAccepted(AiSdkModelMessageSchema, message);
    assert.ok(oracleAcceptsModelMessage(message));
  }
  assert.deepStrictEqual(
    messages.map(aiSdkModelMessageRole),
    STREAM_TEXT_ROLES,
  );
  assert.deepStrictEqual(messages.map(aiSdkModelMessageText), [
    "Weather in Lisbon tomorrow?",
    "",
    "Lisbon\nsunny",
    "Tomorrow in Lisbon: sunny, around 24°C.",
  ]);
  assert.notEqual(streamTextResponseMessages()[0], messages[0]);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(messages)), messages);
});

Deno.test("uiConversation() is a valid useChat exchange", async () => {
  const messages = uiConversation();
  for (const message of messages) {
    assertAccepted(AiSdkUIMessageSchema, message);
    assert.ok(await oracleAcceptsUIMessage(message));
  }
  assert.deepStrictEqual(messages.map(aiSdkUIMessageRole), ["user", "model"]);
  assert.notEqual(uiConversation()[0], messages[0]);
});

Deno.test("schemas return the input itself, keeping every key", () => {
  const model = JSON.parse(
    '{"role":"user","content":"hi","x":{"__proto__":{"a":1},"constructor":2,"prototype":3},"__proto__":"top"}',
  );
  const output = v.parse(AiSdkModelMessageSchema, model);
  assert.equal(output, model);
  assert.deepStrictEqual(Object.keys((output as { x?: object }).x ?? {}), [
    "__proto__",
    "constructor",
    "prototype",
  ]);
  assert.ok(Object.hasOwn(output, "__proto__"));
  const message = JSON.parse(
    '{"id":"1","role":"assistant","parts":[{"type":"step-start","constructor":1}],"__proto__":{}}',
  );
  assert.equal(v.parse(AiSdkUIMessageSchema, message), message);
});

Deno.test("schemas implement Standard Schema", () => {
  const standard = AiSdkModelMessageSchema["~standard"];
  assert.equal(standard.vendor, "valibot");
  const ok = standard.validate({ role: "system", content: "x" });
  assert.ok(!(ok instanceof Promise) && ok.issues === undefined);
  const bad = AiSdkUIMessageSchema["~standard"].validate({ id: 1 });
  assert.ok(!(bad instanceof Promise) && (bad.issues?.length ?? 0) > 0);
});

Deno.test("part schemas accept single parts", () => {
  assertAccepted(AiSdkUserContentPartSchema, { type: "text", text: "" });
  assertAccepted(AiSdkAssistantContentPartSchema, {
    type: "tool-call",
    toolCallId: "c",
    toolName: "t",
    input: null,
  });
  assertAccepted(AiSdkToolContentPartSchema, {
    type: "tool-approval-response",
    approvalId: "a",
    approved: false,
  });
  assertAccepted(AiSdkToolResultOutputSchema, {
    type: "execution-denied",
  });
  assertAccepted(AiSdkUIMessagePartSchema, { type: "data-x", data: 0 });
  assertRejected(
    AiSdkUserContentPartSchema,
    { type: "reasoning", text: "" },
    "type",
  );
  assertRejected(
    AiSdkToolContentPartSchema,
    { type: "tool-call", toolCallId: "c", toolName: "t", input: 1 },
    "type",
  );
  assertRejected(AiSdkUIMessagePartSchema, { type: "data-x" }, "data");
});

// --- rejected inputs ------------------------------------------------------

interface Rejection {
  readonly name: string;
  readonly input: unknown;
  readonly path: string | null;
}

const MODEL_REJECTIONS: readonly Rejection[] = [
  // messages
  { name: "a string", input: "hello", path: null },
  { name: "null", input: null, path: null },
  { name: "an array", input: [], path: "role" },
  { name: "missing role", input: { content: "x" }, path: "role" },
  {
    name: "unknown role",
    input: { role: "developer", content: "x" },
    path: "role",
  },
  { name: "role null", input: { role: null, content: "x" }, path: "role" },
  { name: "missing content", input: { role: "user" }, path: "content" },
  {
    name: "system content array",
    input: { role: "system", content: [] },
    path: "content",
  },
  { name: "user content number", input: user(5), path: "content" },
  { name: "user content null", input: user(null), path: "content" },
  {
    name: "tool content string",
    input: { role: "tool", content: "x" },
    path: "content",
  },
  {
    name: "providerOptions an array",
    input: user("x", { providerOptions: [] }),
    path: "providerOptions",
  },
  {
    name: "providerOptions of a string",
    input: user("x", { providerOptions: { openai: "x" } }),
    path: "providerOptions.openai",
  },
  {
    name: "providerOptions of null",
    input: user("x", { providerOptions: { openai: null } }),
    path: "providerOptions.openai",
  },
  {
    name: "providerOptions null",
    input: user("x", { providerOptions: null }),
    path: "providerOptions",
  },
  // user parts
  { name: "null part", input: user([null]), path: "content.0" },
  {
    name: "part without type",
    input: user([{ text: "x" }]),
    path: "content.0.type",
  },
  {
    name: "assistant part in a user message",
    input: user([{ type: "reasoning", text: "x" }]),
    path: "content.0.type",
  },
  {
    name: "text missing",
    input: user([{ type: "text" }]),
    path: "content.0.text",
  },
  {
    name: "text part with a number",
    input: user([{ type: "text", text: "a" }, { type: "text", text: 1 }]),
    path: "content.1.text",
  },
  {
    name: "part providerOptions a string",
    input: user([{ type: "text", text: "a", providerOptions: "x" }]),
    path: "content.0.providerOptions",
  },
  {
    name: "image missing",
    input: user([{ type: "image" }]),
    path: "content.0.image",
  },
  {
    name: "image a reference with a number",
    input: user([{ type: "image", image: { openai: 1 } }]),
    path: "content.0.image",
  },
  {
    name: "image mediaType null",
    input: user([{ type: "image", image: "x", mediaType: null }]),
    path: "content.0.mediaType",
  },
  {
    name: "file without mediaType",
    input: user([{ type: "file", data: "x" }]),
    path: "content.0.mediaType",
  },
  {
    name: "file data a number",
    input: user([{ type: "file", data: 1, mediaType: "x" }]),
    path: "content.0.data",
  },
  {
    name: "file data tagged with a number",
    input: user([{
      type: "file",
      data: { type: "data", data: 1 },
      mediaType: "x",
    }]),
    path: "content.0.data",
  },
  {
    name: "file data a URL with extra non-string keys",
    input: user([{
      type: "file",
      data: { type: "url", url: "https://example.com", size: 1 },
      mediaType: "x",
    }]),
    path: "content.0.data",
  },
  {
    name: "file filename a number",
    input: user([{ type: "file", data: "x", mediaType: "x", filename: 1 }]),
    path: "content.0.filename",
  },
  // assistant parts
  {
    name: "tool-call without input",
    input: assistant([{ type: "tool-call", toolCallId: "c", toolName: "t" }]),
    path: "content.0.input",
  },
  {
    name: "tool-call without toolName",
    input: assistant([{ type: "tool-call", toolCallId: "c", input: {} }]),
    path: "content.0.toolName",
  },
  {
    name: "tool-call providerExecuted a string",
    input: assistant([{
      type: "tool-call",
      toolCallId: "c",
      toolName: "t",
      input: {},
      providerExecuted: "yes",
    }]),
    path: "content.0.providerExecuted",
  },
  {
    name: "reasoning-file data a URL",
    input: assistant([{
      type: "reasoning-file",
      data: { type: "url", url: "https://example.com/a.png" },
      mediaType: "image/png",
    }]),
    path: "content.0.data",
  },
  {
    name: "custom without kind",
    input: assistant([{ type: "custom" }]),
    path: "content.0.kind",
  },
  {
    name: "approval request without approvalId",
    input: assistant([{ type: "tool-approval-request", toolCallId: "c" }]),
    path: "content.0.approvalId",
  },
  {
    name: "approval request isAutomatic a string",
    input: assistant([{
      type: "tool-approval-request",
      approvalId: "a",
      toolCallId: "c",
      isAutomatic: "no",
    }]),
    path: "content.0.isAutomatic",
  },
  {
    name: "approval response in an assistant message",
    input: assistant([{
      type: "tool-approval-response",
      approvalId: "a",
      approved: true,
    }]),
    path: "content.0.type",
  },
  // tool parts and outputs
  {
    name: "tool-call in a tool message",
    input: tool({
      type: "tool-call",
      toolCallId: "c",
      toolName: "t",
      input: 1,
    }),
    path: "content.0.type",
  },
  {
    name: "tool-result without output",
    input: tool(toolResult(undefined)),
    path: "content.0.output",
  },
  {
    name: "output a string",
    input: tool(toolResult("done")),
    path: "content.0.output",
  },
  {
    name: "output of an unknown type",
    input: tool(toolResult({ type: "markdown", value: "x" })),
    path: "content.0.output.type",
  },
  {
    name: "text output with a JSON value",
    input: tool(toolResult({ type: "text", value: { a: 1 } })),
    path: "content.0.output.value",
  },
  {
    name: "json output without value",
    input: tool(toolResult({ type: "json" })),
    path: "content.0.output.value",
  },
  {
    name: "execution-denied reason null",
    input: tool(toolResult({ type: "execution-denied", reason: null })),
    path: "content.0.output.reason",
  },
  {
    name: "content output value an object",
    input: tool(toolResult({ type: "content", value: {} })),
    path: "content.0.output.value",
  },
  {
    name: "content item of an unknown type",
    input: contentOutput({ type: "audio", data: "x" }),
    path: "content.0.output.value.0.type",
  },
  {
    name: "content file with untagged data",
    input: contentOutput({ type: "file", data: "x", mediaType: "x" }),
    path: "content.0.output.value.0.data",
  },
  {
    name: "content file with a URL",
    input: contentOutput({
      type: "file",
      data: { type: "url", url: "https://example.com" },
      mediaType: "x",
    }),
    // The tagged URL form needs a `URL` object (JSON has none).
    path: "content.0.output.value.0.data.url",
  },
  {
    name: "content file-id a number",
    input: contentOutput({ type: "file-id", fileId: 1 }),
    path: "content.0.output.value.0.fileId",
  },
  {
    name: "content image-data without mediaType",
    input: contentOutput({ type: "image-data", data: "x" }),
    path: "content.0.output.value.0.mediaType",
  },
  {
    name: "content file-reference with a number",
    input: contentOutput({
      type: "file-reference",
      providerReference: { a: 1 },
    }),
    path: "content.0.output.value.0.providerReference.a",
  },
  {
    name: "approval response approved a string",
    input: tool({
      type: "tool-approval-response",
      approvalId: "a",
      approved: "yes",
    }),
    path: "content.0.approved",
  },
  {
    name: "approval response providerExecuted a string (stricter than the SDK)",
    input: tool({
      type: "tool-approval-response",
      approvalId: "a",
      approved: true,
      providerExecuted: "yes",
    }),
    path: "content.0.providerExecuted",
  },
];

Deno.test("AiSdkModelMessageSchema rejects invalid messages at the right path", async (t) => {
  for (const { name, input, path } of MODEL_REJECTIONS) {
    await t.step(name, () => {
      assertRejected(AiSdkModelMessageSchema, input, path);
    });
  }
});

const UI_REJECTIONS: readonly Rejection[] = [
  // messages
  { name: "a string", input: "hello", path: null },
  {
    name: "missing id",
    input: { role: "user", parts: [{ type: "step-start" }] },
    path: "id",
  },
  {
    name: "id a number",
    input: { ...ui("user", [{ type: "step-start" }]), id: 1 },
    path: "id",
  },
  {
    name: "tool role",
    input: ui("tool", [{ type: "step-start" }]),
    path: "role",
  },
  {
    name: "missing parts",
    input: { id: "1", role: "assistant" },
    path: "parts",
  },
  {
    name: "parts an object",
    input: ui("assistant", {} as never),
    path: "parts",
  },
  { name: "user message without parts", input: ui("user", []), path: "parts" },
  {
    name: "system message without parts",
    input: ui("system", []),
    path: "parts",
  },
  // static parts
  { name: "null part", input: ui("user", [null]), path: "parts.0" },
  {
    name: "part without type",
    input: ui("user", [{ text: "x" }]),
    path: "parts.0.type",
  },
  {
    name: "unknown part type",
    input: ui("user", [{ type: "image", url: "x" }]),
    path: "parts.0.type",
  },
  {
    name: "text missing",
    input: ui("user", [{ type: "text" }]),
    path: "parts.0.text",
  },
  {
    name: "text state unknown",
    input: ui("assistant", [{ type: "text", text: "x", state: "partial" }]),
    path: "parts.0.state",
  },
  {
    name: "providerMetadata of a string",
    input: ui("assistant", [{
      type: "text",
      text: "x",
      providerMetadata: { openai: "x" },
    }]),
    path: "parts.0.providerMetadata.openai",
  },
  {
    name: "citation with a negative startIndex",
    input: ui("assistant", [{
      type: "text",
      text: "x",
      citations: [{
        source: { type: "source", sourceType: "url", id: "s", url: "u" },
        startIndex: -1,
      }],
    }]),
    path: "parts.0.citations.0.startIndex",
  },
  {
    name: "citation with a fractional endIndex",
    input: ui("assistant", [{
      type: "text",
      text: "x",
      citations: [{
        source: { type: "source", sourceType: "url", id: "s", url: "u" },
        endIndex: 1.5,
      }],
    }]),
    path: "parts.0.citations.0.endIndex",
  },
  {
    name: "citation source of an unknown sourceType",
    input: ui("assistant", [{
      type: "text",
      text: "x",
      citations: [{ source: { type: "source", sourceType: "web", id: "s" } }],
    }]),
    path: "parts.0.citations.0.source.sourceType",
  },
  {
    name: "document citation without title",
    input: ui("assistant", [{
      type: "text",
      text: "x",
      citations: [{
        source: {
          type: "source",
          sourceType: "document",
          id: "s",
          mediaType: "m",
        },
      }],
    }]),
    path: "parts.0.citations.0.source.title",
  },
  {
    name: "source-url without url",
    input: ui("assistant", [{ type: "source-url", sourceId: "s" }]),
    path: "parts.0.url",
  },
  {
    name: "source-document without title",
    input: ui("assistant", [{
      type: "source-document",
      sourceId: "s",
      mediaType: "m",
    }]),
    path: "parts.0.title",
  },
  {
    name: "file without url",
    input: ui("user", [{ type: "file", mediaType: "image/png" }]),
    path: "parts.0.url",
  },
  {
    name: "file providerReference with a number",
    input: ui("user", [{
      type: "file",
      mediaType: "m",
      url: "u",
      providerReference: { openai: 1 },
    }]),
    path: "parts.0.providerReference.openai",
  },
  {
    name: "steering message with a reasoning part",
    input: ui("assistant", [{
      type: "steering-message",
      id: "s",
      parts: [{ type: "reasoning", text: "x" }],
    }]),
    path: "parts.0.parts.0.type",
  },
  // data parts
  {
    name: "data part without data",
    input: ui("assistant", [{ type: "data-x" }]),
    path: "parts.0.data",
  },
  {
    name: "data part id a number",
    input: ui("assistant", [{ type: "data-x", id: 1, data: null }]),
    path: "parts.0.id",
  },
  // tool parts
  {
    name: "tool part without state",
    input: ui("assistant", [{
      type: "tool-weather",
      toolCallId: "c",
      input: {},
    }]),
    path: "parts.0.state",
  },
  {
    name: "tool part of an unknown state",
    input: ui("assistant", [toolPart("done", { input: {} })]),
    path: "parts.0.state",
  },
  {
    name: "tool part without toolCallId",
    input: ui("assistant", [{
      type: "tool-weather",
      state: "input-streaming",
    }]),
    path: "parts.0.toolCallId",
  },
  {
    name: "input-available without input",
    input: ui("assistant", [toolPart("input-available")]),
    path: "parts.0.input",
  },
  {
    name: "input-available with output",
    input: ui("assistant", [
      toolPart("input-available", { input: {}, output: 1 }),
    ]),
    path: "parts.0.output",
  },
  {
    name: "input-streaming with an approval",
    input: ui("assistant", [
      toolPart("input-streaming", { approval: { id: "a" } }),
    ]),
    path: "parts.0.approval",
  },
  {
    name: "input-streaming rawInput an object",
    input: ui("assistant", [toolPart("input-streaming", { rawInput: {} })]),
    path: "parts.0.rawInput",
  },
  {
    name: "input-streaming inputEncoding unknown",
    input: ui("assistant", [
      toolPart("input-streaming", { inputEncoding: "xml" }),
    ]),
    path: "parts.0.inputEncoding",
  },
  {
    name: "output-available without output",
    input: ui("assistant", [toolPart("output-available", { input: {} })]),
    path: "parts.0.output",
  },
  {
    name: "output-available with errorText",
    input: ui("assistant", [
      toolPart("output-available", { input: {}, output: 1, errorText: "x" }),
    ]),
    path: "parts.0.errorText",
  },
  {
    name: "output-available with a denied approval",
    input: ui("assistant", [toolPart("output-available", {
      input: {},
      output: 1,
      approval: { id: "a", approved: false },
    })]),
    path: "parts.0.approval.approved",
  },
  {
    name: "output-error without errorText",
    input: ui("assistant", [toolPart("output-error", { input: {} })]),
    path: "parts.0.errorText",
  },
  {
    name: "approval-requested without approval",
    input: ui("assistant", [toolPart("approval-requested", { input: {} })]),
    path: "parts.0.approval",
  },
  {
    name: "approval-requested already approved",
    input: ui("assistant", [toolPart("approval-requested", {
      input: {},
      approval: { id: "a", approved: true },
    })]),
    path: "parts.0.approval.approved",
  },
  {
    name: "approval-requested with a reason",
    input: ui("assistant", [toolPart("approval-requested", {
      input: {},
      approval: { id: "a", reason: "x" },
    })]),
    path: "parts.0.approval.reason",
  },
  {
    name: "approval-responded without approved",
    input: ui("assistant", [toolPart("approval-responded", {
      input: {},
      approval: { id: "a" },
    })]),
    path: "parts.0.approval.approved",
  },
  {
    name: "output-denied with a granted approval",
    input: ui("assistant", [toolPart("output-denied", {
      input: {},
      approval: { id: "a", approved: true },
    })]),
    path: "parts.0.approval.approved",
  },
  {
    name: "toolMetadata an array",
    input: ui("assistant", [toolPart("input-streaming", { toolMetadata: [] })]),
    path: "parts.0.toolMetadata",
  },
  {
    name: "dynamic tool without toolName",
    input: ui("assistant", [{
      type: "dynamic-tool",
      toolCallId: "c",
      state: "input-streaming",
    }]),
    path: "parts.0.toolName",
  },
  {
    name: "dynamic tool with dynamic true",
    input: ui("assistant", [dynamicPart("input-streaming", { dynamic: true })]),
    path: "parts.0.dynamic",
  },
  {
    name: "dynamic tool of an unknown state",
    input: ui("assistant", [dynamicPart("running")]),
    path: "parts.0.state",
  },
];

Deno.test("AiSdkUIMessageSchema rejects invalid messages at the right path", async (t) => {
  for (const { name, input, path } of UI_REJECTIONS) {
    await t.step(name, () => {
      assertRejected(AiSdkUIMessageSchema, input, path);
    });
  }
});

Deno.test("the ai package rejects every table rejection too", async () => {
  for (const { name, input } of MODEL_REJECTIONS) {
    if (name.includes("stricter than the SDK")) {
      assert.ok(oracleAcceptsModelMessage(input), name);
      continue;
    }
    assert.equal(oracleAcceptsModelMessage(input), false, name);
  }
  for (const { name, input } of UI_REJECTIONS) {
    assert.equal(await oracleAcceptsUIMessage(input), false, name);
  }
});

// --- role and text ----------------------------------------------------------

Deno.test("aiSdkModelMessageRole() maps the SDK roles", () => {
  const cases: [AiSdkModelMessage, string][] = [
    [{ role: "system", content: "x" }, "system"],
    [{ role: "user", content: "x" }, "user"],
    [{ role: "assistant", content: [] }, "model"],
    [{ role: "tool", content: [] }, "tool"],
  ];
  for (const [message, role] of cases) {
    assert.equal(aiSdkModelMessageRole(message), role);
    assert.equal(aiSdkModelMessageFormat.roleOf(message), role);
  }
});

Deno.test("aiSdkUIMessageRole() maps assistant to model", () => {
  const cases: [AiSdkUIMessage, string][] = [
    [{ id: "1", role: "system", parts: [] }, "system"],
    [{ id: "1", role: "user", parts: [] }, "user"],
    [{ id: "1", role: "assistant", parts: [] }, "model"],
  ];
  for (const [message, role] of cases) {
    assert.equal(aiSdkUIMessageRole(message), role);
    assert.equal(aiSdkUIMessageFormat.roleOf(message), role);
  }
});

Deno.test("aiSdkModelMessageText() returns what a person would search", async (t) => {
  const cases: [string, AiSdkModelMessage, string][] = [
    [
      "a system prompt is left out",
      { role: "system", content: "Be brief." },
      "",
    ],
    ["user string content", { role: "user", content: "Hi there" }, "Hi there"],
    ["an empty string", { role: "user", content: "" }, ""],
    [
      "user text parts, not files",
      {
        role: "user",
        content: [
          { type: "text", text: "Look:" },
          { type: "image", image: "https://example.com/a.png" },
          {
            type: "file",
            data: { type: "text", text: "secret" },
            mediaType: "text/plain",
          },
          { type: "text", text: "what is it?" },
        ],
      },
      "Look:\nwhat is it?",
    ],
    [
      "assistant text, not reasoning or tool input",
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "thinking" },
          {
            type: "tool-call",
            toolCallId: "c",
            toolName: "t",
            input: { q: "query" },
          },
          { type: "text", text: "Answer" },
        ],
      },
      "Answer",
    ],
    [
      "tool results: text, JSON string leaves and content text",
      {
        role: "tool",
        content: [
          toolResult({ type: "text", value: "plain" }) as never,
          toolResult({ type: "json", value: "a JSON string" }) as never,
          toolResult({
            type: "json",
            value: { a: ["x", 1, { b: "y" }], c: null },
          }) as never,
          toolResult({
            type: "content",
            value: [
              { type: "text", text: "item" },
              { type: "image-url", url: "https://example.com/i.png" },
            ],
          }) as never,
        ],
      },
      "plain\na JSON string\nx\ny\nitem",
    ],
    [
      "tool errors and denials are left out",
      {
        role: "tool",
        content: [
          toolResult({ type: "error-text", value: "boom" }) as never,
          toolResult({
            type: "error-json",
            value: { message: "boom" },
          }) as never,
          toolResult({ type: "execution-denied", reason: "no" }) as never,
          { type: "tool-approval-response", approvalId: "a", approved: false },
        ],
      },
      "",
    ],
  ];
  for (const [name, message, text] of cases) {
    await t.step(name, () => {
      assertAccepted(AiSdkModelMessageSchema, message);
      assert.equal(aiSdkModelMessageText(message), text);
      assert.equal(aiSdkModelMessageFormat.textOf?.(message), text);
    });
  }
});

Deno.test("aiSdkUIMessageText() returns text parts only", () => {
  const message: AiSdkUIMessage = {
    id: "1",
    role: "assistant",
    parts: [
      { type: "reasoning", text: "hmm" },
      { type: "text", text: "First" },
      { type: "data-note", data: "not text" },
      {
        type: "tool-x",
        toolCallId: "c",
        state: "output-available",
        input: "in",
        output: "out",
      },
      { type: "text", text: "" },
      {
        type: "steering-message",
        id: "s",
        parts: [{ type: "text", text: "Steer" }],
      },
      { type: "text", text: "Second" },
    ],
  };
  assertAccepted(AiSdkUIMessageSchema, message);
  assert.equal(aiSdkUIMessageText(message), "First\nSteer\nSecond");
  assert.equal(aiSdkUIMessageFormat.textOf?.(message), "First\nSteer\nSecond");
});

Deno.test("the formats name the ai package's major version", async () => {
  const manifest = new URL("../package.json", import.meta.resolve("ai"));
  const { version } = JSON.parse(await Deno.readTextFile(manifest)) as {
    version: string;
  };
  const major = version.split(".")[0];
  assert.equal(aiSdkModelMessageFormat.name, "ai-sdk-model-message");
  assert.equal(aiSdkModelMessageFormat.version, major);
  assert.equal(aiSdkModelMessageFormat.schema, AiSdkModelMessageSchema);
  assert.equal(aiSdkUIMessageFormat.name, "ai-sdk-ui-message");
  assert.equal(aiSdkUIMessageFormat.version, major);
  assert.equal(aiSdkUIMessageFormat.schema, AiSdkUIMessageSchema);
  assert.ok(Object.isFrozen(aiSdkModelMessageFormat));
  assert.ok(Object.isFrozen(aiSdkUIMessageFormat));
});

// --- differential test against the ai package ----------------------------------
//
// The `ai` package's own schemas are the oracle: for every generated message,
// ours must accept exactly when the SDK accepts. The generators produce JSON
// values only (what the store keeps): the SDK's schemas also accept `URL`,
// `Uint8Array`, `ArrayBuffer`, `Buffer` and `undefined` values, which have no
// JSON form and never reach our schemas. Keys named `__proto__`,
// `constructor` and `prototype` are never generated either. The one
// deliberate difference is `providerExecuted` on a tool-approval-response,
// which our schema type-checks as the SDK's TypeScript type declares it and
// the SDK's schema ignores; it is compared with the key removed, and a
// non-boolean value must be rejected by ours.

/** A small seeded PRNG (mulberry32) with helpers for building JSON values. */
class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("Cannot pick from nothing");
    return item;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonRecord = { [key: string]: Json };

const STRINGS = [
  "",
  "hello",
  "Lisbon",
  "ünïcödé 東京 \u2028",
  "https://example.com/a.png",
  "data:image/png;base64,iVBORw0KGgo=",
  "iVBORw0KGgo=",
  "file-abc123",
  "tool-x",
  "data-x",
  "0",
  "null",
  " ",
];
const NUMBERS = [0, 1, -1, 2.5, 42, -0, 2 ** 53, 1e21, -7.25];
const KEYS = ["a", "b", "city", "nested", "x-extra", "type", "value"];
const PROVIDERS = ["openai", "anthropic", "google", "x"];

function randomJson(r: Random, depth = 2): Json {
  const kind = r.int(depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(NUMBERS);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(3) }, () => randomJson(r, depth - 1));
    default: {
      const out: JsonRecord = {};
      for (let i = r.int(3); i > 0; i--) {
        out[r.pick(KEYS)] = randomJson(r, depth - 1);
      }
      return out;
    }
  }
}

function jsonRecord(r: Random): JsonRecord {
  const out: JsonRecord = {};
  for (let i = r.int(3); i > 0; i--) out[r.pick(KEYS)] = randomJson(r, 1);
  return out;
}

function providerOptions(r: Random): JsonRecord {
  const out: JsonRecord = {};
  for (let i = r.int(3); i > 0; i--) out[r.pick(PROVIDERS)] = jsonRecord(r);
  return out;
}

function providerReference(r: Random): JsonRecord {
  if (r.chance(0.15)) return { type: "url", url: r.pick(STRINGS) };
  const out: JsonRecord = {};
  for (let i = r.int(3); i > 0; i--) out[r.pick(PROVIDERS)] = r.pick(STRINGS);
  return out;
}

/** Sets `key` on `target` with probability `p`. */
function maybe(
  r: Random,
  target: JsonRecord,
  key: string,
  make: () => Json,
  p = 0.4,
): JsonRecord {
  if (r.chance(p)) target[key] = make();
  return target;
}

function withOptions(r: Random, part: JsonRecord, key = "providerOptions") {
  return maybe(r, part, key, () => providerOptions(r), 0.3);
}

function taggedFileData(r: Random): JsonRecord {
  switch (r.int(3)) {
    case 0:
      return { type: "data", data: r.pick(STRINGS) };
    case 1:
      return { type: "reference", reference: providerReference(r) };
    default:
      return { type: "text", text: r.pick(STRINGS) };
  }
}

function fileData(r: Random): Json {
  switch (r.int(3)) {
    case 0:
      return r.pick(STRINGS);
    case 1:
      return taggedFileData(r);
    default:
      return providerReference(r);
  }
}

const CONTENT_ITEMS: Record<string, (r: Random) => JsonRecord> = {
  text: (r) => ({ type: "text", text: r.pick(STRINGS) }),
  file: (r) =>
    maybe(
      r,
      {
        type: "file",
        data: taggedFileData(r),
        mediaType: r.pick(STRINGS),
      },
      "filename",
      () => r.pick(STRINGS),
    ),
  "file-data": (r) =>
    maybe(
      r,
      {
        type: "file-data",
        data: r.pick(STRINGS),
        mediaType: r.pick(STRINGS),
      },
      "filename",
      () => r.pick(STRINGS),
    ),
  "file-url": (r) =>
    maybe(
      r,
      { type: "file-url", url: r.pick(STRINGS) },
      "mediaType",
      () => r.pick(STRINGS),
    ),
  "file-id": (r) => ({
    type: "file-id",
    fileId: r.chance(0.5) ? r.pick(STRINGS) : providerReference(r),
  }),
  "file-reference": (r) => ({
    type: "file-reference",
    providerReference: providerReference(r),
  }),
  "image-data": (r) => ({
    type: "image-data",
    data: r.pick(STRINGS),
    mediaType: r.pick(STRINGS),
  }),
  "image-url": (r) => ({ type: "image-url", url: r.pick(STRINGS) }),
  "image-file-id": (r) => ({
    type: "image-file-id",
    fileId: r.chance(0.5) ? r.pick(STRINGS) : providerReference(r),
  }),
  "image-file-reference": (r) => ({
    type: "image-file-reference",
    providerReference: providerReference(r),
  }),
  custom: () => ({ type: "custom" }),
};

const OUTPUTS: Record<string, (r: Random) => JsonRecord> = {
  text: (r) => ({ type: "text", value: r.pick(STRINGS) }),
  json: (r) => ({ type: "json", value: randomJson(r) }),
  "execution-denied": (r) =>
    maybe(r, { type: "execution-denied" }, "reason", () => r.pick(STRINGS)),
  "error-text": (r) => ({ type: "error-text", value: r.pick(STRINGS) }),
  "error-json": (r) => ({ type: "error-json", value: randomJson(r) }),
  content: (r) => ({
    type: "content",
    value: Array.from({ length: r.int(4) }, () => {
      const type = r.pick(Object.keys(CONTENT_ITEMS));
      return withOptions(r, CONTENT_ITEMS[type]!(r));
    }),
  }),
};

const MODEL_PARTS: Record<string, (r: Random) => JsonRecord> = {
  text: (r) => withOptions(r, { type: "text", text: r.pick(STRINGS) }),
  image: (r) =>
    withOptions(
      r,
      maybe(
        r,
        {
          type: "image",
          image: r.chance(0.5) ? r.pick(STRINGS) : providerReference(r),
        },
        "mediaType",
        () => r.pick(STRINGS),
      ),
    ),
  file: (r) =>
    withOptions(
      r,
      maybe(
        r,
        {
          type: "file",
          data: fileData(r),
          mediaType: r.pick(STRINGS),
        },
        "filename",
        () => r.pick(STRINGS),
      ),
    ),
  reasoning: (r) =>
    withOptions(r, { type: "reasoning", text: r.pick(STRINGS) }),
  "reasoning-file": (r) =>
    withOptions(r, {
      type: "reasoning-file",
      data: r.chance(0.5)
        ? r.pick(STRINGS)
        : { type: "data", data: r.pick(STRINGS) },
      mediaType: r.pick(STRINGS),
    }),
  custom: (r) =>
    withOptions(r, { type: "custom", kind: r.pick(["openai.x", "a.b", ""]) }),
  "tool-call": (r) =>
    withOptions(
      r,
      maybe(
        r,
        {
          type: "tool-call",
          toolCallId: r.pick(STRINGS),
          toolName: r.pick(STRINGS),
          input: randomJson(r),
        },
        "providerExecuted",
        () => r.chance(0.5),
      ),
    ),
  "tool-result": (r) =>
    withOptions(r, {
      type: "tool-result",
      toolCallId: r.pick(STRINGS),
      toolName: r.pick(STRINGS),
      output: withOptions(r, OUTPUTS[r.pick(Object.keys(OUTPUTS))]!(r)),
    }),
  "tool-approval-request": (r) => {
    const part: JsonRecord = {
      type: "tool-approval-request",
      approvalId: r.pick(STRINGS),
      toolCallId: r.pick(STRINGS),
    };
    maybe(r, part, "reason", () => r.pick(STRINGS));
    maybe(r, part, "isAutomatic", () => r.chance(0.5));
    maybe(r, part, "signature", () => r.pick(STRINGS));
    return maybe(r, part, "inputSchemaInput", () => randomJson(r));
  },
  "tool-approval-response": (r) => {
    const part: JsonRecord = {
      type: "tool-approval-response",
      approvalId: r.pick(STRINGS),
      approved: r.chance(0.5),
    };
    maybe(r, part, "reason", () => r.pick(STRINGS));
    return maybe(r, part, "providerExecuted", () => r.chance(0.5));
  },
};

const USER_PARTS = ["text", "image", "file"];
const ASSISTANT_PARTS = [
  "text",
  "custom",
  "file",
  "reasoning",
  "reasoning-file",
  "tool-call",
  "tool-result",
  "tool-approval-request",
];
const TOOL_PARTS = ["tool-result", "tool-approval-response"];

function modelParts(r: Random, types: readonly string[]): Json[] {
  return Array.from({ length: r.int(4) }, () => MODEL_PARTS[r.pick(types)]!(r));
}

/** Builds a tool result around `output`. */
function toolResultWith(r: Random, output: JsonRecord): JsonRecord {
  return withOptions(r, {
    type: "tool-result",
    toolCallId: r.pick(STRINGS),
    toolName: r.pick(STRINGS),
    output: withOptions(r, output),
  });
}

type Focus = readonly [role: string, part: ((r: Random) => JsonRecord) | null];

/**
 * One entry per role, part type, output type and content item type: the
 * `n`-th generated message contains entry `n % length`, so rare shapes are
 * generated as often as common ones.
 */
const MODEL_FOCUS: readonly Focus[] = [
  ["system", null],
  ...USER_PARTS.map((type): Focus => ["user", MODEL_PARTS[type]!]),
  ...ASSISTANT_PARTS.map((type): Focus => ["assistant", MODEL_PARTS[type]!]),
  ...TOOL_PARTS.map((type): Focus => ["tool", MODEL_PARTS[type]!]),
  ...Object.values(OUTPUTS).map((output): Focus => [
    "tool",
    (r) => toolResultWith(r, output(r)),
  ]),
  ...Object.values(CONTENT_ITEMS).map((item): Focus => [
    "tool",
    (r) =>
      toolResultWith(r, {
        type: "content",
        value: [withOptions(r, item(r))],
      }),
  ]),
];

function randomModelMessage(r: Random, index: number): JsonRecord {
  const [role, focus] = MODEL_FOCUS[index % MODEL_FOCUS.length]!;
  let content: Json;
  switch (role) {
    case "system":
      content = r.pick(STRINGS);
      break;
    case "user":
      content = modelParts(r, USER_PARTS);
      break;
    case "assistant":
      content = modelParts(r, ASSISTANT_PARTS);
      break;
    default:
      content = modelParts(r, TOOL_PARTS);
  }
  if (focus && Array.isArray(content)) {
    content.splice(r.int(content.length + 1), 0, focus(r));
  } else if (role !== "tool" && r.chance(0.2)) {
    content = r.pick(STRINGS);
  }
  return withOptions(r, { role, content });
}

// --- UI messages ---

function citation(r: Random): JsonRecord {
  const source: JsonRecord = r.chance(0.5)
    ? maybe(
      r,
      {
        type: "source",
        sourceType: "url",
        id: r.pick(STRINGS),
        url: r.pick(STRINGS),
      },
      "title",
      () => r.pick(STRINGS),
    )
    : maybe(
      r,
      {
        type: "source",
        sourceType: "document",
        id: r.pick(STRINGS),
        mediaType: r.pick(STRINGS),
        title: r.pick(STRINGS),
      },
      "filename",
      () => r.pick(STRINGS),
    );
  withOptions(r, source, "providerMetadata");
  const out: JsonRecord = { source };
  maybe(r, out, "startIndex", () => r.pick([0, 3, 17]), 0.6);
  maybe(r, out, "endIndex", () => r.pick([0, 5, 99]), 0.6);
  return maybe(r, out, "citedText", () => r.pick(STRINGS));
}

function fileUIPart(r: Random): JsonRecord {
  const part: JsonRecord = {
    type: "file",
    mediaType: r.pick(STRINGS),
    url: r.pick(STRINGS),
  };
  maybe(r, part, "filename", () => r.pick(STRINGS));
  maybe(r, part, "providerReference", () => providerReference(r));
  return withOptions(r, part, "providerMetadata");
}

const TOOL_STATES = [
  "input-streaming",
  "input-available",
  "approval-requested",
  "approval-responded",
  "output-available",
  "output-error",
  "output-denied",
];

function approval(r: Random, approved: boolean | null | undefined): JsonRecord {
  const out: JsonRecord = { id: r.pick(STRINGS) };
  if (approved === null) out.approved = r.chance(0.5);
  else if (approved !== undefined) out.approved = approved;
  maybe(r, out, "descriptor", () => randomJson(r), 0.2);
  maybe(r, out, "requestReason", () => r.pick(STRINGS), 0.2);
  if (approved !== undefined) maybe(r, out, "reason", () => r.pick(STRINGS));
  maybe(r, out, "isAutomatic", () => r.chance(0.5), 0.2);
  maybe(r, out, "signature", () => r.pick(STRINGS), 0.2);
  return maybe(r, out, "inputSchemaInput", () => randomJson(r), 0.2);
}

function toolUIPart(
  r: Random,
  dynamic: boolean,
  state: string = r.pick(TOOL_STATES),
): JsonRecord {
  const part: JsonRecord = dynamic
    ? { type: "dynamic-tool", toolName: r.pick(STRINGS) }
    : { type: `tool-${r.pick(["weather", "search", ""])}` };
  if (dynamic) maybe(r, part, "dynamic", () => false, 0.2);
  part.toolCallId = r.pick(STRINGS);
  part.state = state;
  maybe(r, part, "title", () => r.pick(STRINGS), 0.2);
  maybe(r, part, "toolMetadata", () => jsonRecord(r), 0.2);
  maybe(r, part, "providerExecuted", () => r.chance(0.5), 0.2);
  withOptions(r, part, "callProviderMetadata");
  switch (state) {
    case "input-streaming":
      maybe(r, part, "input", () => randomJson(r), 0.5);
      maybe(r, part, "rawInput", () => r.pick(STRINGS), 0.3);
      maybe(r, part, "inputEncoding", () => r.pick(["json", "text"]), 0.3);
      break;
    case "input-available":
      part.input = randomJson(r);
      break;
    case "approval-requested":
      part.input = randomJson(r);
      part.approval = approval(r, undefined);
      break;
    case "approval-responded":
      part.input = randomJson(r);
      part.approval = approval(r, null);
      break;
    case "output-available":
      part.input = randomJson(r);
      part.output = randomJson(r);
      withOptions(r, part, "resultProviderMetadata");
      maybe(r, part, "preliminary", () => r.chance(0.5), 0.3);
      maybe(r, part, "approval", () => approval(r, true), 0.5);
      break;
    case "output-error":
      maybe(r, part, "input", () => randomJson(r), 0.7);
      maybe(r, part, "rawInput", () => randomJson(r), 0.2);
      part.errorText = r.pick(STRINGS);
      withOptions(r, part, "resultProviderMetadata");
      maybe(r, part, "approval", () => approval(r, true), 0.5);
      break;
    default:
      part.input = randomJson(r);
      part.approval = approval(r, false);
  }
  return part;
}

const UI_PARTS: Record<string, (r: Random) => JsonRecord> = {
  text: (r) => {
    const part: JsonRecord = { type: "text", text: r.pick(STRINGS) };
    maybe(r, part, "citations", () => {
      return Array.from({ length: r.int(3) }, () => citation(r));
    }, 0.5);
    maybe(r, part, "state", () => r.pick(["streaming", "done"]), 0.3);
    return withOptions(r, part, "providerMetadata");
  },
  reasoning: (r) => {
    const part: JsonRecord = { type: "reasoning", text: r.pick(STRINGS) };
    maybe(r, part, "id", () => r.pick(STRINGS), 0.3);
    maybe(r, part, "state", () => r.pick(["streaming", "done"]), 0.3);
    return withOptions(r, part, "providerMetadata");
  },
  custom: (r) =>
    withOptions(
      r,
      { type: "custom", kind: r.pick(STRINGS) },
      "providerMetadata",
    ),
  "source-url": (r) =>
    withOptions(
      r,
      maybe(
        r,
        {
          type: "source-url",
          sourceId: r.pick(STRINGS),
          url: r.pick(STRINGS),
        },
        "title",
        () => r.pick(STRINGS),
      ),
      "providerMetadata",
    ),
  "source-document": (r) =>
    withOptions(
      r,
      maybe(
        r,
        {
          type: "source-document",
          sourceId: r.pick(STRINGS),
          mediaType: r.pick(STRINGS),
          title: r.pick(STRINGS),
        },
        "filename",
        () => r.pick(STRINGS),
      ),
      "providerMetadata",
    ),
  file: fileUIPart,
  "reasoning-file": (r) =>
    withOptions(r, {
      type: "reasoning-file",
      mediaType: r.pick(STRINGS),
      url: r.pick(STRINGS),
    }, "providerMetadata"),
  "steering-message": (r) => ({
    type: "steering-message",
    id: r.pick(STRINGS),
    parts: Array.from({ length: r.int(3) }, () =>
      r.chance(0.5)
        ? withOptions(
          r,
          { type: "text", text: r.pick(STRINGS) },
          "providerMetadata",
        )
        : fileUIPart(r)),
  }),
  "step-start": () => ({ type: "step-start" }),
  "data-*": (r) =>
    maybe(
      r,
      { type: `data-${r.pick(["weather", "x", ""])}`, data: randomJson(r) },
      "id",
      () => r.pick(STRINGS),
    ),
  "tool-*": (r) => toolUIPart(r, false),
  "dynamic-tool": (r) => toolUIPart(r, true),
};

/** One entry per part type and tool state (see {@linkcode MODEL_FOCUS}). */
const UI_FOCUS: readonly ((r: Random) => JsonRecord)[] = [
  ...Object.entries(UI_PARTS)
    .filter(([type]) => type !== "tool-*" && type !== "dynamic-tool")
    .map(([, part]) => part),
  ...TOOL_STATES.flatMap((state) => [
    (r: Random) => toolUIPart(r, false, state),
    (r: Random) => toolUIPart(r, true, state),
  ]),
];

function randomUIMessage(r: Random, index: number): JsonRecord {
  const role = r.pick(["system", "user", "assistant"]);
  const parts = Array.from(
    { length: r.int(3) },
    () => UI_PARTS[r.pick(Object.keys(UI_PARTS))]!(r),
  );
  // An assistant message may have no parts; the others need one.
  if (role !== "assistant" || index % 10 !== 0) {
    const focus = UI_FOCUS[index % UI_FOCUS.length]!;
    parts.splice(r.int(parts.length + 1), 0, focus(r));
  }
  return maybe(
    r,
    { id: r.pick(STRINGS), role, parts },
    "metadata",
    () => randomJson(r),
    0.3,
  );
}

// --- mutations ---

const DISCRIMINATOR_KEYS = new Set(["role", "type", "state", "sourceType"]);
const DISCRIMINATORS = [
  "system",
  "user",
  "assistant",
  "tool",
  "developer",
  ...Object.keys(MODEL_PARTS),
  ...Object.keys(OUTPUTS),
  ...Object.keys(CONTENT_ITEMS),
  "data",
  "reference",
  "url",
  ...Object.keys(UI_PARTS).filter((type) => !type.endsWith("*")),
  "tool-weather",
  "tool-",
  "data-weather",
  "data-",
  ...TOOL_STATES,
  "document",
  "source",
  "unknown",
  "",
];
const ODD_VALUES: readonly Json[] = [
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  "",
  "text",
  true,
  false,
  [],
  {},
  ["x"],
  { a: "b" },
  { a: 1 },
  { openai: { a: 1 } },
  { type: "text", text: "x" },
  { id: "a", approved: true },
];
const ADDED_KEYS = [
  "x-extra",
  "id",
  "type",
  "role",
  "state",
  "text",
  "input",
  "output",
  "errorText",
  "approval",
  "approved",
  "reason",
  "rawInput",
  "dynamic",
  "providerOptions",
  "providerMetadata",
  "providerExecuted",
  "callProviderMetadata",
  "resultProviderMetadata",
  "toolMetadata",
  "toolName",
  "toolCallId",
  "mediaType",
  "filename",
  "data",
  "url",
  "title",
  "citations",
  "preliminary",
  "metadata",
  "parts",
  "content",
  "value",
  "startIndex",
];

/** Keys forbidden, required or typed differently in some parts or states. */
const PROBED_KEYS = [
  "input",
  "output",
  "errorText",
  "approval",
  "approved",
  "reason",
  "rawInput",
  "inputEncoding",
  "dynamic",
  "preliminary",
  "resultProviderMetadata",
  "providerExecuted",
];

function isRecord(value: Json | undefined): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

interface Slot {
  readonly parent: JsonRecord | Json[];
  readonly key: string | number;
}

/** Every place inside `value` that holds a value. */
function slots(value: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push({ parent: value, key: index });
      slots(item, out);
    });
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      out.push({ parent: value, key });
      slots(item, out);
    }
  }
  return out;
}

function read(slot: Slot): Json {
  return (slot.parent as Record<string | number, Json>)[slot.key] ?? null;
}

function write(slot: Slot, value: Json): void {
  (slot.parent as Record<string | number, Json>)[slot.key] = value;
}

function remove(slot: Slot): void {
  if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
  else delete slot.parent[String(slot.key)];
}

function oddValue(r: Random): Json {
  return r.chance(0.7) ? structuredClone(r.pick(ODD_VALUES)) : randomJson(r);
}

/**
 * Applies one structural change to `message` (in place), at the slot with
 * index `at` (see {@linkcode slots}) or at a random one; `kind` (0–7) picks
 * the change: remove, odd value, discriminator, new key, wrap in an array,
 * unwrap, `null`, or a change of JSON type.
 *
 * @returns The changed message, or a replacement for it.
 */
function mutate(
  r: Random,
  message: JsonRecord,
  at?: number,
  kind: number = r.int(8),
): Json {
  const all = slots(message);
  if (all.length === 0 || (at === undefined && r.chance(0.02))) {
    return oddValue(r);
  }
  const slot = at === undefined ? r.pick(all) : all[at];
  if (slot === undefined) throw new RangeError(`No slot ${at}`);
  const value = read(slot);
  switch (kind) {
    case 0:
      remove(slot);
      break;
    case 1:
      write(slot, oddValue(r));
      break;
    case 2: {
      // A discriminator-like value: at this slot if it holds one, else at any.
      const keyed = DISCRIMINATOR_KEYS.has(String(slot.key))
        ? [slot]
        : all.filter((s) => DISCRIMINATOR_KEYS.has(String(s.key)));
      write(keyed.length > 0 ? r.pick(keyed) : slot, r.pick(DISCRIMINATORS));
      break;
    }
    case 3: {
      // A new key, often one with a meaning elsewhere in the format.
      const target = value && typeof value === "object" && !Array.isArray(value)
        ? value
        : Array.isArray(slot.parent)
        ? message
        : slot.parent;
      target[r.pick(ADDED_KEYS)] = oddValue(r);
      break;
    }
    case 4:
      write(slot, [value]);
      break;
    case 5:
      if (Array.isArray(value)) write(slot, value[0] ?? null);
      else if (value && typeof value === "object") {
        write(slot, Object.values(value)[0] ?? {});
      } else write(slot, { value });
      break;
    case 6:
      write(slot, null);
      break;
    default:
      if (typeof value === "string") write(slot, value.length);
      else if (typeof value === "number") {
        write(slot, r.chance(0.5) ? String(value) : r.pick([-1, 0.5, 2 ** 53]));
      } else if (typeof value === "boolean") {
        write(slot, r.pick([!value, value ? 1 : 0, String(value)]));
      } else write(slot, r.pick(STRINGS));
  }
  return message;
}

/**
 * Removes `providerExecuted` from tool-approval-response parts where it is
 * not a boolean (the deliberate difference described above).
 *
 * @returns Whether anything was removed.
 */
function stripApprovalProviderExecuted(message: Json): boolean {
  if (!message || typeof message !== "object" || Array.isArray(message)) {
    return false;
  }
  const content = message.content;
  if (!Array.isArray(content)) return false;
  let stripped = false;
  for (const part of content) {
    if (
      part && typeof part === "object" && !Array.isArray(part) &&
      part.type === "tool-approval-response" &&
      Object.hasOwn(part, "providerExecuted") &&
      typeof part.providerExecuted !== "boolean"
    ) {
      delete part.providerExecuted;
      stripped = true;
    }
  }
  return stripped;
}

interface Tally {
  valid: number;
  accepted: number;
  rejected: number;
  deviations: number;
  mismatches: string[];
}

async function differential(
  seed: number,
  count: number,
  generate: (r: Random, index: number) => JsonRecord,
  schema: AnySchema,
  oracle: (input: unknown) => boolean | Promise<boolean>,
): Promise<Tally> {
  const r = new Random(seed);
  const tally: Tally = {
    valid: 0,
    accepted: 0,
    rejected: 0,
    deviations: 0,
    mismatches: [],
  };
  const compare = async (input: Json, mustBeValid: boolean) => {
    const original = structuredClone(input);
    if (stripApprovalProviderExecuted(input)) {
      tally.deviations++;
      assert.equal(v.safeParse(schema, original).success, false);
    }
    const before = structuredClone(input);
    const ours = v.safeParse(schema, input);
    const theirs = await oracle(input);
    assert.deepStrictEqual(input, before);
    if (ours.success) assert.equal(ours.output, input);
    if (mustBeValid && !theirs) {
      tally.mismatches.push(
        `generator made an invalid value: ${JSON.stringify(input)}`,
      );
    }
    if (ours.success !== theirs) {
      const issue = ours.issues?.[0];
      tally.mismatches.push(
        `ours ${ours.success ? "accepts" : "rejects"}, ai ${
          theirs ? "accepts" : "rejects"
        }${issue ? ` (${v.getDotPath(issue)}: ${issue.message})` : ""}: ${
          JSON.stringify(input)
        }`,
      );
    }
    if (theirs) tally.accepted++;
    else tally.rejected++;
  };
  for (let i = 0; i < count; i++) {
    const message = generate(r, i);
    tally.valid++;
    await compare(structuredClone(message), true);
    // A quarter of the messages: mutants at every slot, so rare fields are hit.
    if (r.chance(0.25)) {
      const count = slots(message).length;
      for (let at = 0; at < count; at++) {
        for (const kind of [0, 1, 7, r.int(8)]) {
          await compare(mutate(r, structuredClone(message), at, kind), false);
        }
      }
    }
    // An eighth of them: each part (an object in an array) gets, in turn,
    // each key whose presence matters in some state or part type.
    if (r.chance(0.125)) {
      const all = slots(message);
      for (let at = 0; at < all.length; at++) {
        const slot = all[at]!;
        const part = read(slot);
        if (!Array.isArray(slot.parent) || !isRecord(part)) continue;
        for (const key of PROBED_KEYS) {
          if (Object.hasOwn(part, key)) continue;
          const mutant = structuredClone(message);
          const target = read(slots(mutant)[at]!) as JsonRecord;
          target[key] = oddValue(r);
          await compare(mutant, false);
        }
      }
    }
    // Then a few mutants with one or two changes anywhere.
    for (let m = 0; m < 3; m++) {
      let mutant: Json = structuredClone(message);
      for (let n = 1 + r.int(2); n > 0; n--) {
        if (!mutant || typeof mutant !== "object" || Array.isArray(mutant)) {
          break;
        }
        mutant = mutate(r, mutant);
      }
      await compare(mutant, false);
    }
  }
  return tally;
}

function assertAgreement(tally: Tally): void {
  assert.deepStrictEqual(tally.mismatches.slice(0, 5), []);
  // Mutations must produce both outcomes often enough to mean something.
  const mutants = tally.accepted + tally.rejected - tally.valid;
  assert.ok(
    tally.accepted - tally.valid > mutants * 0.1,
    JSON.stringify(tally),
  );
  assert.ok(tally.rejected > mutants * 0.5, JSON.stringify(tally));
}

Deno.test("AiSdkModelMessageSchema accepts exactly what ai's modelMessageSchema accepts", async () => {
  const tally = await differential(
    0x5eed_0001,
    800,
    randomModelMessage,
    AiSdkModelMessageSchema,
    oracleAcceptsModelMessage,
  );
  assertAgreement(tally);
  assert.ok(
    tally.deviations > 0,
    "the providerExecuted deviation was exercised",
  );
});

Deno.test("AiSdkUIMessageSchema accepts exactly what ai's validateUIMessages accepts", async () => {
  const tally = await differential(
    0x5eed_0002,
    1000,
    randomUIMessage,
    AiSdkUIMessageSchema,
    oracleAcceptsUIMessage,
  );
  assertAgreement(tally);
});

Deno.test("the generators cover every part type", () => {
  const r = new Random(7);
  const model = new Set<string>();
  const uiTypes = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const message = randomModelMessage(r, i) as unknown as AiSdkModelMessage;
    if (Array.isArray(message.content)) {
      for (const part of message.content) model.add(part.type);
    }
    for (
      const part of (randomUIMessage(r, i) as unknown as AiSdkUIMessage).parts
    ) {
      uiTypes.add(
        part.type.startsWith("tool-")
          ? `tool-*:${(part as { state?: string }).state}`
          : part.type === "dynamic-tool"
          ? `dynamic-tool:${(part as { state?: string }).state}`
          : part.type.startsWith("data-")
          ? "data-*"
          : part.type,
      );
    }
  }
  assert.deepStrictEqual([...model].sort(), Object.keys(MODEL_PARTS).sort());
  assert.equal(uiTypes.size, Object.keys(UI_PARTS).length - 2 + 14);
});

// --- compile-time checks ------------------------------------------------------

Deno.test("the message types reject misuse at compile time", () => {
  // @ts-expect-error: the role must be one the SDK knows
  const developer: AiSdkModelMessage = { role: "developer", content: "x" };
  // @ts-expect-error: a system message has string content
  const systemParts: AiSdkModelMessage = { role: "system", content: [] };
  // @ts-expect-error: a tool call needs a toolName
  const noName: AiSdkAssistantContentPart = {
    type: "tool-call",
    toolCallId: "c",
    input: 1,
  };
  // @ts-expect-error: no output before the output is available
  const early: AiSdkUIMessagePart = { type: "tool-x", output: 2, ...INPUT };
  // @ts-expect-error: a UI message has no tool role
  const toolRole: AiSdkUIMessage = { id: "1", role: "tool", parts: [] };
  assert.equal([developer, systemParts, noName, early, toolRole].length, 5);
});

const INPUT = {
  toolCallId: "c",
  state: "input-available",
  input: 1,
} as const;
