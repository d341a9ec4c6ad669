/**
 * Export of a history to JSON Lines — the `ironclaw-history-export` format,
 * version 1, one record per line:
 *
 * 1. a header:
 *    `{"type":"header","format":"ironclaw-history-export","version":1,"messageFormat":{"name":"pydantic-ai","version":"1"}}`;
 * 2. for each session, a session line —
 *    `{"type":"session","id":…,"owner":…,"metadata":{…},"createdAt":"<ISO>","updatedAt":"<ISO>","format":{"name":…,"version":…},"messageCount":n}`
 *    — followed by its messages, oldest first, one per line:
 *    `{"type":"message","session":<id>,"seq":n,"role":…,"createdAt":"<ISO>","message":<the stored JSON text>}`.
 *
 * The message is the stored JSON text embedded as is, byte-for-byte (so
 * `3.0` stays `3.0` and big integers keep every digit). A stored text with
 * a line break outside its strings (only hand-formatted JSON text has one)
 * has its whitespace outside strings removed, which keeps every value
 * byte-identical. Sessions are read a page at a time and messages a page at
 * a time: memory stays constant whatever the size of the database.
 *
 * @module
 */
import type { History, Session } from "../mod.ts";
import { SessionNotFoundError } from "../mod.ts";
import { hasLineBreak, minifyJson } from "./_jsonl.ts";
import { allSessions, requireView, ToolError } from "./_tool.ts";

/** The `format` of the header line. */
export const EXPORT_FORMAT = "ironclaw-history-export";
/** The `version` of the header line this module writes and reads. */
export const EXPORT_VERSION = 1;

/** Options of {@linkcode exportHistory}. */
export interface ExportOptions {
  /** Only this owner's sessions. */
  readonly owner?: string;
  /** Only these sessions, in this order (each must exist). */
  readonly sessionIds?: readonly string[];
  /** Read messages with the lenient Pydantic AI format. @default {false} */
  readonly lenient?: boolean;
  /** Messages per read. @default {500} */
  readonly pageSize?: number;
}

/** What {@linkcode exportHistory} wrote. */
export interface ExportResult {
  /** Sessions written. */
  readonly sessions: number;
  /** Messages written. */
  readonly messages: number;
  /** Messages whose stored text spanned several lines and was put on one. */
  readonly reflowed: number;
}

/**
 * The session line of an export.
 *
 * @param session The session.
 * @returns The line, without a line break.
 */
export function sessionLine(session: Session): string {
  return JSON.stringify({
    type: "session",
    id: session.id,
    owner: session.owner,
    metadata: session.metadata,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    format: { name: session.format.name, version: session.format.version },
    messageCount: session.messageCount,
  });
}

/**
 * Writes sessions and their messages as JSON Lines, streaming: `write` is
 * called with a few lines at a time (each ending in `\n`) and awaited, so a
 * slow consumer slows the export down instead of filling memory.
 *
 * @example Export an in-memory history
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { exportHistory } from "./_export.ts";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * await history.getOrCreateSession("s1");
 * await history.saveMessages("s1", '[{"kind":"request","parts":[]}]');
 * let text = "";
 * const result = await exportHistory(history, (chunk) => {
 *   text += chunk;
 *   return Promise.resolve();
 * });
 * assert.equal(result.messages, 1);
 * assert.match(text.split("\n")[2]!, /"message":\{"kind":"request","parts":\[\]\}\}$/);
 * ```
 *
 * @param history The history to read.
 * @param write Receives the text, a chunk of whole lines at a time.
 * @param options Filters and page size.
 * @returns How many sessions and messages were written.
 * @throws {SessionNotFoundError} When a session asked for does not exist.
 * @throws {CorruptRowError} When a stored message no longer parses.
 */
export async function exportHistory(
  history: History,
  write: (text: string) => Promise<void>,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const pageSize = options.pageSize ?? 500;
  const lenient = options.lenient ?? false;
  const source = options.owner === undefined
    ? history
    : history.forOwner(options.owner);
  let chunk = "";
  const emit = async (line: string) => {
    chunk += line + "\n";
    if (chunk.length >= 1 << 16) {
      const text = chunk;
      chunk = "";
      await write(text);
    }
  };
  await emit(JSON.stringify({
    type: "header",
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    messageFormat: {
      name: history.format.name,
      version: history.format.version,
    },
  }));
  let sessions = 0;
  let messages = 0;
  let reflowed = 0;
  const selected = options.sessionIds
    ? pick(source, options.sessionIds)
    : allSessions(source);
  for await (const session of selected) {
    const view = requireView(source, session, lenient, "export");
    await emit(sessionLine(session));
    const id = JSON.stringify(session.id);
    let afterSeq = 0;
    while (afterSeq < session.lastSeq) {
      const records = await view.getMessageRecords(session.id, {
        afterSeq,
        beforeSeq: session.lastSeq + 1,
        limit: pageSize,
      });
      if (records.length === 0) break;
      for (const record of records) {
        let json = record.json;
        if (hasLineBreak(json)) {
          json = minifyJson(json);
          reflowed++;
        }
        await emit(
          `{"type":"message","session":${id},"seq":${record.seq},"role":${
            JSON.stringify(record.role)
          },"createdAt":"${record.createdAt.toISOString()}","message":${json}}`,
        );
        afterSeq = record.seq;
        messages++;
      }
    }
    if (afterSeq !== session.lastSeq) {
      throw new ToolError(
        `Cannot export session "${session.id}": messages were removed from it during the export; run the export again`,
      );
    }
    sessions++;
  }
  if (chunk) await write(chunk);
  return { sessions, messages, reflowed };
}

async function* pick(
  history: History,
  ids: readonly string[],
): AsyncGenerator<Session> {
  for (const id of ids) {
    const session = await history.getSession(id);
    if (!session) throw new SessionNotFoundError(id, "export");
    yield session;
  }
}
