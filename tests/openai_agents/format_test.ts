/**
 * The OpenAI Agents SDK item format: a differential test against the SDK's
 * own protocol schema (`protocol.ModelItem` of `@openai/agents-core`, zod),
 * and the role and search text of each kind of item.
 *
 * @module
 */
import { protocol } from "@openai/agents-core";
import fc from "fast-check";
import * as v from "valibot";
import assert from "node:assert/strict";
import { openHistory, ValidationError } from "../../mod.ts";
import {
  openAiAgentsItemFormat,
  OpenAiAgentsItemSchema,
} from "../../src/openai_agents.ts";
import { mutatedItem, validItem } from "./support/item_arbitraries.ts";

const ROLES = new Set(["user", "model", "system", "tool"]);

/** Both schemas judge the value alike; returns the verdict. */
function judge(value: unknown): boolean {
  const sdk = protocol.ModelItem.safeParse(value).success;
  const ours = v.safeParse(OpenAiAgentsItemSchema, value);
  assert.equal(
    ours.success,
    sdk,
    `the SDK ${sdk ? "accepts" : "rejects"} but ours ${
      ours.success ? "accepts" : "rejects"
    }: ${Deno.inspect(value, { depth: 10 })}${
      ours.success ? "" : `\nours: ${ours.issues[0].message}`
    }`,
  );
  if (ours.success) {
    // Whatever passes has a role and a text.
    assert.ok(ROLES.has(openAiAgentsItemFormat.roleOf(ours.output)));
    assert.equal(typeof openAiAgentsItemFormat.textOf?.(ours.output), "string");
  }
  return sdk;
}

Deno.test("openAiAgentsItemFormat accepts every valid item, as the SDK does", () => {
  const kinds = new Set<string>();
  fc.assert(
    fc.property(validItem, (item) => {
      assert.ok(judge(item), "a generated valid item must be valid");
      const record = item as { type?: string; role?: string };
      kinds.add(record.type ?? record.role ?? "");
    }),
    { numRuns: 1500 },
  );
  // Every kind of item was generated (messages with and without `type`).
  assert.ok(kinds.size >= 20, [...kinds].join(", "));
});

Deno.test("openAiAgentsItemFormat judges mutated items exactly as the SDK's ModelItem", () => {
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(mutatedItem, (item) => {
      if (judge(item)) accepted++;
      else rejected++;
    }),
    { numRuns: 4000 },
  );
  // Mutations must produce both verdicts often, or the test proves little.
  assert.ok(accepted > 500, `accepted ${accepted}`);
  assert.ok(rejected > 500, `rejected ${rejected}`);
});

Deno.test("openAiAgentsItemFormat judges arbitrary values as the SDK does", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.record({
          type: fc.constantFrom(
            "message",
            "function_call",
            "reasoning",
            "unknown",
          ),
          role: fc.constantFrom("user", "assistant", "system", "tool"),
          content: fc.jsonValue({ maxDepth: 2 }),
        }, { requiredKeys: [] }),
      ),
      (value) => {
        judge(value);
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("openAiAgentsItemFormat: edge cases the SDK decides", () => {
  const cases: [string, unknown, boolean][] = [
    ["string content", { role: "user", content: "hi" }, true],
    ["type message", { type: "message", role: "system", content: "x" }, true],
    ["no status", { role: "assistant", content: [] }, false],
    [
      "providerData array",
      { role: "user", content: "x", providerData: [] },
      false,
    ],
    ["providerData Date", {
      role: "user",
      content: "x",
      providerData: new Date(0),
    }, false],
    ["providerData undefined", {
      role: "user",
      content: "x",
      providerData: undefined,
    }, true],
    ["unknown type", { type: "web_search_call" }, false],
    ["unknown item", { type: "unknown", providerData: { a: 1 } }, true],
    ["tool search without arguments", { type: "tool_search_call" }, false],
    ["tool search, arguments undefined", {
      type: "tool_search_call",
      arguments: undefined,
    }, true],
    ["computer call without action", {
      type: "computer_call",
      callId: "c",
      status: "completed",
    }, false],
    ["computer call, empty actions", {
      type: "computer_call",
      callId: "c",
      status: "completed",
      actions: [],
    }, false],
    ["timeout Infinity", {
      type: "shell_call",
      callId: "c",
      action: { commands: [], timeoutMs: Infinity },
    }, false],
    ["timeout 2^60", {
      type: "shell_call",
      callId: "c",
      action: { commands: [], timeoutMs: 2 ** 60 },
    }, false],
    ["timeout -0", {
      type: "shell_call",
      callId: "c",
      action: { commands: [], timeoutMs: -0 },
    }, true],
    ["bytes in a tool image", {
      type: "function_call_result",
      name: "n",
      callId: "c",
      status: "completed",
      output: { type: "image", image: { data: new Uint8Array([1, 2]) } },
    }, true],
    ["ArrayBuffer in a tool image", {
      type: "function_call_result",
      name: "n",
      callId: "c",
      status: "completed",
      output: { type: "image", image: { data: new ArrayBuffer(2) } },
    }, false],
    ["empty moveTo", {
      type: "apply_patch_call",
      callId: "c",
      status: "completed",
      operation: { type: "update_file", path: "a", diff: "", moveTo: "" },
    }, false],
    ["array item", Object.assign([], { role: "user", content: "hi" }), false],
  ];
  for (const [name, value, expected] of cases) {
    assert.equal(judge(value), expected, name);
  }
});

Deno.test("openAiAgentsItemFormat: role and searchable text of each kind", () => {
  const cases: [unknown, string, string][] = [
    [
      { role: "user", content: "Weather in Paris?" },
      "user",
      "Weather in Paris?",
    ],
    [
      {
        role: "user",
        content: [
          { type: "input_text", text: "Look:" },
          { type: "input_image", image: "https://x/cat.png" },
          { type: "audio", audio: "AAAA", transcript: "a cat" },
        ],
      },
      "user",
      "Look:\na cat",
    ],
    [{ role: "system", content: "Be brief" }, "system", ""],
    [
      {
        role: "assistant",
        status: "completed",
        content: [
          { type: "output_text", text: "Sunny" },
          { type: "refusal", refusal: "No forecasts beyond a week" },
        ],
      },
      "model",
      "Sunny\nNo forecasts beyond a week",
    ],
    [
      {
        type: "function_call",
        callId: "c",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
      },
      "model",
      "",
    ],
    [
      {
        type: "function_call_result",
        callId: "c",
        name: "get_weather",
        status: "completed",
        output: "22°C",
      },
      "tool",
      "22°C",
    ],
    [
      {
        type: "function_call_result",
        callId: "c",
        name: "f",
        status: "completed",
        output: { type: "text", text: "legacy" },
      },
      "tool",
      "legacy",
    ],
    [
      {
        type: "function_call_result",
        callId: "c",
        name: "f",
        status: "completed",
        output: [{ type: "input_text", text: "a" }, {
          type: "input_image",
          image: "x",
        }],
      },
      "tool",
      "a",
    ],
    [
      { type: "hosted_tool_call", name: "web_search_call", output: "results" },
      "model",
      "results",
    ],
    [
      {
        type: "shell_call_output",
        callId: "c",
        output: [{
          stdout: "ok",
          stderr: "warn",
          outcome: { type: "exit", exitCode: 0 },
        }],
      },
      "tool",
      "ok\nwarn",
    ],
    [
      {
        type: "apply_patch_call_output",
        callId: "c",
        status: "completed",
        output: "done",
      },
      "tool",
      "done",
    ],
    [
      {
        type: "program_output",
        callId: "c",
        output: "42",
        status: "completed",
      },
      "tool",
      "42",
    ],
    [
      {
        type: "computer_call_result",
        callId: "c",
        output: { type: "computer_screenshot", data: "x" },
      },
      "tool",
      "",
    ],
    [{ type: "tool_search_output", tools: [] }, "tool", ""],
    [
      {
        type: "reasoning",
        content: [{ type: "input_text", text: "thinking" }],
      },
      "model",
      "",
    ],
    [{ type: "compaction", encrypted_content: "enc" }, "model", ""],
    [{ type: "unknown" }, "model", ""],
  ];
  for (const [value, role, text] of cases) {
    const item = v.parse(OpenAiAgentsItemSchema, value);
    assert.equal(
      openAiAgentsItemFormat.roleOf(item),
      role,
      Deno.inspect(value),
    );
    assert.equal(
      openAiAgentsItemFormat.textOf?.(item),
      text,
      Deno.inspect(value),
    );
  }
});

Deno.test("openAiAgentsItemFormat: a history stores, searches and refuses items", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const agents = history.withFormat(openAiAgentsItemFormat);
  const { id } = await agents.getOrCreateSession();
  const items = [
    {
      role: "user" as const,
      content: "Weather in Paris?",
      extra: { kept: true },
    },
    {
      type: "function_call_result" as const,
      callId: "c",
      name: "get_weather",
      status: "completed" as const,
      output: "Sunny, 22°C",
    },
  ];
  await agents.saveMessages(id, items);
  assert.deepEqual(await agents.getMessages(id), items);
  const [hit] = await agents.searchMessages("sunny");
  assert.equal(hit?.seq, 2);
  assert.equal(hit?.role, "tool");
  await assert.rejects(
    agents.saveMessages(id, [{ role: "assistant", content: [] } as never]),
    (error) => error instanceof ValidationError && error.messageIndex === 0,
  );
});
