/**
 * The hand-written types of the parts inside the OpenAI Agents SDK's items
 * (`@openai/agents-core` 0.20): message content, tool outputs and the
 * pieces of computer, shell and apply-patch calls. Unknown keys are kept
 * (`[key: string]: unknown`); an optional key may hold `undefined`, as in
 * the SDK's types.
 *
 * @module
 */

/**
 * Provider-specific data on any item or part (`Record<string, any>` in the
 * SDK): a plain object.
 */
export type OpenAiAgentsProviderData = { [key: string]: unknown };

/** Marks the end of a reusable prompt prefix. */
export interface OpenAiAgentsPromptCacheBreakpoint {
  /** Always `"explicit"`. */
  mode: "explicit";
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A reference to a file uploaded to OpenAI. */
export interface OpenAiAgentsFileIdRef {
  /** The OpenAI file id. */
  id: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

// --- content parts ---------------------------------------------------------

/** An `input_text` part: text the user (or a tool) gave. */
export interface OpenAiAgentsInputText {
  /** The discriminator. */
  type: "input_text";
  /** The text. */
  text: string;
  /** The end of a reusable prompt prefix. */
  promptCacheBreakpoint?: OpenAiAgentsPromptCacheBreakpoint | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `input_image` part. */
export interface OpenAiAgentsInputImage {
  /** The discriminator. */
  type: "input_image";
  /** Base64 data, a data or web URL, or an uploaded file's id. */
  image?: string | OpenAiAgentsFileIdRef | undefined;
  /** The level of detail (any string; `"low"`, `"high"`, `"auto"`). */
  detail?: string | undefined;
  /** The end of a reusable prompt prefix. */
  promptCacheBreakpoint?: OpenAiAgentsPromptCacheBreakpoint | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A publicly reachable file, by URL. */
export interface OpenAiAgentsFileUrlRef {
  /** The URL. */
  url: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `input_file` part. */
export interface OpenAiAgentsInputFile {
  /** The discriminator. */
  type: "input_file";
  /** Inline data or a URL (a string), an uploaded file's id, or a URL. */
  file?: string | OpenAiAgentsFileIdRef | OpenAiAgentsFileUrlRef | undefined;
  /** The file name. */
  filename?: string | undefined;
  /** The end of a reusable prompt prefix. */
  promptCacheBreakpoint?: OpenAiAgentsPromptCacheBreakpoint | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `audio` part (user or assistant). */
export interface OpenAiAgentsAudioContent {
  /** The discriminator. */
  type: "audio";
  /** Base64 audio, or an uploaded file's id. */
  audio: string | OpenAiAgentsFileIdRef;
  /** The audio format. */
  format?: string | null | undefined;
  /** What was said. */
  transcript?: string | null | undefined;
  /** The end of a reusable prompt prefix. */
  promptCacheBreakpoint?: OpenAiAgentsPromptCacheBreakpoint | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `output_text` part: the model's text. */
export interface OpenAiAgentsOutputText {
  /** The discriminator. */
  type: "output_text";
  /** The text. */
  text: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `refusal` part: the model declined. */
export interface OpenAiAgentsRefusal {
  /** The discriminator. */
  type: "refusal";
  /** Why. */
  refusal: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `image` part of an assistant message. */
export interface OpenAiAgentsImageContent {
  /** The discriminator. */
  type: "image";
  /** Base64 image data. */
  image: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A `reasoning_text` part: raw reasoning text. */
export interface OpenAiAgentsReasoningText {
  /** The discriminator. */
  type: "reasoning_text";
  /** The reasoning. */
  text: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One part of a user message. */
export type OpenAiAgentsUserContent =
  | OpenAiAgentsInputText
  | OpenAiAgentsInputImage
  | OpenAiAgentsInputFile
  | OpenAiAgentsAudioContent;

/** One part of an assistant message. */
export type OpenAiAgentsAssistantContent =
  | OpenAiAgentsOutputText
  | OpenAiAgentsRefusal
  | OpenAiAgentsAudioContent
  | OpenAiAgentsImageContent;

// --- tool outputs ----------------------------------------------------------

/** A `text` tool output. */
export interface OpenAiAgentsToolOutputText {
  /** The discriminator. */
  type: "text";
  /** The text. */
  text: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * Inline binary data: base64 text, or bytes (which a session stores as a
 * base64 data URL, as the SDK's own session persistence does).
 */
export type OpenAiAgentsBinary = string | Uint8Array<ArrayBuffer>;

/** An image of a tool output, given inline. */
export interface OpenAiAgentsImageData {
  /** The image. */
  data: OpenAiAgentsBinary;
  /** Its media type. */
  mediaType?: string | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An image of a tool output, by uploaded file id. */
export interface OpenAiAgentsImageFileIdRef {
  /** The OpenAI file id. */
  fileId: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** An `image` tool output. */
export interface OpenAiAgentsToolOutputImage {
  /** The discriminator. */
  type: "image";
  /** A URL or data URL, or inline data, a URL or a file id. */
  image?:
    | string
    | OpenAiAgentsImageData
    | OpenAiAgentsFileUrlRef
    | OpenAiAgentsImageFileIdRef
    | undefined;
  /** The level of detail. */
  detail?: string | undefined;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A file of a tool output, given inline. */
export interface OpenAiAgentsFileData {
  /** The file. */
  data: OpenAiAgentsBinary;
  /** Its media type. */
  mediaType: string;
  /** Its name. */
  filename: string;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A file of a tool output, by URL or file id, with an optional name. */
export interface OpenAiAgentsNamedFileUrlRef extends OpenAiAgentsFileUrlRef {
  /** Its name. */
  filename?: string | undefined;
}

/** A file of a tool output, by uploaded file id, with an optional name. */
export interface OpenAiAgentsNamedFileIdRef extends OpenAiAgentsFileIdRef {
  /** Its name. */
  filename?: string | undefined;
}

/** A `file` tool output. */
export interface OpenAiAgentsToolOutputFile {
  /** The discriminator. */
  type: "file";
  /** A data URL or base64 string, inline data, a URL or a file id. */
  file:
    | string
    | OpenAiAgentsFileData
    | OpenAiAgentsNamedFileUrlRef
    | OpenAiAgentsNamedFileIdRef;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A legacy single tool output. */
export type OpenAiAgentsToolCallOutputContent =
  | OpenAiAgentsToolOutputText
  | OpenAiAgentsToolOutputImage
  | OpenAiAgentsToolOutputFile;

/** One part of a structured tool output. */
export type OpenAiAgentsToolCallStructuredOutput =
  | OpenAiAgentsInputText
  | OpenAiAgentsInputImage
  | OpenAiAgentsInputFile;

/** What called a tool: the model directly, or a program. */
export type OpenAiAgentsToolCaller =
  | { type: "direct"; [key: string]: unknown }
  | { type: "program"; callerId: string; [key: string]: unknown };

// --- computer, shell and patch tools ---------------------------------------

/** A point on the screen. */
export interface OpenAiAgentsPoint {
  /** Pixels from the left. */
  x: number;
  /** Pixels from the top. */
  y: number;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** One action of the computer tool. */
export type OpenAiAgentsComputerAction =
  | { type: "screenshot"; [key: string]: unknown }
  | {
    type: "click";
    x: number;
    y: number;
    button: "left" | "right" | "wheel" | "back" | "forward";
    [key: string]: unknown;
  }
  | { type: "double_click"; x: number; y: number; [key: string]: unknown }
  | {
    type: "scroll";
    x: number;
    y: number;
    scroll_x: number;
    scroll_y: number;
    [key: string]: unknown;
  }
  | { type: "type"; text: string; [key: string]: unknown }
  | { type: "wait"; [key: string]: unknown }
  | { type: "move"; x: number; y: number; [key: string]: unknown }
  | { type: "keypress"; keys: string[]; [key: string]: unknown }
  | { type: "drag"; path: OpenAiAgentsPoint[]; [key: string]: unknown };

/** A screenshot returned to the computer tool. */
export interface OpenAiAgentsComputerScreenshot {
  /** The discriminator. */
  type: "computer_screenshot";
  /** Base64 image data or a URL. */
  data: string;
  /** Provider-specific data. */
  providerData?: OpenAiAgentsProviderData | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** The commands of a shell call. */
export interface OpenAiAgentsShellAction {
  /** The commands. */
  commands: string[];
  /** A timeout (a non-negative integer). */
  timeoutMs?: number | undefined;
  /** An output cap (a non-negative integer). */
  maxOutputLength?: number | undefined;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** How a shell command ended. */
export type OpenAiAgentsShellCallOutcome =
  | { type: "timeout"; [key: string]: unknown }
  | { type: "exit"; exitCode: number | null; [key: string]: unknown };

/** The output of one shell command. */
export interface OpenAiAgentsShellCallOutputContent {
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
  /** How it ended. */
  outcome: OpenAiAgentsShellCallOutcome;
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/** A file operation of the apply-patch tool. */
export type OpenAiAgentsApplyPatchOperation =
  | { type: "create_file"; path: string; diff: string; [key: string]: unknown }
  | {
    type: "update_file";
    path: string;
    diff: string;
    moveTo?: string | undefined;
    [key: string]: unknown;
  }
  | { type: "delete_file"; path: string; [key: string]: unknown };
