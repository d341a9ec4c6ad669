/**
 * Message formats through the history, on every backend: the AI SDK's
 * ModelMessage and UIMessage, a user's own valibot schema, and the rule that
 * a session keeps the format that created it.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  aiSdkModelMessageFormat,
  type AiSdkUIMessage,
  aiSdkUIMessageFormat,
  defineFormat,
  FormatMismatchError,
  ValidationError,
} from "../../mod.ts";
import type { Target } from "../support/targets.ts";
import {
  AI_SDK_MODEL_FIXTURES,
  AI_SDK_UI_FIXTURES,
  STREAM_TEXT_ROLES,
  streamTextResponseMessages,
  uiConversation,
} from "../support/ai_sdk_fixtures.ts";
import { conversationTurns } from "../support/pydantic_fixtures.ts";

/** A user's own format: a tiny chat message with a text extractor. */
const ticketFormat = defineFormat({
  name: "support-ticket",
  version: "2",
  schema: v.looseObject({
    author: v.picklist(["customer", "agent", "bot"]),
    body: v.string(),
    attachments: v.optional(
      v.array(v.object({ name: v.string(), bytes: v.number() })),
    ),
  }),
  roleOf: (m) => (m.author === "customer" ? "user" : "model"),
  textOf: (m) => m.body,
});

/**
 * Registers the format tests for one target.
 *
 * @param target The backend.
 */
export function formatContract(target: Target): void {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${target.name}] ${name}`, fn });

  test("AI SDK ModelMessages (streamText's response.messages) round-trip with roles and search", async () => {
    await using db = await target.open();
    const ai = db.history.withFormat(aiSdkModelMessageFormat);
    const session = await ai.getOrCreateSession("ai-chat");
    assert.deepEqual(session.format, {
      name: "ai-sdk-model-message",
      version: aiSdkModelMessageFormat.version,
    });
    const all = AI_SDK_MODEL_FIXTURES.map((f) => f.message);
    await ai.saveMessages(session.id, streamTextResponseMessages());
    await ai.saveMessages(session.id, all);
    const back = await ai.getMessages(session.id);
    assert.deepEqual(back, [...streamTextResponseMessages(), ...all]);
    const records = await ai.getMessageRecords(session.id);
    assert.deepEqual(
      records.map((r) => r.role),
      [...STREAM_TEXT_ROLES, ...AI_SDK_MODEL_FIXTURES.map((f) => f.role)],
    );
    const text = JSON.stringify(all);
    const other = await ai.getOrCreateSession("ai-json");
    await ai.saveMessages(other.id, text);
    assert.equal(
      await ai.getMessagesJson(other.id),
      text,
      "byte-identical JSON text",
    );
    const hits = await ai.searchMessages("Lisbon");
    assert(
      hits.length > 0 &&
        hits.every((h) =>
          h.sessionId === "ai-chat" || h.sessionId === "ai-json"
        ),
    );
  });

  test("AI SDK UIMessages round-trip, and a UIMessage id works as the idempotency key", async () => {
    await using db = await target.open();
    const ui = db.history.withFormat(aiSdkUIMessageFormat);
    const { id } = await ui.getOrCreateSession();
    const conversation = uiConversation();
    for (const message of conversation) {
      await ui.saveMessages(id, [message], { idempotencyKey: message.id });
    }
    // The client resends the whole conversation (as chat UIs do): nothing doubles.
    for (const message of conversation) {
      const again = await ui.saveMessages(id, [message], {
        idempotencyKey: message.id,
      });
      assert.equal(again.replayed, true);
    }
    assert.deepEqual(await ui.getMessages(id), conversation);
    const fixtures: AiSdkUIMessage[] = AI_SDK_UI_FIXTURES.map((f) => f.message);
    const { id: second } = await ui.getOrCreateSession();
    await ui.saveMessages(second, fixtures);
    assert.deepEqual(await ui.getMessages(second), fixtures);
    assert.deepEqual(
      (await ui.getMessageRecords(second)).map((r) => r.role),
      AI_SDK_UI_FIXTURES.map((f) => f.role),
    );
  });

  test("a session keeps its format: another format is a FormatMismatchError and writes nothing", async () => {
    await using db = await target.open();
    const ai = db.history.withFormat(aiSdkModelMessageFormat);
    const { id } = await ai.getOrCreateSession("typed");
    await ai.saveMessages(id, streamTextResponseMessages());
    for (
      const op of [
        () => db.history.getMessages(id),
        () => db.history.getMessagesJson(id),
        () => db.history.saveMessages(id, conversationTurns()),
        () => db.history.popMessages(id, { count: 1 }),
        () => db.history.forkSession(id),
        () => db.history.getUsage({ sessionId: id }),
      ]
    ) {
      const error = await op().then(() => undefined, (e: unknown) => e);
      assert(error instanceof FormatMismatchError, String(error));
      assert.equal(error.code, "FORMAT_MISMATCH");
      assert.match(error.sessionFormat, /^ai-sdk-model-message@/);
      assert.match(error.requestedFormat, /^pydantic-ai@/);
    }
    assert.deepEqual(
      await ai.getMessages(id),
      streamTextResponseMessages(),
      "nothing changed",
    );
    // Pydantic messages are invalid AI SDK messages: rejected before the format check.
    await assert.rejects(
      ai.saveMessages(id, conversationTurns() as never),
      ValidationError,
    );
    // openHistory({ format }) makes it the default for new sessions.
    const created = await db.history.getOrCreateSession("created-typed", {
      format: aiSdkUIMessageFormat,
    });
    assert.equal(created.format.name, "ai-sdk-ui-message");
  });

  test("a custom valibot format works with save, read, records, search, fork and undo", async () => {
    await using db = await target.open();
    const tickets = db.history.withFormat(ticketFormat);
    const { id } = await tickets.getOrCreateSession("T-1001", {
      metadata: { priority: "high" },
    });
    const thread = [
      {
        author: "customer" as const,
        body: "My invoice from March is missing",
        channel: "email",
      },
      {
        author: "bot" as const,
        body: "I found invoice 2026-03-114, attached.",
        attachments: [{ name: "inv.pdf", bytes: 48213 }],
      },
      { author: "customer" as const, body: "Thanks, that was quick!" },
    ];
    await tickets.saveMessages(id, thread);
    assert.deepEqual(
      await tickets.getMessages(id),
      thread,
      "unknown keys kept",
    );
    assert.deepEqual((await tickets.getMessageRecords(id)).map((r) => r.role), [
      "user",
      "model",
      "user",
    ]);
    assert.deepEqual(
      (await tickets.searchMessages("invoice")).map((h) => h.seq).sort(),
      [1, 2],
    );
    const bad = await tickets.saveMessages(id, [
      { author: "martian", body: 1 } as never,
    ]).catch((e) => e);
    assert(bad instanceof ValidationError);
    assert.equal(bad.path, "author");
    const fork = await tickets.forkSession(id, { upToSeq: 2 });
    assert.equal(fork.format.name, "support-ticket");
    assert.equal(
      (await tickets.popMessages(id, { count: 1 }))[0]?.message.body,
      "Thanks, that was quick!",
    );
    assert.equal(
      (await tickets.getUsage({ sessionId: id })).totalTokens,
      0,
      "no usage paths: zero",
    );
  });
}
