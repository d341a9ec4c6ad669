/**
 * Reading a page of a session's messages so that one bad row cannot hide
 * the others: the rows are read through a view whose format has the
 * session's name but accepts any JSON value, then each message is checked
 * against the real format here. A message that fails the check, or whose
 * stored text is not JSON at all, becomes a {@linkcode BrokenSlot} in its
 * place; the rest are shown as usual. A session in a format the viewer
 * does not know is read the same way, each message shown as its JSON.
 *
 * @module
 */
import * as v from "valibot";
import {
  CorruptRowError,
  defineFormat,
  type History,
  type MessageFormat,
  type MessageRecord,
  type Session,
} from "../../../mod.ts";

/** A message that could be read (and, with a known format, passed its check). */
export interface RecordSlot {
  readonly kind: "record";
  /** The record. */
  readonly record: MessageRecord<unknown>;
}

/** A message that could not be shown, with why. */
export interface BrokenSlot {
  readonly kind: "broken";
  /** Its seq. */
  readonly seq: number;
  /** What is wrong with it. */
  readonly error: unknown;
  /** Its stored JSON text, when that at least parses. */
  readonly json: string | undefined;
}

/** One place in a page of messages. */
export type Slot = RecordSlot | BrokenSlot;

/**
 * A view of the history that reads the session's rows with no check of
 * their shape (only that they are JSON).
 *
 * @param history The history.
 * @param format The session's format (its name selects the rows).
 * @returns The view.
 */
export function uncheckedView(
  history: History<unknown>,
  format: Session["format"],
): History<unknown> {
  const any: MessageFormat<unknown> = defineFormat<unknown>({
    name: format.name,
    version: format.version,
    schema: v.unknown(),
    roleOf: () => "user",
  });
  return history.withFormat(any);
}

/**
 * Up to `limit` messages after `after`, each either a record or, in its
 * place, what is wrong with it.
 *
 * @param unchecked The view from {@linkcode uncheckedView}.
 * @param format The real format to check each message against, or
 *   `undefined` to show messages unchecked.
 * @param id The session.
 * @param after Messages after this seq.
 * @param limit How many.
 * @returns The slots, in seq order.
 */
export async function readSlots(
  unchecked: History<unknown>,
  format: MessageFormat<unknown> | undefined,
  id: string,
  after: number,
  limit: number,
): Promise<Slot[]> {
  const slots: Slot[] = [];
  let cursor = after;
  // Each round reads to the end of the page or to the next row that is not
  // even JSON: that row is named by the error, then skipped.
  while (slots.length < limit) {
    try {
      const records = await unchecked.getMessageRecords(id, {
        afterSeq: cursor,
        limit: limit - slots.length,
      });
      slots.push(...records.map((r) => checked(r, format, id)));
      break;
    } catch (error) {
      if (!(error instanceof CorruptRowError) || error.seq <= cursor) {
        throw error;
      }
      const before = await unchecked.getMessageRecords(id, {
        afterSeq: cursor,
        beforeSeq: error.seq,
      });
      slots.push(...before.map((r) => checked(r, format, id)));
      slots.push({ kind: "broken", seq: error.seq, error, json: undefined });
      cursor = error.seq;
    }
  }
  return slots.slice(0, limit);
}

function checked(
  record: MessageRecord<unknown>,
  format: MessageFormat<unknown> | undefined,
  id: string,
): Slot {
  if (!format) return { kind: "record", record };
  const result = v.safeParse(format.schema, record.message);
  if (result.success) return { kind: "record", record };
  const issues = result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
  return {
    kind: "broken",
    seq: record.seq,
    error: new CorruptRowError(id, record.seq, issues),
    json: record.json,
  };
}
