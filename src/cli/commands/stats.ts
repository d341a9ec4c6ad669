/**
 * `history stats`: counts of sessions, messages and owners, the size of a
 * local database file, and token usage in total and per model.
 *
 * @module
 */
import type { UsageTotals } from "../../../mod.ts";
import {
  type Command,
  fileSize,
  JSON_FLAG,
  OWNER_FLAG,
  ownerView,
} from "../command.ts";
import { allSessions } from "../formats.ts";
import { json, plural, table } from "../output.ts";
import { formatBytes, formatCount, inlineText } from "../transcript/text.ts";

/** `history stats`. */
export const statsCommand: Command = {
  name: "stats",
  usage: "",
  summary: "Counts, database size and token usage",
  description: [
    "Counts sessions, messages and owners, shows the size of a local",
    "database file (and its write-ahead log), and adds up token usage, in",
    "total and per model.",
  ],
  flags: { owner: OWNER_FLAG, json: JSON_FLAG },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, path: file }) {
    const owner = args.string("owner");
    if (owner !== undefined) ownerView(history, owner);
    let sessions = 0;
    let messages = 0;
    const owners = new Set<string>();
    let unowned = 0;
    for await (const s of allSessions(history, owner, 1000)) {
      sessions++;
      messages += s.messageCount;
      if (s.owner === null) unowned++;
      else owners.add(s.owner);
    }
    const usage = await history.getUsage(
      owner === undefined ? {} : { owner },
    );
    const path = history.kind === "file" ? file : undefined;
    const fileBytes = path === undefined ? undefined : await fileSize(path);
    const walBytes = path === undefined
      ? undefined
      : await fileSize(`${path}-wal`);
    if (args.boolean("json")) {
      await out.line(json({
        url: history.url,
        kind: history.kind,
        fileBytes: fileBytes ?? null,
        walBytes: walBytes ?? null,
        sessions,
        messages,
        owners: owners.size,
        sessionsWithoutOwner: unowned,
        usage,
      }));
      return 0;
    }
    const size = fileBytes === undefined
      ? ""
      : `  (${formatBytes(fileBytes)}${
        walBytes ? `, write-ahead log ${formatBytes(walBytes)}` : ""
      })`;
    const lines = [
      ["Database", `${inlineText(history.url)}${size}`],
      [
        "Sessions",
        `${formatCount(sessions)}${
          owner === undefined
            ? `  (${plural(owners.size, "owner")}, ${
              formatCount(unowned)
            } without owner)`
            : `  (owner ${inlineText(owner)})`
        }`,
      ],
      ["Messages", formatCount(messages)],
      ["Usage", tokens(usage)],
    ];
    for (const line of table(lines)) await out.line(line);
    for (const [model, totals] of Object.entries(usage.byModel)) {
      await out.line(
        `  ${inlineText(model || "(unknown model)")}: ${tokens(totals)}`,
      );
    }
    return 0;
  },
};

/** Token totals in one line: responses, in / out, total, cache. */
function tokens(u: UsageTotals): string {
  return `${plural(u.responses, "response")} · ${
    formatCount(u.inputTokens)
  } in / ${formatCount(u.outputTokens)} out · ${
    formatCount(u.totalTokens)
  } total tokens${
    u.cacheReadTokens || u.cacheWriteTokens
      ? ` · cache ${formatCount(u.cacheReadTokens)} read / ${
        formatCount(u.cacheWriteTokens)
      } written`
      : ""
  }`;
}
