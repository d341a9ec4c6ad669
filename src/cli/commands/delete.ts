/**
 * `history delete <session>`: deletes a session with its messages and
 * search entries, atomically, after asking on a terminal.
 *
 * @module
 */
import { SessionNotFoundError } from "../../../mod.ts";
import {
  type Command,
  confirmed,
  requireSession,
  YES_FLAG,
} from "../command.ts";
import { plural, quote } from "../output.ts";

/**
 * The question `delete` asks on a terminal.
 *
 * @param id The session id (from the command line, or pasted from output).
 * @param messages How many messages it has.
 * @returns One line.
 */
export function deletePrompt(id: string, messages: number): string {
  return `Delete session ${quote(id)} and its ${plural(messages, "message")}?`;
}

/** `history delete`. */
export const deleteCommand: Command = {
  name: "delete",
  usage: "<session>",
  summary: "Delete a session and its messages",
  description: [
    "Deletes a session with its messages and search entries, atomically.",
    "Asks for confirmation when run on a terminal (skip with --yes).",
  ],
  flags: { yes: YES_FLAG },
  positionals: [1, 1],
  database: "existing",
  async run({ args, out, history }) {
    const id = args.positionals[0]!;
    const session = await requireSession(history, id, "delete");
    if (
      !confirmed(
        deletePrompt(id, session.messageCount),
        args.boolean("yes"),
      )
    ) {
      await out.line("Nothing deleted.");
      return 1;
    }
    const result = await history.deleteSession(id);
    if (!result.deleted) throw new SessionNotFoundError(id, "delete");
    await out.line(
      `Deleted session ${quote(id)} and its ${
        plural(result.messages, "message")
      }.`,
    );
    return 0;
  },
};
