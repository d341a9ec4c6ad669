/**
 * `HistorySession` on its own: lazy creation, what it stores for the SDK's
 * in-memory values, compaction as a replay boundary, and sessions that are
 * missing, deleted by someone else or of another format.
 *
 * @module
 */
import type { AgentInputItem } from "@openai/agents";
import assert from "node:assert/strict";
import {
  ConflictError,
  FormatMismatchError,
  openHistory,
  ValidationError,
} from "../../mod.ts";
import { HistorySession } from "../../src/openai_agents.ts";

const user = (content: string): AgentInputItem => ({ role: "user", content });
const compaction = (tag: string): AgentInputItem => ({
  type: "compaction",
  encrypted_content: tag,
});

Deno.test("HistorySession creates its history session on first use, with its metadata", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const named = new HistorySession({
    history,
    sessionId: "named",
    metadata: { app: "demo" },
  });
  assert.deepEqual(await named.getItems(), []);
  assert.equal(await named.popItem(), undefined);
  await named.clearSession();
  assert.equal(await history.getSession("named"), undefined); // reads create nothing
  await named.addItems([user("Hi")]);
  const stored = await history.getSession("named");
  assert.deepEqual(stored?.metadata, { app: "demo" });
  assert.deepEqual(stored?.format, {
    name: "openai-agents-item",
    version: "0.20",
  });

  const unnamed = new HistorySession({ history });
  assert.deepEqual(await unnamed.getItems(), []);
  const id = await unnamed.getSessionId();
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.equal(await unnamed.getSessionId(), id);
  await unnamed.addItems([user("Hello")]);
  assert.deepEqual(
    await history.withFormat(unnamed.history.format).getMessages(id),
    [
      user("Hello"),
    ],
  );
});

Deno.test("HistorySession stores the SDK's in-memory values as JSON", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "values" });
  await session.addItems([
    {
      role: "user",
      content: "look",
      providerData: undefined,
      id: undefined,
    },
    {
      type: "function_call_result",
      callId: "c",
      name: "render",
      status: "completed",
      output: {
        type: "image",
        image: { data: new Uint8Array([1, 2, 3]), mediaType: "image/png" },
      },
      providerData: {
        at: new Date(Date.UTC(2026, 0, 2)),
        raw: new Uint8Array([255]),
      },
    },
  ]);
  assert.deepEqual(await session.getItems(), [
    { role: "user", content: "look" },
    {
      type: "function_call_result",
      callId: "c",
      name: "render",
      status: "completed",
      output: {
        type: "image",
        image: { data: "data:image/png;base64,AQID", mediaType: "image/png" },
      },
      providerData: {
        at: "2026-01-02T00:00:00.000Z",
        raw: "data:text/plain;base64,/w==",
      },
    },
  ]);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  await assert.rejects(
    session.addItems([{ role: "user", content: "x", providerData: cyclic }]),
    ValidationError,
  );
  await assert.rejects(
    session.addItems([
      user("fine"),
      { role: "nobody" } as unknown as AgentInputItem,
    ]),
    (error) => error instanceof ValidationError && error.messageIndex === 1,
  );
  assert.equal((await session.getItems()).length, 2); // nothing of a refused call
});

Deno.test("HistorySession: getItems(limit) gives the newest items, oldest first", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "window" });
  const items = ["1", "2", "3", "4"].map(user);
  await session.addItems(items);
  assert.deepEqual(await session.getItems(2), items.slice(2));
  assert.deepEqual(await session.getItems(10), items);
  assert.deepEqual(await session.getItems(1.5), items.slice(2));
  assert.deepEqual(await session.getItems(0), []);
  assert.deepEqual(await session.getItems(-3), []);
  assert.deepEqual(await session.getItems(Infinity), items);
  assert.deepEqual(await session.getItems(Number.NaN), items);
  assert.deepEqual(await session.popItem(), user("4"));
  assert.deepEqual(await session.getItems(), items.slice(0, 3));
  await session.clearSession();
  assert.deepEqual(await session.getItems(), []);
  assert.equal((await history.getSession("window"))?.lastSeq, 0); // the session stays
});

Deno.test("HistorySession: a compaction item is the replay boundary", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "compact" });
  await session.addItems(["a", "b", "c"].map(user));
  await session.replaceHistoryWithCompaction([compaction("E1"), user("kept")]);
  assert.deepEqual(await session.getItems(), [compaction("E1"), user("kept")]);
  assert.deepEqual(await session.getItems(1), [user("kept")]);
  assert.deepEqual(await session.getItems(5), [compaction("E1"), user("kept")]);
  // The replaced items stay in the database, searchable.
  assert.equal(
    (await history.searchMessages("b", { sessionId: "compact" })).length,
    1,
  );
  await session.replaceHistoryWithCompaction([compaction("E2")]);
  assert.deepEqual(await session.getItems(), [compaction("E2")]);
  // Popping the boundary removes what it had replaced too.
  assert.deepEqual(await session.popItem(), compaction("E2"));
  assert.deepEqual(await session.getItems(), []);
  assert.equal((await history.getSession("compact"))?.lastSeq, 0);
  await assert.rejects(
    session.replaceHistoryWithCompaction([user("no marker")]),
    TypeError,
  );
});

Deno.test("HistorySession: a session deleted by someone else has no items and is created again", async () => {
  await using history = await openHistory({ url: ":memory:" });
  const session = new HistorySession({ history, sessionId: "gone" });
  await session.addItems([user("before")]);
  await history.deleteSession("gone");
  assert.deepEqual(await session.getItems(), []);
  assert.equal(await session.popItem(), undefined);
  await session.addItems([user("after")]);
  assert.deepEqual(await session.getItems(), [user("after")]);
});

Deno.test("HistorySession: another format's session, or another owner's, is not this session's", async () => {
  await using history = await openHistory({ url: ":memory:" });
  await history.getOrCreateSession("pydantic"); // the default format
  const session = new HistorySession({ history, sessionId: "pydantic" });
  await assert.rejects(session.getItems(), FormatMismatchError);
  await assert.rejects(session.addItems([user("x")]), FormatMismatchError);

  const ada = new HistorySession({
    history: history.forOwner("ada"),
    sessionId: "ada-1",
  });
  await ada.addItems([user("mine")]);
  const bob = new HistorySession({
    history: history.forOwner("bob"),
    sessionId: "ada-1",
  });
  assert.deepEqual(await bob.getItems(), []);
  // The id is taken by another owner's session.
  await assert.rejects(bob.addItems([user("theirs")]), ConflictError);
  assert.deepEqual(await ada.getItems(), [user("mine")]);
});
