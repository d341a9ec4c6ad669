/**
 * The scope an operation runs in: the shared connection state, the view's
 * message format and its owner, if any. Every operation module takes a
 * {@linkcode Scope} as its first argument; the `History` facade holds one.
 * It runs statements (turning driver failures into the library's errors),
 * and says once what "this view sees" means: the owner filter and the
 * format check.
 *
 * @internal
 * @module
 */
import type { Client, InStatement, ResultSet } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatSessions } from "../db/schema.ts";
import {
  ConnectionError,
  FormatMismatchError,
  HistoryClosedError,
} from "../errors.ts";
import type { MessageFormat } from "../formats/format.ts";
import { checkId } from "./checks.ts";
import type { Shared } from "./shared.ts";
import { compile, list, Shapes, when } from "./sql.ts";

/** The statements of one batch, by name; a name may hold a list of them. */
export type Steps = {
  readonly [name: string]: InStatement | readonly InStatement[];
};

/** The results of a batch, under the names of its {@linkcode Steps}. */
export type Results<T extends Steps> = {
  readonly [K in keyof T]: T[K] extends readonly InStatement[] ? ResultSet[]
    : ResultSet;
};

/** The bit of a statement's shape that says the view has an owner. */
export const OWNED = 1;

/**
 * ` AND column = :owner` in the shapes with {@linkcode OWNED}, else nothing:
 * how a statement sees only the view's sessions.
 *
 * @param flags The shape's bits.
 * @param column The owner column (of `chat_sessions` or an alias of it).
 * @param owner The placeholder of the owner argument.
 * @returns The condition, or empty SQL.
 */
export function ownerFilter(flags: number, column: Column, owner: SQL): SQL {
  return when(flags & OWNED, sql` AND ${column} = ${owner}`);
}

/** The row `formatOf` reads: enough for {@linkcode Scope.checkFormat}. */
const FORMAT_OF = new Shapes((owned) =>
  compile<"sessionId" | "owner">((a) =>
    sql`SELECT ${
      list(chatSessions.format, chatSessions.formatVersion)
    } FROM ${chatSessions} WHERE ${chatSessions.id} = ${a.sessionId}${
      ownerFilter(owned, chatSessions.ownerId, a.owner)
    }`
  )
);

/**
 * A view of a history: shared state, format and owner.
 *
 * @typeParam TMessage The type of one message of the format.
 */
export class Scope<TMessage> {
  /** The state shared by every view of the history. */
  readonly shared: Shared;
  /** The format messages are checked and read with. */
  readonly format: MessageFormat<TMessage>;
  /** The owner this view is limited to, if any. */
  readonly owner: string | undefined;

  /**
   * @param shared The shared state.
   * @param format The view's format.
   * @param owner The view's owner.
   */
  constructor(
    shared: Shared,
    format: MessageFormat<TMessage>,
    owner?: string,
  ) {
    this.shared = shared;
    this.format = format;
    this.owner = owner;
  }

  /** {@linkcode OWNED} when the view has an owner, else 0. */
  get owned(): number {
    return this.owner === undefined ? 0 : OWNED;
  }

  /** The owner as a statement argument (unused by shapes without owner). */
  get ownerArg(): string | null {
    return this.owner ?? null;
  }

  /**
   * @param ownerId The owner.
   * @returns A view of the same history limited to that owner.
   */
  forOwner(ownerId: string): Scope<TMessage> {
    checkId(ownerId, "Owner");
    if (this.owner !== undefined && this.owner !== ownerId) {
      throw new TypeError(
        `Cannot view owner "${ownerId}" from a view of owner "${this.owner}"`,
      );
    }
    return new Scope(this.shared, this.format, ownerId);
  }

  /**
   * @param format Another format.
   * @returns A view of the same history and owner with that format.
   */
  withFormat<TOther>(format: MessageFormat<TOther>): Scope<TOther> {
    return new Scope(this.shared, format, this.owner);
  }

  /** @returns The libSQL client, unless the history is closed. */
  client(): Client {
    if (this.shared.closed) throw new HistoryClosedError();
    return this.shared.conn.client;
  }

  /**
   * Runs named statements as one batch: one transaction, one round trip.
   *
   * @param steps The statements, by name, in order.
   * @param mode `"write"` for a write transaction, else `"read"`.
   * @param action What is being done, for error messages.
   * @returns The results, under the same names.
   */
  async batch<T extends Steps>(
    steps: T,
    mode: "write" | "read",
    action: string,
  ): Promise<Results<T>> {
    const client = this.client();
    if (mode === "write") this.checkWritable(action);
    const stmts: InStatement[] = [];
    for (const name in steps) {
      const step = steps[name]!;
      if (Array.isArray(step)) stmts.push(...step);
      else stmts.push(step as InStatement);
    }
    let results: ResultSet[];
    try {
      results = await client.batch(stmts, mode);
    } catch (error) {
      throw this.shared.conn.toError(error, action);
    }
    const out: Record<string, ResultSet | ResultSet[]> = {};
    let i = 0;
    for (const name in steps) {
      const step = steps[name]!;
      if (Array.isArray(step)) {
        out[name] = results.slice(i, i += step.length);
      } else {
        out[name] = results[i++]!;
      }
    }
    return out as Results<T>;
  }

  /**
   * Runs one statement on its own (autocommit).
   *
   * @param stmt The statement.
   * @param action What is being done, for error messages.
   * @returns Its result.
   */
  async execute(stmt: InStatement, action: string): Promise<ResultSet> {
    const client = this.client();
    try {
      return await client.execute(stmt);
    } catch (error) {
      throw this.shared.conn.toError(error, action);
    }
  }

  /**
   * Runs one write statement, atomic on its own (autocommit).
   *
   * @param stmt The statement.
   * @param action What is being done, for error messages.
   * @returns Its result.
   */
  async write(stmt: InStatement, action: string): Promise<ResultSet> {
    this.checkWritable(action);
    return await this.execute(stmt, action);
  }

  /**
   * An offline embedded replica refuses writes.
   *
   * @param action What is being done, for the message.
   */
  checkWritable(action: string): void {
    const conn = this.shared.conn;
    if (conn.offline) {
      throw new ConnectionError(
        `Cannot ${action}: the embedded replica "${conn.displayUrl}" is offline (its remote could not be reached when it was opened); reads come from the local copy, and writes work again after a successful sync()`,
      );
    }
  }

  /**
   * The owner an operation with an `owner` option filters on: the view's,
   * or the one asked for at the root.
   *
   * @param asked The `owner` option.
   * @returns The owner to filter on, if any.
   */
  scopeOwner(asked: string | undefined): string | undefined {
    if (asked !== undefined) checkId(asked, "Owner");
    if (this.owner !== undefined) {
      if (asked !== undefined && asked !== this.owner) {
        throw new TypeError(
          `Cannot use owner "${asked}" in a view of owner "${this.owner}"`,
        );
      }
      return this.owner;
    }
    return asked;
  }

  /**
   * The statement reading a session's format, for
   * {@linkcode Scope.checkFormat}.
   *
   * @param sessionId The session.
   * @param owner Its owner, if the read is limited to one.
   * @returns The statement.
   */
  formatOf(
    sessionId: string,
    owner: string | undefined = this.owner,
  ): InStatement {
    return FORMAT_OF.get(owner === undefined ? 0 : OWNED).bind({
      sessionId,
      owner: owner ?? null,
    });
  }

  /**
   * Throws {@linkcode FormatMismatchError} unless the row's format is this
   * view's.
   *
   * @param sessionId The session the row is of.
   * @param row A row with the session's `format` and `format_version`.
   */
  checkFormat(
    sessionId: string,
    row: Readonly<Record<string, unknown>>,
  ): void {
    const name = row[chatSessions.format.name];
    if (name !== this.format.name) {
      throw new FormatMismatchError(
        sessionId,
        `${name}@${row[chatSessions.formatVersion.name]}`,
        `${this.format.name}@${this.format.version}`,
      );
    }
  }
}
