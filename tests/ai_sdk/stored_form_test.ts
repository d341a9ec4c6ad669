/**
 * The stored form of a `ModelMessage` (`src/formats/ai_sdk/stored_form.ts`):
 * tagged URL file data becomes the bare URL string, which the SDK reads back
 * as the same URL — the same prompt — and nothing else changes.
 */
import assert from "node:assert/strict";
import type { ModelMessage } from "ai";
import { aiSdkModelMessageStoredForm } from "../../src/formats/ai_sdk/stored_form.ts";
import { TOOLS } from "./support/flows.ts";
import { snapshot } from "./support/json_snapshot.ts";
import { generatePromptFor } from "./support/scripted_model.ts";

/** The JSON snapshot of a message as saving takes it (URLs as strings). */
function json(message: ModelMessage): ModelMessage {
  return JSON.parse(JSON.stringify(message));
}

Deno.test("tagged URL file data is stored as the bare URL, and the model sees the same URL", async () => {
  const typed = "HTTPS://Example.COM/a b.png";
  const message: ModelMessage = {
    role: "user",
    content: [
      {
        type: "file",
        mediaType: "image/png",
        data: { type: "url", url: new URL("https://example.com/map.png") },
      },
      {
        type: "file",
        mediaType: "image/png",
        data: { type: "url", url: new URL(typed), originalUrl: typed },
      },
      { type: "text", text: "Two maps." },
    ],
  };
  const stored = aiSdkModelMessageStoredForm(json(message));
  assert.deepEqual(
    stored.content,
    [
      {
        type: "file",
        mediaType: "image/png",
        data: "https://example.com/map.png",
      },
      { type: "file", mediaType: "image/png", data: typed },
      { type: "text", text: "Two maps." },
    ],
  );
  assert.deepStrictEqual(
    await generatePromptFor([stored], TOOLS),
    await generatePromptFor([message], TOOLS),
  );
});

Deno.test("a reasoning file's tagged URL too; the snapshot itself is not changed", async () => {
  const user: ModelMessage = { role: "user", content: "Draw it." };
  const message: ModelMessage = {
    role: "assistant",
    content: [{
      type: "reasoning-file",
      mediaType: "image/png",
      data: { type: "url", url: new URL("https://example.com/r.png") },
    }],
  };
  const snap = json(message);
  const before = structuredClone(snap);
  const stored = aiSdkModelMessageStoredForm(snap);
  assert.notEqual(stored, snap);
  assert.deepEqual(snap, before);
  assert.deepEqual(
    (stored.content as { data: unknown }[])[0]?.data,
    "https://example.com/r.png",
  );
  assert.deepStrictEqual(
    await generatePromptFor([user, stored], TOOLS),
    await generatePromptFor([user, message], TOOLS),
  );
});

Deno.test("anything else comes back as the very same value", () => {
  const cases: unknown[] = [
    { role: "user", content: "Hi" },
    snapshot({
      role: "user",
      content: [
        { type: "file", mediaType: "image/png", data: "https://x.test/a.png" },
        {
          type: "file",
          mediaType: "text/plain",
          data: { type: "text", text: "t" },
        },
        // Keys a bare string would lose, and an originalUrl that is not it.
        {
          type: "file",
          mediaType: "image/png",
          data: { type: "url", url: "https://x.test/", note: "kept" },
        },
        {
          type: "file",
          mediaType: "image/png",
          data: {
            type: "url",
            url: "https://x.test/",
            originalUrl: "https://y.test/",
          },
        },
        // A provider reference ({ openai: id }) and a part of another type.
        { type: "file", mediaType: "image/png", data: { openai: "file-1" } },
        { type: "image", image: { type: "url", url: "https://x.test/" } },
      ],
    }),
    { role: "tool", content: [] },
    "not a message",
  ];
  for (const value of cases) {
    assert.equal(aiSdkModelMessageStoredForm(value), value);
  }
});
