/**
 * Messages on their way in: values, or the JSON text of an array of them,
 * checked against the format and turned into the rows to insert (role,
 * stored JSON text, search text). Nothing is written until every message
 * passed.
 *
 * @module
 */
import * as v from "valibot";
import { ValidationError } from "../errors.ts";
import type { MessageFormat, Role } from "../formats/format.ts";
import { findNonJson, splitJsonArray } from "../json.ts";
import { issuesOf } from "./checks.ts";
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
 * @returns One row per message.
 */
export function prepareMessages(
  format: MessageFormat<unknown>,
  messages: Messages<unknown>,
  action: string,
): PreparedRow[] {
  let values: readonly unknown[];
  let texts: string[] | undefined;
  if (typeof messages === "string") {
    if (!messages.isWellFormed()) {
      throw new ValidationError(
        `Cannot ${action}: the JSON text has a lone surrogate (not valid Unicode)`,
        { issues: [{ path: "", message: "invalid Unicode in JSON text" }] },
      );
    }
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
    values = parsed;
    texts = splitJsonArray(messages);
  } else if (Array.isArray(messages)) {
    values = messages;
  } else {
    throw new ValidationError(
      `Cannot ${action}: messages must be an array or the JSON text of one`,
      { issues: [{ path: "", message: "expected an array of messages" }] },
    );
  }
  return prepareEach(format, values, texts, action);
}

/**
 * Checks each message; `texts[i]`, when given, is the message's own JSON
 * text (parsed here when `values[i]` is undefined) and is stored as is.
 *
 * @param format The format to check with.
 * @param values The messages as values.
 * @param texts Their JSON texts, where they came as text.
 * @param action What is being done, for error messages.
 * @returns One row per message.
 */
export function prepareEach(
  format: MessageFormat<unknown>,
  values: readonly unknown[],
  texts: readonly (string | undefined)[] | undefined,
  action: string,
): PreparedRow[] {
  const out: PreparedRow[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let value = values[i];
    const text = texts?.[i];
    if (text !== undefined && value === undefined) {
      try {
        value = JSON.parse(text);
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
    let content: string;
    if (text !== undefined) {
      content = text.trim();
    } else {
      const bad = findNonJson(value);
      if (bad) {
        throw new ValidationError(
          `Cannot ${action}: message ${i} at "${bad.path}" is invalid: ${bad.message}`,
          { messageIndex: i, issues: [bad] },
        );
      }
      content = JSON.stringify(value);
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
