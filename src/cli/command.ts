/**
 * What a subcommand of the `history` tool is ({@linkcode Command}) and
 * what it gets ({@linkcode Context}), the flags several commands share, and
 * the helpers they use to turn command-line arguments into library calls.
 *
 * @module
 */
import type { History, Session } from "../../mod.ts";
import { SessionNotFoundError } from "../../mod.ts";
import type { FlagSpecs, ParsedArgs } from "./args.ts";
import { UsageError } from "./errors.ts";
import type { Output } from "./output.ts";
import type { Needs } from "./permissions.ts";

/** What a command gets. */
export interface Context {
  /** The parsed arguments. */
  readonly args: ParsedArgs;
  /** Standard output. */
  readonly out: Output;
  /** Whether to use ANSI colors. */
  readonly color: boolean;
  /** `--lenient`: accept Pydantic AI values this version does not know. */
  readonly lenient: boolean;
  /** The database file, for a local file database; else `undefined`. */
  readonly path: string | undefined;
  /**
   * The local file the history uses: a file database's, or an embedded
   * replica's copy; `undefined` for `:memory:` and remote databases.
   */
  readonly localFile: string | undefined;
  /** The opened history. */
  readonly history: History;
}

/** One subcommand. */
export interface Command {
  /** Its name, e.g. `show`. */
  readonly name: string;
  /** Positional arguments in the usage line, e.g. `<session>`. */
  readonly usage: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The paragraph of its `--help`, one line per entry. */
  readonly description: readonly string[];
  /** Its own flags (the global ones are added). */
  readonly flags: FlagSpecs;
  /** Smallest and largest number of positional arguments. */
  readonly positionals: readonly [number, number];
  /** `existing`: the database must exist; `create`: it may be created. */
  readonly database: "existing" | "create";
  /** Checks the arguments before the database is opened. */
  check?(args: ParsedArgs): void;
  /** The files and hosts it uses besides the database (for permissions). */
  needs?(args: ParsedArgs): Needs;
  /** Runs the command; returns the exit code. */
  run(context: Context): Promise<number>;
}

/** The flags every command takes. */
export const GLOBAL_FLAGS: FlagSpecs = {
  url: {
    type: "string",
    arg: "URL",
    help:
      "the database: file:path.db, a path, or libsql://, https://… (default: $LIBSQL_URL, then $TURSO_DATABASE_URL, then file:ironclaw.db)",
  },
  "sync-url": {
    type: "string",
    arg: "URL",
    help: "use --url as an embedded replica of this remote database",
  },
  lenient: {
    type: "boolean",
    help:
      "accept Pydantic AI values this version does not know (histories of newer agents)",
  },
  help: { type: "boolean", short: "h", help: "show help" },
};

/** `--json`: print JSON instead of text. */
export const JSON_FLAG = {
  type: "boolean",
  help: "print JSON instead of text",
} as const;

/** `--owner`: only this owner's sessions. */
export const OWNER_FLAG = {
  type: "string",
  arg: "OWNER",
  help: "only this owner's sessions",
} as const;

/** `--yes`: do not ask for confirmation. */
export const YES_FLAG = {
  type: "boolean",
  short: "y",
  help: "do not ask for confirmation",
} as const;

/** A repeatable `--session`: only these sessions. */
export const SESSIONS_FLAG = {
  type: "string",
  arg: "SESSION",
  multiple: true,
  help: "only this session (repeatable)",
} as const;

/**
 * A session as `--json` prints it.
 *
 * @param session The session.
 * @param title Its title, when the output lists titles.
 * @returns A JSON value.
 */
export function sessionJson(session: Session, title?: string): unknown {
  return {
    id: session.id,
    owner: session.owner,
    ...(title === undefined ? {} : { title }),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    messageCount: session.messageCount,
    metadata: session.metadata,
    format: session.format,
  };
}

/** The library's verdict on an argument (TypeError, RangeError) as a usage error. */
function usageError(error: unknown): unknown {
  return error instanceof TypeError || error instanceof RangeError
    ? new UsageError(error.message)
    : error;
}

/**
 * Runs a library call whose arguments came from the command line. The
 * library checks session ids and owners itself, and throws a `TypeError`
 * or `RangeError` for a bad one; here that is a {@linkcode UsageError}
 * (exit code 2). The tool does not restate the rule.
 *
 * @param call The call.
 * @returns What it returns.
 */
export async function withArguments<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw usageError(error);
  }
}

/**
 * The view of one owner's sessions, the owner checked by the library.
 *
 * @param history The history.
 * @param owner The owner from `--owner`.
 * @returns The view.
 * @throws {UsageError} When the owner is not a valid id.
 */
export function ownerView(history: History, owner: string): History {
  try {
    return history.forOwner(owner);
  } catch (error) {
    throw usageError(error);
  }
}

/**
 * A session that must exist.
 *
 * @param history The history.
 * @param id The session id from the command line.
 * @param action What is being done, for the error, e.g. `"show"`.
 * @returns The session.
 * @throws {UsageError} When the id is not a valid id.
 * @throws {SessionNotFoundError} When there is no such session.
 */
export async function requireSession(
  history: History,
  id: string,
  action: string,
): Promise<Session> {
  const session = await withArguments(() => history.getSession(id));
  if (!session) throw new SessionNotFoundError(id, action);
  return session;
}

/**
 * Asks for confirmation when stdin is a terminal; true otherwise.
 *
 * @param question The question.
 * @param yes `--yes` was given.
 * @returns Whether to go on.
 */
export function confirmed(question: string, yes: boolean): boolean {
  if (yes || !Deno.stdin.isTerminal()) return true;
  return confirm(question);
}

/**
 * The size of a file.
 *
 * @param path The file.
 * @returns Its size in bytes, or `undefined` when it cannot be read.
 */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return undefined;
  }
}
