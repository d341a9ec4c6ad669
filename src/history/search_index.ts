/**
 * The search index's watermark protocol, in one place. `chat_messages_fts`
 * is an external-content FTS5 table over `chat_messages.search_text`, and
 * `chat_search_state.indexed_upto` is the highest message id it holds:
 *
 * - appends never touch the index (they stay cheap);
 * - a search first indexes every message above the watermark and moves it
 *   up, in the same transaction ({@linkcode CATCH_UP}), so hits are exact;
 * - every delete of messages first removes the indexed ones from the index
 *   ({@linkcode unindex}: an external-content index needs each row's text to
 *   delete it), then lowers the watermark to the newest id left
 *   ({@linkcode LOWER_WATERMARK}), because new messages may reuse the ids of
 *   the newest deleted ones.
 *
 * Every message is indexed, a `NULL` text as an empty document, so FTS5's
 * integrity check can compare the index with `chat_messages` row for row.
 *
 * @module
 */
import type { InStatement } from "@libsql/client/web";
import { type SQL, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import {
  chatMessages,
  chatSearchState,
  MESSAGES_SESSION_SEQ_INDEX,
} from "../db/schema.ts";
import { bare, compile, names } from "./sql.ts";

/**
 * The FTS5 table of migration `0001_search_index`, declared here for its
 * names only: drizzle-kit cannot express virtual tables, so it must never
 * see this declaration (it is not in `src/db/schema.ts`).
 */
export const messagesFts = sqliteTable("chat_messages_fts", {
  /** The message's id (`content_rowid`). */
  rowid: integer("rowid"),
  /** The indexed text. */
  searchText: text("search_text"),
  /**
   * FTS5's command column, named after the table: inserting `'delete'`
   * into it removes a row from the index.
   */
  command: text("chat_messages_fts"),
});

const m = chatMessages;
const state = chatSearchState;

/** The watermark, as a subquery. */
const WATERMARK = sql`(SELECT ${state.indexedUpto} FROM ${state})`;

/** The newest message id, 0 when there are none. */
const NEWEST_ID = sql`(SELECT COALESCE(max(${m.id}), 0) FROM ${m})`;

/**
 * `chat_messages` as a delete reads it; `INDEXED BY` the (session, seq)
 * index where the planner would otherwise scan (a session id `IN` a
 * subquery).
 *
 * @param indexed Whether to name the index.
 * @returns The `FROM` item.
 */
export function messagesFrom(indexed: boolean): SQL {
  return indexed
    ? sql`${m} INDEXED BY ${sql.identifier(MESSAGES_SESSION_SEQ_INDEX)}`
    : sql`${m}`;
}

/**
 * Removes the messages matching `where` from the search index, only those
 * it already holds. Runs before the delete of those messages, in its batch.
 *
 * @param where The condition on `chat_messages`.
 * @param indexed Whether `chat_messages` is read `INDEXED BY` its (session,
 *   seq) index.
 * @returns The statement, for `compile()`.
 */
export function unindex(where: SQL, indexed = false): SQL {
  return sql`INSERT INTO ${messagesFts} (${
    names(messagesFts.command, messagesFts.rowid, messagesFts.searchText)
  }) SELECT 'delete', ${m.id}, ${m.searchText} FROM ${
    messagesFrom(indexed)
  } WHERE ${where} AND ${m.id} <= ${WATERMARK}`;
}

/** After deleting messages: the watermark comes down to the newest id left. */
export const LOWER_WATERMARK: InStatement = compile<never>(() =>
  sql`UPDATE ${state} SET ${
    bare(state.indexedUpto)
  } = min(${state.indexedUpto}, ${NEWEST_ID})`
).bind({});

/** Indexes every message above the watermark, then moves it up. */
export const CATCH_UP: readonly InStatement[] = [
  compile<never>(() =>
    sql`INSERT INTO ${messagesFts} (${
      names(messagesFts.rowid, messagesFts.searchText)
    }) SELECT ${m.id}, ${m.searchText} FROM ${m} WHERE ${m.id} > ${WATERMARK}`
  ).bind({}),
  compile<never>(() =>
    sql`UPDATE ${state} SET ${bare(state.indexedUpto)} = ${NEWEST_ID}`
  ).bind({}),
];
