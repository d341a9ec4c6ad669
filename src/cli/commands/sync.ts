/**
 * `history sync`: pulls the remote database's latest changes into an
 * embedded replica.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { formatCount, inlineText } from "../transcript/text.ts";

/** `history sync`. */
export const syncCommand: Command = {
  name: "sync",
  usage: "",
  summary: "Sync an embedded replica with its remote",
  description: [
    "Pulls the remote database's latest changes into the local replica",
    "(--url file:… with --sync-url libsql://…; token from LIBSQL_AUTH_TOKEN",
    "or TURSO_AUTH_TOKEN).",
  ],
  flags: {},
  positionals: [0, 0],
  database: "create",
  async run({ out, history }) {
    const { framesSynced } = await history.sync();
    await out.line(
      `Synced ${inlineText(history.url)} with its remote${
        framesSynced === undefined
          ? ""
          : ` (${formatCount(framesSynced)} frames)`
      }.`,
    );
    return 0;
  },
};
