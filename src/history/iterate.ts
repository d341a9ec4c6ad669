/**
 * Reading a session as a stream: async generators over its messages in seq
 * order, one keyset page at a time (`seq > cursor ORDER BY seq LIMIT n`, one
 * statement and one round trip per page, on the `(session_id, seq)` key), so
 * that a process holds one page whatever the length of the session.
 *
 * Each page is its own read, not a snapshot of the session: messages
 * appended while iterating are yielded when their seq comes; a message
 * replaced or popped before its page is read is yielded as it is then, or
 * not at all; seqs only increase, so no message is yielded twice. A session
 * deleted while iterating makes the next page throw
 * `SessionNotFoundError`.
 *
 * @module
 */
import type { Row } from "@libsql/client/web";
import { chatMessages } from "../db/schema.ts";
import type { Role } from "../formats/format.ts";
import { checkId, checkLimit, checkSeq } from "./checks.ts";
import { decode, readRecords } from "./read.ts";
import type { Scope } from "./scope.ts";
import type { IterateOptions, MessageRecord } from "./types.ts";

/** Default of {@linkcode IterateOptions.pageSize}. */
export const DEFAULT_PAGE_SIZE = 100;
/**
 * The largest page: far above what amortises a round trip, low enough that
 * a page of large messages cannot hold a process's memory on its own.
 */
export const MAX_PAGE_SIZE = 10_000;

const CONTENT = chatMessages.content.name;
const SEQ = chatMessages.seq.name;
const ROLE = chatMessages.role.name;
const CREATED_AT = chatMessages.createdAt.name;

/** Where the iteration starts and how much each page reads, checked. */
interface Start {
  readonly afterSeq: number;
  readonly pageSize: number;
}

/**
 * The arguments are checked when the iterator is made, not when it is
 * first read, so a bad call fails where it is written.
 */
function start(sessionId: string, options: IterateOptions): Start {
  checkId(sessionId, "Session id");
  const afterSeq = options.afterSeq ?? 0;
  checkSeq(afterSeq, "afterSeq");
  const pageSize = checkLimit(
    options.pageSize,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    "pageSize",
  );
  return { afterSeq, pageSize };
}

/**
 * Reads the pages after `afterSeq` and yields what `item` makes of each
 * row. A short page is the last one: it saves the empty read after it.
 */
async function* pages<T>(
  scope: Scope<unknown>,
  sessionId: string,
  { afterSeq, pageSize }: Start,
  item: (row: Row, seq: number) => T,
): AsyncGenerator<T, void, undefined> {
  let cursor = afterSeq;
  for (;;) {
    const rows = await readRecords(scope, sessionId, {
      afterSeq: cursor,
      limit: pageSize,
    });
    for (const row of rows) {
      cursor = Number(row[SEQ]);
      yield item(row, cursor);
    }
    if (rows.length < pageSize) return;
  }
}

/**
 * `History.iterMessages`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param options Page size and where to start.
 * @returns The messages, oldest first.
 */
export function iterMessages<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  options: IterateOptions,
): AsyncGenerator<TMessage, void, undefined> {
  return pages(
    scope,
    sessionId,
    start(sessionId, options),
    (row, seq) => decode(scope, sessionId, String(row[CONTENT]), seq, false),
  );
}

/**
 * `History.iterMessageRecords`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param options Page size and where to start.
 * @returns The records, oldest first.
 */
export function iterMessageRecords<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  options: IterateOptions,
): AsyncGenerator<MessageRecord<TMessage>, void, undefined> {
  return pages(scope, sessionId, start(sessionId, options), (row, seq) => {
    const json = String(row[CONTENT]);
    return {
      seq,
      role: String(row[ROLE]) as Role,
      createdAt: new Date(Number(row[CREATED_AT])),
      message: decode(scope, sessionId, json, seq, false),
      json,
    };
  });
}
