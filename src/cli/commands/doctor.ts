/**
 * `history doctor`: reads every stored message again, checks it against its
 * format, and reports each corrupt row and each gap in a session's seqs.
 *
 * @module
 */
import { CorruptRowError, type History, type Session } from "../../../mod.ts";
import {
  type Command,
  JSON_FLAG,
  OWNER_FLAG,
  ownerView,
  requireSession,
  SESSIONS_FLAG,
} from "../command.ts";
import { allSessions, requireView } from "../formats.ts";
import { json, type Output, plural, quote } from "../output.ts";
import { inlineText } from "../transcript/text.ts";

/** `history doctor`. */
export const doctorCommand: Command = {
  name: "doctor",
  usage: "",
  summary: "Re-validate every stored message",
  description: [
    "Reads every message of every session (a page at a time) and checks it",
    "against its format again, reporting each corrupt row by session and",
    "seq, and any gap in a session's seqs. Exit code 0 when every row is",
    "valid, 1 when a problem was found.",
  ],
  flags: {
    owner: OWNER_FLAG,
    session: SESSIONS_FLAG,
    json: JSON_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, lenient }) {
    const owner = args.string("owner");
    const ids = args.strings("session");
    const source = owner === undefined ? history : ownerView(history, owner);
    const report = new Report(out, args.boolean("json"));
    let sessions = 0;
    let messages = 0;
    for await (const session of selected(source, ids)) {
      sessions++;
      messages += await checkSession(source, session, lenient, report);
    }
    await report.end(sessions, messages);
    return report.problems.length === 0 ? 0 : 1;
  },
};

/** One problem found. */
interface Problem {
  readonly kind: "corrupt" | "missing" | "unchecked";
  readonly sessionId: string;
  readonly seq: number | null;
  readonly path: string | null;
  readonly message: string;
}

/** The problems: printed as they are found, or as JSON at the end. */
class Report {
  readonly problems: Problem[] = [];
  readonly #out: Output;
  readonly #json: boolean;

  constructor(out: Output, asJson: boolean) {
    this.#out = out;
    this.#json = asJson;
  }

  async add(p: Problem): Promise<void> {
    this.problems.push(p);
    if (this.#json) return;
    const message = inlineText(p.message);
    await this.#out.line(
      p.kind === "corrupt"
        ? `corrupt row: session ${quote(p.sessionId)} seq ${p.seq} at ${
          quote(p.path ?? "")
        }: ${message}`
        : `${p.kind}: session ${quote(p.sessionId)}: ${message}`,
    );
  }

  /** A gap: the messages `from` to `to` are not there. */
  missing(sessionId: string, from: number, to: number): Promise<void> {
    return this.add({
      kind: "missing",
      sessionId,
      seq: from,
      path: null,
      message: `messages with seq ${from} to ${to} are missing`,
    });
  }

  async end(sessions: number, messages: number): Promise<void> {
    const problems = this.problems;
    if (this.#json) {
      await this.#out.line(json({
        ok: problems.length === 0,
        sessions,
        messages,
        problems,
      }));
      return;
    }
    const corrupt = problems.filter((p) => p.kind === "corrupt").length;
    const affected = new Set(problems.map((p) => p.sessionId)).size;
    const what = `Checked ${plural(sessions, "session")} and ${
      plural(messages, "message")
    }`;
    await this.#out.line(
      problems.length === 0
        ? `${what}: every row is valid.`
        : `${what}: ${plural(problems.length, "problem")} (${
          plural(corrupt, "corrupt row")
        }) in ${plural(affected, "session")}.`,
    );
  }
}

/** The sessions asked for (each must exist), or every one. */
async function* selected(
  source: History,
  ids: readonly string[],
): AsyncGenerator<Session> {
  if (ids.length === 0) {
    yield* allSessions(source, undefined, 1000);
    return;
  }
  for (const id of ids) yield await requireSession(source, id, "check");
}

/**
 * Reads every message of a session, a page at a time, reporting corrupt
 * rows and gaps.
 *
 * @returns How many messages were read.
 */
async function checkSession(
  source: History,
  session: Session,
  lenient: boolean,
  report: Report,
): Promise<number> {
  let view: History<unknown>;
  try {
    view = requireView(source, session, lenient, "check");
  } catch (error) {
    await report.add({
      kind: "unchecked",
      sessionId: session.id,
      seq: null,
      path: null,
      message: (error as Error).message,
    });
    return 0;
  }
  let messages = 0;
  let afterSeq = 0;
  while (afterSeq < session.lastSeq) {
    let count = 0;
    try {
      const records = await view.getMessageRecords(session.id, {
        afterSeq,
        beforeSeq: session.lastSeq + 1,
        limit: 500,
      });
      if (records.length === 0) break;
      for (const record of records) {
        if (record.seq !== afterSeq + 1) {
          await report.missing(session.id, afterSeq + 1, record.seq - 1);
        }
        afterSeq = record.seq;
        count++;
      }
    } catch (error) {
      if (!(error instanceof CorruptRowError)) throw error;
      // Rows before the corrupt one were valid; go on after it.
      count += error.seq - afterSeq;
      afterSeq = error.seq;
      await report.add({
        kind: "corrupt",
        sessionId: session.id,
        seq: error.seq,
        path: error.path,
        message: error.issues[0]?.message ?? error.message,
      });
    }
    messages += count;
  }
  if (afterSeq < session.lastSeq) {
    await report.missing(session.id, afterSeq + 1, session.lastSeq);
  }
  return messages;
}
