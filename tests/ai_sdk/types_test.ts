/**
 * Type tests against the installed `ai` package (issue 13.2): the SDK's
 * values go into `saveMessages` and `getMessages` comes out as the SDK's
 * types, with no cast, under this project's `strict` with
 * `exactOptionalPropertyTypes` — and, through `types_loose_test.ts`, which
 * checks this file under a config without it, under plain `strict` too.
 * Every line below is a check: it compiles only if the direction holds.
 */
import {
  convertToModelMessages,
  generateText,
  type ModelMessage,
  streamText,
  type UIMessage,
  type UIMessagePart,
  validateUIMessages,
} from "ai";
import type { DynamicToolUIPart, ToolUIPart, UIDataTypes, UITools } from "ai";
import type * as H from "../../mod.ts";
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  openHistory,
} from "../../mod.ts";
import { echoModel } from "./support/scripted_model.ts";

/** Compiles only if `From` is assignable to `To`. */
type Accepts<To, From extends To> = From;

type ResponseMessages = Awaited<
  ReturnType<typeof generateText>
>["responseMessages"];
type SaveParameter = Parameters<
  H.History<H.AiSdkModelMessage>["saveMessages"]
>[1];

Deno.test("SDK values go into saveMessages and come back as SDK types", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  const models = history.withFormat(aiSdkModelMessageFormat);
  const uis = history.withFormat(aiSdkUIMessageFormat);
  const { model } = echoModel();
  const { id } = await models.getOrCreateSession();
  await models.saveMessages(id, [{ role: "user", content: "Hi" }]);

  const result = await generateText({ model, prompt: "Hi" });
  await models.saveMessages(id, result.responseMessages).catch(() => {});
  await models.saveMessages(id, result.response.messages).catch(() => {});
  const streamed = streamText({ model, prompt: "Hi" });
  const streamedMessages = await streamed.responseMessages;
  await models.saveMessages(id, streamedMessages).catch(() => {});
  const sdkMessages: ModelMessage[] = [{ role: "user", content: "Hi" }];
  await models.saveMessages(id, sdkMessages).catch(() => {});

  const stored = await models.getMessages(id);
  await generateText({ model, messages: stored });
  await streamText({ model, messages: stored }).consumeStream();
  const asModelMessages: ModelMessage[] = stored;

  const ui = await uis.getOrCreateSession();
  const uiMessages: UIMessage[] = [
    { id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] },
  ];
  await uis.saveMessages(ui.id, uiMessages).catch(() => {});
  await uis.saveMessages(ui.id, [
    { id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] },
  ]);
  const storedUI = await uis.getMessages(ui.id);
  // validateUIMessages takes `unknown`: it always compiles.
  await validateUIMessages({ messages: storedUI });
  const asUIMessages: UIMessage[] = storedUI;
  await convertToModelMessages(storedUI);
  void asModelMessages, asUIMessages;
});

// --- SDK → stored (saving), message by message and part by part ------------

type Role<R> = Extract<ModelMessage, { role: R }>;
type Content<R> = Exclude<Role<R>["content"], string>[number];
type Part<R, T> = Extract<Content<R>, { type: T }>;
type UIPart = UIMessagePart<UIDataTypes, UITools>;
type UI<T> = Extract<UIPart, { type: T }>;
type SdkState<S> = Extract<ToolUIPart, { state: S }>;
type Our<S> = Extract<H.AiSdkToolUIPart, { state: S }>;
type OurUserPart = Exclude<H.AiSdkUserModelMessage["content"], string>[number];

type SaveUI = H.AiSdkUIMessage[];
type Tool = H.AiSdkToolUIPart;
type RFile = Part<"assistant", "reasoning-file">;

type _saveResponse = Accepts<SaveParameter, ResponseMessages>;
type _saveModel = Accepts<H.AiSdkModelMessage[], ModelMessage[]>;
type _saveUI = Accepts<SaveUI, UIMessage[]>;
type _system = Accepts<H.AiSdkSystemModelMessage, Role<"system">>;
type _user = Accepts<H.AiSdkUserModelMessage, Role<"user">>;
type _assistant = Accepts<H.AiSdkAssistantModelMessage, Role<"assistant">>;
type _tool = Accepts<H.AiSdkToolModelMessage, Role<"tool">>;
type _text = Accepts<H.AiSdkTextPart, Part<"user", "text">>;
type _image = Accepts<H.AiSdkImagePart, Part<"user", "image">>;
type _file = Accepts<H.AiSdkFilePart, Part<"user", "file">>;
type _reasoning = Accepts<H.AiSdkReasoningPart, Part<"assistant", "reasoning">>;
type _rFile = Accepts<H.AiSdkReasoningFilePart, RFile>;
type _custom = Accepts<H.AiSdkCustomPart, Part<"assistant", "custom">>;
type _toolCall = Accepts<H.AiSdkToolCallPart, Part<"assistant", "tool-call">>;
type _toolResult = Accepts<H.AiSdkToolResultPart, Part<"tool", "tool-result">>;
type _approvalRequest = Accepts<
  H.AiSdkToolApprovalRequest,
  Part<"assistant", "tool-approval-request">
>;
type _approvalResponse = Accepts<
  H.AiSdkToolApprovalResponse,
  Part<"tool", "tool-approval-response">
>;
type _uiText = Accepts<H.AiSdkTextUIPart, UI<"text">>;
type _uiReasoning = Accepts<H.AiSdkReasoningUIPart, UI<"reasoning">>;
type _uiSourceUrl = Accepts<H.AiSdkSourceUrlUIPart, UI<"source-url">>;
type _uiSourceDoc = Accepts<H.AiSdkSourceDocumentUIPart, UI<"source-document">>;
type _uiFile = Accepts<H.AiSdkFileUIPart, UI<"file">>;
type _uiRFile = Accepts<H.AiSdkReasoningFileUIPart, UI<"reasoning-file">>;
type _uiCustom = Accepts<H.AiSdkCustomUIPart, UI<"custom">>;
type _uiStepStart = Accepts<H.AiSdkStepStartUIPart, UI<"step-start">>;
type _uiData = Accepts<H.AiSdkDataUIPart, UI<`data-${string}`>>;
type _inputStreaming = Accepts<Tool, SdkState<"input-streaming">>;
type _inputAvailable = Accepts<Tool, SdkState<"input-available">>;
type _approvalRequested = Accepts<Tool, SdkState<"approval-requested">>;
type _approvalResponded = Accepts<Tool, SdkState<"approval-responded">>;
type _outputAvailable = Accepts<Tool, SdkState<"output-available">>;
type _outputError = Accepts<Tool, SdkState<"output-error">>;
type _outputDenied = Accepts<Tool, SdkState<"output-denied">>;
type _dynamicTool = Accepts<H.AiSdkDynamicToolUIPart, DynamicToolUIPart>;

// --- stored → SDK (reading) -------------------------------------------------

type _readModel = Accepts<ModelMessage[], H.AiSdkModelMessage[]>;
type _readUI = Accepts<UIMessage[], H.AiSdkUIMessage[]>;
type _readSystem = Accepts<ModelMessage, H.AiSdkSystemModelMessage>;
type _readUser = Accepts<ModelMessage, H.AiSdkUserModelMessage>;
type _readAssistant = Accepts<ModelMessage, H.AiSdkAssistantModelMessage>;
type _readTool = Accepts<ModelMessage, H.AiSdkToolModelMessage>;
type _readUserParts = Accepts<Content<"user">, OurUserPart>;
type _readCustom = Accepts<Content<"assistant">, H.AiSdkCustomPart>;
type _readToolCall = Accepts<Content<"assistant">, H.AiSdkToolCallPart>;
type _readToolResult = Accepts<Content<"tool">, H.AiSdkToolResultPart>;
type _readUICustom = Accepts<UIPart, H.AiSdkCustomUIPart>;
type _readUIText = Accepts<UIPart, H.AiSdkTextUIPart>;
type _readUIFile = Accepts<UIPart, H.AiSdkFileUIPart>;
type _readUIData = Accepts<UIPart, H.AiSdkDataUIPart>;
type _readOutputAvailable = Accepts<UIPart, Our<"output-available">>;
type _readOutputError = Accepts<UIPart, Our<"output-error">>;
type _readDynamicTool = Accepts<UIPart, H.AiSdkDynamicToolUIPart>;
