/**
 * Running statements on a stream's connection the way sqld does: one
 * statement per `execute`, arguments bound by sqld's rules, results and
 * row counts in its shape, SQLite errors under its codes, and a bounded
 * wait (without blocking the event loop) while another stream holds the
 * write lock.
 *
 * @module
 */
import type Database from "libsql";
import { errorMessage, HranaFailure } from "./errors.ts";
import { sleep } from "./sleep.ts";
import { splitStatements, type SqlStatement } from "./sql_split.ts";
import type { HranaStream, LibsqlDatabase, Streams } from "./streams.ts";
import {
  encodeValue,
  type HranaValue,
  isRecord,
  type SqlValue,
} from "./values.ts";

type LibsqlStatement = Database.Statement;

/** A statement of a request, its SQL text resolved and its values decoded. */
export interface ParsedStmt {
  sql: string;
  args: SqlValue[];
  namedArgs: { name: string; value: SqlValue }[];
}

/** The result of one statement, as the Hrana JSON encoding writes it. */
export interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: HranaValue[][];
  "affected_row_count": number;
  "last_insert_rowid": string | null;
}

/** What running a statement needs from the server. */
export interface RunContext {
  /** The open streams (to replace a connection left pending). */
  readonly streams: Streams;
  /** How long a statement keeps retrying while the database is locked. */
  readonly busyTimeoutMs: number;
  /** Aborts when the server closes: waiting stops. */
  readonly shutdown: AbortSignal;
}

const BUSY_RETRY_MAX_DELAY_MS = 100;

/** Executes one statement, retrying while the database is locked. */
export async function execute(
  ctx: RunContext,
  stream: HranaStream,
  stmt: ParsedStmt,
): Promise<StmtResult> {
  const statement = singleStatement(stmt.sql);
  const args = bindArguments(statement, stmt);
  const prepared = await retryBusy(
    ctx,
    stream,
    () => prepare(stream.db, stmt.sql),
    false,
  );
  // Retries must reuse the same statement object; see retryBusy.
  return await retryBusy(
    ctx,
    stream,
    () => runPrepared(stream.db, prepared, statement, args),
    true,
  );
}

/** Runs every statement of a script, stopping at the first error. */
export async function runScript(
  ctx: RunContext,
  stream: HranaStream,
  sql: string,
): Promise<void> {
  for (const statement of splitStatements(sql)) {
    await retryBusy(ctx, stream, () => {
      try {
        stream.db.exec(statement.text);
      } catch (error) {
        throw toHranaFailure(error, "run");
      }
    }, false);
  }
}

/**
 * Runs `fn`, retrying with backoff while it fails with `SQLITE_BUSY`, for
 * up to `busyTimeoutMs`. A blocking `busy_timeout` would
 * freeze the event loop, and with it the stream that holds the lock.
 *
 * `libsql` cannot reset a statement that failed with `SQLITE_BUSY`: it
 * stays active, and its connection keeps an implicit transaction open
 * (later autocommit writes on it are silently never committed, and an
 * explicit COMMIT fails). So retries must run the same statement object
 * again (which resets it), and when `fn` gives up with such a statement
 * pending (`pendingOnBusy`), the stream's connection is replaced.
 */
async function retryBusy<T>(
  ctx: RunContext,
  stream: HranaStream,
  fn: () => T,
  pendingOnBusy: boolean,
): Promise<T> {
  const deadline = Date.now() + ctx.busyTimeoutMs;
  let delay = 2;
  for (;;) {
    let remaining: number;
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof HranaFailure) || !error.busy) throw error;
      remaining = deadline - Date.now();
      const retry = error.retryable && remaining > 0 && !ctx.shutdown.aborted;
      if (!retry) {
        if (pendingOnBusy) ctx.streams.replaceConnection(stream);
        throw error;
      }
    }
    await sleep(Math.min(delay, remaining), ctx.shutdown);
    delay = Math.min(delay * 2, BUSY_RETRY_MAX_DELAY_MS);
  }
}

/** Returns the only statement in `sql`, like sqld's parser would. */
function singleStatement(sql: string): SqlStatement {
  const statements = splitStatements(sql);
  const [statement] = statements;
  if (statement === undefined) {
    throw new HranaFailure(
      "SQL_NO_STATEMENT",
      "SQL string does not contain any statement",
    );
  }
  if (statements.length > 1) {
    throw new HranaFailure(
      "SQL_MANY_STATEMENTS",
      "SQL string contains more than one statement",
    );
  }
  return statement;
}

/** Fails with a request-level error if a batch step could never run. */
export function checkSyntax(db: LibsqlDatabase, sql: string): void {
  singleStatement(sql);
  try {
    db.prepare(sql);
  } catch (error) {
    const failure = toHranaFailure(error, "prepare");
    if (failure.code === "SQL_PARSE_ERROR") throw failure;
    // Other errors (such as a table created by an earlier step) are left
    // for the step itself to report.
  }
}

/**
 * Builds the positional argument array for `statement`, following sqld:
 * too many values or a parameter without a value is `ARGS_INVALID`, and a
 * named parameter matches by its full name or by its name without prefix.
 * Binding by position avoids two `libsql` pitfalls: prefixed keys bind NULL,
 * and a named object on a `?` statement aborts the process.
 */
function bindArguments(statement: SqlStatement, stmt: ParsedStmt): SqlValue[] {
  const { args, namedArgs } = stmt;
  if (args.length > 0 && namedArgs.length > 0) {
    throw new HranaFailure(
      "ARGS_BOTH_POSITIONAL_AND_NAMED",
      "Arguments cannot be both positional and named",
    );
  }
  const params = statement.params;
  const given = args.length + namedArgs.length;
  if (given > params.length) {
    throw new HranaFailure(
      "ARGS_INVALID",
      `Arguments do not match SQL parameters: too many arguments, expected ${params.length} but got ${given}`,
    );
  }
  if (given === 0) return [];
  const named = new Map(namedArgs.map(({ name, value }) => [name, value]));
  return params.map((name, i) => {
    let value: SqlValue | undefined;
    if (name === null || name.startsWith("?")) {
      const position = name === null ? i + 1 : Number(name.slice(1));
      value = args[position - 1];
    } else {
      // Not `??`: a NULL argument is a value too.
      value = named.has(name) ? named.get(name) : named.get(name.slice(1));
    }
    if (value === undefined) {
      throw new HranaFailure(
        "ARGS_INVALID",
        `Arguments do not match SQL parameters: value for parameter ${
          name ?? i + 1
        } not found`,
      );
    }
    return value;
  });
}

const CHANGES_SQL = "SELECT changes(), last_insert_rowid()";

function prepare(db: LibsqlDatabase, sql: string): LibsqlStatement {
  try {
    return db.prepare(sql);
  } catch (error) {
    throw toHranaFailure(error, "prepare");
  }
}

function runPrepared(
  db: LibsqlDatabase,
  prepared: LibsqlStatement,
  statement: SqlStatement,
  args: SqlValue[],
): StmtResult {
  let cols: StmtResult["cols"] = [];
  let rows: HranaValue[][] = [];
  try {
    if (prepared.reader) {
      prepared.raw(true);
      cols = prepared.columns().map((column) => ({
        name: column.name,
        decltype: column.type,
      }));
      rows = (prepared.all(args) as unknown[][]).map((row) =>
        row.map(encodeValue)
      );
    } else {
      prepared.run(args);
    }
  } catch (error) {
    throw toHranaFailure(error, "run");
  }
  // Like sqld: affected rows only for DML, the rowid only for INSERT.
  const verb = statement.verb;
  let affected = 0;
  let lastInsertRowid: string | null = null;
  if (verb === "INSERT" || verb === "UPDATE" || verb === "DELETE") {
    const row = db.prepare(CHANGES_SQL).raw(true).get([]) as bigint[];
    affected = Number(row[0]);
    if (verb === "INSERT") lastInsertRowid = String(row[1]);
  }
  return {
    cols,
    rows,
    "affected_row_count": affected,
    "last_insert_rowid": lastInsertRowid,
  };
}

export function describe(
  db: LibsqlDatabase,
  sql: string,
): Record<string, unknown> {
  const statement = singleStatement(sql);
  const prepared = prepare(db, sql);
  const cols = prepared.reader
    ? prepared.columns().map((column) => ({
      name: column.name,
      decltype: column.type,
    }))
    : [];
  return {
    params: statement.params.map((name) => ({ name })),
    cols,
    "is_explain": statement.explain,
    "is_readonly": statement.verb === "SELECT",
  };
}

/** SQLite primary result code names, indexed by code. */
const PRIMARY_CODE_NAMES = [
  "SQLITE_OK",
  "SQLITE_ERROR",
  "SQLITE_INTERNAL",
  "SQLITE_PERM",
  "SQLITE_ABORT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_NOMEM",
  "SQLITE_READONLY",
  "SQLITE_INTERRUPT",
  "SQLITE_IOERR",
  "SQLITE_CORRUPT",
  "SQLITE_NOTFOUND",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL",
  "SQLITE_EMPTY",
  "SQLITE_SCHEMA",
  "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT",
  "SQLITE_MISMATCH",
  "SQLITE_MISUSE",
  "SQLITE_NOLFS",
  "SQLITE_AUTH",
  "SQLITE_FORMAT",
  "SQLITE_RANGE",
  "SQLITE_NOTADB",
  "SQLITE_NOTICE",
  "SQLITE_WARNING",
];
const SQLITE_ERROR = 1;
const SQLITE_BUSY = 5;
const SQLITE_BUSY_SNAPSHOT = 517;
const PARSE_ERROR_MESSAGE = /syntax error|incomplete input|unrecognized token/;

/**
 * Maps a `libsql` error to the code and message sqld would send: primary
 * codes only (`rawCode & 0xff`), `SQLITE_ERROR` as `SQLITE_UNKNOWN` (as
 * rusqlite names it), and prepare-time errors as `SQL_PARSE_ERROR` (syntax)
 * or `SQL_INPUT_ERROR` (such as unknown tables). Errors that are not SQLite
 * errors are rethrown unchanged.
 */
function toHranaFailure(
  error: unknown,
  phase: "prepare" | "run",
): HranaFailure {
  if (error instanceof HranaFailure) return error;
  if (!isRecord(error) || typeof error.code !== "string") throw error;
  const message = errorMessage(error);
  const raw = typeof error.rawCode === "number"
    ? error.rawCode
    : primaryCodeFromName(error.code);
  const primary = raw & 0xff;
  if (primary === SQLITE_ERROR && phase === "prepare") {
    return PARSE_ERROR_MESSAGE.test(message)
      ? new HranaFailure(
        "SQL_PARSE_ERROR",
        `SQL string could not be parsed: ${message}`,
      )
      : new HranaFailure("SQL_INPUT_ERROR", `SQL input error: ${message}`);
  }
  const name = primary === SQLITE_ERROR
    ? "SQLITE_UNKNOWN"
    : PRIMARY_CODE_NAMES[primary] ?? "SQLITE_UNKNOWN";
  const busy = primary === SQLITE_BUSY;
  return new HranaFailure(name, `SQLite error: ${message}`, {
    busy,
    retryable: busy && raw !== SQLITE_BUSY_SNAPSHOT,
  });
}

/** Finds the primary code of a name like `SQLITE_CONSTRAINT_UNIQUE`. */
function primaryCodeFromName(code: string): number {
  let best = SQLITE_ERROR;
  PRIMARY_CODE_NAMES.forEach((name, primary) => {
    const matches = code === name || code.startsWith(`${name}_`);
    if (matches && name.length > (PRIMARY_CODE_NAMES[best]?.length ?? 0)) {
      best = primary;
    }
  });
  return best;
}
