/**
 * What a transcript is made of: a {@linkcode TranscriptEntry} per message,
 * holding its parts reduced to labelled {@linkcode TranscriptItem}s
 * (prompts, text, tool calls with their arguments, tool results, thinking,
 * notes for the rest), plus the small readers every format's renderer uses
 * on untrusted message values.
 *
 * @module
 */
import type { JsonObject, Role } from "../../../mod.ts";
import { formatBytes } from "./text.ts";

/** One readable piece of a message. */
export type TranscriptItem =
  | {
    /** A system prompt (`system`) or a request's instructions (`instructions`). */
    readonly kind: "system" | "instructions";
    /** The prompt. */
    readonly text: string;
  }
  | {
    /** What the user said (a prompt or a speech transcript). */
    readonly kind: "user";
    /** The prompt; multimodal items appear as `[image https://…]`. */
    readonly text: string;
  }
  | {
    /** Text the model wrote. */
    readonly kind: "text";
    /** The text. */
    readonly text: string;
  }
  | {
    /** The model calling a tool. */
    readonly kind: "tool-call";
    /** The tool's name. */
    readonly name: string;
    /** The arguments as compact JSON text (`""` when none). */
    readonly args: string;
    /** The call id, when known. */
    readonly callId: string | undefined;
    /** True for a tool run by the provider (`builtin-tool-call`). */
    readonly builtin: boolean;
  }
  | {
    /** A tool's result. */
    readonly kind: "tool-result";
    /** The tool's name. */
    readonly name: string;
    /** The result: a string as is, anything else as compact JSON. */
    readonly text: string;
    /** The call id, when known. */
    readonly callId: string | undefined;
    /** How the call ended (`success`, `failed`, …), when known. */
    readonly outcome: string | undefined;
    /** True for a provider-run tool (`builtin-tool-return`). */
    readonly builtin: boolean;
  }
  | {
    /** A retry prompt: the model is asked to try again. */
    readonly kind: "retry";
    /** The tool whose call failed, when one did. */
    readonly name: string | undefined;
    /** What went wrong. */
    readonly text: string;
  }
  | {
    /** The model's reasoning. */
    readonly kind: "thinking";
    /** The full reasoning text (may be empty when redacted). */
    readonly text: string;
  }
  | {
    /** Anything else: files, speech audio, compaction, tools made available. */
    readonly kind: "note";
    /** A short description. */
    readonly text: string;
  };

/** One message, ready to show. */
export interface TranscriptEntry {
  /** The message's `seq`. */
  readonly seq: number;
  /** Its stored role. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
  /** The model that answered (responses). */
  readonly modelName: string | undefined;
  /** Input tokens of a response, when recorded. */
  readonly inputTokens: number | undefined;
  /** Output tokens of a response, when recorded. */
  readonly outputTokens: number | undefined;
  /** The readable pieces, in order. */
  readonly items: readonly TranscriptItem[];
}

/** The item kinds plain text of a message becomes, by who wrote it. */
export type TextKind = "user" | "system" | "text";

/**
 * Whether a value is a JSON object (not an array, not `null`).
 *
 * @param value Any value.
 * @returns True for an object.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value if it is a string.
 *
 * @param value Any value.
 * @returns The string, or `undefined`.
 */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Compact JSON of a value; strings stay as they are.
 *
 * @param value Any value.
 * @returns The text (`""` for `undefined`).
 */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A tool call's arguments as text: `""` when there are none.
 *
 * @param args The arguments (a JSON string or a value).
 * @returns The text.
 */
export function toolArgs(args: unknown): string {
  if (args === undefined || args === null) return "";
  return asText(args);
}

/**
 * The approximate decoded size of base64 data, for display: `, 2.0 KB`.
 *
 * @param data The base64 text.
 * @returns The text, or `""` when `data` is not a string.
 */
export function base64Size(data: unknown): string {
  if (typeof data !== "string") return "";
  const bytes = Math.floor((data.replace(/=+$/, "").length * 3) / 4);
  return `, ${formatBytes(bytes)}`;
}

/**
 * A message the renderer cannot take apart: one note with its compact JSON.
 *
 * @param message Any value.
 * @returns The items.
 */
export function noteOf(message: unknown): TranscriptItem[] {
  return [{ kind: "note", text: asText(message) }];
}
