/**
 * What the command-line tool, the web viewer, export and import share: the
 * errors they report to a person, and which message formats they can read.
 * Not part of the public API.
 *
 * @module
 */
import {
  aiSdkModelMessageFormat,
  aiSdkUIMessageFormat,
  createPydanticAiFormat,
  type History,
  type MessageFormat,
  type Session,
} from "../mod.ts";

/** A mistake in how the tool was called (exit code 2). */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message What is wrong, one line.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure to report to a person in one line, without a stack (exit code 1). */
export class ToolError extends Error {
  /**
   * Creates the error.
   *
   * @param message What went wrong, one line.
   * @param options The standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ToolError";
  }
}

/**
 * The message format with this name, if the tool knows it: the formats
 * `mod.ts` exports — Pydantic AI (`lenient` accepts the discriminator and
 * enum values a newer Pydantic AI may write) and the AI SDK's
 * `ModelMessage` and `UIMessage`.
 *
 * @param name The format name a session records.
 * @param lenient Accept unknown Pydantic AI values.
 * @returns The format, or `undefined`.
 */
export function knownFormat(
  name: string,
  lenient: boolean,
): MessageFormat<unknown> | undefined {
  switch (name) {
    case "pydantic-ai":
      return createPydanticAiFormat({
        unknownValues: lenient ? "accept" : "reject",
      }) as MessageFormat<unknown>;
    case aiSdkModelMessageFormat.name:
      return aiSdkModelMessageFormat as MessageFormat<unknown>;
    case aiSdkUIMessageFormat.name:
      return aiSdkUIMessageFormat as MessageFormat<unknown>;
    default:
      return undefined;
  }
}

/**
 * A view of the history that reads a session's messages with the session's
 * own format, or `undefined` when the tool does not know that format.
 *
 * @param history The history.
 * @param format The session's format.
 * @param lenient Accept unknown Pydantic AI values.
 * @returns The view.
 */
export function viewFor(
  history: History<unknown>,
  format: Session["format"],
  lenient: boolean,
): History<unknown> | undefined {
  const known = knownFormat(format.name, lenient);
  return known ? history.withFormat(known) : undefined;
}

/**
 * Like {@linkcode viewFor}, but throws a {@linkcode ToolError} for a format
 * the tool does not know.
 *
 * @param history The history.
 * @param session The session.
 * @param lenient Accept unknown values.
 * @param action What is being done, e.g. `"export"`.
 * @returns The view.
 */
export function requireView(
  history: History<unknown>,
  session: Pick<Session, "id" | "format">,
  lenient: boolean,
  action: string,
): History<unknown> {
  const view = viewFor(history, session.format, lenient);
  if (!view) {
    throw new ToolError(
      `Cannot ${action} session "${session.id}": its message format "${session.format.name}@${session.format.version}" is not one this tool reads`,
    );
  }
  return view;
}

/**
 * Every session the history sees (optionally of one owner), newest first,
 * a page at a time in constant memory.
 *
 * @param history The history.
 * @param owner Only this owner's sessions.
 * @param pageSize Sessions per page.
 * @returns The sessions.
 */
export async function* allSessions(
  history: History<unknown>,
  owner?: string,
  pageSize = 200,
): AsyncGenerator<Session> {
  let cursor: string | undefined;
  do {
    const page = await history.listSessions({
      limit: pageSize,
      ...(cursor === undefined ? {} : { cursor }),
      ...(owner === undefined ? {} : { owner }),
    });
    yield* page.sessions;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}
