/**
 * The `ironclaw-history-export` JSON Lines format, version 1: the shape of
 * each line as a valibot schema (what the reader checks) next to the
 * function that writes it (what the writer emits). One record per line:
 *
 * 1. a header:
 *    `{"type":"header","format":"ironclaw-history-export","version":1,"messageFormat":{"name":"pydantic-ai","version":"1"}}`;
 * 2. for each session, a session line —
 *    `{"type":"session","id":…,"owner":…,"metadata":{…},"createdAt":"<ISO>","updatedAt":"<ISO>","format":{"name":…,"version":…},"messageCount":n}`
 *    — followed by its messages, oldest first, one per line:
 *    `{"type":"message","session":<id>,"seq":n,"role":…,"createdAt":"<ISO>","message":<the stored JSON text>}`.
 *
 * The message is the stored JSON text embedded as is, byte-for-byte (so
 * `3.0` stays `3.0` and big integers keep every digit).
 *
 * @module
 */
import * as v from "valibot";
import {
  FORMAT_NAMES,
  type JsonObject,
  type Role,
  type Session,
} from "../../../mod.ts";

/** The `format` of the header line. */
export const EXPORT_FORMAT = "ironclaw-history-export";
/** The `version` of the header line this module writes and reads. */
export const EXPORT_VERSION = 1;

/**
 * The longest session id or owner the library accepts. An export states it
 * so a file can be checked whole before anything is written; `importSession`
 * applies the library's own rule again when it writes.
 */
const MAX_ID_LENGTH = 512;

/** A session's message format, as a line records it. */
export type FormatRef = Session["format"];

/**
 * Whether a value can be a session id or owner in an export.
 *
 * @param value Any value.
 * @returns True for a string of 1 to the library's maximum characters.
 */
export function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 &&
    value.length <= MAX_ID_LENGTH;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIsoTime(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value) &&
    !Number.isNaN(new Date(value).getTime());
}

function isFormatRef(value: unknown): value is FormatRef {
  return isJsonObject(value) && typeof value.name === "string" &&
    typeof value.version === "string";
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** An ISO date-time string, read as a `Date`. */
function isoTime(message: string) {
  return v.pipe(
    v.custom<string>(isIsoTime, message),
    v.transform((text) => new Date(text)),
  );
}

/** The first line: what file this is. `messageFormat` is informational. */
export const HEADER_LINE = v.looseObject({
  type: v.literal("header"),
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  messageFormat: v.optional(v.unknown()),
});

/** What is wrong with each field of a session line, as the reader says it. */
const SESSION_FIELDS = {
  id: `"id" must be a string of 1 to ${MAX_ID_LENGTH} characters`,
  owner: `"owner" must be null or a string of 1 to ${MAX_ID_LENGTH} characters`,
  metadata: `"metadata" must be a JSON object`,
  createdAt: `"createdAt" must be an ISO date-time`,
  updatedAt: `"updatedAt" must be an ISO date-time`,
  format: `"format" must be {"name": string, "version": string}`,
  messageCount: `"messageCount" must be a non-negative integer`,
} as const;

/** The message of a session-line issue: its field's. */
function sessionFieldMessage(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.[0]?.key;
  return typeof key === "string" && Object.hasOwn(SESSION_FIELDS, key)
    ? SESSION_FIELDS[key as keyof typeof SESSION_FIELDS]
    : issue.message;
}

/**
 * A session line. Its issues come in field order, at most one per field,
 * each with the message a person reads (a missing field has its field's).
 * A format is known when the library's format registry has its name.
 */
export const SESSION_LINE = v.looseObject({
  type: v.literal("session"),
  id: v.custom<string>(isId, SESSION_FIELDS.id),
  owner: v.nullish(v.custom<string>(isId, SESSION_FIELDS.owner), null),
  metadata: v.nullish(
    v.custom<JsonObject>(isJsonObject, SESSION_FIELDS.metadata),
  ),
  createdAt: isoTime(SESSION_FIELDS.createdAt),
  updatedAt: isoTime(SESSION_FIELDS.updatedAt),
  format: v.pipe(
    v.custom<FormatRef>(isFormatRef, SESSION_FIELDS.format),
    v.check(
      (format) => FORMAT_NAMES.includes(format.name),
      (issue) =>
        `message format "${
          (issue.input as FormatRef).name
        }" is not one this tool imports`,
    ),
  ),
  messageCount: v.custom<number>(isCount, SESSION_FIELDS.messageCount),
}, sessionFieldMessage);

/** A session line as the writer builds it. */
export type SessionLine = v.InferInput<typeof SESSION_LINE>;

/**
 * A message line. The reader checks `session` and `seq` against the
 * session line before it, and `message` against the session's format.
 */
export const MESSAGE_LINE = v.looseObject({
  type: v.literal("message"),
  session: v.string(),
  seq: v.number(),
  role: v.string(),
  createdAt: isoTime(`"createdAt" must be an ISO date-time`),
  message: v.custom<JsonObject>(
    isJsonObject,
    `"message" must be a JSON object`,
  ),
});

/**
 * The header line of an export.
 *
 * @param messageFormat The format of the exporting history.
 * @returns The line, without a line break.
 */
export function headerLine(messageFormat: FormatRef): string {
  const line: v.InferInput<typeof HEADER_LINE> = {
    type: "header",
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    messageFormat: { name: messageFormat.name, version: messageFormat.version },
  };
  return JSON.stringify(line);
}

/**
 * The session line of an export.
 *
 * @param session The session.
 * @returns The line, without a line break.
 */
export function sessionLine(session: Session): string {
  const line: SessionLine = {
    type: "session",
    id: session.id,
    owner: session.owner,
    metadata: session.metadata,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    format: { name: session.format.name, version: session.format.version },
    messageCount: session.messageCount,
  };
  return JSON.stringify(line);
}

/** The fields of a message line other than the message. */
export interface MessageFields {
  /** The message's `seq`. */
  readonly seq: number;
  /** Its stored role. */
  readonly role: Role;
  /** When it was saved. */
  readonly createdAt: Date;
}

/**
 * A message line of an export, built as text so the stored JSON is
 * embedded byte-for-byte. The keys are those of {@linkcode MESSAGE_LINE},
 * in its order.
 *
 * @param sessionId The session id as JSON text (once per session).
 * @param fields The message's seq, role and time.
 * @param messageJson The stored JSON text of the message, on one line.
 * @returns The line, without a line break.
 */
export function messageLine(
  sessionId: string,
  fields: MessageFields,
  messageJson: string,
): string {
  return `{"type":"message","session":${sessionId},"seq":${fields.seq},"role":${
    JSON.stringify(fields.role)
  },"createdAt":"${fields.createdAt.toISOString()}","message":${messageJson}}`;
}
