/**
 * `history import <file>`: restores sessions from a JSON Lines export,
 * checking the whole file before writing anything.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { ToolError } from "../errors.ts";
import { importHistory } from "../exchange/import.ts";
import { plural, quote } from "../output.ts";
import { formatBytes, formatCount } from "../transcript/text.ts";

/** `history import`. */
export const importCommand: Command = {
  name: "import",
  usage: "<file>",
  summary: "Restore sessions from a JSON Lines export",
  description: [
    "Imports a file written by `history export`. Every line is checked first",
    "(it parses, the header is right, every message is valid for its format,",
    "seqs and counts add up, and the library takes every session: each is",
    "imported into a scratch database in memory, then dropped) and nothing",
    "is written if any is wrong; errors name the line. Then each session is",
    "written atomically, keeping ids, owners, metadata, times and each",
    "message's JSON text byte-for-byte.",
    "Sessions whose id already exists are skipped, so running it twice",
    "creates no duplicates. Shows progress on a terminal for large files.",
  ],
  flags: {},
  positionals: [1, 1],
  database: "create",
  // The checking pass imports into a scratch database in memory.
  needs: (args) => ({ read: [args.positionals[0]!], native: true }),
  async run({ args, out, history, lenient }) {
    const path = args.positionals[0]!;
    const size = await importFileSize(path);
    const onProgress = progressBar(size);
    const summary = await importHistory(history, {
      open: async () => (await Deno.open(path)).readable,
      size,
    }, { lenient, ...(onProgress ? { onProgress } : {}) });
    await out.line(
      `Imported ${plural(summary.imported, "session")} (${
        formatCount(summary.importedMessages)
      } messages); skipped ${
        formatCount(summary.skipped)
      } that already existed.`,
    );
    return 0;
  },
};

/** The size of the file to import; it must be a file. */
async function importFileSize(path: string): Promise<number> {
  try {
    const stat = await Deno.stat(path);
    if (!stat.isFile) throw new Error("not a file");
    return stat.size;
  } catch (error) {
    throw new ToolError(
      `Cannot import ${quote(path)}: ${
        error instanceof Deno.errors.NotFound
          ? "no such file"
          : (error as Error).message
      }`,
    );
  }
}

const encoder = new TextEncoder();

/** A progress bar on stderr, when stderr is a terminal and the file is large. */
function progressBar(
  size: number,
): ((phase: string, done: number, total?: number) => void) | undefined {
  if (!Deno.stderr.isTerminal() || size < 1 << 20) return undefined;
  return (phase, done, total = size) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const label = phase === "check" ? "checking " : "importing";
    const end = ratio >= 1 ? "\n" : "";
    Deno.stderr.writeSync(
      encoder.encode(
        `\r${label} ${bar} ${Math.floor(ratio * 100)}% ${formatBytes(done)} / ${
          formatBytes(total)
        }\x1b[K${end}`,
      ),
    );
  };
}
