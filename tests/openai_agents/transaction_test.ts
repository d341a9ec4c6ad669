/**
 * `HistorySession.applyHistoryTransaction`: an operation id is applied at
 * most once — retried, or by two processes' connections at the same time —
 * and a refused transaction (another transaction under a used id, a suffix
 * that no longer matches, an invalid item) changes nothing.
 *
 * @module
 */
import type {
  AgentInputItem,
  SessionHistoryTransactionArgs,
} from "@openai/agents";
import assert from "node:assert/strict";
import { ConflictError, openHistory, ValidationError } from "../../mod.ts";
import { HistorySession } from "../../src/openai_agents.ts";

const user = (content: string): AgentInputItem => ({ role: "user", content });
const reply = (text: string): AgentInputItem => ({
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text }],
});

function append(
  operationId: string,
  items: AgentInputItem[],
): SessionHistoryTransactionArgs {
  return { operationId, transaction: { type: "append_items", items } };
}

function replace(
  operationId: string,
  expectedSuffix: AgentInputItem[],
  replacement: AgentInputItem[],
): SessionHistoryTransactionArgs {
  return {
    operationId,
    transaction: { type: "replace_suffix", expectedSuffix, replacement },
  };
}

Deno.test("applyHistoryTransaction: an append applied twice with one operation id writes once", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  const tx = append("run-1:1:blocked_append:0:2", [user("Hi"), reply("Hello")]);
  await session.applyHistoryTransaction(tx);
  await session.applyHistoryTransaction(structuredClone(tx));
  assert.deepEqual(await session.getItems(), [user("Hi"), reply("Hello")]);
  assert.equal((await history.getSession("t"))?.lastSeq, 2);
});

Deno.test("applyHistoryTransaction: two connections applying one operation at once write it once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const url = `file:${dir}/ironclaw.db`;
    await using a = await openHistory({ url });
    await using b = await openHistory({ url });
    const first = new HistorySession({ history: a, sessionId: "shared" });
    const second = new HistorySession({ history: b, sessionId: "shared" });
    await first.addItems([user("Book a table")]);
    const tx = append("op-7", [reply("Booked for 8pm")]);
    await Promise.all([
      first.applyHistoryTransaction(tx),
      second.applyHistoryTransaction(structuredClone(tx)),
      first.applyHistoryTransaction(structuredClone(tx)),
    ]);
    assert.deepEqual(await second.getItems(), [
      user("Book a table"),
      reply("Booked for 8pm"),
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("applyHistoryTransaction: a suffix replacement applied twice replaces once", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  await session.addItems([user("Q"), reply("blocked answer")]);
  const tx = replace("op-r", [reply("blocked answer")], [
    reply("accepted answer"),
  ]);
  await session.applyHistoryTransaction(tx);
  await session.applyHistoryTransaction(structuredClone(tx));
  assert.deepEqual(await session.getItems(), [
    user("Q"),
    reply("accepted answer"),
  ]);
  // And later items are never touched by a retry.
  await session.addItems([user("next")]);
  await session.applyHistoryTransaction(structuredClone(tx));
  assert.deepEqual(await session.getItems(), [
    user("Q"),
    reply("accepted answer"),
    user("next"),
  ]);
});

Deno.test("applyHistoryTransaction: a used operation id with other items is a ConflictError and changes nothing", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  await session.applyHistoryTransaction(append("op-1", [user("one")]));
  await assert.rejects(
    session.applyHistoryTransaction(append("op-1", [user("two")])),
    ConflictError,
  );
  await assert.rejects(
    session.applyHistoryTransaction(
      replace("op-1", [user("one")], [user("two")]),
    ),
    ConflictError,
  );
  assert.deepEqual(await session.getItems(), [user("one")]);
});

Deno.test("applyHistoryTransaction: a suffix that does not match is a ConflictError and changes nothing", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  await session.addItems([user("Q"), reply("A")]);
  for (
    const expected of [[reply("B")], [user("X"), user("Q"), reply("A")], [
      user("Q"),
    ]]
  ) {
    await assert.rejects(
      session.applyHistoryTransaction(replace("op-x", expected, [reply("C")])),
      ConflictError,
    );
  }
  assert.deepEqual(await session.getItems(), [user("Q"), reply("A")]);
  // The refused id was not recorded: it can still be applied.
  await session.applyHistoryTransaction(
    replace("op-x", [reply("A")], [reply("C")]),
  );
  assert.deepEqual(await session.getItems(), [user("Q"), reply("C")]);
});

Deno.test("applyHistoryTransaction: invalid items and arguments are refused before anything changes", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  await session.addItems([user("Q"), reply("A")]);
  const invalid = {
    role: "assistant",
    content: [],
  } as unknown as AgentInputItem;
  await assert.rejects(
    session.applyHistoryTransaction(replace("op-v", [reply("A")], [invalid])),
    ValidationError,
  );
  await assert.rejects(
    session.applyHistoryTransaction(append("op-v", [user("ok"), invalid])),
    (error) => error instanceof ValidationError && error.messageIndex === 1,
  );
  for (
    const args of [
      { operationId: "", transaction: { type: "append_items", items: [] } },
      { operationId: "op", transaction: { type: "prepend", items: [] } },
      { operationId: "op", transaction: { type: "append_items", items: {} } },
      {
        operationId: "op",
        transaction: replace("op", [reply("A")], []).transaction,
      },
    ]
  ) {
    await assert.rejects(
      session.applyHistoryTransaction(args as SessionHistoryTransactionArgs),
      TypeError,
    );
  }
  assert.deepEqual(await session.getItems(), [user("Q"), reply("A")]);
});

Deno.test("applyHistoryTransaction: an operation id too long for a key is still applied once", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  const tx = append("x".repeat(2000), [user("once")]);
  await session.applyHistoryTransaction(tx);
  await session.applyHistoryTransaction(structuredClone(tx));
  assert.deepEqual(await session.getItems(), [user("once")]);
});

Deno.test("applyHistoryTransaction: clearSession forgets the applied operations, as MemorySession does", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "t" });
  const tx = append("op-c", [user("again")]);
  await session.applyHistoryTransaction(tx);
  await session.clearSession();
  await session.applyHistoryTransaction(structuredClone(tx));
  assert.deepEqual(await session.getItems(), [user("again")]);
});
