/**
 * Messages on their way in: values, or the JSON text of an array of them,
 * checked against the format and turned into the rows to insert (role,
 * stored JSON text, search text). Nothing is written until every message
 * passed.
 *
 * What is stored is exactly what was validated: a value is read once into
 * a JSON snapshot (`src/_snapshot.ts`), valibot checks the snapshot and its
 * text is stored; a message given as JSON text is stored byte for byte, so
 * the text itself is checked (no duplicate keys, depth, size) beside the
 * `JSON.parse` whose value valibot checks. Either way no string or key may
 * hold a lone surrogate: SQLite's JSON functions decode a `\ud800` escape
 * into invalid UTF-8, which the native driver cannot read back.
 *
 * @module
 */
import * as v from "valibot";
import {
  type JsonPath,
  LONE_SURROGATE,
  snapshot,
  tooLarge,
  utf8Exceeds,
} from "../_snapshot.ts";
import { checkJsonText, findLoneSurrogate } from "../_json_text.ts";
import { ValidationError } from "../errors.ts";
import type { MessageFormat, Role } from "../formats/format.ts";
import { splitJsonArray } from "../json.ts";
import { dotPath, issuesOf, quotePath } from "./checks.ts";
import type { Limits } from "./shared.ts";
import type { Messages } from "./types.ts";

/** A checked message, ready to insert. */
export interface PreparedRow {
  /** The role the format derives from the message. */
  role: Role;
  /** The JSON text to store. */
  content: string;
  /** The text a person would search; `""` for none. */
  text: string;
}

/**
 * Checks messages against the format and serializes them, or throws
 * {@linkcode ValidationError} naming the message index and path.
 *
 * @param format The format to check with.
 * @param messages Values, or the JSON text of an array of them.
 * @param action What is being done, for error messages.
 * @param limits The history's input limits.
 * @returns One row per message.
 */
export function prepareMessages(
  format: MessageFormat<unknown>,
  messages: Messages<unknown>,
  action: string,
  limits: Limits,
): PreparedRow[] {
  if (typeof messages === "string") {
    // Split first (the scanner never throws), so that an oversized message
    // is refused before the whole text is parsed.
    const texts = splitJsonArray(messages);
    checkCount(texts.length, limits, action);
    texts.forEach((text, i) => {
      if (utf8Exceeds(text, limits.message.maxBytes)) {
        throw invalid(action, i, [], tooLarge(limits.message.maxBytes));
      }
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(messages);
    } catch (error) {
      throw new ValidationError(
        `Cannot ${action}: the JSON text does not parse: ${
          (error as Error).message
        }`,
        { issues: [{ path: "", message: "invalid JSON text" }] },
      );
    }
    if (!Array.isArray(parsed)) {
      throw new ValidationError(
        `Cannot ${action}: the JSON text must be an array of messages`,
        { issues: [{ path: "", message: "expected a JSON array" }] },
      );
    }
    return prepareEach(format, parsed, texts, action, limits);
  }
  if (!Array.isArray(messages)) {
    throw new ValidationError(
      `Cannot ${action}: messages must be an array or the JSON text of one`,
      { issues: [{ path: "", message: "expected an array of messages" }] },
    );
  }
  // One read of the length and of each element, even through a Proxy.
  const values: unknown[] = Array.prototype.slice.call(messages);
  checkCount(values.length, limits, action);
  return prepareEach(format, values, undefined, action, limits);
}

/**
 * Checks each message; `texts[i]`, when given, is the message's own JSON
 * text (parsed here when `values[i]` is undefined) and is stored as is.
 * The number of messages is not limited here: `importSession` restores a
 * whole session, which many calls may have built.
 *
 * @param format The format to check with.
 * @param values The messages as values.
 * @param texts Their JSON texts, where they came as text.
 * @param action What is being done, for error messages.
 * @param limits The history's input limits.
 * @returns One row per message.
 */
export function prepareEach(
  format: MessageFormat<unknown>,
  values: readonly unknown[],
  texts: readonly (string | undefined)[] | undefined,
  action: string,
  limits: Limits,
): PreparedRow[] {
  const out: PreparedRow[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const text = texts?.[i];
    const { value, content } = text === undefined
      ? fromValue(format, values[i], i, action, limits)
      : fromText(text, values[i], i, action, limits);
    const result = v.safeParse(format.schema, value);
    if (!result.success) {
      const issues = issuesOf(result.issues);
      throw new ValidationError(
        `Cannot ${action}: message ${i} at "${
          issues[0]?.path ?? ""
        }" is invalid: ${issues[0]?.message ?? "unknown problem"}`,
        { messageIndex: i, issues, valibotIssues: result.issues },
      );
    }
    const message = result.output;
    out[i] = {
      role: format.roleOf(message),
      content,
      text: format.textOf?.(message) ?? "",
    };
  }
  return out;
}

/** A message to validate and the text to store for it. */
interface Checked {
  readonly value: unknown;
  readonly content: string;
}

/**
 * A value: its snapshot (normalized by the format, if it says how) is
 * validated, and its text stored.
 */
function fromValue(
  format: MessageFormat<unknown>,
  input: unknown,
  i: number,
  action: string,
  limits: Limits,
): Checked {
  const result = snapshot(input, limits.message);
  if (!result.ok) throw invalid(action, i, result.path, result.message);
  if (format.normalize === undefined) {
    return { value: result.value, content: result.text };
  }
  const value = format.normalize(result.value);
  return {
    value,
    content: value === result.value ? result.text : JSON.stringify(value),
  };
}

/**
 * JSON text, stored byte for byte (trimmed): the text is checked, its
 * parsed value (`parsed`, or parsed here) is what valibot sees.
 */
function fromText(
  text: unknown,
  parsed: unknown,
  i: number,
  action: string,
  limits: Limits,
): Checked {
  if (typeof text !== "string") {
    throw invalid(action, i, [], "the JSON text is not a string");
  }
  const content = text.trim();
  const check = checkJsonText(content, limits.message);
  if (!check.ok) throw invalid(action, i, check.path, check.message);
  let value = parsed;
  if (value === undefined) {
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw new ValidationError(
        `Cannot ${action}: message ${i} is not valid JSON text: ${
          (error as Error).message
        }`,
        {
          messageIndex: i,
          issues: [{ path: "", message: "invalid JSON text" }],
        },
      );
    }
  }
  const lone = findLoneSurrogate(content, value);
  if (lone) throw invalid(action, i, lone, LONE_SURROGATE);
  return { value, content };
}

function invalid(
  action: string,
  i: number,
  path: JsonPath,
  message: string,
): ValidationError {
  const at = dotPath(path);
  return new ValidationError(
    `Cannot ${action}: message ${i} at ${quotePath(at)} is invalid: ${message}`,
    { messageIndex: i, issues: [{ path: at, message }] },
  );
}

/** Refuses a save of more messages than `maxMessagesPerCall`. */
function checkCount(count: number, limits: Limits, action: string): void {
  if (count <= limits.messagesPerCall) return;
  const message =
    `${count} messages in one call; at most ${limits.messagesPerCall} (maxMessagesPerCall)`;
  throw new ValidationError(`Cannot ${action}: ${message}`, {
    issues: [{ path: "", message }],
  });
}
