/**
 * `history backup <file>`: a consistent single-file copy of the database,
 * taken by the library (`History.backup`) while other processes keep
 * writing — unlike copying `ironclaw.db`, which misses what is still in
 * its write-ahead log and can catch a page mid-write.
 *
 * @module
 */
import type { History } from "../../../mod.ts";
import { type Command, fileSize } from "../command.ts";
import { ToolError } from "../errors.ts";
import { quote } from "../output.ts";
import { formatBytes, inlineText } from "../transcript/text.ts";

/** Whether two paths name the same existing file. */
async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await Deno.realPath(a)) === (await Deno.realPath(b));
  } catch {
    return false;
  }
}

/** The directory of a path (`.` for a bare file name). */
function dirname(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? "." : cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/** A backup to a new file next to the target, renamed over it when whole. */
async function backupReplacing(
  history: History,
  target: string,
): Promise<{ bytes: number }> {
  const temp = `${target}.${crypto.randomUUID().slice(0, 8)}.partial`;
  // A failed backup removes its own file; a failed rename leaves ours.
  const result = await history.backup(temp);
  try {
    await Deno.rename(temp, target);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return result;
}

/** `history backup`. */
export const backupCommand: Command = {
  name: "backup",
  usage: "<file>",
  summary: "Copy the database to one consistent file",
  description: [
    "Writes a consistent copy of the whole database to <file>, a single",
    "SQLite file that holds everything (nothing left in a write-ahead log),",
    "while other processes go on reading and writing. Open the copy with",
    "--url <file>. A file that exists is kept unless --force is given (then",
    "it is replaced only once the new copy is complete); the database itself",
    "is never replaced. For a local file or an embedded replica; copy a",
    "remote database with `history export` and `history import`.",
  ],
  flags: {
    force: {
      type: "boolean",
      help: "replace <file> if it exists",
    },
  },
  positionals: [1, 1],
  database: "existing",
  needs(args) {
    const target = args.positionals[0]!;
    // With --force the copy is written next to the target, then renamed.
    const where = args.boolean("force") ? dirname(target) : target;
    return { read: [where], write: [where] };
  },
  async run({ args, out, history, localFile }) {
    const target = args.positionals[0]!;
    const exists = (await fileSize(target)) !== undefined;
    if (
      exists && localFile !== undefined && await sameFile(localFile, target)
    ) {
      throw new ToolError(
        `Cannot back up to ${quote(target)}: it is the database itself`,
      );
    }
    if (exists && !args.boolean("force")) {
      throw new ToolError(
        `Cannot back up to ${
          quote(target)
        }: the file exists (pass --force to replace it)`,
      );
    }
    // The library creates a new file and never overwrites one; --force
    // replaces the target only once the new copy is whole.
    const { bytes } = args.boolean("force")
      ? await backupReplacing(history, target)
      : await history.backup(target);
    await out.line(
      `Backed up ${inlineText(history.url)} to ${inlineText(target)} (${
        formatBytes(bytes)
      }).`,
    );
    return 0;
  },
};
