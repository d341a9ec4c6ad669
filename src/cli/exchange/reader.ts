/**
 * The line-by-line reader of an export file: {@linkcode Reader} checks each
 * line against the line shapes of `format.ts` and the lines before it
 * (header first, messages after their session, seqs 1, 2, 3…, counts that
 * add up), collects every problem with its line number, and hands back each
 * session when its last message has been read.
 *
 * @module
 */
import * as v from "valibot";
import {
  formatByName,
  type ImportedMessage,
  type JsonObject,
  type Session,
} from "../../../mod.ts";
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  HEADER_LINE,
  isId,
  MESSAGE_LINE,
  SESSION_LINE,
} from "./format.ts";
import { quote } from "../output.ts";
import { type Line, rawMembers } from "./jsonl.ts";

/** One problem found in an import file. */
export interface ImportProblem {
  /** The 1-based line number. */
  readonly line: number;
  /** What is wrong. */
  readonly message: string;
}

/** A session of the file, with its messages when collected. */
export interface FileSession {
  /** The line of its session line. */
  readonly line: number;
  /** Its id. */
  readonly id: string;
  /** Its owner. */
  readonly owner: string | null;
  /** Its metadata. */
  readonly metadata: JsonObject;
  /** When it was created. */
  readonly createdAt: Date;
  /** When it was last active. */
  readonly updatedAt: Date;
  /** Its message format. */
  readonly format: Session["format"];
  /** How many messages its session line declares. */
  readonly messageCount: number;
  /** Its messages (when collected), oldest first. */
  readonly messages: ImportedMessage[];
  /** The line of each collected message. */
  readonly lines: number[];
  /** How many message lines followed so far. */
  seen: number;
  /** A line of it did not parse: its count cannot be checked. */
  tainted: boolean;
  /** A problem was found in it: it is not worth checking further. */
  flawed: boolean;
}

/** A value of a line, as a message shows it: quoted when a string. */
function shown(value: unknown): string {
  if (typeof value === "string") return quote(value.slice(0, 200));
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return value === undefined || value === null ? "null" : typeof value;
}

/** Options of a {@linkcode Reader}. */
export interface ReaderOptions {
  /** Check messages with the lenient Pydantic AI format. */
  readonly lenient: boolean;
  /** Keep each session's messages (JSON text and time). */
  readonly collect: boolean;
  /** Check each message against its format's schema. */
  readonly validate: boolean;
  /** List at most this many problems. */
  readonly max: number;
  /** Stop at the first problem. */
  readonly stopAtFirst: boolean;
}

/**
 * Reads the file once, checking every line, and yields each session when
 * its last message has been read. With `collect`, sessions carry their
 * messages (JSON text and time); with `validate`, each message is checked
 * against its format's schema.
 */
export class Reader {
  /** The problems found, in the order found. */
  readonly problems: ImportProblem[] = [];
  /** More problems were found than are listed. */
  truncated = false;
  /** Session lines read. */
  sessions = 0;
  /** Message lines read. */
  messages = 0;
  readonly #options: ReaderOptions;
  /** A problem that makes reading on pointless (not an export at all). */
  #fatal = false;
  readonly #ids = new Set<string>();
  #header = false;
  #current: FileSession | undefined;
  /** The current session is unusable: skip its messages quietly. */
  #broken = false;

  /**
   * Creates a reader.
   *
   * @param options What to check and keep.
   */
  constructor(options: ReaderOptions) {
    this.#options = options;
  }

  /** Whether reading on would find nothing more worth reporting. */
  get full(): boolean {
    return this.truncated || this.#fatal ||
      (this.#options.stopAtFirst && this.problems.length > 0);
  }

  /**
   * Records a problem (or only that there are more, past the maximum).
   *
   * @param line The line number.
   * @param message What is wrong.
   */
  problem(line: number, message: string): void {
    if (this.#current) this.#current.flawed = true;
    if (this.problems.length >= this.#options.max) {
      this.truncated = true;
      return;
    }
    this.problems.push({ line, message });
  }

  /**
   * Consumes one line.
   *
   * @param line The line.
   * @returns A finished session, if this line ends one.
   */
  feed(line: Line): FileSession | undefined {
    if (line.text.trim() === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      if (!this.#header) return this.#notAnExport(line.number, "is not JSON");
      this.problem(
        line.number,
        `not valid JSON: ${(error as Error).message.split("\n")[0]}`,
      );
      if (this.#current) this.#current.tainted = true;
      return undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      if (!this.#header) {
        return this.#notAnExport(line.number, "is not a JSON object");
      }
      this.problem(line.number, "expected a JSON object");
      return undefined;
    }
    const record = value as Record<string, unknown>;
    if (!this.#header) {
      this.#header = true;
      this.#checkHeader(line.number, record);
      return undefined;
    }
    switch (record.type) {
      case "session": {
        const done = this.#finish();
        this.#startSession(line.number, record);
        return done;
      }
      case "message":
        this.#message(line, record);
        return undefined;
      case "header":
        this.problem(line.number, "a second header line");
        return undefined;
      default:
        this.problem(
          line.number,
          `unknown line type ${JSON.stringify(record.type ?? null)}`,
        );
        return undefined;
    }
  }

  /**
   * Ends the file.
   *
   * @param lastLine The number of the last line read.
   * @returns The last session, if any.
   */
  end(lastLine: number): FileSession | undefined {
    if (!this.#header) {
      this.problem(Math.max(lastLine, 1), "the file is empty");
      return undefined;
    }
    return this.#finish();
  }

  /**
   * The first line is not a header at all: the file is something else (a
   * README given by mistake), and one problem says so — its other lines
   * are not worth listing.
   */
  #notAnExport(line: number, what: string): undefined {
    this.#header = true;
    this.#fatal = true;
    this.problem(
      line,
      `not an ironclaw history export: its first line ${what} (an export starts with {"type":"header","format":"${EXPORT_FORMAT}",…})`,
    );
    return undefined;
  }

  #checkHeader(line: number, value: Record<string, unknown>): void {
    const result = v.safeParse(HEADER_LINE, value);
    if (result.success) return;
    this.#fatal = true;
    const wrong = new Set(result.issues.map((i) => i.path?.[0]?.key));
    if (wrong.has("type") || wrong.has("format")) {
      this.problem(
        line,
        `not an ironclaw history export: the first line must be {"type":"header","format":"${EXPORT_FORMAT}",…}`,
      );
      return;
    }
    this.problem(
      line,
      typeof value.version === "number" && value.version > EXPORT_VERSION
        ? `the export has format version ${value.version}, written by a newer version of this tool (this one reads version ${EXPORT_VERSION})`
        : `unsupported export version ${JSON.stringify(value.version)}`,
    );
  }

  #startSession(line: number, value: Record<string, unknown>): void {
    this.#current = undefined;
    this.#broken = true;
    const result = v.safeParse(SESSION_LINE, value, { abortEarly: false });
    const problems = result.success
      ? []
      : result.issues.map((issue) => issue.message);
    const label = isId(value.id) ? `session ${quote(value.id)}` : "session";
    if (isId(value.id)) {
      if (this.#ids.has(value.id)) problems.push(`${label} appears twice`);
      this.#ids.add(value.id);
    }
    for (const p of problems) this.problem(line, `${label}: ${p}`);
    this.sessions++;
    if (!result.success || problems.length > 0) return;
    this.#broken = false;
    const s = result.output;
    this.#current = {
      line,
      id: s.id,
      owner: s.owner,
      metadata: s.metadata ?? {},
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      format: s.format,
      messageCount: s.messageCount,
      messages: [],
      lines: [],
      seen: 0,
      tainted: false,
      flawed: false,
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
    const label = `session ${quote(session.id)}`;
    if (value.session !== session.id) {
      this.problem(
        line.number,
        `a message of session ${
          shown(value.session)
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
        `${label}: expected message seq ${expected}, got ${shown(value.seq)}`,
      );
    }
    const at = `${label} seq ${expected}`;
    const createdAt = v.safeParse(
      MESSAGE_LINE.entries.createdAt,
      value.createdAt,
    );
    if (!createdAt.success) {
      this.problem(line.number, `${at}: ${createdAt.issues[0].message}`);
    }
    const message = v.safeParse(MESSAGE_LINE.entries.message, value.message);
    if (!message.success) {
      this.problem(line.number, `${at}: ${message.issues[0].message}`);
      return;
    }
    if (
      this.#options.validate && !this.#valid(line.number, session, at, value)
    ) {
      return;
    }
    if (this.#options.collect && createdAt.success) {
      const json = rawMembers(line.text).get("message")!;
      session.messages.push({ json, createdAt: createdAt.output });
      session.lines.push(line.number);
    }
  }

  /** Whether the message is valid for its session's format; reports it if not. */
  #valid(
    line: number,
    session: FileSession,
    at: string,
    value: Record<string, unknown>,
  ): boolean {
    // The session line was only accepted for a format the registry has.
    const format = formatByName(session.format.name, {
      lenient: this.#options.lenient,
    })!;
    let result;
    try {
      result = v.safeParse(format.schema, value.message);
    } catch (error) {
      // A schema walking a value nested 100,000 deep runs out of stack.
      if (!(error instanceof RangeError)) throw error;
      this.problem(line, `${at}: the message is nested too deeply`);
      return false;
    }
    if (result.success) return true;
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) ?? "" : "";
    this.problem(
      line,
      `${at}: the message is invalid at ${quote(path)}: ${
        issue?.message ?? "unknown problem"
      }`,
    );
    return false;
  }

  #finish(): FileSession | undefined {
    const session = this.#current;
    this.#current = undefined;
    if (!session) return undefined;
    if (session.tainted) return undefined;
    if (session.seen !== session.messageCount) {
      this.problem(
        session.line,
        `session ${
          quote(session.id)
        } declares ${session.messageCount} messages but ${session.seen} follow it`,
      );
      return undefined;
    }
    return session;
  }
}
