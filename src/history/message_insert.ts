/**
 * How prepared messages become rows of `chat_messages`: an
 * `INSERT … SELECT` from a `VALUES` list built per call (the rows differ
 * every time), whose columns the statements read as `v.column1…5`. The
 * list's SQL and its arguments are built side by side, in one loop.
 *
 * @module
 */
import { type SQL, sql } from "drizzle-orm";
import { chatMessages } from "../db/schema.ts";
import type { PreparedRow } from "./prepare.ts";
import { type Fragment, names } from "./sql.ts";

/**
 * Messages per INSERT statement (three or four bound values each), well
 * under SQLite's limit on the bound values of one statement.
 */
export const INSERT_CHUNK = 400;

/** `INSERT INTO chat_messages (…)`: the columns every insert of messages writes. */
export const INSERT_MESSAGES: SQL = sql`INSERT INTO ${chatMessages} (${
  names(
    chatMessages.sessionId,
    chatMessages.seq,
    chatMessages.role,
    chatMessages.content,
    chatMessages.searchText,
    chatMessages.createdAt,
  )
})`;

/**
 * The columns of a {@linkcode messageValues} list, as SQLite names the
 * columns of `VALUES` (the list is always aliased `v`).
 */
export const V = {
  /** The message's place, counted from the list's `first`. */
  seq: sql.raw("v.column1"),
  /** Its role. */
  role: sql.raw("v.column2"),
  /** Its JSON text. */
  content: sql.raw("v.column3"),
  /** Its search text, or `NULL`. */
  searchText: sql.raw("v.column4"),
  /** Its time, when the list was built with times. */
  createdAt: sql.raw("v.column5"),
} as const;

/**
 * `(values) AS v`, for a `FROM` clause.
 *
 * @param values The slot the list goes into.
 * @returns The `FROM` item.
 */
export function fromValues(values: SQL): SQL {
  return sql`(${values}) AS v`;
}

/**
 * Prepared messages as a `VALUES` list: `column1` counts from `first`, then
 * role, content and search text (NULL for none), then each row's time when
 * `times` is given.
 *
 * @param rows The messages.
 * @param first The number of the first row.
 * @param times Each row's time, for an import.
 * @returns The list and its arguments.
 */
export function messageValues(
  rows: readonly PreparedRow[],
  first: number,
  times?: readonly number[],
): Fragment {
  const tuples: string[] = [];
  const args: (string | number | null)[] = [];
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    args.push(row.role, row.content, row.text || null);
    if (times) {
      tuples.push(`(${first + j}, ?, ?, ?, ?)`);
      args.push(times[j]!);
    } else {
      tuples.push(`(${first + j}, ?, ?, ?)`);
    }
  }
  return { sql: `VALUES ${tuples.join(", ")}`, args };
}
