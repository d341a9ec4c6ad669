import assert from "node:assert/strict";
import * as v from "valibot";
import {
  type AnySchema,
  assertAccepted,
  assertRejected,
} from "../support/schema_asserts.ts";
import {
  createPydanticAiFormat,
  ErrorDetailsSchema,
  LenientModelMessageSchema,
  LenientModelMessagesSchema,
  LenientModelRequestPartSchema,
  LenientModelResponsePartSchema,
  LenientUserContentSchema,
  type ModelMessage,
  ModelMessageSchema,
  ModelMessagesSchema,
  type ModelRequest,
  ModelRequestPartSchema,
  ModelRequestSchema,
  type ModelResponse,
  ModelResponsePartSchema,
  ModelResponseSchema,
  pydanticAiFormat,
  pydanticAiRole,
  pydanticAiText,
  PydanticDateTimeSchema,
  RequestUsageSchema,
  UserContentSchema,
} from "../../src/formats/pydantic_ai.ts";
import {
  allFixtureMessages,
  CONVERSATION_ROLES,
  conversationTurns,
  PYDANTIC_DUMP_JSON,
  PYDANTIC_FIXTURES,
} from "../support/pydantic_fixtures.ts";

// --- helpers ----------------------------------------------------------------

/** A request holding `parts` (plus extra message keys). */
function request(parts: unknown[], extra: Record<string, unknown> = {}) {
  return { parts, kind: "request", ...extra };
}

/** A response holding `parts` (plus extra message keys). */
function response(parts: unknown[], extra: Record<string, unknown> = {}) {
  return { parts, kind: "response", ...extra };
}

/** A request with one user prompt whose content list is `items`. */
function userItems(...items: unknown[]) {
  return request([{ "part_kind": "user-prompt", content: items }]);
}

const binary = (data: unknown) => ({
  data,
  "media_type": "application/octet-stream",
  kind: "binary",
});

// --- accepted fixtures ------------------------------------------------------

Deno.test("ModelMessageSchema accepts every fixture unchanged", async (t) => {
  for (const fixture of PYDANTIC_FIXTURES) {
    await t.step(fixture.name, () => {
      const before = structuredClone(fixture.message);
      assertAccepted(ModelMessageSchema, fixture.message);
      assert.deepStrictEqual(fixture.message, before);
      const kindSchema = fixture.message.kind === "request"
        ? ModelRequestSchema
        : ModelResponseSchema;
      assertAccepted(kindSchema, fixture.message);
      assertAccepted(LenientModelMessageSchema, fixture.message);
    });
  }
});

Deno.test("fixtures cover every part kind and user-content kind", () => {
  const requestKinds = new Set<string>();
  const responseKinds = new Set<string>();
  const contentKinds = new Set<string>();
  const toolKinds = new Set<string>();
  for (const { message } of PYDANTIC_FIXTURES) {
    for (const part of message.parts) {
      (message.kind === "request" ? requestKinds : responseKinds).add(
        part.part_kind,
      );
      if (typeof part.tool_kind === "string") {
        toolKinds.add(`${part.part_kind}+${part.tool_kind}`);
      }
      if (part.part_kind === "user-prompt" && Array.isArray(part.content)) {
        for (const item of part.content) {
          contentKinds.add(typeof item === "string" ? "string" : item.kind);
        }
      }
    }
  }
  assert.deepStrictEqual(
    [...requestKinds].sort(),
    [
      "retry-prompt",
      "speech",
      "system-prompt",
      "tool-availability-delta",
      "tool-return",
      "user-prompt",
    ],
  );
  assert.deepStrictEqual(
    [...responseKinds].sort(),
    [
      "builtin-tool-call",
      "builtin-tool-return",
      "compaction",
      "file",
      "speech",
      "text",
      "thinking",
      "tool-call",
    ],
  );
  assert.deepStrictEqual(
    [...contentKinds].sort(),
    [
      "audio-url",
      "binary",
      "cache-point",
      "document-url",
      "image-url",
      "string",
      "text-content",
      "uploaded-file",
      "video-url",
    ],
  );
  assert.deepStrictEqual(
    [...toolKinds].sort(),
    [
      "builtin-tool-call+capability-load",
      "builtin-tool-call+tool-search",
      "builtin-tool-return+capability-load",
      "builtin-tool-return+tool-search",
      "tool-call+capability-load",
      "tool-call+tool-search",
      "tool-return+capability-load",
      "tool-return+tool-search",
    ],
  );
});

Deno.test("ModelMessagesSchema accepts histories", async (t) => {
  await t.step("allFixtureMessages()", () => {
    const messages = allFixtureMessages();
    assertAccepted(ModelMessagesSchema, messages);
    assert.deepStrictEqual(
      messages,
      PYDANTIC_FIXTURES.map((fixture) => fixture.message),
    );
    assert.notEqual(messages[0], PYDANTIC_FIXTURES[0]?.message);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(messages)), messages);
  });
  await t.step("all fixtures as one array", () => {
    assertAccepted(
      ModelMessagesSchema,
      PYDANTIC_FIXTURES.map((fixture) => fixture.message),
    );
  });
  await t.step("an empty array", () => {
    assertAccepted(ModelMessagesSchema, []);
  });
  await t.step("conversationTurns()", () => {
    const turns = conversationTurns();
    assertAccepted(ModelMessagesSchema, turns);
    assert.deepStrictEqual(turns.map(pydanticAiRole), CONVERSATION_ROLES);
    assert.notEqual(conversationTurns()[0], turns[0]);
  });
  await t.step("the parsed dump_json text", () => {
    const parsed: unknown = JSON.parse(PYDANTIC_DUMP_JSON);
    assertAccepted(ModelMessagesSchema, parsed);
    assert.deepStrictEqual(
      (parsed as ModelMessage[]).map(pydanticAiRole),
      ["user", "model"],
    );
  });
});

Deno.test("PYDANTIC_DUMP_JSON does not survive a JSON round trip", () => {
  const text = PYDANTIC_DUMP_JSON;
  assert.ok(text.includes('"days":3.0'));
  assert.ok(text.includes('"seed":1180591620717411303424'));
  assert.ok(text.includes("\u2028"));
  assert.ok(text.includes("東京"));
  assert.ok(text.includes(String.raw`\u0000\u0007`));
  assert.ok(!text.includes("\n"));
  assert.notEqual(JSON.stringify(JSON.parse(text)), text);
});

Deno.test("schemas return the input itself, keeping every key", () => {
  const input = JSON.parse(
    '{"kind":"response","parts":[],"metadata":{"__proto__":{"a":1},"constructor":2,"prototype":3},"__proto__":"top"}',
  );
  const output = v.parse(ModelMessageSchema, input);
  assert.equal(output, input);
  assert.deepStrictEqual(
    Object.keys(output.metadata as object),
    ["__proto__", "constructor", "prototype"],
  );
  assert.ok(Object.hasOwn(output, "__proto__"));
  const history = [input];
  assert.equal(v.parse(ModelMessagesSchema, history), history);
});

Deno.test("schemas implement Standard Schema", () => {
  const standard = ModelMessageSchema["~standard"];
  assert.equal(standard.vendor, "valibot");
  const ok = standard.validate(response([]));
  assert.ok(!(ok instanceof Promise) && ok.issues === undefined);
  const bad = standard.validate({ parts: [] });
  assert.ok(!(bad instanceof Promise) && bad.issues?.length === 1);
});

Deno.test("part and content schemas accept single items", () => {
  assertAccepted(ModelRequestPartSchema, {
    "part_kind": "user-prompt",
    content: "hi",
  });
  assertAccepted(ModelResponsePartSchema, { "part_kind": "text", content: "" });
  assertAccepted(UserContentSchema, "plain");
  assertAccepted(UserContentSchema, { kind: "cache-point", ttl: "5m" });
  assertAccepted(ErrorDetailsSchema, {
    type: "missing",
    loc: [],
    msg: "Field required",
    input: null,
  });
  assertAccepted(RequestUsageSchema, {});
  assertRejected(
    ModelRequestPartSchema,
    { "part_kind": "text", content: "" },
    "part_kind",
  );
  assertRejected(ModelResponsePartSchema, {
    "part_kind": "user-prompt",
    content: "",
  }, "part_kind");
});

// --- rejected inputs ------------------------------------------------------

interface Rejection {
  readonly name: string;
  readonly input: unknown;
  readonly path: string | null;
  readonly schema?: AnySchema;
}

const text = (content: unknown) => ({ "part_kind": "text", content });
const toolCall = (extra: Record<string, unknown>) => ({
  "part_kind": "tool-call",
  "tool_name": "f",
  ...extra,
});
const toolReturn = (extra: Record<string, unknown>) => ({
  "part_kind": "tool-return",
  "tool_name": "f",
  content: "ok",
  ...extra,
});
const errorDetail = (extra: Record<string, unknown>) => ({
  type: "missing",
  loc: ["x"],
  msg: "Field required",
  input: {},
  ...extra,
});
const retry = (...details: unknown[]) =>
  request([{ "part_kind": "retry-prompt", content: details }]);
const speech = (speaker: unknown, extra: Record<string, unknown> = {}) => ({
  "part_kind": "speech",
  speaker,
  ...extra,
});

const REJECTIONS: readonly Rejection[] = [
  // messages
  { name: "a string message", input: "hello", path: null },
  { name: "null message", input: null, path: null },
  { name: "missing kind", input: { parts: [] }, path: "kind" },
  { name: "kind null", input: { parts: [], kind: null }, path: "kind" },
  { name: "unknown kind", input: { parts: [], kind: "system" }, path: "kind" },
  { name: "missing parts", input: { kind: "request" }, path: "parts" },
  { name: "parts null", input: request(null as never), path: "parts" },
  { name: "parts an object", input: response({} as never), path: "parts" },
  { name: "null part", input: request([null]), path: "parts.0" },
  {
    name: "request state of a response",
    input: request([], { state: "incomplete" }),
    path: "state",
  },
  {
    name: "request state null",
    input: request([], { state: null }),
    path: "state",
  },
  {
    name: "request timestamp free text",
    input: request([], { timestamp: "yesterday" }),
    path: "timestamp",
  },
  {
    name: "request metadata an array",
    input: request([], { metadata: [] }),
    path: "metadata",
  },
  {
    name: "request instructions a number",
    input: request([], { instructions: 1 }),
    path: "instructions",
  },
  {
    name: "request run_id a number",
    input: request([], { "run_id": 7 }),
    path: "run_id",
  },
  {
    name: "response timestamp null",
    input: response([], { timestamp: null }),
    path: "timestamp",
  },
  {
    name: "response usage null",
    input: response([], { usage: null }),
    path: "usage",
  },
  {
    name: "response model_name a number",
    input: response([], { "model_name": 5 }),
    path: "model_name",
  },
  {
    name: "response provider_details a string",
    input: response([], { "provider_details": "x" }),
    path: "provider_details",
  },
  {
    name: "response provider_response_id a number",
    input: response([], { "provider_response_id": 1 }),
    path: "provider_response_id",
  },
  {
    name: "unknown finish_reason",
    input: response([], { "finish_reason": "end_turn" }),
    path: "finish_reason",
  },
  {
    name: "unknown response state",
    input: response([], { state: "done" }),
    path: "state",
  },
  // discriminators
  {
    name: "missing part_kind",
    input: request([{ content: "hi" }]),
    path: "parts.0.part_kind",
  },
  {
    name: "part_kind null",
    input: response([{ "part_kind": null, content: "x" }]),
    path: "parts.0.part_kind",
  },
  {
    name: "unknown part_kind",
    input: response([text("a"), { "part_kind": "citation" }]),
    path: "parts.1.part_kind",
  },
  {
    name: "instruction part",
    input: request([{ "part_kind": "instruction", content: "x" }]),
    path: "parts.0.part_kind",
  },
  {
    name: "internal union tag",
    input: response([{ "part_kind": "tool-search-call" }]),
    path: "parts.0.part_kind",
  },
  {
    name: "response part in a request",
    input: request([text("hi")]),
    path: "parts.0.part_kind",
  },
  {
    name: "request part in a response",
    input: response([text("a"), toolReturn({})]),
    path: "parts.1.part_kind",
  },
  {
    name: "assistant speech in a request",
    input: request([speech("assistant")]),
    path: "parts.0.speaker",
  },
  {
    name: "user speech in a response",
    input: response([speech("user")]),
    path: "parts.0.speaker",
  },
  {
    name: "speech without speaker",
    input: request([{ "part_kind": "speech" }]),
    path: "parts.0.speaker",
  },
  {
    name: "unknown tool_kind",
    input: response([toolCall({ "tool_kind": "mcp_server" })]),
    path: "parts.0.tool_kind",
  },
  {
    name: "unknown tool_kind on a return",
    input: request([toolReturn({ "tool_kind": "other" })]),
    path: "parts.0.tool_kind",
  },
  // request parts
  {
    name: "system-prompt content null",
    input: request([{ "part_kind": "system-prompt", content: null }]),
    path: "parts.0.content",
  },
  {
    name: "system-prompt dynamic_ref a number",
    input: request([{
      "part_kind": "system-prompt",
      content: "",
      "dynamic_ref": 1,
    }]),
    path: "parts.0.dynamic_ref",
  },
  {
    name: "part timestamp null",
    input: request([{
      "part_kind": "system-prompt",
      content: "",
      timestamp: null,
    }]),
    path: "parts.0.timestamp",
  },
  {
    name: "user-prompt without content",
    input: request([{ "part_kind": "user-prompt" }]),
    path: "parts.0.content",
  },
  {
    name: "user-prompt content a number",
    input: request([{ "part_kind": "user-prompt", content: 5 }]),
    path: "parts.0.content",
  },
  {
    name: "user-prompt content null",
    input: request([{ "part_kind": "user-prompt", content: null }]),
    path: "parts.0.content",
  },
  {
    name: "tool-return without content",
    input: request([{ "part_kind": "tool-return", "tool_name": "f" }]),
    path: "parts.0.content",
  },
  {
    name: "tool-return without tool_name",
    input: request([{ "part_kind": "tool-return", content: 1 }]),
    path: "parts.0.tool_name",
  },
  {
    name: "tool-return tool_name null",
    input: request([toolReturn({ "tool_name": null })]),
    path: "parts.0.tool_name",
  },
  {
    name: "tool-return tool_call_id null",
    input: request([toolReturn({ "tool_call_id": null })]),
    path: "parts.0.tool_call_id",
  },
  {
    name: "tool-return unknown outcome",
    input: request([toolReturn({ outcome: "ok" })]),
    path: "parts.0.outcome",
  },
  {
    name: "tool-return outcome null",
    input: request([toolReturn({ outcome: null })]),
    path: "parts.0.outcome",
  },
  {
    name: "retry-prompt content null",
    input: request([{ "part_kind": "retry-prompt", content: null }]),
    path: "parts.0.content",
  },
  {
    name: "retry-prompt tool_name a number",
    input: request([{
      "part_kind": "retry-prompt",
      content: "x",
      "tool_name": 1,
    }]),
    path: "parts.0.tool_name",
  },
  {
    name: "retry-prompt tool_call_id null",
    input: request([{
      "part_kind": "retry-prompt",
      content: "x",
      "tool_call_id": null,
    }]),
    path: "parts.0.tool_call_id",
  },
  {
    name: "tools_added null",
    input: request([{
      "part_kind": "tool-availability-delta",
      "tools_added": null,
    }]),
    path: "parts.0.tools_added",
  },
  {
    name: "tools_added with a number",
    input: request([{
      "part_kind": "tool-availability-delta",
      "tools_added": ["a", 1],
    }]),
    path: "parts.0.tools_added.1",
  },
  {
    name: "speech interrupted_at_ms a float",
    input: request([speech("user", { "interrupted_at_ms": 1.5 })]),
    path: "parts.0.interrupted_at_ms",
  },
  {
    name: "speech audio without media_type",
    input: request([speech("user", { audio: { data: "" } })]),
    path: "parts.0.audio.media_type",
  },
  {
    name: "speech transcript a number",
    input: response([speech("assistant", { transcript: 1 })]),
    path: "parts.0.transcript",
  },
  // error details
  {
    name: "error detail without input",
    input: retry({ type: "missing", loc: [], msg: "m" }),
    path: "parts.0.content.0.input",
  },
  {
    name: "error detail without loc",
    input: retry(errorDetail({ loc: undefined })),
    path: "parts.0.content.0.loc",
  },
  {
    name: "error detail loc with a float",
    input: retry(errorDetail({ loc: [1.5] })),
    path: "parts.0.content.0.loc.0",
  },
  {
    name: "error detail msg null",
    input: retry(errorDetail({}), errorDetail({ msg: null })),
    path: "parts.0.content.1.msg",
  },
  {
    name: "error detail ctx null",
    input: retry(errorDetail({ ctx: null })),
    path: "parts.0.content.0.ctx",
  },
  {
    name: "error detail a string item",
    input: retry("oops"),
    path: "parts.0.content.0",
  },
  // user content
  {
    name: "null content item",
    input: userItems("a", null),
    path: "parts.0.content.1",
  },
  {
    name: "content object without kind",
    input: userItems("a", { content: "x" }),
    path: "parts.0.content.1.kind",
  },
  {
    name: "content url object without kind",
    input: userItems({ url: "https://x" }),
    path: "parts.0.content.0.kind",
  },
  {
    name: "unknown content kind",
    input: userItems({ kind: "pdf-page" }),
    path: "parts.0.content.0.kind",
  },
  {
    name: "text-content content null",
    input: userItems({ kind: "text-content", content: null }),
    path: "parts.0.content.0.content",
  },
  {
    name: "image-url without url",
    input: userItems({ kind: "image-url" }),
    path: "parts.0.content.0.url",
  },
  {
    name: "image-url url null",
    input: userItems({ kind: "image-url", url: null }),
    path: "parts.0.content.0.url",
  },
  {
    name: "force_download a string",
    input: userItems({ kind: "video-url", url: "u", "force_download": "yes" }),
    path: "parts.0.content.0.force_download",
  },
  {
    name: "force_download null",
    input: userItems({ kind: "audio-url", url: "u", "force_download": null }),
    path: "parts.0.content.0.force_download",
  },
  {
    name: "vendor_metadata an array",
    input: userItems({ kind: "document-url", url: "u", "vendor_metadata": [] }),
    path: "parts.0.content.0.vendor_metadata",
  },
  {
    name: "media_type a number",
    input: userItems({ kind: "document-url", url: "u", "media_type": 1 }),
    path: "parts.0.content.0.media_type",
  },
  {
    name: "binary mixed alphabets",
    input: userItems(binary("ab+_")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary with whitespace",
    input: userItems(binary("aGVs bG8=")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary with a newline",
    input: userItems(binary("aGVs\nbG8=")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary impossible length",
    input: userItems(binary("abcde")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary wrong padding",
    input: userItems(binary("abc==")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary too much padding",
    input: userItems(binary("a===")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary raw text",
    input: userItems(binary("hello world!")),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary data null",
    input: userItems(binary(null)),
    path: "parts.0.content.0.data",
  },
  {
    name: "binary without media_type",
    input: userItems({ kind: "binary", data: "" }),
    path: "parts.0.content.0.media_type",
  },
  {
    name: "uploaded-file unknown provider",
    input: userItems({
      kind: "uploaded-file",
      "file_id": "f",
      "provider_name": "azure",
    }),
    path: "parts.0.content.0.provider_name",
  },
  {
    name: "uploaded-file without file_id",
    input: userItems({ kind: "uploaded-file", "provider_name": "xai" }),
    path: "parts.0.content.0.file_id",
  },
  {
    name: "cache-point unknown ttl",
    input: userItems({ kind: "cache-point", ttl: "10m" }),
    path: "parts.0.content.0.ttl",
  },
  // typed tool parts
  {
    name: "tool-search return without discovered_tools",
    input: request([
      toolReturn({
        "tool_name": "search_tools",
        "tool_kind": "tool-search",
        content: {},
      }),
    ]),
    path: "parts.0.content.discovered_tools",
  },
  {
    name: "tool-search return with a string content",
    input: request([{
      "part_kind": "tool-return",
      "tool_kind": "tool-search",
      content: "x",
    }]),
    path: "parts.0.content",
  },
  {
    name: "tool-search return with a wrong tool_name",
    input: request([
      toolReturn({
        "tool_name": "other",
        "tool_kind": "tool-search",
        content: { "discovered_tools": [] },
      }),
    ]),
    path: "parts.0.tool_name",
  },
  {
    name: "tool-search return tool without name",
    input: request([{
      "part_kind": "tool-return",
      "tool_kind": "tool-search",
      content: { "discovered_tools": [{}] },
    }]),
    path: "parts.0.content.discovered_tools.0.name",
  },
  {
    name: "capability-load return with bad instructions",
    input: request([{
      "part_kind": "tool-return",
      "tool_kind": "capability-load",
      content: { instructions: 5 },
    }]),
    path: "parts.0.content.instructions",
  },
  {
    name: "tool-search call with queries a string",
    input: response([{
      "part_kind": "tool-call",
      "tool_kind": "tool-search",
      args: { queries: "x" },
    }]),
    path: "parts.0.args.queries",
  },
  {
    name: "tool-search call with args a number",
    input: response([{
      "part_kind": "tool-call",
      "tool_kind": "tool-search",
      args: 5,
    }]),
    path: "parts.0.args",
  },
  {
    name: "capability-load call with a wrong tool_name",
    input: response([
      toolCall({ "tool_name": "search_tools", "tool_kind": "capability-load" }),
    ]),
    path: "parts.0.tool_name",
  },
  {
    name: "capability-load call with id a number",
    input: response([{
      "part_kind": "tool-call",
      "tool_kind": "capability-load",
      args: { id: 1 },
    }]),
    path: "parts.0.args.id",
  },
  {
    name: "builtin tool-search call named search_tools",
    input: response([{
      "part_kind": "builtin-tool-call",
      "tool_name": "search_tools",
      "tool_kind": "tool-search",
    }]),
    path: "parts.0.tool_name",
  },
  {
    name: "builtin tool-search return with empty content",
    input: response([{
      "part_kind": "builtin-tool-return",
      "tool_kind": "tool-search",
      content: {},
    }]),
    path: "parts.0.content.discovered_tools",
  },
  // response parts
  {
    name: "text content a number",
    input: response([text("ok"), text(5)]),
    path: "parts.1.content",
  },
  {
    name: "text content missing",
    input: response([{ "part_kind": "text" }]),
    path: "parts.0.content",
  },
  {
    name: "text id a number",
    input: response([{ ...text(""), id: 1 }]),
    path: "parts.0.id",
  },
  {
    name: "text provider_details an array",
    input: response([{ ...text(""), "provider_details": [] }]),
    path: "parts.0.provider_details",
  },
  {
    name: "tool-call without tool_name",
    input: response([{ "part_kind": "tool-call" }]),
    path: "parts.0.tool_name",
  },
  {
    name: "tool-call args an array",
    input: response([toolCall({ args: [1] })]),
    path: "parts.0.args",
  },
  {
    name: "tool-call args a number",
    input: response([toolCall({ args: 1 })]),
    path: "parts.0.args",
  },
  {
    name: "tool-call args a boolean",
    input: response([toolCall({ args: true })]),
    path: "parts.0.args",
  },
  {
    name: "tool-call tool_call_id null",
    input: response([toolCall({ "tool_call_id": null })]),
    path: "parts.0.tool_call_id",
  },
  {
    name: "builtin-tool-call tool_kind null is fine but tool_name null is not",
    input: response([{
      "part_kind": "builtin-tool-call",
      "tool_name": null,
      "tool_kind": null,
    }]),
    path: "parts.0.tool_name",
  },
  {
    name: "builtin-tool-return without content",
    input: response([{
      "part_kind": "builtin-tool-return",
      "tool_name": "web_search",
    }]),
    path: "parts.0.content",
  },
  {
    name: "thinking content null",
    input: response([{ "part_kind": "thinking", content: null }]),
    path: "parts.0.content",
  },
  {
    name: "thinking signature a number",
    input: response([{ "part_kind": "thinking", content: "", signature: 1 }]),
    path: "parts.0.signature",
  },
  {
    name: "compaction content a number",
    input: response([{ "part_kind": "compaction", content: 5 }]),
    path: "parts.0.content",
  },
  {
    name: "file without content",
    input: response([{ "part_kind": "file" }]),
    path: "parts.0.content",
  },
  {
    name: "file content with another kind",
    input: response([{
      "part_kind": "file",
      content: { ...binary(""), kind: "image-url" },
    }]),
    path: "parts.0.content.kind",
  },
  {
    name: "file content with bad base64",
    input: response([{ "part_kind": "file", content: binary("%%") }]),
    path: "parts.0.content.data",
  },
  // usage
  {
    name: "usage input_tokens a float",
    input: response([], { usage: { "input_tokens": 1.5 } }),
    path: "usage.input_tokens",
  },
  {
    name: "usage output_tokens a numeric string",
    input: response([], { usage: { "output_tokens": "10" } }),
    path: "usage.output_tokens",
  },
  {
    name: "usage input_tokens null",
    input: response([], { usage: { "input_tokens": null } }),
    path: "usage.input_tokens",
  },
  {
    name: "usage details value null",
    input: response([], { usage: { details: { "reasoning_tokens": null } } }),
    path: "usage.details.reasoning_tokens",
  },
  {
    name: "usage details an array",
    input: response([], { usage: { details: [] } }),
    path: "usage.details",
  },
  {
    name: "usage cost not a decimal",
    input: response([], { usage: { cost: "abc" } }),
    path: "usage.cost",
  },
  {
    name: "usage cost NaN",
    input: response([], { usage: { cost: "NaN" } }),
    path: "usage.cost",
  },
  {
    name: "usage cost a boolean",
    input: response([], { usage: { cost: true } }),
    path: "usage.cost",
  },
  // datetimes
  {
    name: "month 13",
    input: response([], { timestamp: "2025-13-01T00:00:00Z" }),
    path: "timestamp",
  },
  {
    name: "February 30",
    input: response([], { timestamp: "2024-02-30T00:00:00Z" }),
    path: "timestamp",
  },
  {
    name: "February 29 in a common year",
    input: response([], { timestamp: "2025-02-29" }),
    path: "timestamp",
  },
  {
    name: "hour 24",
    input: response([], { timestamp: "2026-08-20T24:00:00Z" }),
    path: "timestamp",
  },
  {
    name: "ten fraction digits",
    input: response([text("x")], {
      timestamp: "2026-08-20T10:00:00.1234567890Z",
    }),
    path: "timestamp",
  },
  {
    name: "offset of 24 hours",
    input: response([], { timestamp: "2026-08-20T10:00:00+24:00" }),
    path: "timestamp",
  },
  {
    name: "a part timestamp boolean",
    input: request([toolReturn({ timestamp: true })]),
    path: "parts.0.timestamp",
  },
  // histories
  {
    name: "history not an array",
    input: { kind: "request", parts: [] },
    path: null,
    schema: ModelMessagesSchema,
  },
  {
    name: "history null",
    input: null,
    path: null,
    schema: ModelMessagesSchema,
  },
  {
    name: "history with a bad second message",
    input: [request([]), { kind: "x" }],
    path: "1.kind",
    schema: ModelMessagesSchema,
  },
  {
    name: "history with a bad deep field",
    input: [response([]), response([text(null)])],
    path: "1.parts.0.content",
    schema: ModelMessagesSchema,
  },
];

Deno.test("ModelMessageSchema rejects invalid messages at the right path", async (t) => {
  for (const { name, input, path, schema } of REJECTIONS) {
    await t.step(name, () => {
      assertRejected(schema ?? ModelMessageSchema, input, path);
    });
  }
});

Deno.test("ModelMessageSchema issues name the expected values", () => {
  const result = v.safeParse(
    ModelMessageSchema,
    response([text("a"), toolReturn({})]),
  );
  assert.ok(!result.success);
  assert.equal(result.issues.length, 1);
  assert.match(result.issues[0].message, /"text" \| "tool-call"/);
  assert.match(result.issues[0].message, /received "tool-return"/);
});

// --- datetimes and base64 ---------------------------------------------------

Deno.test("PydanticDateTimeSchema accepts what Pydantic accepts", async (t) => {
  const accepted: unknown[] = [
    "2026-08-20T14:03:11.482913Z",
    "2026-08-20T14:00:01Z",
    "2026-08-20T16:00:00+02:00",
    "2026-08-20T09:00:00-05:30",
    "2026-08-20T09:00:00\u221205:30",
    "2026-08-20T09:00+0530",
    "2026-08-20T09:00:00.5-23:59",
    "2026-08-20T14:00:01+00:00",
    "2026-08-20T14:00:01z",
    "2026-08-20 14:00:01",
    "2026-08-20T14:00:01.5",
    "2026-08-20T14:00:01.123456789Z",
    "2026-08-20T14:00",
    "2026-08-20",
    "2024-02-29T00:00:00Z",
    "2000-02-29",
    "2026-12-31T23:59:59.999999Z",
    1787148001,
    1787148001.25,
    0,
  ];
  for (const value of accepted) {
    await t.step(JSON.stringify(value), () => {
      assertAccepted(PydanticDateTimeSchema, value);
    });
  }
});

Deno.test("PydanticDateTimeSchema rejects invalid datetimes", async (t) => {
  const rejected: unknown[] = [
    "",
    "yesterday",
    "2026-8-20",
    "2026-00-10",
    "2026-13-01T00:00:00Z",
    "2026-04-31",
    "1900-02-29",
    "0000-01-01",
    "2026-08-20T25:00:00Z",
    "2026-08-20T10:60:00Z",
    "2026-08-20T10:00:60Z",
    "2026-08-20T10:00:00.Z",
    "2026-08-20T10:00:00+05:60",
    "2026-08-20T10:00+0560",
    "2026-08-20T10:00:00.25-24:00",
    "2026-08-20T10:00:00\u221224:00",
    "2026-08-20T10:00:00+5:00",
    "2026-08-20T10:00:00+05:0",
    "2026-08-20T10:00:00 Z",
    "2026-08-20T10:00:00ZZ",
    "2026-08-20T10",
    "1787148001",
    null,
    true,
    {},
  ];
  for (const value of rejected) {
    await t.step(JSON.stringify(value), () => {
      assertRejected(PydanticDateTimeSchema, value, null);
    });
  }
});

Deno.test("binary data accepts url-safe and standard base64", async (t) => {
  const accepted = [
    "",
    "-_-_AD4_",
    "-_8=",
    "-_8",
    "+/8=",
    "iVBORw0KGgo=",
    "iVBORw0KGgo",
    "QQ==",
    "QQ",
    "QUI=",
    "QUJD",
  ];
  for (const data of accepted) {
    await t.step(JSON.stringify(data), () => {
      assertAccepted(UserContentSchema, binary(data));
    });
  }
});

// --- lenient variant --------------------------------------------------------

const LENIENT_ACCEPTED: readonly { name: string; input: unknown }[] = [
  { name: "unknown message kind", input: { kind: "event", payload: { a: 1 } } },
  {
    name: "unknown request part kind",
    input: request([{ "part_kind": "instruction", content: "x" }]),
  },
  {
    name: "unknown response part kind",
    input: response([text("a"), { "part_kind": "citation", url: "u" }]),
  },
  {
    name: "unknown user-content kind",
    input: userItems("a", { kind: "pdf-page", page: 3 }),
  },
  {
    name: "unknown tool_kind on a call",
    input: response([toolCall({ "tool_kind": "mcp-server" })]),
  },
  {
    name: "unknown tool_kind on a return",
    input: request([toolReturn({ "tool_kind": "mcp-server" })]),
  },
  {
    name: "unknown tool_kind on builtin parts",
    input: response([{
      "part_kind": "builtin-tool-call",
      "tool_name": "x",
      "tool_kind": "future",
    }, {
      "part_kind": "builtin-tool-return",
      "tool_name": "x",
      content: 1,
      "tool_kind": "future",
    }]),
  },
  {
    name: "unknown finish_reason",
    input: response([], { "finish_reason": "pause_turn" }),
  },
  { name: "unknown response state", input: response([], { state: "paused" }) },
  { name: "unknown request state", input: request([], { state: "queued" }) },
  {
    name: "unknown outcome",
    input: request([toolReturn({ outcome: "timeout" })]),
  },
  {
    name: "unknown ttl",
    input: userItems({ kind: "cache-point", ttl: "24h" }),
  },
  {
    name: "unknown force_download",
    input: userItems({
      kind: "image-url",
      url: "u",
      "force_download": "never",
    }),
  },
  {
    name: "unknown upload provider",
    input: userItems({
      kind: "uploaded-file",
      "file_id": "f",
      "provider_name": "azure",
    }),
  },
  {
    name: "unknown speaker in a request",
    input: request([speech("narrator")]),
  },
  {
    name: "unknown speaker in a response",
    input: response([speech("narrator")]),
  },
];

Deno.test("LenientModelMessageSchema accepts unknown kinds and enum values", async (t) => {
  for (const { name, input } of LENIENT_ACCEPTED) {
    await t.step(name, () => {
      assertAccepted(LenientModelMessageSchema, input);
      assert.equal(v.safeParse(ModelMessageSchema, input).success, false);
    });
  }
  await t.step("as a history", () => {
    assertAccepted(
      LenientModelMessagesSchema,
      LENIENT_ACCEPTED.map((item) => item.input),
    );
  });
  await t.step("as single parts and items", () => {
    assertAccepted(LenientModelRequestPartSchema, { "part_kind": "new" });
    assertAccepted(LenientModelResponsePartSchema, { "part_kind": "new" });
    assertAccepted(LenientUserContentSchema, { kind: "new" });
  });
});

const LENIENT_REJECTED: readonly Rejection[] = [
  { name: "missing kind", input: { parts: [] }, path: "kind" },
  { name: "non-string kind", input: { kind: 1 }, path: "kind" },
  {
    name: "missing part_kind",
    input: request([{ content: "x" }]),
    path: "parts.0.part_kind",
  },
  {
    name: "non-string part_kind",
    input: response([{ "part_kind": 5 }]),
    path: "parts.0.part_kind",
  },
  {
    name: "response part in a request",
    input: request([text("hi")]),
    path: "parts.0.part_kind",
  },
  {
    name: "request part in a response",
    input: response([toolReturn({})]),
    path: "parts.0.part_kind",
  },
  {
    name: "assistant speech in a request",
    input: request([speech("assistant")]),
    path: "parts.0.speaker",
  },
  {
    name: "user speech in a response",
    input: response([speech("user")]),
    path: "parts.0.speaker",
  },
  {
    name: "known part with a bad field",
    input: response([text(5)]),
    path: "parts.0.content",
  },
  {
    name: "content object without kind",
    input: userItems({ url: "u" }),
    path: "parts.0.content.0.kind",
  },
  {
    name: "typed tool-search args still checked",
    input: response([{
      "part_kind": "tool-call",
      "tool_kind": "tool-search",
      args: 5,
    }]),
    path: "parts.0.args",
  },
  {
    name: "unknown tool_kind needs a tool_name",
    input: response([{ "part_kind": "tool-call", "tool_kind": "future" }]),
    path: "parts.0.tool_name",
  },
  {
    name: "non-string enum value",
    input: response([], { "finish_reason": 5 }),
    path: "finish_reason",
  },
  {
    name: "bad datetime",
    input: response([], { timestamp: "2025-13-01" }),
    path: "timestamp",
  },
  {
    name: "bad base64",
    input: userItems(binary("a b")),
    path: "parts.0.content.0.data",
  },
];

Deno.test("LenientModelMessageSchema still rejects malformed messages", async (t) => {
  for (const { name, input, path } of LENIENT_REJECTED) {
    await t.step(name, () => {
      assertRejected(LenientModelMessageSchema, input, path);
    });
  }
});

// --- roles -----------------------------------------------------------------

Deno.test("pydanticAiRole() derives the role from the parts", async (t) => {
  const system = { "part_kind": "system-prompt", content: "s" } as const;
  const user = { "part_kind": "user-prompt", content: "u" } as const;
  const toolRet = {
    "part_kind": "tool-return",
    "tool_name": "f",
    content: 1,
  } as const;
  const retryPart = { "part_kind": "retry-prompt", content: "again" } as const;
  const delta = { "part_kind": "tool-availability-delta" } as const;
  const userSpeech = { "part_kind": "speech", speaker: "user" } as const;
  const cases: readonly [string, ModelMessage, string][] = [
    ["response", { kind: "response", parts: [] }, "model"],
    [
      "response with text",
      { kind: "response", parts: [text("x") as never] },
      "model",
    ],
    ["empty request", { kind: "request", parts: [] }, "system"],
    ["system prompt only", { kind: "request", parts: [system] }, "system"],
    [
      "system and user prompt",
      { kind: "request", parts: [system, user] },
      "user",
    ],
    ["user speech", { kind: "request", parts: [userSpeech] }, "user"],
    ["tool return", { kind: "request", parts: [toolRet] }, "tool"],
    ["retry prompt", { kind: "request", parts: [retryPart] }, "tool"],
    [
      "system and retry",
      { kind: "request", parts: [system, retryPart] },
      "tool",
    ],
    ["tool return then user prompt", {
      kind: "request",
      parts: [toolRet, user],
    }, "user"],
    [
      "tool-availability delta only",
      { kind: "request", parts: [delta] },
      "system",
    ],
    [
      "delta and tool return",
      { kind: "request", parts: [delta, toolRet] },
      "tool",
    ],
    [
      "unknown part kind (lenient)",
      { kind: "request", parts: [{ "part_kind": "future" } as never] },
      "system",
    ],
    ["unknown message kind (lenient)", { kind: "event" } as never, "system"],
  ];
  for (const [name, message, role] of cases) {
    await t.step(name, () => {
      assert.equal(pydanticAiRole(message), role);
    });
  }
  await t.step("every fixture", () => {
    for (const fixture of PYDANTIC_FIXTURES) {
      assert.equal(pydanticAiRole(fixture.message), fixture.role, fixture.name);
    }
  });
});

// --- text -------------------------------------------------------------------

Deno.test("pydanticAiText() returns what a person would search", async (t) => {
  await t.step("user prompt string, not the system prompt", () => {
    const message: ModelRequest = {
      kind: "request",
      instructions: "Secret instructions",
      parts: [
        { "part_kind": "system-prompt", content: "You are a bot." },
        { "part_kind": "user-prompt", content: "Weather in Paris?" },
      ],
    };
    assert.equal(pydanticAiText(message), "Weather in Paris?");
  });
  await t.step("user content list: strings and text-content only", () => {
    const message: ModelRequest = {
      kind: "request",
      parts: [{
        "part_kind": "user-prompt",
        content: [
          "Look at this",
          { kind: "image-url", url: "https://example.com/cat.png" },
          { kind: "text-content", content: "and this note", metadata: "m" },
          { kind: "binary", data: "QUJD", "media_type": "text/plain" },
          { kind: "cache-point" },
          "",
        ],
      }],
    };
    assert.equal(pydanticAiText(message), "Look at this\nand this note");
  });
  await t.step("tool returns: strings and string leaves", () => {
    const message: ModelRequest = {
      kind: "request",
      parts: [
        { "part_kind": "tool-return", "tool_name": "a", content: "plain" },
        {
          "part_kind": "tool-return",
          "tool_name": "b",
          content: {
            city: "Lyon",
            temp: 21,
            tags: ["warm", { note: "dry" }],
            image: { kind: "binary", data: "QUJD", "media_type": "image/png" },
          },
          metadata: "not searched",
        },
        { "part_kind": "tool-return", "tool_name": "c", content: null },
        { "part_kind": "retry-prompt", content: "Fix the arguments" },
      ],
    };
    assert.equal(pydanticAiText(message), "plain\nLyon\nwarm\ndry");
  });
  await t.step("model text, not thinking, tool calls or compaction", () => {
    const message: ModelResponse = {
      kind: "response",
      parts: [
        { "part_kind": "thinking", content: "hidden reasoning" },
        { "part_kind": "text", content: "First." },
        { "part_kind": "tool-call", "tool_name": "f", args: '{"q": "x"}' },
        { "part_kind": "compaction", content: "summary" },
        { "part_kind": "text", content: "Second." },
        {
          "part_kind": "builtin-tool-return",
          "tool_name": "web_search",
          content: [{ title: "Result title" }],
        },
      ],
    };
    assert.equal(pydanticAiText(message), "First.\nSecond.\nResult title");
  });
  await t.step("speech transcripts", () => {
    assert.equal(
      pydanticAiText({
        kind: "request",
        parts: [{ "part_kind": "speech", speaker: "user", transcript: "Hi" }],
      }),
      "Hi",
    );
  });
  await t.step("empty when there is nothing to search", () => {
    assert.equal(pydanticAiText({ kind: "request", parts: [] }), "");
    assert.equal(pydanticAiText({ kind: "event" } as never), "");
  });
  await t.step("deeply nested content does not overflow", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const message: ModelRequest = {
      kind: "request",
      parts: [{ "part_kind": "tool-return", "tool_name": "d", content: deep }],
    };
    assert.equal(pydanticAiText(message), "");
  });
  await t.step("the conversation", () => {
    assert.deepStrictEqual(conversationTurns().map(pydanticAiText), [
      "Will it rain in Paris tomorrow?",
      "",
      "Light rain expected in the afternoon, 17°C.",
      "Yes: light rain is expected in Paris tomorrow afternoon, around 17°C. Take an umbrella.",
    ]);
  });
});

// --- formats ----------------------------------------------------------------

Deno.test("pydanticAiFormat is the strict Pydantic AI format", () => {
  assert.equal(pydanticAiFormat.name, "pydantic-ai");
  assert.equal(pydanticAiFormat.version, "1");
  assert.equal(pydanticAiFormat.schema, ModelMessageSchema);
  assert.equal(pydanticAiFormat.roleOf, pydanticAiRole);
  assert.equal(pydanticAiFormat.textOf, pydanticAiText);
  assert.ok(Object.isFrozen(pydanticAiFormat));
});

Deno.test("createPydanticAiFormat() chooses how unknown values are treated", async (t) => {
  await t.step("rejects by default", () => {
    assert.equal(createPydanticAiFormat(), pydanticAiFormat);
    assert.equal(
      createPydanticAiFormat({ unknownValues: "reject" }),
      pydanticAiFormat,
    );
  });
  await t.step("accepts with the same name and version", () => {
    const lenient = createPydanticAiFormat({ unknownValues: "accept" });
    assert.equal(lenient.name, pydanticAiFormat.name);
    assert.equal(lenient.version, pydanticAiFormat.version);
    assert.equal(lenient.schema, LenientModelMessageSchema);
    const future = response([{ "part_kind": "citation" }], {
      "finish_reason": "pause_turn",
    });
    assert.equal(v.safeParse(lenient.schema, future).success, true);
    assert.equal(v.safeParse(pydanticAiFormat.schema, future).success, false);
  });
  await t.step("throws a TypeError for other values", () => {
    assert.throws(
      () =>
        createPydanticAiFormat({
          unknownValues: "ignore" as "accept",
        }),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.includes('unknownValues must be "reject" or "accept"') &&
        error.message.includes('"ignore"'),
    );
  });
});

// --- types --------------------------------------------------------------------

Deno.test("the message types reject misuse at compile time", () => {
  const ok: ModelMessage = {
    kind: "request",
    parts: [{ "part_kind": "user-prompt", content: "hi" }],
  };
  const noPartKind: ModelRequest = {
    kind: "request",
    // @ts-expect-error part_kind is required
    parts: [{ content: "hi" }],
  };
  const wrongSide: ModelResponse = {
    kind: "response",
    // @ts-expect-error a user prompt is not a response part
    parts: [{ "part_kind": "user-prompt", content: "hi" }],
  };
  const badEnum: ModelResponse = {
    kind: "response",
    parts: [],
    // @ts-expect-error finish_reason is an enum
    "finish_reason": "done",
  };
  assert.ok(ok && noPartKind && wrongSide && badEnum);
});
