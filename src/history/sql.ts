/**
 * SQL statements written against the drizzle tables of `src/db/schema.ts`,
 * compiled once and reused by every call. A statement is a drizzle `sql`
 * template whose table and column names come from the schema and whose
 * values are named placeholders; {@linkcode compile} renders it (with
 * drizzle's SQLite dialect) into SQL text and the list of names its `?`
 * stand for, in order. Binding a call's values by name then builds the
 * positional arguments libSQL takes, so an argument can never drift from
 * its placeholder. Fixed statements compile when their module loads; the
 * variants of one statement ({@linkcode Shapes}) the first time each is used.
 *
 * Two kinds of holes: an argument (`a.sessionId`, one value) and a slot
 * (`slot.values`, a {@linkcode Fragment} of SQL built per call together
 * with its own arguments, such as the `VALUES` list of an insert).
 *
 * Arguments stay positional on the wire: the local `libsql` driver aborts
 * on a named object for a statement written with `?`, and `?` is what
 * drizzle writes.
 *
 * @module
 */
import type { InValue } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { alias, SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { chatMessages, chatSessions } from "../db/schema.ts";

/** SQL built per call next to the arguments it binds, in order. */
export interface Fragment {
  /** The SQL text, with one `?` per argument. */
  readonly sql: string;
  /** The arguments of its `?`, in order. */
  readonly args: readonly InValue[];
}

/** The values of a statement's arguments, by name. */
export type Args<A extends string> = { readonly [K in A]: InValue };

/** The fragments of a statement's slots, by name. */
export type Slots<S extends string> = { readonly [K in S]: Fragment };

/** A statement with its arguments: what libSQL runs, or a fragment of another. */
export interface Bound extends Fragment {
  /** The arguments of its `?`, in order. */
  readonly args: InValue[];
}

/**
 * A compiled statement: SQL text with `?` for its arguments and the places
 * of its slots.
 */
export interface Statement<A extends string, S extends string = never> {
  /** The statement with these values (and slot fragments). */
  bind(args: Args<A>, slots?: Slots<S>): Bound;
}

// What the dialect writes for a placeholder and around a slot's name:
// characters no statement contains, so compile() can find every hole even
// next to string literals that hold a `?`.
const PARAM = "\u0000";
const SLOT = "\u0001";
// deno-lint-ignore no-control-regex -- the markers are control characters on purpose
const HOLE = /\u0000|\u0001([^\u0001]*)\u0001/g;

/** A name SQLite reads without quotes: every table and column we have. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

// drizzle calls these two unbound, so they use no `this`.
class HoleDialect extends SQLiteSyncDialect {
  override escapeParam(): string {
    return PARAM;
  }

  // Plain names stay bare, so the SQL reads as if written by hand (and as
  // logs and tests that look for `INSERT INTO chat_messages` expect); any
  // other name is quoted, as drizzle quotes it.
  override escapeName(name: string): string {
    return PLAIN_NAME.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
  }
}

const dialect = new HoleDialect();

type Hole = { readonly arg: string } | { readonly slot: string };

function holeProxy<T>(make: (name: string) => T): Record<string, T> {
  return new Proxy({}, {
    get: (_target, name) => make(String(name)),
  }) as Record<string, T>;
}

/**
 * Compiles a statement. `build` receives the argument placeholders and the
 * slots by name (`a.sessionId`, `slot.values`): the type parameters list
 * the names, so a typo is a type error on either side.
 *
 * @param build Returns the statement as a drizzle `sql` template.
 * @returns The compiled statement.
 */
export function compile<A extends string, S extends string = never>(
  build: (
    a: { readonly [K in A]: SQL },
    slot: { readonly [K in S]: SQL },
  ) => SQL,
): Statement<A, S> {
  const query = build(
    holeProxy((name) => sql.placeholder(name)) as never,
    holeProxy((name) => sql.raw(`${SLOT}${name}${SLOT}`)) as never,
  );
  const { sql: marked, params } = dialect.sqlToQuery(query);
  const parts: string[] = [];
  const holes: Hole[] = [];
  let param = 0;
  let from = 0;
  for (const match of marked.matchAll(HOLE)) {
    parts.push(marked.slice(from, match.index));
    from = match.index + match[0].length;
    if (match[1] === undefined) {
      const placeholder = params[param++] as { name?: unknown };
      if (typeof placeholder?.name !== "string") {
        throw new TypeError(
          "compile() takes named placeholders only; write constants as SQL",
        );
      }
      holes.push({ arg: placeholder.name });
    } else {
      holes.push({ slot: match[1] });
    }
  }
  parts.push(marked.slice(from));
  return holes.some((hole) => "slot" in hole) ? slotted(parts, holes) : plain(
    parts.join("?"),
    holes.map((hole) => (hole as { arg: string }).arg),
  );
}

function valueOf(
  args: Readonly<Record<string, InValue>>,
  name: string,
): InValue {
  const value = args[name];
  if (value === undefined) {
    throw new TypeError(`No value for argument "${name}"`);
  }
  return value;
}

/** A statement without slots: fixed text, arguments mapped by name. */
function plain<A extends string>(
  text: string,
  names: readonly string[],
): Statement<A, never> {
  return {
    bind(args) {
      const values: InValue[] = new Array(names.length);
      for (let i = 0; i < names.length; i++) {
        values[i] = valueOf(args, names[i]!);
      }
      return { sql: text, args: values };
    },
  };
}

/** A statement with slots: the text is joined around each call's fragments. */
function slotted<A extends string, S extends string>(
  parts: readonly string[],
  holes: readonly Hole[],
): Statement<A, S> {
  return {
    bind(args, slots) {
      let text = parts[0]!;
      const values: InValue[] = [];
      for (let i = 0; i < holes.length; i++) {
        const hole = holes[i]!;
        if ("arg" in hole) {
          values.push(valueOf(args, hole.arg));
          text += "?";
        } else {
          const fragment = (slots as Record<string, Fragment> | undefined)
            ?.[hole.slot];
          if (!fragment) throw new TypeError(`No SQL for slot "${hole.slot}"`);
          text += fragment.sql;
          for (const value of fragment.args) values.push(value);
        }
        text += parts[i + 1]!;
      }
      return { sql: text, args: values };
    },
  };
}

/**
 * Statements for each combination of some yes/no choices (owner filter,
 * window bounds…), each compiled the first time it is used and kept: a call
 * picks one and never builds SQL.
 */
export class Shapes<T> {
  readonly #build: (flags: number) => T;
  readonly #built: (T | undefined)[] = [];

  /** @param build Compiles the statement(s) for a bit set of choices. */
  constructor(build: (flags: number) => T) {
    this.#build = build;
  }

  /** The statement(s) for these choices (bits the module defines). */
  get(flags: number): T {
    return this.#built[flags] ??= this.#build(flags);
  }
}

/** `sql` when `on`, else nothing: the optional parts of a shape. */
export function when(on: boolean | number, part: SQL): SQL {
  return on ? part : sql.empty();
}

/** A column's bare name, for insert lists, `SET` targets and conflict targets. */
export function bare(column: Column): SQL {
  return sql`${sql.identifier(column.name)}`;
}

/** Bare column names joined by commas: an insert's column list. */
export function names(...columns: Column[]): SQL {
  return sql.join(columns.map(bare), sql`, `);
}

/** Expressions joined by commas: a select list. */
export function list(...items: (Column | SQL)[]): SQL {
  return sql.join(items, sql`, `);
}

/** A result column name (`AS name`), defined once and read back by it. */
export function named(name: string): SQL {
  return sql`${sql.identifier(name)}`;
}

/** `chat_sessions AS s`, for statements that join sessions to messages. */
export const s = alias(chatSessions, "s");
/** `chat_messages AS m`. */
export const m = alias(chatMessages, "m");
/** The `FROM` item of {@linkcode s}. */
export const FROM_S: SQL = sql`${chatSessions} AS ${s}`;
/** The `FROM` item of {@linkcode m}. */
export const FROM_M: SQL = sql`${chatMessages} AS ${m}`;
