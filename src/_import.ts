/**
 * Import of an `ironclaw-history-export` JSON Lines file (see
 * {@linkcode exportHistory} in `_export.ts` for the format). Two passes over
 * the file: the first checks every line — it parses, the header is right,
 * each session line is complete, each message is valid for its format, seqs
 * are 1, 2, 3… and the counts add up — and writes nothing; only if all is
 * well does the second pass write each session, atomically, with
 * `importSession` (messages as their JSON text, byte-for-byte). A session
 * whose id already exists is skipped, so importing the same file twice
 * creates no duplicates. Memory: one session's messages at a time.
 *
 * @module
 */
import * as v from "valibot";
import {
  type History,
  type ImportedMessage,
  type JsonObject,
  type Session,
  ValidationError,
} from "../mod.ts";
import { type Line, LineDecodeError, rawMembers, readLines } from "./_jsonl.ts";
import { knownFormat, requireView, ToolError } from "./_tool.ts";
import { EXPORT_FORMAT, EXPORT_VERSION } from "./_export.ts";
import { isObject } from "./json.ts";

/** One problem found in an import file. */
export interface ImportProblem {
  /** The 1-based line number. */
  readonly line: number;
  /** What is wrong. */
  readonly message: string;
}

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

/** A session of the file, with its messages when collected. */
interface FileSession {
  readonly line: number;
  readonly id: string;
  readonly owner: string | null;
  readonly metadata: JsonObject;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly format: Session["format"];
  readonly messageCount: number;
  readonly messages: ImportedMessage[];
  readonly lines: number[];
  seen: number;
  /** A line of it did not parse: its count cannot be checked. */
  tainted: boolean;
}

const MAX_ID = 512;

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 &&
    value.length <= MAX_ID;
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT/.test(value)) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads the file once, checking every line, and yields each session when
 * its last message has been read. With `collect`, sessions carry their
 * messages (JSON text and time); with `validate`, each message is checked
 * against its format's schema.
 */
class Reader {
  readonly problems: ImportProblem[] = [];
  truncated = false;
  sessions = 0;
  messages = 0;
  readonly #lenient: boolean;
  readonly #collect: boolean;
  readonly #validate: boolean;
  readonly #max: number;
  readonly #stopAtFirst: boolean;
  /** A problem that makes reading on pointless (not an export at all). */
  #fatal = false;
  readonly #ids = new Set<string>();
  #header = false;
  #current: FileSession | undefined;
  /** The current session is unusable: skip its messages quietly. */
  #broken = false;

  constructor(
    options: {
      lenient: boolean;
      collect: boolean;
      validate: boolean;
      max: number;
      stopAtFirst: boolean;
    },
  ) {
    this.#stopAtFirst = options.stopAtFirst;
    this.#lenient = options.lenient;
    this.#collect = options.collect;
    this.#validate = options.validate;
    this.#max = options.max;
  }

  /** Whether reading on would find nothing more worth reporting. */
  get full(): boolean {
    return this.truncated || this.#fatal ||
      (this.#stopAtFirst && this.problems.length > 0);
  }

  problem(line: number, message: string): void {
    if (this.problems.length >= this.#max) {
      this.truncated = true;
      return;
    }
    this.problems.push({ line, message });
  }

  /** Consumes one line; returns a finished session, if this line ends one. */
  feed(line: Line): FileSession | undefined {
    if (line.text.trim() === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      this.problem(
        line.number,
        `not valid JSON: ${(error as Error).message.split("\n")[0]}`,
      );
      if (this.#current) this.#current.tainted = true;
      return undefined;
    }
    if (!isObject(value)) {
      this.problem(line.number, "expected a JSON object");
      return undefined;
    }
    if (!this.#header) {
      this.#header = true;
      this.#checkHeader(line.number, value);
      return undefined;
    }
    switch (value.type) {
      case "session": {
        const done = this.#finish();
        this.#startSession(line.number, value);
        return done;
      }
      case "message":
        this.#message(line, value);
        return undefined;
      case "header":
        this.problem(line.number, "a second header line");
        return undefined;
      default:
        this.problem(
          line.number,
          `unknown line type ${JSON.stringify(value.type ?? null)}`,
        );
        return undefined;
    }
  }

  /** Ends the file; returns the last session, if any. */
  end(lastLine: number): FileSession | undefined {
    if (!this.#header) {
      this.problem(Math.max(lastLine, 1), "the file is empty");
      return undefined;
    }
    return this.#finish();
  }

  #checkHeader(line: number, value: Record<string, unknown>): void {
    if (value.type !== "header" || value.format !== EXPORT_FORMAT) {
      this.#fatal = true;
      this.problem(
        line,
        `not an ironclaw history export: the first line must be {"type":"header","format":"${EXPORT_FORMAT}",…}`,
      );
      return;
    }
    if (value.version !== EXPORT_VERSION) {
      this.#fatal = true;
      this.problem(
        line,
        typeof value.version === "number" && value.version > EXPORT_VERSION
          ? `the export has format version ${value.version}, written by a newer version of this tool (this one reads version ${EXPORT_VERSION})`
          : `unsupported export version ${JSON.stringify(value.version)}`,
      );
    }
  }

  #startSession(line: number, value: Record<string, unknown>): void {
    this.#current = undefined;
    this.#broken = true;
    const problems: string[] = [];
    const id = value.id;
    if (!isId(id)) {
      problems.push(`"id" must be a string of 1 to ${MAX_ID} characters`);
    }
    const owner = value.owner ?? null;
    if (owner !== null && !isId(owner)) {
      problems.push(
        `"owner" must be null or a string of 1 to ${MAX_ID} characters`,
      );
    }
    const metadata = value.metadata ?? {};
    if (!isObject(metadata)) problems.push(`"metadata" must be a JSON object`);
    const createdAt = parseTime(value.createdAt);
    if (!createdAt) problems.push(`"createdAt" must be an ISO date-time`);
    const updatedAt = parseTime(value.updatedAt);
    if (!updatedAt) problems.push(`"updatedAt" must be an ISO date-time`);
    const format = value.format;
    if (
      !isObject(format) || typeof format.name !== "string" ||
      typeof format.version !== "string"
    ) {
      problems.push(`"format" must be {"name": string, "version": string}`);
    } else if (!knownFormat(format.name, this.#lenient)) {
      problems.push(
        `message format "${format.name}" is not one this tool imports`,
      );
    }
    const count = value.messageCount;
    if (!Number.isSafeInteger(count) || (count as number) < 0) {
      problems.push(`"messageCount" must be a non-negative integer`);
    }
    const label = isId(id) ? `session "${id}"` : "session";
    if (isId(id)) {
      if (this.#ids.has(id)) problems.push(`${label} appears twice`);
      this.#ids.add(id);
    }
    for (const p of problems) this.problem(line, `${label}: ${p}`);
    this.sessions++;
    if (problems.length > 0) return;
    this.#broken = false;
    this.#current = {
      line,
      id: id as string,
      owner: owner as string | null,
      metadata: metadata as JsonObject,
      createdAt: createdAt!,
      updatedAt: updatedAt!,
      format: format as unknown as Session["format"],
      messageCount: count as number,
      messages: [],
      lines: [],
      seen: 0,
      tainted: false,
    };
  }

  #message(line: Line, value: Record<string, unknown>): void {
    this.messages++;
    const session = this.#current;
    if (!session) {
      if (!this.#broken) {
        this.problem(line.number, "a message line before any session line");
      }
      return;
    }
    const label = `session "${session.id}"`;
    if (value.session !== session.id) {
      this.problem(
        line.number,
        `a message of session ${
          JSON.stringify(value.session ?? null)
        } inside ${label} (messages must follow their session line)`,
      );
      session.tainted = true;
      return;
    }
    const expected = session.seen + 1;
    session.seen = expected;
    if (value.seq !== expected) {
      this.problem(
        line.number,
        `${label}: expected message seq ${expected}, got ${
          JSON.stringify(value.seq ?? null)
        }`,
      );
    }
    const createdAt = parseTime(value.createdAt);
    if (!createdAt) {
      this.problem(
        line.number,
        `${label} seq ${expected}: "createdAt" must be an ISO date-time`,
      );
    }
    if (!isObject(value.message)) {
      this.problem(
        line.number,
        `${label} seq ${expected}: "message" must be a JSON object`,
      );
      return;
    }
    if (this.#validate) {
      const format = knownFormat(session.format.name, this.#lenient)!;
      const result = v.safeParse(format.schema, value.message);
      if (!result.success) {
        const issue = result.issues[0];
        const path = issue ? v.getDotPath(issue) ?? "" : "";
        this.problem(
          line.number,
          `${label} seq ${expected}: the message is invalid at "${path}": ${
            issue?.message ?? "unknown problem"
          }`,
        );
        return;
      }
    }
    if (this.#collect && createdAt) {
      const json = rawMembers(line.text).get("message")!;
      session.messages.push({ json, createdAt });
      session.lines.push(line.number);
    }
  }

  #finish(): FileSession | undefined {
    const session = this.#current;
    this.#current = undefined;
    if (!session) return undefined;
    if (session.tainted) return undefined;
    if (session.seen !== session.messageCount) {
      this.problem(
        session.line,
        `session "${session.id}" declares ${session.messageCount} messages but ${session.seen} follow it`,
      );
      return undefined;
    }
    return session;
  }
}

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
      const done = reader.feed(line);
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
 * Checks every line of the file without writing anything.
 *
 * @param source The file.
 * @param options Leniency, how many problems to list, progress.
 * @returns The problems (empty when the file is valid) and the counts.
 */
export async function checkExport(
  source: ImportSource,
  options: ImportOptions = {},
): Promise<
  {
    problems: readonly ImportProblem[];
    truncated: boolean;
    sessions: number;
    messages: number;
  }
> {
  const reader = new Reader({
    lenient: options.lenient ?? false,
    collect: false,
    validate: true,
    max: options.maxProblems ?? 20,
    stopAtFirst: false,
  });
  const progress = throttle(options, "check", source.size);
  for await (const _ of pass(source, reader, progress.tick)) {
    // Sessions are checked as they are read.
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
 * Imports an export file: checks all of it first (nothing is written if any
 * line is wrong), then writes each session with its messages in one atomic
 * `importSession` batch, keeping ids, owners, metadata, times and each
 * message's JSON text byte-for-byte. Sessions whose id exists are skipped.
 *
 * @example Export a history and import it into another
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { exportHistory } from "./_export.ts";
 * import { importHistory } from "./_import.ts";
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
    const view = requireView(history, session, lenient, "import");
    let result;
    try {
      result = await view.importSession({
        id: session.id,
        owner: session.owner,
        metadata: session.metadata,
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        messages: session.messages,
      });
    } catch (error) {
      const done = imported > 0
        ? ` (${imported} session(s) were imported before it; run the import again to add the rest, imported sessions are skipped)`
        : "";
      if (error instanceof ValidationError) {
        const line = error.messageIndex === undefined
          ? session.line
          : session.lines[error.messageIndex] ?? session.line;
        throw new ToolError(
          `Cannot import: line ${line}: ${error.message}${done}`,
          { cause: error },
        );
      }
      if (done && error instanceof Error) error.message += done;
      throw error;
    }
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
