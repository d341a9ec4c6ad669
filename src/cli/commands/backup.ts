/**
 * `history backup <file>`: a consistent single-file copy of the database,
 * taken by the library (`History.backup`) while other processes keep
 * writing — unlike copying `ironclaw.db`, which misses what is still in
 * its write-ahead log and can catch a page mid-write. The copy appears
 * under its name only when complete.
 *
 * @module
 */
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

/** `history backup`. */
export const backupCommand: Command = {
  name: "backup",
  usage: "<file>",
  summary: "Copy the database to one consistent file",
  description: [
    "Writes a consistent copy of the whole database to <file>, a single",
    "SQLite file that holds everything (nothing left in a write-ahead log),",
    "while other processes go on reading and writing. Open the copy with",
    "--url <file>. The file appears only when complete; an existing file is",
    "kept unless --force is given, and the database itself is never",
    "replaced.",
  ],
  flags: {
    force: {
      type: "boolean",
      help: "replace <file> if it exists",
    },
  },
  positionals: [1, 1],
  database: "existing",
  needs: (args) => ({
    read: [args.positionals[0]!],
    write: [args.positionals[0]!],
  }),
  async run({ args, out, history, path }) {
    const target = args.positionals[0]!;
    const cannot = (why: string) =>
      new ToolError(`Cannot back up to ${quote(target)}: ${why}`);
    if ((await fileSize(target)) !== undefined) {
      if (path !== undefined && await sameFile(path, target)) {
        throw cannot("it is the database itself");
      }
      if (!args.boolean("force")) {
        throw cannot("the file exists (pass --force to replace it)");
      }
    }
    // The library writes a new file; it becomes the target only when whole.
    const temp = `${target}.${crypto.randomUUID().slice(0, 8)}.partial`;
    let bytes: number;
    try {
      ({ bytes } = await history.backup(temp));
      await Deno.rename(temp, target);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
    await out.line(
      `Backed up ${inlineText(history.url)} to ${inlineText(target)} (${
        formatBytes(bytes)
      }).`,
    );
    return 0;
  },
};
