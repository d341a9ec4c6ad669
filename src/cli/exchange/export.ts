/**
 * Export of a history to the `ironclaw-history-export` JSON Lines format
 * (see `format.ts`), streaming: sessions are read a page at a time and
 * messages a page at a time, so memory stays constant whatever the size of
 * the database. A stored text with a line break outside its strings (only
 * hand-formatted JSON text has one) has its whitespace outside strings
 * removed, which keeps every value byte-identical.
 *
 * @module
 */
import type { History, Session } from "../../../mod.ts";
import { SessionNotFoundError } from "../../../mod.ts";
import { ToolError } from "../errors.ts";
import { allSessions, requireView } from "../formats.ts";
import { headerLine, messageLine, sessionLine } from "./format.ts";
import { hasLineBreak, minifyJson } from "./jsonl.ts";

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

/** Gathers lines into chunks of about 64 KiB for `write`. */
class Chunks {
  readonly #write: (text: string) => Promise<void>;
  #chunk = "";

  constructor(write: (text: string) => Promise<void>) {
    this.#write = write;
  }

  async line(line: string): Promise<void> {
    this.#chunk += line + "\n";
    if (this.#chunk.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.#chunk) return;
    const text = this.#chunk;
    this.#chunk = "";
    await this.#write(text);
  }
}

/**
 * Writes sessions and their messages as JSON Lines, streaming: `write` is
 * called with a few lines at a time (each ending in `\n`) and awaited, so a
 * slow consumer slows the export down instead of filling memory.
 *
 * @example Export an in-memory history
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { exportHistory } from "./export.ts";
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
  const out = new Chunks(write);
  await out.line(headerLine(history.format));
  let sessions = 0;
  let messages = 0;
  let reflowed = 0;
  const selected = options.sessionIds
    ? pick(source, options.sessionIds)
    : allSessions(source);
  for await (const session of selected) {
    const view = requireView(source, session, lenient, "export");
    await out.line(sessionLine(session));
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
        await out.line(messageLine(id, record, json));
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
  await out.flush();
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
