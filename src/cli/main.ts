/**
 * `history`: the command line of an ironclaw conversation history — list,
 * read and search sessions, export them to JSON Lines and import them back,
 * check every stored row, prune old sessions, and serve a read-only web
 * viewer.
 *
 *     deno task history sessions
 *     deno task history show demo-weather-agent
 *     deno run -A <url>/src/cli/main.ts export --out backup.jsonl
 *
 * The database is `--url`, else `LIBSQL_URL`, else `TURSO_DATABASE_URL`,
 * else `file:ironclaw.db` (the library's own default chain); a remote token
 * comes from `LIBSQL_AUTH_TOKEN` or `TURSO_AUTH_TOKEN` only (never a flag,
 * so it stays out of shell history). Exit codes: 0 ok, 1 failure or problem
 * found, 2 usage error (a bad argument or URL, or a missing `--allow-*`
 * permission, named). Errors are one line on stderr, `history: <message>`,
 * and text from the database is printed with control characters escaped.
 *
 * This file dispatches to the commands (`commands/`, one file each) and
 * prints help and errors. The export format is in `exchange/`, the
 * transcript renderer in `transcript/`, the web viewer in `viewer/`. The
 * tool uses the library only through `mod.ts`.
 *
 * @module
 */
import {
  ConfigError,
  CorruptRowError,
  HistoryError,
  openHistory,
  resolveConnection,
  type ResolvedConnection,
} from "../../mod.ts";
import { flagHelp, parseArgs, type ParsedArgs, splitCommand } from "./args.ts";
import { type Command, fileSize, GLOBAL_FLAGS } from "./command.ts";
import { backupCommand } from "./commands/backup.ts";
import { deleteCommand } from "./commands/delete.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { exportCommand } from "./commands/export.ts";
import { importCommand } from "./commands/import.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { pruneCommand } from "./commands/prune.ts";
import { searchCommand } from "./commands/search.ts";
import { serveCommand } from "./commands/serve.ts";
import { sessionsCommand } from "./commands/sessions.ts";
import { showCommand } from "./commands/show.ts";
import { statsCommand } from "./commands/stats.ts";
import { syncCommand } from "./commands/sync.ts";
import { ToolError, UsageError } from "./errors.ts";
import { ImportFileError } from "./exchange/import.ts";
import { oneLine, Output, quote, warn, withoutToken } from "./output.ts";
import {
  commandNeeds,
  databaseNeeds,
  missingPermission,
  optionalEnv,
  requirePermissions,
} from "./permissions.ts";

/** Every command, in the order of the help. */
const COMMANDS: readonly Command[] = [
  sessionsCommand,
  showCommand,
  searchCommand,
  exportCommand,
  importCommand,
  backupCommand,
  statsCommand,
  doctorCommand,
  migrateCommand,
  syncCommand,
  deleteCommand,
  pruneCommand,
  serveCommand,
];

const EXIT_CODES =
  "Exit codes: 0 ok, 1 failure or problem found, 2 usage error.";

function mainHelp(): string {
  const width = Math.max(
    ...COMMANDS.map((c) => `${c.name} ${c.usage}`.trim().length),
  );
  return [
    "history — read, search, export and check an ironclaw conversation history",
    "",
    "Usage: history <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) =>
      `  ${`${c.name} ${c.usage}`.trim().padEnd(width)}  ${c.summary}`
    ),
    `  ${"help [command]".padEnd(width)}  Show help`,
    "",
    "Database options (every command):",
    ...flagHelp(GLOBAL_FLAGS),
    "",
    "A remote token is read from LIBSQL_AUTH_TOKEN or TURSO_AUTH_TOKEN only.",
    "Colors are used when stdout is a terminal and NO_COLOR is not set.",
    EXIT_CODES,
    "Run `history <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const flags = flagHelp(command.flags);
  return [
    `Usage: history ${command.name}${
      command.usage ? ` ${command.usage}` : ""
    } [options]`,
    "",
    `${command.summary}.`,
    "",
    ...command.description,
    ...(flags.length ? ["", "Options:", ...flags] : []),
    "",
    "Database options:",
    ...flagHelp(GLOBAL_FLAGS),
    "",
    EXIT_CODES,
  ].join("\n");
}

function unknownCommand(name: string): UsageError {
  return new UsageError(
    `unknown command ${quote(name)} (run \`history --help\`)`,
  );
}

/** The command's arguments, checked: flags, then the number of positionals. */
function commandArgs(command: Command, rest: readonly string[]): ParsedArgs {
  const name = command.name;
  let args: ParsedArgs;
  try {
    args = parseArgs(rest, { ...GLOBAL_FLAGS, ...command.flags });
  } catch (error) {
    if (error instanceof UsageError) {
      throw new UsageError(
        `${name}: ${error.message} (run \`history ${name} --help\`)`,
      );
    }
    throw error;
  }
  if (args.boolean("help")) return args;
  const [min, max] = command.positionals;
  const count = args.positionals.length;
  if (count < min || count > max) {
    throw new UsageError(
      count < min
        ? `${name}: missing ${command.usage} (run \`history ${name} --help\`)`
        : `${name}: unexpected argument ${
          quote(args.positionals[max] ?? "")
        } (run \`history ${name} --help\`)`,
    );
  }
  command.check?.(args);
  return args;
}

/**
 * Where the history is. A URL the library refuses (an unknown scheme, a
 * malformed host) is a bad argument, a usage error, like any other.
 */
function resolvedConnection(
  where: { url?: string; syncUrl?: string },
): ResolvedConnection {
  try {
    return resolveConnection(where);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens the history the arguments name, and runs the command on it. */
async function runCommand(
  command: Command,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  const url = args.string("url") || undefined;
  const syncUrl = args.string("sync-url");
  const where = {
    ...(url === undefined ? {} : { url }),
    ...(syncUrl === undefined ? {} : { syncUrl }),
  };
  const connection = resolvedConnection(where);
  await requirePermissions([
    ...databaseNeeds(connection, syncUrl),
    ...commandNeeds(command.needs?.(args) ?? {}),
  ], command.name);
  const path = connection.kind === "file" ? connection.path : undefined;
  if (command.database === "existing" && path !== undefined) {
    if ((await fileSize(path)) === undefined) {
      // A --url is shown as it was typed (a plain path stays a path).
      throw new ToolError(
        `Cannot open history ${
          quote(withoutToken(url ?? connection.url))
        }: no such file (pass --url, or run \`history migrate\` to create it)`,
      );
    }
  }
  await using history = await openHistory(where);
  const color = Deno.stdout.isTerminal() && !optionalEnv("NO_COLOR");
  return await command.run({
    args,
    out,
    color,
    lenient: args.boolean("lenient"),
    path,
    localFile: connection.path,
    history,
  });
}

async function run(argv: readonly string[], out: Output): Promise<number> {
  const { command: name, rest } = splitCommand(argv, GLOBAL_FLAGS);
  if (name === undefined) {
    const globals = parseArgs(rest, GLOBAL_FLAGS);
    if (globals.boolean("help")) {
      await out.line(mainHelp());
      return 0;
    }
    throw new UsageError("missing command (run `history --help`)");
  }
  if (name === "help") {
    const topic = rest.find((a) => !a.startsWith("-"));
    const command = COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && !command) throw unknownCommand(topic);
    await out.line(command ? commandHelp(command) : mainHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw unknownCommand(name);
  const args = commandArgs(command, rest);
  if (args.boolean("help")) {
    await out.line(commandHelp(command));
    return 0;
  }
  return await runCommand(command, args, out);
}

/**
 * Runs the `history` command line with these arguments, writing to the
 * process's stdout and stderr, and returns the exit code: 0 ok, 1 failure
 * or problem found, 2 usage error. Errors are printed as one line,
 * `history: <message>`, without a stack trace (set `HISTORY_DEBUG=1` to get
 * one for unexpected errors).
 *
 * @example Run it as a script
 * ```ts ignore
 * Deno.exit(await main(Deno.args));
 * ```
 *
 * @param argv The arguments, without the program name.
 * @returns The exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const out = new Output(Deno.stdout);
  let code: number;
  try {
    code = await run(argv, out);
    await out.flush();
    return code;
  } catch (error) {
    try {
      await out.flush();
    } catch {
      // stdout is gone (a closed pipe); the error still goes to stderr.
    }
    if (error instanceof Deno.errors.BrokenPipe) return 1;
    return await reportError(error);
  }
}

/** Each problem of a file that cannot be imported, on its own line. */
async function reportImportFile(error: ImportFileError): Promise<void> {
  const [only] = error.problems;
  if (error.problems.length === 1 && !error.truncated && only) {
    await warn(
      `history: line ${only.line}: ${
        oneLine(only.message)
      } (nothing was imported)`,
    );
    return;
  }
  for (const p of error.problems) {
    await warn(`history: line ${p.line}: ${oneLine(p.message)}`);
  }
  await warn(
    `history: nothing was imported: ${error.problems.length}${
      error.truncated ? " or more" : ""
    } problem${error.problems.length === 1 ? "" : "s"} in the file`,
  );
}

/** Prints an error as one line (plus a stack with `HISTORY_DEBUG`); its exit code. */
async function reportError(error: unknown): Promise<number> {
  if (error instanceof UsageError) {
    await warn(`history: ${oneLine(error.message)}`);
    return 2;
  }
  const refused = missingPermission(error);
  if (refused) {
    await warn(
      `history: missing permission: ${
        oneLine(refused.reason)
      } (run it with ${refused.flag}, or -A)`,
    );
    return 2;
  }
  if (error instanceof ImportFileError) {
    await reportImportFile(error);
    return 1;
  }
  if (error instanceof CorruptRowError) {
    await warn(
      `history: ${
        oneLine(error.message)
      } (run \`history doctor\` to list every corrupt row)`,
    );
    return 1;
  }
  if (error instanceof HistoryError || error instanceof ToolError) {
    await warn(`history: ${oneLine(error.message)}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  await warn(`history: unexpected error: ${oneLine(message)}`);
  if (optionalEnv("HISTORY_DEBUG") && error instanceof Error && error.stack) {
    await warn(error.stack);
  }
  return 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
