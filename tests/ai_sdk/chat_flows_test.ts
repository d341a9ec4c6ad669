/**
 * The AI SDK flows end to end (issue 13.3), with the real `ai` functions and
 * a mock model, persisting through the history the way the README shows:
 * `generateText` → `result.responseMessages` → `saveMessages`; a `useChat`
 * route (`streamText` + `toUIMessageStreamResponse({ originalMessages,
 * onEnd })`, or `createUIMessageStream` with data parts) → `saveChat`; tool
 * approval and its in-place continuation; loading a chat; regenerating an
 * answer; two tabs racing. No value is cast or converted on its way in or
 * out.
 */
import assert from "node:assert/strict";
import {
  convertToModelMessages,
  generateText,
  type ModelMessage,
  stepCountIs,
  type UIMessage,
  validateUIMessages,
} from "ai";
import {
  aiSdkModelMessageFormat,
  type AiSdkUIMessage,
  aiSdkUIMessageFormat,
  ConflictError,
  type History,
  openHistory,
} from "../../mod.ts";
import {
  approvalFlow,
  chatRoute,
  dataChatFlow,
  GENERATE_INPUT,
  GENERATE_STEPS,
  type Persist,
  textStream,
  TOOLS,
} from "./support/flows.ts";
import {
  assertSamePrompt,
  chatPromptFor,
  countToolCalls,
} from "./support/compare.ts";
import { binaryAsBase64, snapshot } from "./support/json_snapshot.ts";
import { scriptedModel, type Step } from "./support/scripted_model.ts";
import { TestChat } from "./support/test_chat.ts";

/** A history of `UIMessage`s in memory. */
function openChats(): Promise<History<AiSdkUIMessage>> {
  return openHistory({
    url: ":memory:",
    env: false,
    format: aiSdkUIMessageFormat,
  });
}

type SaveChatResult = Awaited<ReturnType<History["saveChat"]>>;

/** What one request's save did: its result (or error) and the chat after. */
interface Saved {
  readonly outcome: SaveChatResult | Error;
  readonly stored: UIMessage[];
}

/**
 * The persistence of the README's route: `saveChat(chatId, messages)`,
 * with `regenerate` for a regenerated answer. Each outcome is recorded
 * (an error too, so the stream finishes as it would for the browser).
 */
function persistTo(
  history: History<AiSdkUIMessage>,
  saves: Saved[],
): Persist {
  return async ({ chatId, messages, trigger }) => {
    await history.getOrCreateSession(chatId);
    let outcome: SaveChatResult | Error;
    try {
      outcome = await history.saveChat(chatId, messages, {
        regenerate: trigger === "regenerate-message",
      });
    } catch (error) {
      outcome = error as Error;
    }
    saves.push({ outcome, stored: await history.getMessages(chatId) });
  };
}

/** The counts of a save, or the error's name. */
function counts(saved: Saved): unknown {
  const { outcome } = saved;
  if (outcome instanceof Error) return outcome.name;
  const { kept, replaced, appended, removed, lastSeq } = outcome;
  return { kept, replaced, appended, removed, lastSeq };
}

function partsOf(messages: UIMessage[], type: string): unknown[] {
  return messages.flatMap((m) => m.parts.filter((p) => p.type === type));
}

// --- generateText → responseMessages → saveMessages ---------------------------

/**
 * A two-turn `generateText` loop, its history in `load`/`save`: the model
 * calls tools, reasons, returns a file, then answers the second question.
 * Returns the prompt of every model call.
 */
async function generateLoop(
  load: () => Promise<ModelMessage[]>,
  save: (turn: ModelMessage[]) => Promise<unknown>,
): Promise<unknown[]> {
  const steps: Step[] = [
    ...GENERATE_STEPS,
    { content: [{ type: "text", text: "Tomorrow: rain." }] },
  ];
  const scripted = scriptedModel(steps);
  const [first] = GENERATE_INPUT;
  assert(first);
  const questions: ModelMessage[] = [first, {
    role: "user",
    content: "And tomorrow?",
  }];
  for (const user of questions) {
    const result = await generateText({
      model: scripted.model,
      messages: [...(await load()), user],
      tools: TOOLS,
      stopWhen: stepCountIs(5),
    });
    // The whole turn: `result.response.messages` is only its last step.
    await save([user, ...result.responseMessages]);
  }
  return scripted.prompts();
}

Deno.test("generateText: saving result.responseMessages each turn gives the model the same prompts", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  const models = history.withFormat(aiSdkModelMessageFormat);
  const { id } = await models.getOrCreateSession();
  const fromStore = await generateLoop(
    () => models.getMessages(id),
    (turn) => models.saveMessages(id, turn),
  );
  const memory: ModelMessage[] = [];
  const fromMemory = await generateLoop(
    () => Promise.resolve([...memory]),
    (turn) => Promise.resolve(memory.push(...turn)),
  );
  assert.equal(fromStore.length, 3);
  // Both send the question being asked as given (bytes and all).
  assertSamePrompt(binaryAsBase64(fromStore), fromMemory);
  assert.deepStrictEqual(await models.getMessages(id), snapshot(memory));
  assert.deepEqual((await models.getMessages(id)).map((m) => m.role), [
    "user",
    "assistant",
    "tool",
    "assistant",
    "user",
    "assistant",
  ]);
});

// --- a useChat route with data parts → saveChat --------------------------------

Deno.test("useChat with data parts: saveChat in onEnd keeps the chat, appends the turn", async () => {
  await using history = await openChats();
  const saves: Saved[] = [];
  const flow = await dataChatFlow(persistTo(history, saves));
  assert.deepEqual(saves.map(counts), [
    { kept: 0, replaced: 0, appended: 2, removed: 0, lastSeq: 2 },
    // The browser's copy of the answer equals the server's: kept.
    { kept: 2, replaced: 0, appended: 2, removed: 0, lastSeq: 4 },
  ]);
  const stored = await history.getMessages("chat-data");
  assert.deepStrictEqual(stored, snapshot(flow.serverSaves.at(-1)));
  assert.deepStrictEqual(stored, snapshot(flow.clientMessages));
  // The data part, the failed tool (output-error) and the Date metadata.
  assert.deepEqual(partsOf(stored, "data-weather"), [
    {
      type: "data-weather",
      id: "forecast",
      data: { city: "Nice", status: "loading" },
    },
    {
      type: "data-weather",
      id: "forecast",
      data: { city: "Nice", status: "loading" },
    },
  ]);
  const failed = partsOf(stored, "tool-stations")[0] as Record<string, unknown>;
  assert.equal(failed.state, "output-error");
  assert.match(String(failed.errorText), /station service offline/);
  assert.deepEqual(stored[1]?.metadata, {
    createdAt: "2026-08-20T14:03:10.118Z",
  });
});

Deno.test("loading a chat: getMessages → validateUIMessages → convertToModelMessages gives the same prompt, and the page goes on", async () => {
  await using history = await openChats();
  const saves: Saved[] = [];
  const flow = await dataChatFlow(persistTo(history, saves));
  const loaded = await validateUIMessages({
    messages: await history.getMessages("chat-data"),
    tools: TOOLS,
  });
  const inMemory = flow.serverSaves.at(-1);
  assert(inMemory);
  assertSamePrompt(await chatPromptFor(loaded), await chatPromptFor(inMemory));
  const model = await convertToModelMessages(loaded, { tools: TOOLS });
  assert.equal(countToolCalls(model), 2);

  // The page opens with the loaded chat (`useChat({ messages })`).
  const scripted = scriptedModel([{ stream: textStream("Bye!") }]);
  const chat = new TestChat(
    "chat-data",
    chatRoute(scripted, persistTo(history, saves), "later-answer"),
    { messages: loaded, idPrefix: "later" },
  );
  await chat.sendMessage({ text: "One more thing." });
  assert.deepEqual(counts(saves.at(-1)!), {
    kept: 4,
    replaced: 0,
    appended: 2,
    removed: 0,
    lastSeq: 6,
  });
  assertSamePrompt(
    scripted.prompts()[0],
    await chatPromptFor([
      ...inMemory,
      chat.messages[4]!,
    ]),
  );
});

// --- tool approval and the in-place continuation --------------------------------

Deno.test("tool approval: saveChat replaces the continued message, one message, one tool call", async () => {
  for (const approved of [true, false]) {
    await using history = await openChats();
    const saves: Saved[] = [];
    const flow = await approvalFlow(
      approved,
      persistTo(history, saves),
      "Thanks!",
    );
    assert.deepEqual(saves.map(counts), [
      { kept: 0, replaced: 0, appended: 2, removed: 0, lastSeq: 2 },
      // Same id, new content: replaced in place, not appended.
      { kept: 1, replaced: 1, appended: 0, removed: 0, lastSeq: 2 },
      { kept: 2, replaced: 0, appended: 2, removed: 0, lastSeq: 4 },
    ]);
    const [asked, continued] = saves;
    assert(asked && continued);
    assert.deepStrictEqual(asked.stored, snapshot(flow.serverSaves[0]));
    assert.deepStrictEqual(continued.stored, snapshot(flow.serverSaves[1]));
    assert.equal(continued.stored[1]?.id, flow.requested.id);
    assert.deepStrictEqual(continued.stored[1], snapshot(flow.continued));
    const model = await convertToModelMessages(
      await validateUIMessages({ messages: continued.stored, tools: TOOLS }),
      { tools: TOOLS },
    );
    assert.equal(countToolCalls(model), 1, `approved: ${approved}`);
    assertSamePrompt(
      await chatPromptFor(continued.stored),
      await chatPromptFor(flow.serverSaves[1]!),
    );
    const stored = await history.getMessages("chat-approval");
    assert.equal(stored.length, 4);
    assert.equal(
      countToolCalls(await convertToModelMessages(stored, { tools: TOOLS })),
      1,
    );
  }
});

// --- regenerate -----------------------------------------------------------------

Deno.test("regenerate: the new answer replaces the old one only when the route says so", async () => {
  await using history = await openChats();
  const saves: Saved[] = [];
  const scripted = scriptedModel([
    { stream: textStream("First answer.") },
    { stream: textStream("Second answer.") },
  ]);
  const chat = new TestChat(
    "chat-regenerate",
    chatRoute(scripted, persistTo(history, saves)),
  );
  await chat.sendMessage({ text: "Tell me a joke." });
  const first = chat.messages[1]?.id;
  await chat.regenerate();
  assert.deepEqual(counts(saves[1]!), {
    kept: 1,
    replaced: 1,
    appended: 0,
    removed: 0,
    lastSeq: 2,
  });
  const stored = await history.getMessages("chat-regenerate");
  assert.notEqual(stored[1]?.id, first);
  assert.deepStrictEqual(stored, snapshot(chat.messages));

  // Without `regenerate`, a new answer where another is stored is a
  // conflict: the stored chat is left as it is.
  const other = await history.saveChat("chat-regenerate", [
    stored[0]!,
    { id: "elsewhere", role: "assistant", parts: [] },
  ]).catch((error) => error);
  assert(other instanceof ConflictError, String(other));
  assert.deepStrictEqual(await history.getMessages("chat-regenerate"), stored);
});

// --- two tabs -------------------------------------------------------------------

Deno.test("two tabs racing: one save wins, the other gets a ConflictError and writes nothing", async () => {
  await using history = await openChats();
  const saves: Saved[] = [];
  const scripted = scriptedModel([{ stream: textStream("Hello!") }]);
  const route = chatRoute(scripted, persistTo(history, saves));
  await new TestChat("chat-race", route).sendMessage({ text: "Hi" });
  const loaded = await history.getMessages("chat-race");
  const tabA = new TestChat("chat-race", route, {
    messages: structuredClone(loaded),
    idPrefix: "tab-a",
  });
  const tabB = new TestChat("chat-race", route, {
    messages: structuredClone(loaded),
    idPrefix: "tab-b",
  });
  await Promise.all([
    tabA.sendMessage({ text: "From tab A" }),
    tabB.sendMessage({ text: "From tab B" }),
  ]);
  const outcomes = saves.slice(1).map(counts);
  assert.equal(outcomes.filter((o) => o === "ConflictError").length, 1);
  assert.deepEqual(outcomes.filter((o) => o !== "ConflictError"), [
    { kept: 2, replaced: 0, appended: 2, removed: 0, lastSeq: 4 },
  ]);
  const winner = outcomes[0] === "ConflictError" ? tabB : tabA;
  const loser = winner === tabA ? tabB : tabA;
  const stored = await history.getMessages("chat-race");
  assert.deepStrictEqual(stored, snapshot(winner.messages));

  // The losing tab reloads the chat and sends again: it goes through.
  const reloaded = new TestChat("chat-race", route, {
    messages: await history.getMessages("chat-race"),
    idPrefix: "reloaded",
  });
  await reloaded.sendMessage({
    text: `Again: ${
      (loser.messages.at(-2)?.parts[0] as { text?: string }).text
    }`,
  });
  assert.deepEqual(counts(saves.at(-1)!), {
    kept: 4,
    replaced: 0,
    appended: 2,
    removed: 0,
    lastSeq: 6,
  });
});
