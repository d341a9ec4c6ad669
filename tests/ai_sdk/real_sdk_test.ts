/**
 * The AI SDK as it really runs (issue 13.1): what `generateText`,
 * `streamText`, the UI message stream helpers and `useChat` hand a user is
 * saved exactly as it is — no conversion — and read back; what comes back
 * must be accepted by the SDK and give the mock model the same prompt as the
 * in-memory history did. The first tests pin the SDK behaviour this relies
 * on (keys whose value is `undefined`, `Uint8Array`, `URL` and `Date` values
 * in what it returns, the in-place rewrite after a tool approval). No value
 * is cast or converted on its way in or out (`types_test.ts` checks the
 * types).
 */
import assert from "node:assert/strict";
import {
  convertToModelMessages,
  type ModelMessage,
  type UIMessage,
  validateUIMessages,
} from "ai";
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  openHistory,
} from "../../mod.ts";
import {
  approvalFlow,
  dataChatFlow,
  generateTextFlow,
  modelApprovalFlow,
  PNG_BYTES,
  readUIMessageStreamFlow,
  streamTextFlow,
  TOOLS,
} from "./support/flows.ts";
import {
  assertSamePrompt,
  chatPromptFor,
  countToolCalls,
  nextTurnPrompt,
} from "./support/compare.ts";
import { findNonJson, snapshot, toBase64 } from "./support/json_snapshot.ts";
import {
  generatePromptFor,
  streamPromptFor,
} from "./support/scripted_model.ts";

// --- helpers ----------------------------------------------------------------

/** Saves SDK model messages unconverted in a new session and reads them back. */
async function roundTripModelMessages(
  messages: readonly ModelMessage[],
): Promise<ModelMessage[]> {
  await using history = await openHistory({ url: ":memory:", env: false });
  const store = history.withFormat(aiSdkModelMessageFormat);
  const { id } = await store.getOrCreateSession();
  // The very same objects reach saveMessages.
  await store.saveMessages(id, messages);
  return await store.getMessages(id);
}

/** Saves SDK UI messages unconverted in a new session and reads them back. */
async function roundTripUIMessages(
  messages: readonly UIMessage[],
): Promise<UIMessage[]> {
  await using history = await openHistory({ url: ":memory:", env: false });
  const store = history.withFormat(aiSdkUIMessageFormat);
  const { id } = await store.getOrCreateSession();
  await store.saveMessages(id, messages);
  return await store.getMessages(id);
}

// --- the SDK behaviour the store relies on ------------------------------------

Deno.test("generateText: responseMessages is the whole turn, response.messages the last step", async () => {
  const turn = await generateTextFlow();
  assert.deepEqual(turn.responseMessages.map((m) => m.role), [
    "assistant",
    "tool",
    "assistant",
  ]);
  assert.equal(turn.lastStepMessages.length, 1);
  assert.deepStrictEqual(turn.lastStepMessages[0], turn.responseMessages[2]);
  assert.equal(countToolCalls(turn.lastStepMessages), 0);
  assert.equal(countToolCalls(turn.responseMessages), 2);
  assert.equal(turn.prompts.length, 2);
});

Deno.test("streamText: await responseMessages is the whole turn too", async () => {
  const turn = await streamTextFlow();
  assert.deepEqual(turn.responseMessages.map((m) => m.role), [
    "assistant",
    "tool",
    "assistant",
  ]);
  assert.equal(turn.lastStepMessages.length, 1);
});

Deno.test("every flow hands over undefined-valued keys or non-JSON values", async () => {
  const chat = await dataChatFlow();
  const approval = await approvalFlow(true);
  const values: Record<string, unknown> = {
    generateText: (await generateTextFlow()).history,
    streamText: (await streamTextFlow()).responseMessages,
    onFinish: chat.serverSaves.at(-1),
    useChat: chat.clientMessages,
    readUIMessageStream: (await readUIMessageStreamFlow()).message,
    approval: approval.serverSaves,
    modelApproval: (await modelApprovalFlow())[1]?.history,
  };
  for (const [flow, value] of Object.entries(values)) {
    assert.notDeepEqual(findNonJson(value), [], flow);
  }
  const kinds = new Set(
    Object.values(values).flatMap((v) => findNonJson(v).map((f) => f.kind)),
  );
  assert.deepEqual([...kinds].sort(), [
    "Date",
    "URL",
    "Uint8Array",
    "undefined",
  ]);
});

Deno.test("the SDK writes generated binary data as base64 (a data URL in UI messages)", async () => {
  const turn = await generateTextFlow();
  const file = turn.responseMessages[2]?.content.at(-1);
  assert.deepEqual(snapshot(file), {
    type: "file",
    data: toBase64(PNG_BYTES),
    mediaType: "image/png",
  });
  const { message } = await readUIMessageStreamFlow();
  assert.deepEqual(message.parts.at(-1), {
    type: "file",
    mediaType: "image/png",
    url: `data:image/png;base64,${toBase64(PNG_BYTES)}`,
  });
});

Deno.test("JSON.stringify is no workaround for binary data", () => {
  const json = JSON.parse(JSON.stringify({ data: PNG_BYTES }));
  assert.deepEqual(json.data, { 0: 137, 1: 80, 2: 78, 3: 71, 4: 13, 5: 10 });
  assert.deepEqual(snapshot({ data: PNG_BYTES }), { data: "iVBORw0K" });
});

Deno.test("tool approval: the SDK rewrites the last assistant message in place", async () => {
  for (const approved of [true, false]) {
    const flow = await approvalFlow(approved);
    const [first, second] = flow.serverSaves;
    assert(first && second);
    assert.equal(first.length, 2);
    assert.equal(second.length, 2, "no message is appended");
    assert.equal(second[1]?.id, first[1]?.id, "same id");
    assert.equal(flow.continued.id, flow.requested.id);
    assert.notDeepEqual(snapshot(second[1]), snapshot(first[1]), "new content");
    const states = (m: UIMessage | undefined) =>
      m?.parts.flatMap((p) =>
        "state" in p && "toolCallId" in p ? [p.state] : []
      );
    assert.deepEqual(states(flow.requested), ["approval-requested"]);
    assert.deepEqual(states(flow.responded), ["approval-responded"]);
    assert.deepEqual(states(flow.continued), [
      approved ? "output-available" : "output-denied",
    ]);
    // Appending the rewritten message instead of replacing it: the model
    // would see the tool call twice.
    const appended = [...first, second[1]!];
    const model = await convertToModelMessages(appended, { tools: TOOLS });
    assert.equal(countToolCalls(model), 2);
    assert.equal(countToolCalls(await convertToModelMessages(second)), 1);
  }
});

Deno.test("the JSON form of SDK output round-trips with the same prompt too", async () => {
  const turn = await streamTextFlow();
  const json = JSON.parse(JSON.stringify(turn.history));
  const stored = await roundTripModelMessages(json);
  assert.deepEqual(stored, json);
  assertSamePrompt(
    await nextTurnPrompt(stored, streamPromptFor),
    await nextTurnPrompt(turn.history, streamPromptFor),
  );
  const chat = await dataChatFlow();
  const messages = chat.serverSaves.at(-1)!;
  const storedUI = await roundTripUIMessages(
    JSON.parse(JSON.stringify(messages)),
  );
  assertSamePrompt(
    await chatPromptFor(storedUI),
    await chatPromptFor(messages),
  );
});

// --- unconverted round trips (issue 13.1) -------------------------------------

Deno.test({
  name:
    "generateText: the whole turn is saved as returned and gives the same prompt",
  fn: async () => {
    const turn = await generateTextFlow();
    const stored = await roundTripModelMessages(turn.history);
    assert.deepStrictEqual(stored, snapshot(turn.history));
    assertSamePrompt(
      await nextTurnPrompt(stored),
      await nextTurnPrompt(turn.history),
    );
    // Stored after the first step (user, tool call, tool result), the history
    // gives the very prompt the model received for the second step.
    const firstStep = stored.slice(0, 3);
    const secondPrompt = turn.prompts[1];
    assert(secondPrompt);
    assertSamePrompt(await generatePromptFor(firstStep, TOOLS), secondPrompt);
  },
});

Deno.test({
  name: "generateText: result.responseMessages alone is saved as returned",
  fn: async () => {
    const turn = await generateTextFlow();
    const stored = await roundTripModelMessages(turn.responseMessages);
    assert.deepStrictEqual(stored, snapshot(turn.responseMessages));
  },
});

Deno.test({
  name:
    "a user's files in every shape the SDK takes come back with the same prompt",
  fn: async () => {
    const url = "https://example.com/a.png";
    const data = [
      PNG_BYTES,
      PNG_BYTES.slice().buffer,
      new URL(url),
      { type: "data", data: PNG_BYTES },
      { type: "url", url: new URL(url) },
      `data:image/png;base64,${toBase64(PNG_BYTES)}`,
    ] as const;
    const messages: ModelMessage[] = [{
      role: "user",
      content: [
        ...data.map((d) => ({
          type: "file" as const,
          mediaType: "image/png",
          data: d,
        })),
        { type: "image", image: new URL(url) },
      ],
    }];
    const stored = await roundTripModelMessages(messages);
    assert.deepStrictEqual(stored, snapshot(messages));
    assertSamePrompt(
      await nextTurnPrompt(stored),
      await nextTurnPrompt(messages),
    );
  },
});

Deno.test({
  name:
    "streamText: await responseMessages is saved as returned and gives the same prompt",
  fn: async () => {
    const turn = await streamTextFlow();
    const stored = await roundTripModelMessages(turn.history);
    assert.deepStrictEqual(stored, snapshot(turn.history));
    assertSamePrompt(
      await nextTurnPrompt(stored, streamPromptFor),
      await nextTurnPrompt(turn.history, streamPromptFor),
    );
  },
});

Deno.test({
  name:
    "generateText tool approval: the history is saved as returned and gives the same prompt",
  fn: async () => {
    const [turn1, turn2] = await modelApprovalFlow();
    assert(turn1 && turn2);
    // Saved after the first turn: waiting for the approval.
    const pending = await roundTripModelMessages(turn1.history);
    assert.deepStrictEqual(pending, snapshot(turn1.history));
    const stored = await roundTripModelMessages(turn2.history);
    assert.deepStrictEqual(stored, snapshot(turn2.history));
    assertSamePrompt(
      await nextTurnPrompt(stored),
      await nextTurnPrompt(turn2.history),
    );
  },
});

Deno.test({
  name:
    "useChat with data parts: onFinish's messages are saved as given and give the same prompt",
  fn: async () => {
    const chat = await dataChatFlow();
    for (const messages of chat.serverSaves) {
      const stored = await roundTripUIMessages(messages);
      assert.deepStrictEqual(stored, snapshot(messages));
      await validateUIMessages({ messages: stored, tools: TOOLS });
      assertSamePrompt(
        await chatPromptFor(stored),
        await chatPromptFor(messages),
      );
    }
  },
});

Deno.test({
  name: "useChat with data parts: the browser's messages are saved as they are",
  fn: async () => {
    const chat = await dataChatFlow();
    const stored = await roundTripUIMessages(chat.clientMessages);
    assert.deepStrictEqual(stored, snapshot(chat.clientMessages));
    assertSamePrompt(
      await chatPromptFor(stored),
      await chatPromptFor(chat.clientMessages),
    );
  },
});

Deno.test({
  name: "readUIMessageStream: the streamed message is saved as it is",
  fn: async () => {
    const { message } = await readUIMessageStreamFlow();
    const user: UIMessage = {
      id: "u1",
      role: "user",
      parts: [{ type: "text", text: "Weather in Nice?" }],
    };
    const stored = await roundTripUIMessages([user, message]);
    assert.deepStrictEqual(stored, snapshot([user, message]));
    assertSamePrompt(
      await chatPromptFor(stored),
      await chatPromptFor([user, message]),
    );
  },
});

Deno.test({
  name: "tool approval: every state of the rewritten message is saved as it is",
  fn: async () => {
    for (const approved of [true, false]) {
      const flow = await approvalFlow(approved);
      const user = flow.serverSaves[0]?.[0];
      assert(user);
      const states = [flow.requested, flow.responded, flow.continued];
      for (const [i, assistant] of states.entries()) {
        const messages: UIMessage[] = [user, assistant];
        const stored = await roundTripUIMessages(messages);
        assert.deepStrictEqual(stored, snapshot(messages));
        assert.deepStrictEqual(
          snapshot(await convertToModelMessages(stored)),
          snapshot(await convertToModelMessages(messages)),
        );
        // A pending approval is never sent to the model.
        if (i === 0) continue;
        assertSamePrompt(
          await chatPromptFor(stored),
          await chatPromptFor(messages),
        );
      }
    }
  },
});
