/**
 * The valibot schemas of the OpenAI Agents SDK's items, following the zod
 * schemas of `@openai/agents-core` 0.20 (`protocol.ModelItem`, the schema
 * of an `AgentInputItem`): a value passes exactly when the SDK's schema
 * accepts it, which a differential test checks
 * (`tests/openai_agents/format_test.ts`). Like zod's objects, these keep
 * unknown keys, take a key whose value is `undefined` as absent when it is
 * optional. Where an object is expected, zod refuses an array; here an
 * array is refused as an item, and elsewhere by the object's required keys,
 * which a JSON array never has (only an array given named keys in
 * JavaScript could pass inside an item).
 *
 * @module
 */
import * as v from "valibot";
import type { OpenAiAgentsProviderData } from "./parts.ts";

/** zod's `number()`: finite numbers only. */
const finite = v.pipe(v.number(), v.finite());
/** zod's `number().int().min(0)`: a safe, non-negative integer. */
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/**
 * zod's `record(string(), any())`: a plain object (prototype
 * `Object.prototype` or `null`, not an array) with no enumerable symbol key.
 */
function isPlainRecord(value: unknown): value is OpenAiAgentsProviderData {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return false;
  return Object.getOwnPropertySymbols(value).every((key) =>
    !Object.prototype.propertyIsEnumerable.call(value, key)
  );
}

const record = v.custom<OpenAiAgentsProviderData>(
  isPlainRecord,
  "Invalid type: Expected a plain object",
);
const bytes = v.custom<Uint8Array<ArrayBuffer>>(
  (value) => value instanceof Uint8Array,
  "Invalid type: Expected a Uint8Array",
);
const binary = v.union([v.string(), bytes]);
const providerData = v.optional(record);
const promptCacheBreakpoint = v.optional(
  v.looseObject({ mode: v.literal("explicit") }),
);
const fileIdRef = v.looseObject({ id: v.string() });
const fileUrlRef = v.looseObject({ url: v.string() });
const callStatus = v.picklist(["in_progress", "completed", "incomplete"]);

// --- content parts ---------------------------------------------------------

const inputText = v.looseObject({
  type: v.literal("input_text"),
  text: v.string(),
  promptCacheBreakpoint,
  providerData,
});
const inputImage = v.looseObject({
  type: v.literal("input_image"),
  image: v.optional(v.union([v.string(), fileIdRef])),
  detail: v.optional(v.string()),
  promptCacheBreakpoint,
  providerData,
});
const inputFile = v.looseObject({
  type: v.literal("input_file"),
  file: v.optional(v.union([v.string(), fileIdRef, fileUrlRef])),
  filename: v.optional(v.string()),
  promptCacheBreakpoint,
  providerData,
});
const audio = v.looseObject({
  type: v.literal("audio"),
  audio: v.union([v.string(), fileIdRef]),
  format: v.nullish(v.string()),
  transcript: v.nullish(v.string()),
  promptCacheBreakpoint,
  providerData,
});
const outputText = v.looseObject({
  type: v.literal("output_text"),
  text: v.string(),
  providerData,
});
const refusal = v.looseObject({
  type: v.literal("refusal"),
  refusal: v.string(),
  providerData,
});
const imageContent = v.looseObject({
  type: v.literal("image"),
  image: v.string(),
  providerData,
});
const reasoningText = v.looseObject({
  type: v.literal("reasoning_text"),
  text: v.string(),
  providerData,
});

/** One part of a user message. */
export const userContent = v.variant("type", [
  inputText,
  inputImage,
  inputFile,
  audio,
]);
/** One part of an assistant message. */
export const assistantContent = v.variant("type", [
  outputText,
  refusal,
  audio,
  imageContent,
]);

// --- tool outputs ----------------------------------------------------------

const toolOutputText = v.looseObject({
  type: v.literal("text"),
  text: v.string(),
  providerData,
});
const toolOutputImage = v.looseObject({
  type: v.literal("image"),
  image: v.optional(v.union([
    v.string(),
    v.looseObject({ data: binary, mediaType: v.optional(v.string()) }),
    fileUrlRef,
    v.looseObject({ fileId: v.string() }),
  ])),
  detail: v.optional(v.string()),
  providerData,
});
const toolOutputFile = v.looseObject({
  type: v.literal("file"),
  file: v.union([
    v.string(),
    v.looseObject({
      data: binary,
      mediaType: v.string(),
      filename: v.string(),
    }),
    v.looseObject({ url: v.string(), filename: v.optional(v.string()) }),
    v.looseObject({ id: v.string(), filename: v.optional(v.string()) }),
  ]),
  providerData,
});

/** A legacy single tool output. */
export const toolCallOutputContent = v.variant("type", [
  toolOutputText,
  toolOutputImage,
  toolOutputFile,
]);
const structuredOutput = v.variant("type", [inputText, inputImage, inputFile]);

const toolCaller = v.optional(v.variant("type", [
  v.looseObject({ type: v.literal("direct") }),
  v.looseObject({ type: v.literal("program"), callerId: v.string() }),
]));

// --- computer, shell and patch tools ---------------------------------------

const point = { x: finite, y: finite };
/** One action of the computer tool. */
export const computerAction = v.variant("type", [
  v.looseObject({ type: v.literal("screenshot") }),
  v.looseObject({
    type: v.literal("click"),
    ...point,
    button: v.picklist(["left", "right", "wheel", "back", "forward"]),
  }),
  v.looseObject({ type: v.literal("double_click"), ...point }),
  v.looseObject({
    type: v.literal("scroll"),
    ...point,
    scroll_x: finite,
    scroll_y: finite,
  }),
  v.looseObject({ type: v.literal("type"), text: v.string() }),
  v.looseObject({ type: v.literal("wait") }),
  v.looseObject({ type: v.literal("move"), ...point }),
  v.looseObject({ type: v.literal("keypress"), keys: v.array(v.string()) }),
  v.looseObject({
    type: v.literal("drag"),
    path: v.array(v.looseObject(point)),
  }),
]);

const shellOutputContent = v.looseObject({
  stdout: v.string(),
  stderr: v.string(),
  outcome: v.variant("type", [
    v.looseObject({ type: v.literal("timeout") }),
    v.looseObject({
      type: v.literal("exit"),
      exitCode: v.nullable(v.pipe(v.number(), v.safeInteger())),
    }),
  ]),
});

const applyPatchOperation = v.variant("type", [
  v.looseObject({
    type: v.literal("create_file"),
    path: v.string(),
    diff: v.string(),
  }),
  v.looseObject({
    type: v.literal("update_file"),
    path: v.string(),
    diff: v.string(),
    moveTo: v.optional(v.pipe(v.string(), v.minLength(1))),
  }),
  v.looseObject({ type: v.literal("delete_file"), path: v.string() }),
]);

// --- items -----------------------------------------------------------------

const base = { id: v.optional(v.string()), providerData };
const messageType = v.optional(v.literal("message"));
const searchIds = {
  "call_id": v.nullish(v.string()),
  callId: v.nullish(v.string()),
  execution: v.optional(v.picklist(["client", "server"])),
};

/** A message item, by role (its `type` is `"message"` or absent). */
export const messageItem = v.variant("role", [
  v.looseObject({
    ...base,
    type: messageType,
    role: v.literal("system"),
    content: v.string(),
  }),
  v.looseObject({
    ...base,
    type: messageType,
    role: v.literal("assistant"),
    phase: v.optional(v.picklist(["commentary", "final_answer"])),
    status: callStatus,
    content: v.array(assistantContent),
  }),
  v.looseObject({
    ...base,
    type: messageType,
    role: v.literal("user"),
    content: v.union([v.string(), v.array(userContent)]),
  }),
]);

/** The items other than messages, by `type`. */
const typedItems = [
  v.looseObject({
    ...base,
    type: v.literal("tool_search_call"),
    ...searchIds,
    arguments: v.unknown(),
    status: v.optional(v.string()),
  }),
  v.looseObject({
    ...base,
    type: v.literal("tool_search_output"),
    toolSearchAgentName: v.optional(v.string()),
    toolSearchMcpToolNames: v.optional(v.array(v.string())),
    ...searchIds,
    status: v.optional(v.string()),
    tools: v.array(record),
  }),
  v.looseObject({
    ...base,
    type: v.literal("hosted_tool_call"),
    name: v.string(),
    arguments: v.optional(v.string()),
    status: v.optional(v.string()),
    output: v.optional(v.string()),
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("program"),
    callId: v.string(),
    code: v.string(),
    fingerprint: v.string(),
  }),
  v.looseObject({
    ...base,
    type: v.literal("program_output"),
    callId: v.string(),
    output: v.string(),
    status: v.picklist(["completed", "incomplete"]),
  }),
  v.looseObject({
    ...base,
    type: v.literal("function_call"),
    callId: v.string(),
    name: v.string(),
    namespace: v.optional(v.string()),
    status: v.optional(callStatus),
    arguments: v.string(),
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("computer_call"),
    callId: v.string(),
    status: callStatus,
    action: v.optional(computerAction),
    actions: v.optional(v.pipe(v.array(computerAction), v.minLength(1))),
  }),
  v.looseObject({
    ...base,
    type: v.literal("shell_call"),
    callId: v.string(),
    status: v.optional(callStatus),
    action: v.looseObject({
      commands: v.array(v.string()),
      timeoutMs: v.optional(count),
      maxOutputLength: v.optional(count),
    }),
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("apply_patch_call"),
    callId: v.string(),
    status: v.picklist(["in_progress", "completed"]),
    operation: applyPatchOperation,
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("function_call_result"),
    name: v.string(),
    namespace: v.optional(v.string()),
    callId: v.string(),
    status: callStatus,
    caller: toolCaller,
    output: v.union([
      v.string(),
      toolCallOutputContent,
      v.array(structuredOutput),
    ]),
  }),
  v.looseObject({
    ...base,
    type: v.literal("computer_call_result"),
    callId: v.string(),
    output: v.looseObject({
      type: v.literal("computer_screenshot"),
      data: v.string(),
      providerData,
    }),
  }),
  v.looseObject({
    ...base,
    type: v.literal("shell_call_output"),
    callId: v.string(),
    status: v.optional(callStatus),
    maxOutputLength: v.optional(finite),
    output: v.array(shellOutputContent),
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("apply_patch_call_output"),
    callId: v.string(),
    status: v.picklist(["completed", "failed"]),
    output: v.optional(v.string()),
    caller: toolCaller,
  }),
  v.looseObject({
    ...base,
    type: v.literal("reasoning"),
    content: v.array(inputText),
    rawContent: v.optional(v.array(reasoningText)),
  }),
  v.looseObject({
    ...base,
    type: v.literal("compaction"),
    encrypted_content: v.string(),
    created_by: v.optional(v.string()),
  }),
  v.looseObject({ ...base, type: v.literal("unknown") }),
] as const;

/**
 * One item. The SDK's `ModelItem` is a union of every item schema; their
 * `type`s (and the messages' `role`s) never overlap, so a variant that goes
 * to the one candidate accepts the same values and reports that
 * candidate's issues. A computer call needs `action` or `actions`, as the
 * SDK's refinement demands. An array is not an item, whatever keys it was
 * given (valibot's objects would take one; zod's do not).
 */
export const item = v.pipe(
  v.custom<unknown>(
    (value) => !Array.isArray(value),
    "Invalid type: Expected Object but received Array",
  ),
  v.variant("type", [...typedItems, messageItem]),
  v.check(
    (value) =>
      value.type !== "computer_call" || value.action !== undefined ||
      value.actions !== undefined,
    "computer_call items must include action or actions",
  ),
);
