/**
 * A stored message as a {@linkcode TranscriptEntry}: the renderer is chosen
 * by the name of the session's format (never by the message's shape), and
 * the model and token counts of a `model` message are read where the
 * format's {@linkcode UsagePaths} say they are.
 *
 * @example Render a stored message as terminal lines
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { transcriptEntry } from "./entry.ts";
 * import { renderEntry } from "./render.ts";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const { id } = await history.getOrCreateSession();
 * await history.saveMessages(id, [
 *   { kind: "request", parts: [{ part_kind: "user-prompt", content: "Hi" }] },
 * ]);
 * const [record] = await history.getMessageRecords(id);
 * const entry = transcriptEntry(record!, history.format);
 * const lines = renderEntry(entry, { color: false });
 * assert.match(lines[0]!, /^#1 user /);
 * assert.equal(lines[1], "  Hi");
 * ```
 *
 * @module
 */
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  type MessageFormat,
  pydanticAiFormat,
  type Role,
  type UsagePaths,
} from "../../../mod.ts";
import { modelMessageItems, uiMessageItems } from "./ai_sdk.ts";
import {
  isJsonObject,
  noteOf,
  str,
  type TranscriptEntry,
  type TranscriptItem,
} from "./item.ts";
import { pydanticAiItems } from "./pydantic_ai.ts";

/** The parts of a stored record {@linkcode transcriptEntry} needs. */
export interface RecordLike {
  /** The message's `seq`. */
  readonly seq: number;
  /** Its stored role. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
  /** The message value. */
  readonly message: unknown;
}

/** What of a format the transcript needs: its name and its usage paths. */
export type TranscriptFormat = Pick<MessageFormat<unknown>, "name" | "usage">;

/** The renderer of each format the tool knows, by format name. */
const RENDERERS: ReadonlyMap<string, (message: unknown) => TranscriptItem[]> =
  new Map([
    [pydanticAiFormat.name, pydanticAiItems],
    [aiSdkModelMessageFormat.name, modelMessageItems],
    [aiSdkUIMessageFormat.name, uiMessageItems],
  ]);

/**
 * The readable pieces of a message of the named format; a format the tool
 * has no renderer for gives one note with the message's compact JSON.
 *
 * @param message A stored message.
 * @param formatName The name of the session's format.
 * @returns The items.
 */
export function messageItems(
  message: unknown,
  formatName: string,
): TranscriptItem[] {
  const render = RENDERERS.get(formatName);
  return render ? render(message) : noteOf(message);
}

/**
 * The value at a SQLite JSON path (`$.usage.input_tokens`, `$.a[0]`,
 * `$."a.b"`) — the form of {@linkcode UsagePaths}, which `getUsage()` reads
 * in SQL.
 */
function valueAt(value: unknown, path: string): unknown {
  if (!path.startsWith("$")) return undefined;
  const step = /\.(?:"((?:[^"\\]|\\.)*)"|([^.[]+))|\[(\d+)\]/y;
  step.lastIndex = 1;
  let current = value;
  while (step.lastIndex < path.length) {
    const match = step.exec(path);
    if (!match) return undefined;
    const [, quoted, plain, index] = match;
    if (index !== undefined) {
      current = Array.isArray(current) ? current[Number(index)] : undefined;
    } else {
      const key = quoted !== undefined ? JSON.parse(`"${quoted}"`) : plain!;
      current = isJsonObject(current) ? current[key] : undefined;
    }
  }
  return current;
}

/** The number at a usage path, if there is one. */
function numberAt(
  message: unknown,
  path: string | undefined,
): number | undefined {
  if (path === undefined) return undefined;
  const value = valueAt(message, path);
  return typeof value === "number" ? value : undefined;
}

/**
 * Reduces a stored message to a {@linkcode TranscriptEntry}: one item per
 * part, by the renderer of the session's format (unknown part kinds become
 * a note; a format without a renderer gives one note with the message's
 * compact JSON). For a `model` message, the model and the input and output
 * tokens are read at the format's usage paths.
 *
 * @param record A stored message record (`getMessageRecords` returns them).
 * @param format The session's format (the history's `format`).
 * @returns The entry.
 */
export function transcriptEntry(
  record: RecordLike,
  format: TranscriptFormat = pydanticAiFormat,
): TranscriptEntry {
  const usage: UsagePaths | undefined = record.role === "model"
    ? format.usage
    : undefined;
  const message = record.message;
  return {
    seq: record.seq,
    role: record.role,
    createdAt: record.createdAt,
    modelName: usage?.model === undefined
      ? undefined
      : str(valueAt(message, usage.model)),
    inputTokens: numberAt(message, usage?.inputTokens),
    outputTokens: numberAt(message, usage?.outputTokens),
    items: messageItems(message, format.name),
  };
}
