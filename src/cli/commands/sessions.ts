/**
 * `history sessions`: the session list, most recently active first, a page
 * at a time, with each session's title.
 *
 * @module
 */
import type { ParsedArgs } from "../args.ts";
import {
  type Command,
  JSON_FLAG,
  OWNER_FLAG,
  ownerView,
  sessionJson,
} from "../command.ts";
import { UsageError } from "../errors.ts";
import { cutTo, json, quote, table, withoutToken } from "../output.ts";
import { commandLine } from "../shell.ts";
import { painter } from "../transcript/render.ts";
import { formatTime, inlineText } from "../transcript/text.ts";
import { titlesOf } from "../transcript/title.ts";

/** `history sessions`. */
export const sessionsCommand: Command = {
  name: "sessions",
  usage: "",
  summary: "List sessions, most recently active first",
  description: [
    "Lists sessions, most recently active first, a page at a time: id, owner,",
    "last activity, number of messages, and title (the metadata's title, else",
    "the first words of the user). When there are more, the last line gives",
    "the command for the next page (--cursor).",
  ],
  flags: {
    limit: {
      type: "integer",
      arg: "N",
      min: 1,
      max: 1000,
      help: "sessions per page, 1–1000 (default 20)",
    },
    cursor: {
      type: "string",
      arg: "CURSOR",
      help: "the cursor of the next page, from the previous page",
    },
    owner: OWNER_FLAG,
    json: JSON_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, color, lenient }) {
    const limit = args.integer("limit") ?? 20;
    const cursor = args.string("cursor");
    const owner = args.string("owner");
    if (owner !== undefined) ownerView(history, owner);
    let page;
    try {
      page = await history.listSessions({
        limit,
        ...(cursor === undefined ? {} : { cursor }),
        ...(owner === undefined ? {} : { owner }),
      });
    } catch (error) {
      if (cursor !== undefined && error instanceof TypeError) {
        throw new UsageError(
          `--cursor ${
            quote(cutTo(cursor, 40))
          } is not a cursor printed by \`history sessions\``,
        );
      }
      throw error;
    }
    const titles = await titlesOf(history, page.sessions, lenient);
    if (args.boolean("json")) {
      await out.line(json({
        sessions: page.sessions.map((s, i) => sessionJson(s, titles[i])),
        nextCursor: page.nextCursor ?? null,
      }));
      return 0;
    }
    if (page.sessions.length === 0) {
      await out.line(cursor ? "No more sessions." : "No sessions.");
      return 0;
    }
    const paint = painter(color);
    const rows = [
      ["ID", "OWNER", "UPDATED (UTC)", "MSGS", "TITLE"].map((h) =>
        paint("bold", h)
      ),
      ...page.sessions.map((s, i) => [
        inlineText(s.id),
        inlineText(s.owner ?? "—"),
        formatTime(s.updatedAt).slice(0, -1),
        String(s.messageCount).padStart(4),
        inlineText(cutTo(titles[i] ?? "", 60)),
      ]),
    ];
    for (const line of table(rows)) await out.line(line);
    if (page.nextCursor) {
      await out.line();
      await out.line(`Next page: ${nextPage(args, page.nextCursor)}`);
    }
    return 0;
  },
};

/**
 * The command for the next page: the same database (`--url`, `--sync-url`),
 * reading (`--lenient`) and filter (`--owner`, `--limit`) as this one, so
 * running it as printed continues this listing.
 */
function nextPage(args: ParsedArgs, cursor: string): string {
  const words = ["history", "sessions"];
  for (const name of ["url", "sync-url"]) {
    const value = args.string(name);
    if (value !== undefined) words.push(`--${name}`, withoutToken(value));
  }
  const owner = args.string("owner");
  if (owner !== undefined) words.push("--owner", owner);
  if (args.boolean("lenient")) words.push("--lenient");
  const limit = args.integer("limit");
  if (limit !== undefined) words.push("--limit", String(limit));
  words.push("--cursor", cursor);
  return commandLine(words);
}
