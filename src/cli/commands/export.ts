/**
 * `history export`: sessions and their messages as JSON Lines, to stdout or
 * to a file that appears only when complete.
 *
 * @module
 */
import {
  type Command,
  OWNER_FLAG,
  ownerView,
  requireSession,
  SESSIONS_FLAG,
} from "../command.ts";
import { ToolError } from "../errors.ts";
import { exportHistory, type ExportOptions } from "../exchange/export.ts";
import { Output, plural, quote } from "../output.ts";
import { inlineText } from "../transcript/text.ts";

/** `history export`. */
export const exportCommand: Command = {
  name: "export",
  usage: "",
  summary: "Write sessions to JSON Lines (one message per line)",
  description: [
    "Writes sessions and their messages as JSON Lines, streaming (constant",
    "memory), one JSON object per line (format ironclaw-history-export,",
    "version 1):",
    '  {"type":"header","format":"ironclaw-history-export","version":1,…}',
    "then, for each session, its session line followed by exactly",
    "messageCount message lines, seq 1, 2, 3…:",
    '  {"type":"session","id":…,"owner":…,"metadata":{…},"createdAt":…,',
    '   "updatedAt":…,"format":{"name":…,"version":…},"messageCount":N}',
    '  {"type":"message","session":…,"seq":1,"role":…,"createdAt":…,',
    '   "message":<the stored JSON text, byte-for-byte>}',
    "Times are ISO 8601 UTC. Restore with `history import`. The full",
    "description is docs/cli.md in the package (section Export format).",
  ],
  flags: {
    out: {
      type: "string",
      arg: "FILE",
      help:
        "write to this file (created or replaced when complete) instead of stdout",
    },
    owner: OWNER_FLAG,
    session: SESSIONS_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  needs(args) {
    const path = args.string("out");
    return path === undefined ? {} : { write: [path] };
  },
  async run({ args, out, history, lenient }) {
    const owner = args.string("owner");
    const source = owner === undefined ? history : ownerView(history, owner);
    const ids = args.strings("session");
    // Every id is checked, and found, before the first line is written.
    for (const id of ids) await requireSession(source, id, "export");
    const options: ExportOptions = {
      lenient,
      ...(owner === undefined ? {} : { owner }),
      ...(ids.length ? { sessionIds: ids } : {}),
    };
    const path = args.string("out");
    if (path === undefined) {
      await exportHistory(history, (text) => out.write(text), options);
      return 0;
    }
    const result = await exportToFile(
      path,
      (sink) => exportHistory(history, (text) => sink.write(text), options),
    );
    await out.line(
      `Exported ${plural(result.sessions, "session")} and ${
        plural(result.messages, "message")
      } to ${inlineText(path)}.`,
    );
    return 0;
  },
};

/**
 * Writes next to the target, then renames: no half-written file is left
 * behind when the export fails.
 */
async function exportToFile<T>(
  path: string,
  write: (sink: Output) => Promise<T>,
): Promise<T> {
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.partial`;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { write: true, createNew: true });
  } catch (error) {
    throw new ToolError(
      `Cannot export to ${quote(path)}: ${(error as Error).message}`,
    );
  }
  try {
    const sink = new Output(file);
    const result = await write(sink);
    await sink.flush();
    file.close();
    await Deno.rename(temp, path);
    return result;
  } catch (error) {
    try {
      file.close();
    } catch { /* already closed */ }
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
