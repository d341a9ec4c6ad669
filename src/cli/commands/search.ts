/**
 * `history search <words…>`: full-text search over messages, best first,
 * with snippets.
 *
 * @module
 */
import {
  type Command,
  JSON_FLAG,
  OWNER_FLAG,
  ownerView,
  withArguments,
} from "../command.ts";
import { json, quote } from "../output.ts";
import { painter } from "../transcript/render.ts";
import { formatTime, inlineText } from "../transcript/text.ts";

/** `history search`. */
export const searchCommand: Command = {
  name: "search",
  usage: "<words…>",
  summary: "Full-text search over messages",
  description: [
    "Finds messages containing every word (user prompts, model text, tool",
    "results; case and accents ignored), best first, with a snippet in which",
    "the matched words are in [brackets].",
  ],
  flags: {
    session: {
      type: "string",
      arg: "SESSION",
      help: "only this session",
    },
    owner: OWNER_FLAG,
    limit: {
      type: "integer",
      arg: "N",
      min: 1,
      max: 1000,
      help: "at most N hits, 1–1000 (default 20)",
    },
    json: JSON_FLAG,
  },
  positionals: [1, Infinity],
  database: "existing",
  async run({ args, out, history, color }) {
    const query = args.positionals.join(" ");
    const owner = args.string("owner");
    const sessionId = args.string("session");
    const source = owner === undefined ? history : ownerView(history, owner);
    const limit = args.integer("limit") ?? 20;
    // Only the session id is left for the library to check.
    const hits = sessionId === undefined
      ? await source.searchMessages(query, { limit })
      : await withArguments(() =>
        source.searchMessages(query, { limit, sessionId })
      );
    if (args.boolean("json")) {
      await out.line(json({
        hits: hits.map((h) => ({
          sessionId: h.sessionId,
          seq: h.seq,
          role: h.role,
          createdAt: h.createdAt.toISOString(),
          snippet: h.snippet,
          rank: h.rank,
        })),
      }));
      return 0;
    }
    if (hits.length === 0) {
      await out.line(`No messages match ${quote(query)}.`);
      return 0;
    }
    const paint = painter(color);
    for (const hit of hits) {
      await out.line(
        `${paint("bold", inlineText(hit.sessionId))} #${hit.seq} ${
          inlineText(hit.role)
        } ${paint("gray", formatTime(hit.createdAt))}`,
      );
      const snippet = inlineText(hit.snippet.replace(/\s+/g, " "));
      await out.line(
        `  ${
          color
            ? snippet.replace(
              /\[([^[\]]*)\]/g,
              (_, word: string) => paint("yellow", word),
            )
            : snippet
        }`,
      );
    }
    await out.line();
    await out.line(
      `${hits.length} match${hits.length === 1 ? "" : "es"}.`,
    );
    return 0;
  },
};
