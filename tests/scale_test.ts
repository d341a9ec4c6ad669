/**
 * Scale: a 10 MB message and a 100,000-message session work on a local file
 * (not timed: speed lives in bench/).
 */
import assert from "node:assert/strict";
import { type ModelMessage, openHistory } from "../mod.ts";
import { tempDir } from "./support/targets.ts";

Deno.test("a 10 MB message is saved and read back exactly", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({
    url: `file:${dir.path}/big.db`,
    env: false,
  });
  const { id } = await history.getOrCreateSession();
  const chunk = "The quick brown fox jumps over the lazy dog. Ünïcödé ✓ 🦊\n";
  const content = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
  const big: ModelMessage = {
    kind: "request",
    parts: [{
      part_kind: "tool-return",
      tool_name: "read_file",
      content,
      tool_call_id: "c",
    }],
  };
  await history.saveMessages(id, [big]);
  const [back] = await history.getMessages(id);
  assert.deepEqual(back, big);
  assert((await history.getMessagesJson(id)).length > 10 * 1024 * 1024);
});

Deno.test("a 100,000-message session is appended, windowed and read in full", async () => {
  await using dir = await tempDir();
  await using history = await openHistory({
    url: `file:${dir.path}/long.db`,
    env: false,
  });
  const { id } = await history.getOrCreateSession("long");
  const total = 100_000;
  const perCall = 2_000;
  for (let start = 0; start < total; start += perCall) {
    const batch: ModelMessage[] = Array.from({ length: perCall }, (_, i) => ({
      kind: "request",
      parts: [{
        part_kind: "user-prompt",
        content: `message ${start + i + 1}`,
      }],
    }));
    const saved = await history.saveMessages(id, batch);
    assert.equal(saved.lastSeq, start + perCall);
  }
  const last = await history.getMessageRecords(id, { last: 20 });
  assert.deepEqual(
    last.map((r) => r.seq),
    Array.from({ length: 20 }, (_, i) => total - 19 + i),
  );
  const page = await history.getMessages(id, { afterSeq: 50_000, limit: 3 });
  assert.deepEqual(
    page.map((m) => (m.parts[0] as { content: string }).content),
    [
      "message 50001",
      "message 50002",
      "message 50003",
    ],
  );
  const all = await history.getMessages(id);
  assert.equal(all.length, total);
  assert.equal(
    (all[total - 1]!.parts[0] as { content: string }).content,
    `message ${total}`,
  );
  assert.equal((await history.searchMessages("99999"))[0]?.seq, 99_999);
});
