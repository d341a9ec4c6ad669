/**
 * fast-check arbitraries of OpenAI Agents SDK items: valid items of every
 * kind (optional keys present, absent or `undefined`, unknown keys added,
 * bytes where the SDK allows them), and mutations of them that a schema
 * must judge (keys removed, values replaced by other JSON values, other
 * discriminators, numbers the SDK refuses).
 *
 * @module
 */
import fc from "fast-check";

type Arb = fc.Arbitrary<unknown>;

const str = fc.string({ maxLength: 6 });
const lit = (value: string): Arb => fc.constant(value);
const json = fc.jsonValue({ maxDepth: 2 });
const providerData: Arb = fc.dictionary(fc.string({ maxLength: 4 }), json, {
  maxKeys: 2,
});
const bytes: Arb = fc.uint8Array({ maxLength: 4 });

/** Extra keys no schema knows, so they must be kept and ignored. */
const extras: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.constantFrom("extra", "x_note", "meta"),
  json,
  { maxKeys: 1 },
);

/**
 * An object with its required entries, any subset of its optional ones
 * (each possibly `undefined`), and sometimes an unknown key.
 */
function obj(
  required: Record<string, Arb>,
  optional: Record<string, Arb> = {},
): Arb {
  const maybe: Record<string, Arb> = {};
  for (const [key, arb] of Object.entries(optional)) {
    maybe[key] = fc.option(arb, { nil: undefined, freq: 6 });
  }
  return fc.tuple(
    fc.record({ ...required, ...maybe }, {
      requiredKeys: Object.keys(required),
    }),
    extras,
  ).map(([known, unknown]) => ({ ...unknown, ...known }));
}

const list = (arb: Arb, minLength = 0): Arb =>
  fc.array(arb, { minLength, maxLength: 3 });

const pcb = obj({ mode: lit("explicit") });
const fileId = obj({ id: str });
const fileUrl = obj({ url: str });
const shared = { providerData };
const withCache = { promptCacheBreakpoint: pcb, providerData };

const inputText = obj({ type: lit("input_text"), text: str }, withCache);
const inputImage = obj({ type: lit("input_image") }, {
  image: fc.oneof(str, fileId),
  detail: str,
  ...withCache,
});
const inputFile = obj({ type: lit("input_file") }, {
  file: fc.oneof(str, fileId, fileUrl),
  filename: str,
  ...withCache,
});
const audio = obj({ type: lit("audio"), audio: fc.oneof(str, fileId) }, {
  format: fc.oneof(str, fc.constant(null)),
  transcript: fc.oneof(str, fc.constant(null)),
  ...withCache,
});
const outputText = obj({ type: lit("output_text"), text: str }, shared);
const refusal = obj({ type: lit("refusal"), refusal: str }, shared);
const imageContent = obj({ type: lit("image"), image: str }, shared);
const reasoningText = obj({ type: lit("reasoning_text"), text: str }, shared);

const binary = fc.oneof(str, bytes);
const toolOutput = fc.oneof(
  obj({ type: lit("text"), text: str }, shared),
  obj({ type: lit("image") }, {
    image: fc.oneof(
      str,
      obj({ data: binary }, { mediaType: str }),
      fileUrl,
      obj({ fileId: str }),
    ),
    detail: str,
    ...shared,
  }),
  obj({
    type: lit("file"),
    file: fc.oneof(
      str,
      obj({ data: binary, mediaType: str, filename: str }),
      obj({ url: str }, { filename: str }),
      obj({ id: str }, { filename: str }),
    ),
  }, shared),
);

const caller = fc.oneof(
  obj({ type: lit("direct") }),
  obj({ type: lit("program"), callerId: str }),
);
const status3 = fc.constantFrom("in_progress", "completed", "incomplete");
const coordinate = fc.integer({ min: -5, max: 2000 });
const xy = { x: coordinate, y: coordinate };
const action = fc.oneof(
  obj({ type: lit("screenshot") }),
  obj({
    type: lit("click"),
    ...xy,
    button: fc.constantFrom("left", "right", "wheel", "back", "forward"),
  }),
  obj({ type: lit("double_click"), ...xy }),
  obj({
    type: lit("scroll"),
    ...xy,
    scroll_x: coordinate,
    scroll_y: coordinate,
  }),
  obj({ type: lit("type"), text: str }),
  obj({ type: lit("wait") }),
  obj({ type: lit("move"), ...xy }),
  obj({ type: lit("keypress"), keys: list(str) }),
  obj({ type: lit("drag"), path: list(obj(xy)) }),
);
const base = { id: str, providerData };
const messageType = { type: lit("message") };
const searchIds = {
  "call_id": fc.oneof(str, fc.constant(null)),
  callId: fc.oneof(str, fc.constant(null)),
  execution: fc.constantFrom("client", "server"),
};
const count = fc.nat({ max: 10_000 });

/** A valid item of each kind the SDK's `AgentInputItem` has. */
export const validItem: Arb = fc.oneof(
  obj({
    role: lit("user"),
    content: fc.oneof(
      str,
      list(fc.oneof(inputText, inputImage, inputFile, audio)),
    ),
  }, { ...base, ...messageType }),
  obj({
    role: lit("assistant"),
    status: status3,
    content: list(fc.oneof(outputText, refusal, audio, imageContent)),
  }, {
    ...base,
    ...messageType,
    phase: fc.constantFrom("commentary", "final_answer"),
  }),
  obj({ role: lit("system"), content: str }, { ...base, ...messageType }),
  obj({ type: lit("tool_search_call"), arguments: json }, {
    ...base,
    ...searchIds,
    status: str,
  }),
  obj({ type: lit("tool_search_output"), tools: list(providerData) }, {
    ...base,
    ...searchIds,
    toolSearchAgentName: str,
    toolSearchMcpToolNames: list(str),
    status: str,
  }),
  obj({ type: lit("hosted_tool_call"), name: str }, {
    ...base,
    arguments: str,
    status: str,
    output: str,
    caller,
  }),
  obj({ type: lit("program"), callId: str, code: str, fingerprint: str }, base),
  obj({
    type: lit("program_output"),
    callId: str,
    output: str,
    status: fc.constantFrom("completed", "incomplete"),
  }, base),
  obj({ type: lit("function_call"), callId: str, name: str, arguments: str }, {
    ...base,
    namespace: str,
    status: status3,
    caller,
  }),
  fc.oneof(
    obj({
      type: lit("computer_call"),
      callId: str,
      status: status3,
      action,
    }, { ...base, actions: list(action, 1) }),
    obj({
      type: lit("computer_call"),
      callId: str,
      status: status3,
      actions: list(action, 1),
    }, base),
  ),
  obj({
    type: lit("shell_call"),
    callId: str,
    action: obj({ commands: list(str) }, {
      timeoutMs: count,
      maxOutputLength: count,
    }),
  }, { ...base, status: status3, caller }),
  obj({
    type: lit("apply_patch_call"),
    callId: str,
    status: fc.constantFrom("in_progress", "completed"),
    operation: fc.oneof(
      obj({ type: lit("create_file"), path: str, diff: str }),
      obj({ type: lit("update_file"), path: str, diff: str }, {
        moveTo: fc.string({ minLength: 1, maxLength: 4 }),
      }),
      obj({ type: lit("delete_file"), path: str }),
    ),
  }, { ...base, caller }),
  obj({
    type: lit("function_call_result"),
    name: str,
    callId: str,
    status: status3,
    output: fc.oneof(
      str,
      toolOutput,
      list(fc.oneof(inputText, inputImage, inputFile)),
    ),
  }, { ...base, namespace: str, caller }),
  obj({
    type: lit("computer_call_result"),
    callId: str,
    output: obj({ type: lit("computer_screenshot"), data: str }, shared),
  }, base),
  obj({
    type: lit("shell_call_output"),
    callId: str,
    output: list(obj({
      stdout: str,
      stderr: str,
      outcome: fc.oneof(
        obj({ type: lit("timeout") }),
        obj({
          type: lit("exit"),
          exitCode: fc.oneof(fc.integer(), fc.constant(null)),
        }),
      ),
    })),
  }, {
    ...base,
    status: status3,
    maxOutputLength: fc.double({ noNaN: true, noDefaultInfinity: true }),
    caller,
  }),
  obj({
    type: lit("apply_patch_call_output"),
    callId: str,
    status: fc.constantFrom("completed", "failed"),
  }, { ...base, output: str, caller }),
  obj({ type: lit("reasoning"), content: list(inputText) }, {
    ...base,
    rawContent: list(reasoningText),
  }),
  obj({ type: lit("compaction"), encrypted_content: str }, {
    ...base,
    created_by: str,
  }),
  obj({ type: lit("unknown") }, base),
);

/** Discriminators, roles and statuses: the values a mutation tries. */
const LITERALS = [
  "message",
  "user",
  "assistant",
  "system",
  "input_text",
  "input_image",
  "input_file",
  "audio",
  "output_text",
  "refusal",
  "image",
  "text",
  "file",
  "reasoning_text",
  "function_call",
  "function_call_result",
  "computer_call",
  "computer_call_result",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
  "hosted_tool_call",
  "program",
  "program_output",
  "tool_search_call",
  "tool_search_output",
  "reasoning",
  "compaction",
  "unknown",
  "completed",
  "in_progress",
  "incomplete",
  "failed",
  "explicit",
  "direct",
  "exit",
  "timeout",
  "click",
  "create_file",
  "web_search_call",
  "",
];

/** A value a mutation puts somewhere. */
const replacement: Arb = fc.oneof(
  json,
  fc.constantFrom(...LITERALS),
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Infinity,
    -0,
    1.5,
    2 ** 60,
    -1,
    [],
    {},
    [[]],
    [{}],
  ),
  bytes,
);

/** One mutation: which node (by index), what to do, and with what. */
interface Mutation {
  at: number;
  op: "delete" | "set" | "retype";
  value: unknown;
  literal: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("delete", "set", "set", "retype"),
  value: replacement,
  literal: fc.constantFrom(...LITERALS),
});

type Container = Record<string, unknown> | unknown[];

/** Every object and array in a value, with the key of each entry. */
function slots(value: unknown, out: [Container, string | number][] = []) {
  if (
    value === null || typeof value !== "object" || value instanceof Uint8Array
  ) {
    return out;
  }
  const container = value as Container;
  for (const key of Object.keys(container)) {
    const k = Array.isArray(container) ? Number(key) : key;
    out.push([container, k]);
    slots((container as Record<string, unknown>)[key], out);
  }
  return out;
}

function apply(root: unknown, m: Mutation): unknown {
  const all = slots(root);
  if (all.length === 0) return m.value;
  const [container, key] = all[m.at % all.length]!;
  const target = container as Record<string | number, unknown>;
  if (m.op === "delete") {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete target[key];
  } else if (m.op === "retype") {
    const inner = target[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      (inner as Record<string, unknown>).type = m.literal;
    } else target[key] = m.literal;
  } else target[key] = m.value;
  return root;
}

/** A valid item changed in one to three places (often no longer valid). */
export const mutatedItem: Arb = fc.tuple(
  validItem,
  fc.array(mutation, { minLength: 1, maxLength: 3 }),
).map(([item, mutations]) => {
  let value = structuredClone(item);
  for (const m of mutations) value = apply(value, m);
  return value;
});
