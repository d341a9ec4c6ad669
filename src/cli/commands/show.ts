/**
 * `history show <session>`: a session as a readable transcript (or, with
 * `--json`, its messages' JSON text exactly as stored).
 *
 * @module
 */
import type { History, Session } from "../../../mod.ts";
import { type Command, requireSession } from "../command.ts";
import { requireView } from "../formats.ts";
import { cutTo, type Output, plural } from "../output.ts";
import { transcriptEntry } from "../transcript/entry.ts";
import { type Painter, painter, renderEntry } from "../transcript/render.ts";
import { formatCount, formatTime, inlineText } from "../transcript/text.ts";
import { titlesOf } from "../transcript/title.ts";

/** `history show`. */
export const showCommand: Command = {
  name: "show",
  usage: "<session>",
  summary: "Print a session's transcript",
  description: [
    "Prints a session as a readable transcript: each message with its seq,",
    "role and time; prompts and answers; tool calls with their arguments and",
    "tool results; thinking folded to one line; token usage. With --json,",
    "prints the messages' JSON text exactly as stored (one array, then a",
    "newline), as Pydantic AI's all_messages_json() writes it.",
  ],
  flags: {
    json: {
      type: "boolean",
      help: "print the messages' JSON text, byte-for-byte as stored",
    },
    last: {
      type: "integer",
      arg: "N",
      min: 1,
      help: "only the newest N messages",
    },
    full: {
      type: "boolean",
      help: "do not shorten long tool arguments and results",
    },
  },
  positionals: [1, 1],
  database: "existing",
  async run({ args, out, history, color, lenient }) {
    const id = args.positionals[0]!;
    const session = await requireSession(history, id, "show");
    const view = requireView(history, session, lenient, "show");
    const last = args.integer("last");
    if (args.boolean("json")) {
      await out.line(
        await view.getMessagesJson(id, last === undefined ? {} : { last }),
      );
      return 0;
    }
    const paint = painter(color);
    const [title] = await titlesOf(history, [session], lenient);
    await printHeading(out, paint, session, title);
    const from = last === undefined ? 0 : Math.max(0, session.lastSeq - last);
    if (from > 0) {
      await out.line(
        paint(
          "gray",
          `  (the last ${
            session.lastSeq - from
          } of ${session.lastSeq} messages)`,
        ),
      );
    }
    await printMessages(out, view, session, from, {
      color,
      full: args.boolean("full"),
    });
    if (session.messageCount === 0) await out.line("\n(no messages)");
    await printUsage(out, view, id);
    return 0;
  },
};

/** The session's title, then one gray line of facts and one of metadata. */
async function printHeading(
  out: Output,
  paint: Painter,
  session: Session,
  title: string | undefined,
): Promise<void> {
  await out.line(
    paint(
      "bold",
      `Session ${inlineText(session.id)}${
        title ? ` — ${inlineText(title)}` : ""
      }`,
    ),
  );
  await out.line(paint(
    "gray",
    `  owner ${inlineText(session.owner ?? "—")} · format ${
      inlineText(`${session.format.name}@${session.format.version}`)
    } · ${formatCount(session.messageCount)} messages · created ${
      formatTime(session.createdAt)
    } · updated ${formatTime(session.updatedAt)}`,
  ));
  if (Object.keys(session.metadata).length > 0) {
    await out.line(
      paint("gray", `  metadata ${inlineText(metadataText(session.metadata))}`),
    );
  }
}

/** The metadata as one line of JSON, cut to 200 characters. */
function metadataText(metadata: Session["metadata"]): string {
  try {
    return cutTo(JSON.stringify(metadata), 200);
  } catch {
    // Nested too deeply for JSON.stringify (written before the library
    // limited depth): the heading still shows the rest.
    return "(nested too deeply to show)";
  }
}

/** Every message after seq `from`, a page at a time. */
async function printMessages(
  out: Output,
  view: History<unknown>,
  session: Session,
  from: number,
  options: { color: boolean; full: boolean },
): Promise<void> {
  let afterSeq = from;
  while (afterSeq < session.lastSeq) {
    const records = await view.getMessageRecords(session.id, {
      afterSeq,
      beforeSeq: session.lastSeq + 1,
      limit: 200,
    });
    if (records.length === 0) break;
    for (const record of records) {
      await out.line();
      const entry = transcriptEntry(record, view.format);
      for (const line of renderEntry(entry, options)) await out.line(line);
      afterSeq = record.seq;
    }
  }
}

/** The session's token usage, when it has any. */
async function printUsage(
  out: Output,
  view: History<unknown>,
  id: string,
): Promise<void> {
  const usage = await view.getUsage({ sessionId: id });
  if (usage.totalTokens + usage.cacheReadTokens + usage.cacheWriteTokens <= 0) {
    return;
  }
  const models = Object.keys(usage.byModel).filter(Boolean);
  await out.line();
  await out.line(
    `Usage: ${plural(usage.responses, "response")} · ${
      formatCount(usage.inputTokens)
    } in / ${formatCount(usage.outputTokens)} out · ${
      formatCount(usage.totalTokens)
    } total tokens${
      models.length ? ` (${inlineText(models.join(", "))})` : ""
    }`,
  );
}
