/**
 * Type tests against the installed `ai` package (issue 13.2): do the SDK's
 * values go into `saveMessages` and does `getMessages` come out as the SDK's
 * types, with no cast, under this project's `strict` and
 * `exactOptionalPropertyTypes`?
 *
 * Every `@ts-expect-error` marks a direction that does not type-check today
 * (the errors and their fixes are listed in /tmp/team/ai_sdk_types.md). When
 * a fix lands, its directive becomes unused and this file stops compiling:
 * delete the directive, and the line is then a passing check.
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
  // @ts-expect-error F1 (JSONObject allows undefined), then F2, F3
  await models.saveMessages(id, result.responseMessages).catch(() => {});
  // @ts-expect-error the same, for the last step only (F1, F2, F3)
  await models.saveMessages(id, result.response.messages).catch(() => {});
  const streamed = streamText({ model, prompt: "Hi" });
  const streamedMessages = await streamed.responseMessages;
  // @ts-expect-error the same, streamed (F1, F2, F3)
  await models.saveMessages(id, streamedMessages).catch(() => {});
  const sdkMessages: ModelMessage[] = [{ role: "user", content: "Hi" }];
  // @ts-expect-error ModelMessage[] itself (F1, F2, F3)
  await models.saveMessages(id, sdkMessages).catch(() => {});

  const stored = await models.getMessages(id);
  // @ts-expect-error CustomPart.kind is `${string}.${string}` (F4)
  await generateText({ model, messages: stored });
  // @ts-expect-error the same for streamText (F4)
  await streamText({ model, messages: stored }).consumeStream();
  // @ts-expect-error the same (F4)
  const asModelMessages: ModelMessage[] = stored;

  const ui = await uis.getOrCreateSession();
  const uiMessages: UIMessage[] = [
    { id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] },
  ];
  // @ts-expect-error F1 (JSONObject), then F2 (index signatures)
  await uis.saveMessages(ui.id, uiMessages).catch(() => {});
  await uis.saveMessages(ui.id, [
    { id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] },
  ]);
  const storedUI = await uis.getMessages(ui.id);
  // validateUIMessages takes `unknown`: it always compiles.
  await validateUIMessages({ messages: storedUI });
  // @ts-expect-error kind (F4), output-error input (F5)
  const asUIMessages: UIMessage[] = storedUI;
  // @ts-expect-error the same (F4, F5)
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

// @ts-expect-error F1 (JSONObject), then F2, F3
type _saveResponse = Accepts<SaveParameter, ResponseMessages>;
// @ts-expect-error F1, F2, F3
type _saveModel = Accepts<H.AiSdkModelMessage[], ModelMessage[]>;
// @ts-expect-error F1, then F2
type _saveUI = Accepts<SaveUI, UIMessage[]>;
// @ts-expect-error F1
type _system = Accepts<H.AiSdkSystemModelMessage, Role<"system">>;
// @ts-expect-error F1, F2, F3
type _user = Accepts<H.AiSdkUserModelMessage, Role<"user">>;
// @ts-expect-error F1, F2, F3
type _assistant = Accepts<H.AiSdkAssistantModelMessage, Role<"assistant">>;
// @ts-expect-error F1, F2, F3
type _tool = Accepts<H.AiSdkToolModelMessage, Role<"tool">>;
// @ts-expect-error F1, F2
type _text = Accepts<H.AiSdkTextPart, Part<"user", "text">>;
// @ts-expect-error F1, F2, F3 (URL, bytes in `image`)
type _image = Accepts<H.AiSdkImagePart, Part<"user", "image">>;
// @ts-expect-error F1, F2, F3 (URL, bytes, { type: "url", url: URL })
type _file = Accepts<H.AiSdkFilePart, Part<"user", "file">>;
// @ts-expect-error F1, F2
type _reasoning = Accepts<H.AiSdkReasoningPart, Part<"assistant", "reasoning">>;
// @ts-expect-error F1, F2, F3
type _rFile = Accepts<H.AiSdkReasoningFilePart, RFile>;
// @ts-expect-error F1, F2
type _custom = Accepts<H.AiSdkCustomPart, Part<"assistant", "custom">>;
// @ts-expect-error F1, F2
type _toolCall = Accepts<H.AiSdkToolCallPart, Part<"assistant", "tool-call">>;
// @ts-expect-error F1, F2, F3 (bytes in a content item's file data)
type _toolResult = Accepts<H.AiSdkToolResultPart, Part<"tool", "tool-result">>;
type _approvalRequest = Accepts<
  H.AiSdkToolApprovalRequest,
  Part<"assistant", "tool-approval-request">
>;
type _approvalResponse = Accepts<
  H.AiSdkToolApprovalResponse,
  Part<"tool", "tool-approval-response">
>;
// @ts-expect-error F1
type _uiText = Accepts<H.AiSdkTextUIPart, UI<"text">>;
// @ts-expect-error F1
type _uiReasoning = Accepts<H.AiSdkReasoningUIPart, UI<"reasoning">>;
// @ts-expect-error F1
type _uiSourceUrl = Accepts<H.AiSdkSourceUrlUIPart, UI<"source-url">>;
// @ts-expect-error F1
type _uiSourceDoc = Accepts<H.AiSdkSourceDocumentUIPart, UI<"source-document">>;
// @ts-expect-error F1
type _uiFile = Accepts<H.AiSdkFileUIPart, UI<"file">>;
// @ts-expect-error F1
type _uiRFile = Accepts<H.AiSdkReasoningFileUIPart, UI<"reasoning-file">>;
// @ts-expect-error F1
type _uiCustom = Accepts<H.AiSdkCustomUIPart, UI<"custom">>;
type _uiStepStart = Accepts<H.AiSdkStepStartUIPart, UI<"step-start">>;
type _uiData = Accepts<H.AiSdkDataUIPart, UI<`data-${string}`>>;
// @ts-expect-error F1 (toolMetadata, callProviderMetadata…)
type _inputStreaming = Accepts<Tool, SdkState<"input-streaming">>;
// @ts-expect-error F1
type _inputAvailable = Accepts<Tool, SdkState<"input-available">>;
// @ts-expect-error F1
type _approvalRequested = Accepts<Tool, SdkState<"approval-requested">>;
// @ts-expect-error F1
type _approvalResponded = Accepts<Tool, SdkState<"approval-responded">>;
// @ts-expect-error F1
type _outputAvailable = Accepts<Tool, SdkState<"output-available">>;
// @ts-expect-error F1
type _outputError = Accepts<Tool, SdkState<"output-error">>;
// @ts-expect-error F1
type _outputDenied = Accepts<Tool, SdkState<"output-denied">>;
// @ts-expect-error F1
type _dynamicTool = Accepts<H.AiSdkDynamicToolUIPart, DynamicToolUIPart>;

// --- stored → SDK (reading) -------------------------------------------------

// @ts-expect-error F4 (kind)
type _readModel = Accepts<ModelMessage[], H.AiSdkModelMessage[]>;
// @ts-expect-error F4 (kind), then F5 (output-error input)
type _readUI = Accepts<UIMessage[], H.AiSdkUIMessage[]>;
type _readSystem = Accepts<ModelMessage, H.AiSdkSystemModelMessage>;
type _readUser = Accepts<ModelMessage, H.AiSdkUserModelMessage>;
// @ts-expect-error F4
type _readAssistant = Accepts<ModelMessage, H.AiSdkAssistantModelMessage>;
type _readTool = Accepts<ModelMessage, H.AiSdkToolModelMessage>;
type _readUserParts = Accepts<Content<"user">, OurUserPart>;
// @ts-expect-error F4
type _readCustom = Accepts<Content<"assistant">, H.AiSdkCustomPart>;
type _readToolCall = Accepts<Content<"assistant">, H.AiSdkToolCallPart>;
type _readToolResult = Accepts<Content<"tool">, H.AiSdkToolResultPart>;
// @ts-expect-error F4
type _readUICustom = Accepts<UIPart, H.AiSdkCustomUIPart>;
type _readUIText = Accepts<UIPart, H.AiSdkTextUIPart>;
type _readUIFile = Accepts<UIPart, H.AiSdkFileUIPart>;
type _readUIData = Accepts<UIPart, H.AiSdkDataUIPart>;
type _readOutputAvailable = Accepts<UIPart, Our<"output-available">>;
// @ts-expect-error F5 (input is required in the SDK's output-error state)
type _readOutputError = Accepts<UIPart, Our<"output-error">>;
// @ts-expect-error F5
type _readDynamicTool = Accepts<UIPart, H.AiSdkDynamicToolUIPart>;
