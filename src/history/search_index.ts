/**
 * The search indexes and their watermark protocol, in one place. Two
 * external-content FTS5 tables index `chat_messages.search_text`:
 * `chat_messages_fts` (`unicode61`: whole words) and `chat_messages_trigram`
 * (`trigram`: any part of the text, for the messages with text of a script
 * written without spaces; migration `0004_search_trigram`).
 * `chat_search_state.indexed_upto` is the highest message id they hold:
 *
 * - appends never touch the indexes (they stay cheap);
 * - a search first indexes every message above the watermark and moves it
 *   up, in the same transaction ({@linkcode CATCH_UP}), so hits are exact;
 * - every delete of messages first removes the indexed ones from both
 *   indexes ({@linkcode unindex}: an external-content index needs each row's
 *   text to delete it), then lowers the watermark to the newest id left
 *   ({@linkcode LOWER_WATERMARK}), because new messages may reuse the ids of
 *   the newest deleted ones;
 * - where the catch-up cannot run (an offline replica refuses writes), the
 *   messages above the watermark are indexed for the one search in
 *   temporary tables of the same kinds, dropped by the same batch
 *   ({@linkcode TAIL}).
 *
 * Every message is in the word index, a `NULL` text as an empty document,
 * so FTS5's integrity check can compare it with `chat_messages` row for
 * row; the trigram index likewise with its content view.
 *
 * @module
 */
import type { InStatement } from "@libsql/client/web";
import { getTableName, type SQL, sql, type Table } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import {
  chatMessages,
  chatSearchState,
  MESSAGES_SESSION_SEQ_INDEX,
} from "../db/schema.ts";
import { bare, compile, names } from "./sql.ts";

/** The tokenizer of the word index (migration `0001_search_index`). */
export const WORDS_TOKENIZER = "unicode61 remove_diacritics 2";
/** The tokenizer of the trigram index (migration `0004_search_trigram`). */
export const TRIGRAM_TOKENIZER = "trigram remove_diacritics 1";

/**
 * An FTS5 table, declared for its names only: drizzle-kit cannot express
 * virtual tables, so it must never see these declarations (they are not in
 * `src/db/schema.ts`).
 */
function ftsTable(name: string) {
  return sqliteTable(name, {
    /** The message's id (`content_rowid`). */
    rowid: integer("rowid"),
    /** The indexed text. */
    searchText: text("search_text"),
    /**
     * FTS5's command column, named after the table: inserting `'delete'`
     * into it removes a row from the index.
     */
    command: text(name),
  });
}

/**
 * An `fts5vocab` table of type `instance` over a trigram index: one row per
 * occurrence of each trigram.
 */
function instancesTable(name: string) {
  return sqliteTable(name, {
    /** The trigram, folded as the tokenizer folds it. */
    term: text("term"),
    /** The message id. */
    doc: integer("doc"),
    /** Where in the text it starts, in characters from 0. */
    offset: integer("offset"),
  });
}

/**
 * The tables one search reads: a word index, a trigram index and its
 * occurrences.
 */
export interface IndexSet {
  /** The `unicode61` index. */
  readonly words: ReturnType<typeof ftsTable>;
  /** The `trigram` index. */
  readonly trigram: ReturnType<typeof ftsTable>;
  /** The trigram index's occurrences. */
  readonly instances: ReturnType<typeof instancesTable>;
}

/** The indexes in the database (migrations `0001` and `0004`). */
export const STORED: IndexSet = {
  words: ftsTable("chat_messages_fts"),
  trigram: ftsTable("chat_messages_trigram"),
  instances: instancesTable("chat_messages_trigram_instances"),
};

/**
 * The temporary indexes of the messages above the watermark, for a search
 * that cannot catch up: created, filled, read and dropped by one batch.
 */
export const TAIL: IndexSet = {
  words: ftsTable("chat_search_tail"),
  trigram: ftsTable("chat_search_tail_trigram"),
  instances: instancesTable("chat_search_tail_instances"),
};

/**
 * The trigram index's content (migration `0004`): the messages with text
 * of a script written without spaces, padded with two spaces.
 */
const unspaced = sqliteTable("chat_messages_unspaced", {
  id: integer("id"),
  searchText: text("search_text"),
});

/**
 * The view whose `INSTEAD OF INSERT` trigger (migration `0004`) removes the
 * messages with the inserted ids from both indexes.
 */
const searchRemove = sqliteTable("chat_search_remove", {
  id: integer("id"),
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
 * Removes the messages matching `where` from both search indexes, only
 * those they already hold. Runs before the delete of those messages, in
 * its batch: one statement, through the view `chat_search_remove`.
 *
 * @param where The condition on `chat_messages`.
 * @param indexed Whether `chat_messages` is read `INDEXED BY` its (session,
 *   seq) index.
 * @returns The statement, for `compile()`.
 */
export function unindex(where: SQL, indexed = false): SQL {
  return sql`INSERT INTO ${searchRemove} (${
    names(searchRemove.id)
  }) SELECT ${m.id} FROM ${
    messagesFrom(indexed)
  } WHERE ${where} AND ${m.id} <= ${WATERMARK}`;
}

/** After deleting messages: the watermark comes down to the newest id left. */
export const LOWER_WATERMARK: InStatement = compile<never>(() =>
  sql`UPDATE ${state} SET ${
    bare(state.indexedUpto)
  } = min(${state.indexedUpto}, ${NEWEST_ID})`
).bind({});

/** Fills a set's indexes with the messages above the watermark. */
function fill(set: IndexSet): InStatement[] {
  return [
    compile<never>(() =>
      sql`INSERT INTO ${set.words} (${
        names(set.words.rowid, set.words.searchText)
      }) SELECT ${m.id}, ${m.searchText} FROM ${m} WHERE ${m.id} > ${WATERMARK}`
    ).bind({}),
    compile<never>(() =>
      sql`INSERT INTO ${set.trigram} (${
        names(set.trigram.rowid, set.trigram.searchText)
      }) SELECT ${unspaced.id}, ${unspaced.searchText} FROM ${unspaced} WHERE ${unspaced.id} > ${WATERMARK}`
    ).bind({}),
  ];
}

/** Indexes every message above the watermark, then moves it up. */
export const CATCH_UP: readonly InStatement[] = [
  ...fill(STORED),
  compile<never>(() =>
    sql`UPDATE ${state} SET ${bare(state.indexedUpto)} = ${NEWEST_ID}`
  ).bind({}),
];

const ident = (table: Table) => sql.identifier(getTableName(table));

/**
 * The temporary indexes of the messages above the watermark, with the
 * stored indexes' tokenizers: before a search that cannot catch up.
 */
export const TAIL_CREATE: readonly InStatement[] = [
  ...[
    sql`CREATE VIRTUAL TABLE temp.${ident(TAIL.words)} USING fts5(${
      bare(TAIL.words.searchText)
    }, tokenize = ${sql.raw(`'${WORDS_TOKENIZER}'`)})`,
    sql`CREATE VIRTUAL TABLE temp.${ident(TAIL.trigram)} USING fts5(${
      bare(TAIL.trigram.searchText)
    }, tokenize = ${sql.raw(`'${TRIGRAM_TOKENIZER}'`)})`,
    sql`CREATE VIRTUAL TABLE temp.${
      ident(TAIL.instances)
    } USING fts5vocab(temp, ${ident(TAIL.trigram)}, 'instance')`,
  ].map((stmt): InStatement => compile<never>(() => stmt).bind({})),
  ...fill(TAIL),
];

/** Drops the temporary indexes, in the batch that created them. */
export const TAIL_DROP: readonly InStatement[] = [
  TAIL.instances,
  TAIL.trigram,
  TAIL.words,
].map((table) =>
  compile<never>(() => sql`DROP TABLE temp.${ident(table)}`).bind({})
);
