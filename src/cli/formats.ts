/**
 * Which sessions the tool can read, and how: a view of the history with
 * each session's own message format (found by name in the library's format
 * registry, {@linkcode formatByName}), and every session, a page at a time.
 *
 * @module
 */
import { formatByName, type History, type Session } from "../../mod.ts";
import { ToolError } from "./errors.ts";
import { quote } from "./output.ts";

/**
 * A view of the history that reads a session's messages with the session's
 * own format, or `undefined` when the tool does not know that format.
 *
 * @param history The history.
 * @param format The session's format.
 * @param lenient Accept the Pydantic AI values a newer Pydantic AI may write.
 * @returns The view.
 */
export function viewFor(
  history: History<unknown>,
  format: Session["format"],
  lenient: boolean,
): History<unknown> | undefined {
  const known = formatByName(format.name, { lenient });
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
      `Cannot ${action} session ${quote(session.id)}: its message format ${
        quote(`${session.format.name}@${session.format.version}`)
      } is not one this tool reads`,
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
