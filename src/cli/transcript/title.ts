/**
 * The title of a session, for listings: its metadata's `title`, else the
 * first words the user said in its opening messages.
 *
 * @module
 */
import {
  type History,
  HistoryError,
  type JsonObject,
  pydanticAiFormat,
  type Session,
} from "../../../mod.ts";
import { viewFor } from "../formats.ts";
import { messageItems } from "./entry.ts";
import { foldText } from "./text.ts";

/**
 * The first thing the user said in some messages (the first words of a
 * conversation), folded to one line.
 *
 * @param messages Messages, oldest first.
 * @param max The longest result, in characters.
 * @param format The format of the messages (its name chooses the renderer).
 * @returns The text, or `undefined` when no message has a user prompt.
 */
export function firstUserText(
  messages: readonly unknown[],
  max = 60,
  format: Pick<Session["format"], "name"> = pydanticAiFormat,
): string | undefined {
  for (const message of messages) {
    for (const item of messageItems(message, format.name)) {
      if (item.kind === "user" && item.text.trim() !== "") {
        return foldText(item.text, max);
      }
    }
  }
  return undefined;
}

/**
 * The title of a session: its metadata's `title` when that is a non-empty
 * string, otherwise the first user words of its opening messages.
 *
 * @param metadata The session metadata.
 * @param openingMessages The session's first few messages.
 * @param format The format of the messages.
 * @returns The title, possibly empty.
 */
export function sessionTitle(
  metadata: JsonObject,
  openingMessages: readonly unknown[] = [],
  format: Pick<Session["format"], "name"> = pydanticAiFormat,
): string {
  const title = metadata.title;
  if (typeof title === "string" && title.trim() !== "") {
    return foldText(title, 80);
  }
  return firstUserText(openingMessages, 60, format) ?? "";
}

/**
 * The title of a session for listings: its metadata title, else the first
 * user words; empty when its messages cannot be read.
 *
 * @param history The history.
 * @param session The session.
 * @param lenient Read with the lenient Pydantic AI format.
 * @returns The title.
 */
export async function titleOf(
  history: History,
  session: Session,
  lenient: boolean,
): Promise<string> {
  const fromMetadata = sessionTitle(session.metadata);
  if (fromMetadata || session.messageCount === 0) return fromMetadata;
  const view = viewFor(history, session.format, lenient);
  if (!view) return "";
  try {
    return sessionTitle(
      session.metadata,
      await view.getMessages(session.id, { limit: 4 }),
      session.format,
    );
  } catch (error) {
    if (error instanceof HistoryError) return "";
    throw error;
  }
}

/**
 * The titles of sessions, read a few at a time.
 *
 * @param history The history.
 * @param sessions The sessions.
 * @param lenient Read with the lenient Pydantic AI format.
 * @returns The titles, in the same order.
 */
export function titlesOf(
  history: History,
  sessions: readonly Session[],
  lenient: boolean,
): Promise<string[]> {
  return mapLimit(sessions, 8, (s) => titleOf(history, s, lenient));
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}
