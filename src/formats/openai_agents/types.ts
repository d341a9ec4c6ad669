/**
 * The hand-written types of the OpenAI Agents SDK's items (`AgentInputItem`
 * of `@openai/agents-core` 0.20): what a session stores and gives back.
 * Written by hand so the core never depends on the SDK; a type test
 * (`tests/openai_agents/types_test.ts`) compiles them against the SDK's own
 * types, both ways. Unknown keys are kept (`[key: string]: unknown`); an
 * optional key may hold `undefined`, as in the SDK's types.
 *
 * @module
 */
import type {
  OpenAiAgentsApplyPatchOperation,
  OpenAiAgentsAssistantContent,
  OpenAiAgentsComputerAction,
  OpenAiAgentsComputerScreenshot,
  OpenAiAgentsInputText,
  OpenAiAgentsProviderData,
  OpenAiAgentsReasoningText,
  OpenAiAgentsShellAction,
  OpenAiAgentsShellCallOutputContent,
  OpenAiAgentsToolCaller,
  OpenAiAgentsToolCallOutputContent,
  OpenAiAgentsToolCallStructuredOutput,
  OpenAiAgentsUserContent,
} from "./parts.ts";

/** What every item has: an optional id and provider data. */
export interface OpenAiAgentsItemBase {
  /** The item's id. */
  id?: string | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A user message (`type` `"message"` or absent). */
export interface OpenAiAgentsUserMessageItem extends OpenAiAgentsItemBase {
  /** The discriminator, optional for messages. */
  type?: "message" | undefined;
  /** The role. */
  role: "user";
  /** The text, or its parts. */
  content: string | OpenAiAgentsUserContent[];
}

/** An assistant (model) message. */
export interface OpenAiAgentsAssistantMessageItem extends OpenAiAgentsItemBase {
  /** The discriminator, optional for messages. */
  type?: "message" | undefined;
  /** The role. */
  role: "assistant";
  /** Intermediate commentary or the final answer. */
  phase?: "commentary" | "final_answer" | undefined;
  /** The status. */
  status: "in_progress" | "completed" | "incomplete";
  /** The parts. */
  content: OpenAiAgentsAssistantContent[];
}

/** A system message. */
export interface OpenAiAgentsSystemMessageItem extends OpenAiAgentsItemBase {
  /** The discriminator, optional for messages. */
  type?: "message" | undefined;
  /** The role. */
  role: "system";
  /** The instructions. */
  content: string;
}

/** A message item of any role. */
export type OpenAiAgentsMessageItem =
  | OpenAiAgentsUserMessageItem
  | OpenAiAgentsAssistantMessageItem
  | OpenAiAgentsSystemMessageItem;

/** A call of a hosted tool (web search, file search, MCP, …). */
export interface OpenAiAgentsHostedToolCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "hosted_tool_call";
  /** The hosted tool, e.g. `"web_search_call"`. */
  name: string;
  /** The arguments. */
  arguments?: string | undefined;
  /** The status. */
  status?: string | undefined;
  /** The main output. */
  output?: string | undefined;
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** A call of a function tool. */
export interface OpenAiAgentsFunctionCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "function_call";
  /** Matches the call with its result. */
  callId: string;
  /** The function. */
  name: string;
  /** The namespace qualifying the name (tool search). */
  namespace?: string | undefined;
  /** The status. */
  status?: "in_progress" | "completed" | "incomplete" | undefined;
  /** The arguments, as JSON text. */
  arguments: string;
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** The result of a function tool call. */
export interface OpenAiAgentsFunctionCallResultItem
  extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "function_call_result";
  /** The function. */
  name: string;
  /** The namespace of the originating call. */
  namespace?: string | undefined;
  /** Matches the result with its call. */
  callId: string;
  /** The status. */
  status: "in_progress" | "completed" | "incomplete";
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
  /** A string, a legacy single output, or structured `input_*` parts. */
  output:
    | string
    | OpenAiAgentsToolCallOutputContent
    | OpenAiAgentsToolCallStructuredOutput[];
}

/** A tool search call. */
export interface OpenAiAgentsToolSearchCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "tool_search_call";
  /** The call id (Responses API spelling). */
  "call_id"?: string | null | undefined;
  /** The call id. */
  callId?: string | null | undefined;
  /** Who runs the search. */
  execution?: "client" | "server" | undefined;
  /** Provider-defined arguments (the key is required; any value). */
  arguments: unknown;
  /** The status. */
  status?: string | undefined;
}

/** The tools a tool search found. */
export interface OpenAiAgentsToolSearchOutputItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "tool_search_output";
  /** The agent that searched (SDK-only). */
  toolSearchAgentName?: string | undefined;
  /** Hosted MCP namespaces known when found (SDK-only). */
  toolSearchMcpToolNames?: string[] | undefined;
  /** The call id (Responses API spelling). */
  "call_id"?: string | null | undefined;
  /** The call id. */
  callId?: string | null | undefined;
  /** Who ran the search. */
  execution?: "client" | "server" | undefined;
  /** The status. */
  status?: string | undefined;
  /** Tool references or definitions, as returned. */
  tools: OpenAiAgentsProviderData[];
}

/** A program (code) the model runs to call tools. */
export interface OpenAiAgentsProgramCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "program";
  /** Matches the call with its output. */
  callId: string;
  /** The program. */
  code: string;
  /** Its fingerprint. */
  fingerprint: string;
}

/** The output of a program. */
export interface OpenAiAgentsProgramCallResultItem
  extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "program_output";
  /** Matches the output with its call. */
  callId: string;
  /** The output. */
  output: string;
  /** The status. */
  status: "completed" | "incomplete";
}

/**
 * A computer tool call. The SDK also requires `action` or `actions` (a
 * non-empty list), which the schema checks.
 */
export interface OpenAiAgentsComputerUseCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "computer_call";
  /** Matches the call with its result. */
  callId: string;
  /** The status. */
  status: "in_progress" | "completed" | "incomplete";
  /** The legacy single action. */
  action?: OpenAiAgentsComputerAction | undefined;
  /** Batched actions (at least one). */
  actions?: OpenAiAgentsComputerAction[] | undefined;
}

/** The result of a computer tool call: a screenshot. */
export interface OpenAiAgentsComputerCallResultItem
  extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "computer_call_result";
  /** Matches the result with its call. */
  callId: string;
  /** The screenshot. */
  output: OpenAiAgentsComputerScreenshot;
}

/** A shell tool call. */
export interface OpenAiAgentsShellCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "shell_call";
  /** Matches the call with its output. */
  callId: string;
  /** The status. */
  status?: "in_progress" | "completed" | "incomplete" | undefined;
  /** The commands. */
  action: OpenAiAgentsShellAction;
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** The output of a shell tool call. */
export interface OpenAiAgentsShellCallResultItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "shell_call_output";
  /** Matches the output with its call. */
  callId: string;
  /** The status. */
  status?: "in_progress" | "completed" | "incomplete" | undefined;
  /** The output cap that was applied. */
  maxOutputLength?: number | undefined;
  /** One entry per command. */
  output: OpenAiAgentsShellCallOutputContent[];
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** An apply-patch tool call. */
export interface OpenAiAgentsApplyPatchCallItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "apply_patch_call";
  /** Matches the call with its output. */
  callId: string;
  /** The status. */
  status: "in_progress" | "completed";
  /** The file operation. */
  operation: OpenAiAgentsApplyPatchOperation;
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** The output of an apply-patch tool call. */
export interface OpenAiAgentsApplyPatchCallResultItem
  extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "apply_patch_call_output";
  /** Matches the output with its call. */
  callId: string;
  /** The status. */
  status: "completed" | "failed";
  /** The output. */
  output?: string | undefined;
  /** What called it. */
  caller?: OpenAiAgentsToolCaller | undefined;
}

/** The model's reasoning. */
export interface OpenAiAgentsReasoningItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "reasoning";
  /** The user-facing summary. */
  content: OpenAiAgentsInputText[];
  /** The raw reasoning text. */
  rawContent?: OpenAiAgentsReasoningText[] | undefined;
}

/**
 * A compaction item: an encrypted summary that replaces everything before
 * it when replayed.
 */
export interface OpenAiAgentsCompactionItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "compaction";
  /** The encrypted payload of the compaction endpoint. */
  "encrypted_content": string;
  /** What produced it. */
  "created_by"?: string | undefined;
}

/**
 * An item outside the protocol, as a model returned it; the content is in
 * `providerData`.
 */
export interface OpenAiAgentsUnknownItem extends OpenAiAgentsItemBase {
  /** The discriminator. */
  type: "unknown";
}

/** An item other than a message: every one has a `type`. */
export type OpenAiAgentsTypedItem =
  | OpenAiAgentsToolSearchCallItem
  | OpenAiAgentsToolSearchOutputItem
  | OpenAiAgentsHostedToolCallItem
  | OpenAiAgentsProgramCallItem
  | OpenAiAgentsProgramCallResultItem
  | OpenAiAgentsFunctionCallItem
  | OpenAiAgentsComputerUseCallItem
  | OpenAiAgentsShellCallItem
  | OpenAiAgentsApplyPatchCallItem
  | OpenAiAgentsFunctionCallResultItem
  | OpenAiAgentsComputerCallResultItem
  | OpenAiAgentsShellCallResultItem
  | OpenAiAgentsApplyPatchCallResultItem
  | OpenAiAgentsReasoningItem
  | OpenAiAgentsCompactionItem
  | OpenAiAgentsUnknownItem;

/**
 * One item of an OpenAI Agents SDK conversation: the SDK's
 * `AgentInputItem`, what a session stores.
 */
export type OpenAiAgentsItem = OpenAiAgentsMessageItem | OpenAiAgentsTypedItem;
