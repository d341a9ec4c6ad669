/**
 * The library's verdict on each session of an import file, asked before
 * anything is written: {@linkcode DryRun} imports every session the
 * reader accepted into a scratch in-memory history — the same
 * `importSession` call, with the same arguments, the writing pass will
 * make — and deletes it again. Whatever the library refuses (an id with a
 * NUL or a lone surrogate, metadata it cannot store, a value nested too
 * deeply, a limit) is found here, in the checking pass, and reported with
 * its line, so the writing pass has nothing left to refuse. The rules are
 * the library's own; the tool does not restate them.
 *
 * @module
 */
import {
  type History,
  type ImportedSession,
  openHistory,
  ValidationError,
} from "../../../mod.ts";
import { quote } from "../output.ts";
import { requireView } from "../formats.ts";
import type { FileSession, ImportProblem } from "./reader.ts";

/**
 * The argument of `importSession` for a session of the file: the same in
 * the checking and the writing pass.
 *
 * @param session A session the reader accepted, with its messages.
 * @returns What to import.
 */
export function importedSession(
  session: FileSession,
): ImportedSession<unknown> {
  return {
    id: session.id,
    owner: session.owner,
    metadata: session.metadata,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    messages: session.messages,
  };
}

/**
 * What the library's refusal of a session says, and on which line: the
 * message's line when it names a message, else the session line.
 *
 * @param error What `importSession` threw.
 * @param session The session.
 * @returns The problem.
 */
export function refusalOf(error: unknown, session: FileSession): ImportProblem {
  if (error instanceof ValidationError) {
    const line = error.messageIndex === undefined
      ? session.line
      : session.lines[error.messageIndex] ?? session.line;
    return { line, message: error.message };
  }
  const label = `session ${quote(session.id)}`;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    // The engine ran out of stack walking the value: it is nested deeper
    // than anything can store or read back.
    return { line: session.line, message: `${label}: nested too deeply` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: session.line, message: `${label}: ${message}` };
}

/** A scratch history in memory that imports each session and forgets it. */
export class DryRun implements AsyncDisposable {
  readonly #scratch: History;
  readonly #lenient: boolean;

  private constructor(scratch: History, lenient: boolean) {
    this.#scratch = scratch;
    this.#lenient = lenient;
  }

  /**
   * Opens the scratch history (in memory, with the library's defaults, as
   * the tool opens the target; the environment is not read).
   *
   * @param lenient Read Pydantic AI messages leniently, as the import does.
   * @returns The dry run.
   */
  static async open(lenient: boolean): Promise<DryRun> {
    return new DryRun(
      await openHistory({ url: ":memory:", env: false }),
      lenient,
    );
  }

  /**
   * Imports the session into the scratch history and deletes it again.
   *
   * @param session A session the reader accepted, with its messages.
   * @returns What the library refused, or `undefined` when it took it.
   */
  async check(session: FileSession): Promise<ImportProblem | undefined> {
    let view: History<unknown>;
    try {
      view = requireView(this.#scratch, session, this.#lenient, "import");
      await view.importSession(importedSession(session));
    } catch (error) {
      return refusalOf(error, session);
    }
    await this.#scratch.deleteSession(session.id);
    return undefined;
  }

  /** Closes the scratch history. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#scratch.close();
  }
}
