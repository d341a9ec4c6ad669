/**
 * The format registry: every shipped name resolves to the format of that
 * name, the lenient Pydantic AI reader accepts what the strict one rejects,
 * an unknown name resolves to nothing, and each format says where its token
 * usage is.
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  FORMAT_NAMES,
  formatByName,
  pydanticAiFormat,
} from "../../mod.ts";

Deno.test("FORMAT_NAMES lists the three shipped formats", () => {
  assert.deepEqual(FORMAT_NAMES, [
    "pydantic-ai",
    "ai-sdk-model-message",
    "ai-sdk-ui-message",
  ]);
  assert.ok(Object.isFrozen(FORMAT_NAMES));
});

Deno.test("formatByName resolves every name in FORMAT_NAMES", () => {
  for (const name of FORMAT_NAMES) {
    for (const lenient of [false, true]) {
      const format = formatByName(name, { lenient });
      assert.ok(format, `${name} (lenient: ${lenient})`);
      assert.equal(format.name, name);
    }
    assert.equal(formatByName(name), formatByName(name, { lenient: false }));
  }
});

Deno.test("formatByName gives the exported format objects", () => {
  assert.equal(formatByName("pydantic-ai"), pydanticAiFormat);
  assert.equal(
    formatByName("ai-sdk-model-message", { lenient: true }),
    aiSdkModelMessageFormat,
  );
  assert.equal(formatByName("ai-sdk-ui-message"), aiSdkUIMessageFormat);
});

Deno.test("lenient Pydantic AI accepts an unknown part_kind strict rejects", () => {
  const message = {
    kind: "request",
    parts: [{ part_kind: "from-a-newer-pydantic-ai", content: "Hi" }],
  };
  const strict = formatByName("pydantic-ai")!;
  const lenient = formatByName("pydantic-ai", { lenient: true })!;
  assert.notEqual(strict, lenient);
  assert.equal(lenient.version, strict.version);
  assert.equal(v.safeParse(strict.schema, message).success, false);
  const result = v.safeParse(lenient.schema, message);
  assert.equal(result.success, true);
  assert.equal(result.output, message);
});

Deno.test("formatByName gives undefined for an unknown name", () => {
  for (const name of ["", "no-such-format", "Pydantic-AI", "__proto__"]) {
    assert.equal(formatByName(name), undefined);
    assert.equal(formatByName(name, { lenient: true }), undefined);
  }
});

Deno.test("each format's usage paths: Pydantic AI's, none in AI SDK messages", () => {
  const pydanticUsage = {
    inputTokens: "$.usage.input_tokens",
    outputTokens: "$.usage.output_tokens",
    cacheReadTokens: "$.usage.cache_read_tokens",
    cacheWriteTokens: "$.usage.cache_write_tokens",
    model: "$.model_name",
  };
  assert.deepEqual(formatByName("pydantic-ai")?.usage, pydanticUsage);
  assert.deepEqual(
    formatByName("pydantic-ai", { lenient: true })?.usage,
    pydanticUsage,
  );
  // Neither an AI SDK ModelMessage nor a UIMessage carries token usage (the
  // SDK reports it on the call's result), so those formats have no paths.
  assert.equal(formatByName("ai-sdk-model-message")?.usage, undefined);
  assert.equal(formatByName("ai-sdk-ui-message")?.usage, undefined);
});
