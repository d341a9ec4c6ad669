/**
 * Import of an `ironclaw-history-export` JSON Lines file (the format is in
 * `format.ts`). Two passes over the file: the first checks every line — it
 * parses, the header is right, each session line is complete, each message
 * is valid for its format, seqs are 1, 2, 3… and the counts add up — and
 * then asks the library about each session by importing it into a scratch
 * history ({@linkcode DryRun}), so everything the writing pass could
 * refuse is refused here; it writes nothing. Only if all is well does the
 * second pass write each session, atomically, with the same
 * `importSession` call (messages as their JSON text, byte-for-byte). A
 * session whose id already exists is skipped, so importing the same file
 * twice creates no duplicates. Memory: one session's messages at a time.
 *
 * @module
 */
import {
  type History,
  type ImportResult,
  ValidationError,
} from "../../../mod.ts";
import { ToolError } from "../errors.ts";
import { requireView } from "../formats.ts";
import { DryRun, importedSession, refusalOf } from "./dry_run.ts";
import { type Line, LineDecodeError, readLines } from "./jsonl.ts";
import { type FileSession, type ImportProblem, Reader } from "./reader.ts";

/** The file is not a valid export; nothing was imported. */
export class ImportFileError extends Error {
  /** The problems found, in line order (at most `maxProblems`). */
  readonly problems: readonly ImportProblem[];
  /** Whether more problems were found than are listed. */
  readonly truncated: boolean;

  /**
   * Creates the error.
   *
   * @param problems The problems found.
   * @param truncated Whether the list was cut.
   */
  constructor(problems: readonly ImportProblem[], truncated: boolean) {
    const first = problems[0];
    super(
      `Cannot import: ${problems.length}${
        truncated ? "+" : ""
      } problem(s) in the file, nothing was imported${
        first ? `; line ${first.line}: ${first.message}` : ""
      }`,
    );
    this.name = "ImportFileError";
    this.problems = problems;
    this.truncated = truncated;
  }
}

/** Where the export comes from: opened once per pass. */
export interface ImportSource {
  /** Opens the file (again) from its start. */
  open(): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
  /** Its size in bytes, when known (for progress). */
  readonly size?: number;
}

/** Options of {@linkcode importHistory}. */
export interface ImportOptions {
  /** Read messages with the lenient Pydantic AI format. @default {false} */
  readonly lenient?: boolean;
  /** Stop listing problems after this many. @default {20} */
  readonly maxProblems?: number;
  /** Called as the file is read: the pass, bytes read, total bytes. */
  readonly onProgress?: (
    phase: "check" | "import",
    bytesRead: number,
    totalBytes: number | undefined,
  ) => void;
}

/** What {@linkcode checkExport} found. */
export interface CheckResult {
  /** The problems, in line order (empty when the file is valid). */
  readonly problems: readonly ImportProblem[];
  /** Whether more problems were found than are listed. */
  readonly truncated: boolean;
  /** Sessions in the file. */
  readonly sessions: number;
  /** Messages in the file. */
  readonly messages: number;
}

/** What {@linkcode importHistory} did. */
export interface ImportSummary {
  /** Sessions in the file. */
  readonly sessions: number;
  /** Messages in the file. */
  readonly messages: number;
  /** Sessions written. */
  readonly imported: number;
  /** Messages written. */
  readonly importedMessages: number;
  /** Sessions skipped because their id already existed. */
  readonly skipped: number;
}

/** One pass over the file: each session the reader finishes. */
async function* pass(
  source: ImportSource,
  reader: Reader,
  onLine: (line: Line) => void,
): AsyncGenerator<FileSession> {
  let last = 0;
  try {
    for await (const line of readLines(await source.open())) {
      last = line.number;
      onLine(line);
      const done = feed(reader, line);
      if (done) yield done;
      if (reader.full) return;
    }
  } catch (error) {
    if (error instanceof LineDecodeError) {
      reader.problem(error.line, "the text is not valid UTF-8");
      return;
    }
    throw error;
  }
  const done = reader.end(last);
  if (done) yield done;
}

/**
 * Feeds a line to the reader; a line that makes the reader itself fail (a
 * value too deep for the engine, say) is that line's problem.
 */
function feed(reader: Reader, line: Line): FileSession | undefined {
  try {
    return reader.feed(line);
  } catch (error) {
    reader.problem(
      line.number,
      error instanceof RangeError
        ? "the line cannot be read: it is nested too deeply"
        : `the line cannot be read: ${(error as Error).message}`,
    );
    return undefined;
  }
}

/** Calls `onProgress` at most every 100 ms, and once at the end. */
function throttle(
  options: ImportOptions,
  phase: "check" | "import",
  total: number | undefined,
): { tick(line: Line): void; done(): void } {
  let last = 0;
  let bytes = 0;
  const report = options.onProgress;
  return {
    tick(line) {
      bytes = line.bytesRead;
      const now = Date.now();
      if (report && now - last >= 100) {
        last = now;
        report(phase, bytes, total);
      }
    },
    done() {
      report?.(phase, total ?? bytes, total);
    },
  };
}

/**
 * Checks every line of the file without writing anything: the lines, and
 * each session as the library would take it (imported into a scratch
 * history in memory, then deleted).
 *
 * @param source The file.
 * @param options Leniency, how many problems to list, progress.
 * @returns The problems (empty when the file is valid) and the counts.
 */
export async function checkExport(
  source: ImportSource,
  options: ImportOptions = {},
): Promise<CheckResult> {
  const lenient = options.lenient ?? false;
  const reader = new Reader({
    lenient,
    collect: true,
    validate: true,
    max: options.maxProblems ?? 20,
    stopAtFirst: false,
  });
  const progress = throttle(options, "check", source.size);
  await using dryRun = await DryRun.open(lenient);
  for await (const session of pass(source, reader, progress.tick)) {
    if (session.flawed) continue;
    const refused = await dryRun.check(session);
    if (refused) reader.problem(refused.line, refused.message);
  }
  progress.done();
  return {
    problems: [...reader.problems].sort((a, b) => a.line - b.line),
    truncated: reader.truncated,
    sessions: reader.sessions,
    messages: reader.messages,
  };
}

/**
 * Whether `importSession` refused the data (not the database): a
 * `ValidationError`, or the `TypeError`/`RangeError` of a bad argument.
 */
function isFileProblem(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof TypeError ||
    error instanceof RangeError;
}

/** Writes one session of the file; says which line a rejected message is on. */
async function writeSession(
  history: History,
  session: FileSession,
  lenient: boolean,
  imported: number,
): Promise<ImportResult> {
  const view = requireView(history, session, lenient, "import");
  try {
    return await view.importSession(importedSession(session));
  } catch (error) {
    const done = imported > 0
      ? ` (${imported} session(s) were imported before it; run the import again to add the rest, imported sessions are skipped)`
      : "";
    if (!isFileProblem(error)) {
      if (done && error instanceof Error) error.message += done;
      throw error;
    }
    // The checking pass asked the same question and got another answer:
    // still, say which line.
    const { line, message } = refusalOf(error, session);
    throw new ToolError(`Cannot import: line ${line}: ${message}${done}`, {
      cause: error,
    });
  }
}

/**
 * Imports an export file: checks all of it first (nothing is written if any
 * line is wrong), then writes each session with its messages in one atomic
 * `importSession` batch, keeping ids, owners, metadata, times and each
 * message's JSON text byte-for-byte. Sessions whose id exists are skipped.
 *
 * @example Export a history and import it into another
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { exportHistory } from "./export.ts";
 * import { importHistory } from "./import.ts";
 * import assert from "node:assert/strict";
 *
 * await using source = await openHistory({ url: ":memory:" });
 * await source.getOrCreateSession("s1", { metadata: { title: "Hi" } });
 * await source.saveMessages("s1", '[{"kind":"request","parts":[]}]');
 * let text = "";
 * await exportHistory(source, (chunk) => Promise.resolve(void (text += chunk)));
 *
 * await using target = await openHistory({ url: ":memory:" });
 * const bytes = new TextEncoder().encode(text);
 * const file = { open: () => new Blob([bytes]).stream() };
 * const summary = await importHistory(target, file);
 * assert.equal(summary.imported, 1);
 * assert.equal(await target.getMessagesJson("s1"), '[{"kind":"request","parts":[]}]');
 * assert.equal((await importHistory(target, file)).skipped, 1);
 * ```
 *
 * @param history Where to import.
 * @param source The file.
 * @param options Leniency, how many problems to list, progress.
 * @returns What was imported and skipped.
 * @throws {ImportFileError} When the file has problems (nothing was written).
 */
export async function importHistory(
  history: History,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const lenient = options.lenient ?? false;
  const checked = await checkExport(source, options);
  if (checked.problems.length > 0) {
    throw new ImportFileError(checked.problems, checked.truncated);
  }
  const reader = new Reader({
    lenient,
    collect: true,
    validate: false,
    max: 1,
    stopAtFirst: true,
  });
  const progress = throttle(options, "import", source.size);
  let imported = 0;
  let importedMessages = 0;
  let skipped = 0;
  for await (const session of pass(source, reader, progress.tick)) {
    const result = await writeSession(history, session, lenient, imported);
    if (result.imported) {
      imported++;
      importedMessages += result.messages;
    } else {
      skipped++;
    }
  }
  progress.done();
  if (reader.problems.length > 0) {
    // The file changed between the two passes.
    const p = reader.problems[0]!;
    throw new ToolError(
      `Cannot import: line ${p.line}: ${p.message} (the file changed while it was imported; ${imported} session(s) were imported)`,
    );
  }
  return {
    sessions: checked.sessions,
    messages: checked.messages,
    imported,
    importedMessages,
    skipped,
  };
}
