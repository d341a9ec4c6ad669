/**
 * `history prune --inactive-since <DATE|DURATION>`: deletes every session
 * inactive since a cut-off, in small atomic batches (or, with `--dry-run`,
 * lists them).
 *
 * @module
 */
import {
  type Command,
  confirmed,
  OWNER_FLAG,
  ownerView,
  YES_FLAG,
} from "../command.ts";
import { parseCutoff } from "../cutoff.ts";
import { UsageError } from "../errors.ts";
import { allSessions } from "../formats.ts";
import { plural, quote } from "../output.ts";
import { formatCount, formatTime } from "../transcript/text.ts";

/** `history prune`. */
export const pruneCommand: Command = {
  name: "prune",
  usage: "",
  summary: "Delete sessions inactive since a date",
  description: [
    "Deletes every session whose last activity is before the cut-off, with",
    "its messages, in small atomic batches: a calendar date (2026-01-31, UTC",
    "midnight), a date-time (2026-01-31T12:00:00Z; UTC unless it has an",
    "offset like +02:00), or a duration before now (45s, 90m, 12h, 30d, 2w;",
    "at most 100 years). --dry-run lists them instead.",
    "Asks for confirmation when run on a terminal (skip with --yes).",
  ],
  flags: {
    "inactive-since": {
      type: "string",
      arg: "DATE|DURATION",
      help: "cut-off: 2026-01-31, 2026-01-31T12:00:00Z, or 30d / 12h / 2w",
    },
    owner: OWNER_FLAG,
    "dry-run": {
      type: "boolean",
      help: "list the sessions that would be deleted, delete nothing",
    },
    yes: YES_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  check(args) {
    const since = args.string("inactive-since");
    if (since === undefined) {
      throw new UsageError("prune needs --inactive-since <DATE|DURATION>");
    }
    parseCutoff(since, Date.now());
  },
  async run({ args, out, history }) {
    const cutoff = parseCutoff(args.string("inactive-since")!, Date.now());
    const owner = args.string("owner");
    if (owner !== undefined) ownerView(history, owner);
    const when = cutoff.toISOString();
    if (args.boolean("dry-run")) {
      let count = 0;
      for await (const s of allSessions(history, owner, 1000)) {
        if (s.updatedAt.getTime() >= cutoff.getTime()) continue;
        count++;
        await out.line(
          `would delete ${quote(s.id)} (last active ${
            formatTime(s.updatedAt)
          }, ${formatCount(s.messageCount)} messages)`,
        );
      }
      await out.line(
        `Would delete ${
          plural(count, "session")
        } inactive since ${when} (dry run: nothing deleted).`,
      );
      return 0;
    }
    if (
      !confirmed(
        `Delete every session${
          owner ? ` of ${quote(owner)}` : ""
        } inactive since ${when}?`,
        args.boolean("yes"),
      )
    ) {
      await out.line("Nothing deleted.");
      return 1;
    }
    const deleted = await history.pruneSessions({
      inactiveSince: cutoff,
      ...(owner === undefined ? {} : { owner }),
    });
    await out.line(
      `Deleted ${plural(deleted, "session")} inactive since ${when}.`,
    );
    return 0;
  },
};
