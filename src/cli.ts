/**
 * `history`: the command line of an ironclaw conversation history — list,
 * read and search sessions, export them to JSON Lines and import them back,
 * check every stored row, prune old sessions, and serve a read-only web
 * viewer.
 *
 *     deno task history sessions
 *     deno task history show demo-weather-agent
 *     deno run -A <url>/src/cli.ts export --out backup.jsonl
 *
 * The database is `--url`, else `LIBSQL_URL`, else `TURSO_DATABASE_URL`,
 * else `file:ironclaw.db`; a remote token comes from `LIBSQL_AUTH_TOKEN` or
 * `TURSO_AUTH_TOKEN` only (never a flag, so it stays out of shell history).
 * Exit codes: 0 ok, 1 failure or problem found, 2 usage error. Errors are
 * one line on stderr, `history: <message>`. This file holds the Deno I/O;
 * rendering lives in `_transcript.ts`, the export format in `_export.ts` and
 * `_import.ts`, the web viewer in `_viewer.ts`.
 *
 * @module
 */
import {
  CorruptRowError,
  type History,
  HistoryError,
  openHistory,
  type Session,
  SessionNotFoundError,
  type UsageTotals,
} from "../mod.ts";
import {
  flagHelp,
  type FlagSpecs,
  parseArgs,
  type ParsedArgs,
  splitCommand,
} from "./_args.ts";
import { allSessions, requireView, ToolError, UsageError } from "./_tool.ts";
import { exportHistory } from "./_export.ts";
import { ImportFileError, importHistory } from "./_import.ts";
import {
  formatBytes,
  formatCount,
  formatTime,
  painter,
  renderEntry,
  sanitizeText,
  transcriptEntry,
  visibleLength,
} from "./_transcript.ts";
import { serveViewer, titlesOf } from "./_viewer.ts";
import { MIGRATIONS } from "./db/migrations.ts";

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** Something bytes can be written to, like `Deno.stdout` or a file. */
interface Sink {
  write(bytes: Uint8Array): Promise<number>;
}

const encoder = new TextEncoder();

async function writeAll(sink: Sink, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await sink.write(bytes.subarray(offset));
  }
}

/** Buffered text output: small writes are gathered into 64 KiB chunks. */
class Output {
  readonly #sink: Sink;
  #buffer = "";

  constructor(sink: Sink) {
    this.#sink = sink;
  }

  /** Appends text; flushes when the buffer is large. */
  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= 1 << 16) await this.flush();
  }

  /** Appends a line. */
  line(text = ""): Promise<void> {
    return this.write(text + "\n");
  }

  async flush(): Promise<void> {
    if (this.#buffer === "") return;
    const text = this.#buffer;
    this.#buffer = "";
    await writeAll(this.#sink, encoder.encode(text));
  }
}

/** Writes one line to stderr, unbuffered. */
async function warn(text: string): Promise<void> {
  await writeAll(Deno.stderr, encoder.encode(text + "\n"));
}

/** The one-line form of an error message. */
function oneLine(text: string): string {
  return sanitizeText(text.replace(/\s*\n\s*/g, " "));
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/** What a command gets. */
interface Context {
  readonly args: ParsedArgs;
  readonly out: Output;
  readonly color: boolean;
  readonly lenient: boolean;
  readonly url: string;
  /** The opened history (for commands that open one). */
  readonly history: History;
}

/** One subcommand. */
interface Command {
  readonly name: string;
  /** Positional arguments in the usage line, e.g. `<session>`. */
  readonly usage: string;
  readonly summary: string;
  readonly description: readonly string[];
  readonly flags: FlagSpecs;
  /** Smallest and largest number of positional arguments. */
  readonly positionals: readonly [number, number];
  /** `existing`: the database must exist; `create`: it may be created. */
  readonly database: "existing" | "create";
  /** Checks the arguments before the database is opened. */
  check?(args: ParsedArgs): void;
  run(context: Context): Promise<number>;
}

const GLOBAL_FLAGS: FlagSpecs = {
  url: {
    type: "string",
    arg: "URL",
    help:
      "the database: file:path.db, a path, or libsql://, https://… (default: $LIBSQL_URL, then $TURSO_DATABASE_URL, then file:ironclaw.db)",
  },
  "sync-url": {
    type: "string",
    arg: "URL",
    help: "use --url as an embedded replica of this remote database",
  },
  lenient: {
    type: "boolean",
    help:
      "accept Pydantic AI values this version does not know (histories of newer agents)",
  },
  help: { type: "boolean", short: "h", help: "show help" },
};

const JSON_FLAG = {
  type: "boolean",
  help: "print JSON instead of text",
} as const;
const OWNER_FLAG = {
  type: "string",
  arg: "OWNER",
  help: "only this owner's sessions",
} as const;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function sessionJson(session: Session, title?: string): unknown {
  return {
    id: session.id,
    owner: session.owner,
    ...(title === undefined ? {} : { title }),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    messageCount: session.messageCount,
    metadata: session.metadata,
    format: session.format,
  };
}

function checkId(id: string, what = "session id"): string {
  if (id.length === 0 || id.length > 512) {
    throw new UsageError(`the ${what} must be 1 to 512 characters long`);
  }
  return id;
}

/** Pads cells to their column's width (by visible length) and joins them. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return rows.map((row) =>
    row.map((cell, i) =>
      i === row.length - 1
        ? cell
        : cell + " ".repeat((widths[i] ?? 0) - visibleLength(cell))
    ).join("  ").trimEnd()
  );
}

function cutTo(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Asks for confirmation when stdin is a terminal; true otherwise. */
function confirmed(question: string, yes: boolean): boolean {
  if (yes || !Deno.stdin.isTerminal()) return true;
  return confirm(question);
}

async function requireSession(
  history: History,
  id: string,
  action: string,
): Promise<Session> {
  const session = await history.getSession(checkId(id));
  if (!session) throw new SessionNotFoundError(id, action);
  return session;
}

const sessionsCommand: Command = {
  name: "sessions",
  usage: "",
  summary: "List sessions, most recently active first",
  description: [
    "Lists sessions, most recently active first, a page at a time: id, owner,",
    "last activity, number of messages, and title (the metadata's title, else",
    "the first words of the user). When there are more, the last line gives",
    "the command for the next page (--cursor).",
  ],
  flags: {
    limit: {
      type: "integer",
      arg: "N",
      min: 1,
      max: 1000,
      help: "sessions per page, 1–1000 (default 20)",
    },
    cursor: {
      type: "string",
      arg: "CURSOR",
      help: "the cursor of the next page, from the previous page",
    },
    owner: OWNER_FLAG,
    json: JSON_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, color, lenient }) {
    const limit = args.integer("limit") ?? 20;
    const cursor = args.string("cursor");
    const owner = args.string("owner");
    let page;
    try {
      page = await history.listSessions({
        limit,
        ...(cursor === undefined ? {} : { cursor }),
        ...(owner === undefined ? {} : { owner: checkId(owner, "owner") }),
      });
    } catch (error) {
      if (cursor !== undefined && error instanceof TypeError) {
        throw new UsageError(
          `--cursor ${
            JSON.stringify(cutTo(cursor, 40))
          } is not a cursor printed by \`history sessions\``,
        );
      }
      throw error;
    }
    const titles = await titlesOf(history, page.sessions, lenient);
    if (args.boolean("json")) {
      await out.line(json({
        sessions: page.sessions.map((s, i) => sessionJson(s, titles[i])),
        nextCursor: page.nextCursor ?? null,
      }));
      return 0;
    }
    if (page.sessions.length === 0) {
      await out.line(cursor ? "No more sessions." : "No sessions.");
      return 0;
    }
    const paint = painter(color);
    const rows = [
      ["ID", "OWNER", "UPDATED (UTC)", "MSGS", "TITLE"].map((h) =>
        paint("bold", h)
      ),
      ...page.sessions.map((s, i) => [
        sanitizeText(s.id),
        sanitizeText(s.owner ?? "—"),
        formatTime(s.updatedAt).slice(0, -1),
        String(s.messageCount).padStart(4),
        sanitizeText(cutTo(titles[i] ?? "", 60)),
      ]),
    ];
    for (const line of table(rows)) await out.line(line);
    if (page.nextCursor) {
      const more = [
        "history sessions",
        `--cursor ${page.nextCursor}`,
        ...(args.integer("limit") ? [`--limit ${limit}`] : []),
        ...(owner ? [`--owner ${JSON.stringify(owner)}`] : []),
      ].join(" ");
      await out.line();
      await out.line(`Next page: ${more}`);
    }
    return 0;
  },
};

const showCommand: Command = {
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
    await out.line(
      paint(
        "bold",
        `Session ${sanitizeText(session.id)}${
          title ? ` — ${sanitizeText(title)}` : ""
        }`,
      ),
    );
    await out.line(paint(
      "gray",
      `  owner ${sanitizeText(session.owner ?? "—")} · format ${
        sanitizeText(`${session.format.name}@${session.format.version}`)
      } · ${formatCount(session.messageCount)} messages · created ${
        formatTime(session.createdAt)
      } · updated ${formatTime(session.updatedAt)}`,
    ));
    if (Object.keys(session.metadata).length > 0) {
      await out.line(
        paint(
          "gray",
          `  metadata ${
            sanitizeText(cutTo(JSON.stringify(session.metadata), 200))
          }`,
        ),
      );
    }
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
    let afterSeq = from;
    while (afterSeq < session.lastSeq) {
      const records = await view.getMessageRecords(id, {
        afterSeq,
        beforeSeq: session.lastSeq + 1,
        limit: 200,
      });
      if (records.length === 0) break;
      for (const record of records) {
        await out.line();
        for (
          const line of renderEntry(transcriptEntry(record), {
            color,
            full: args.boolean("full"),
          })
        ) {
          await out.line(line);
        }
        afterSeq = record.seq;
      }
    }
    if (session.messageCount === 0) await out.line("\n(no messages)");
    const usage = await view.getUsage({ sessionId: id });
    if (
      usage.totalTokens + usage.cacheReadTokens + usage.cacheWriteTokens > 0
    ) {
      const models = Object.keys(usage.byModel).filter(Boolean);
      await out.line();
      await out.line(
        `Usage: ${formatCount(usage.responses)} response${
          usage.responses === 1 ? "" : "s"
        } · ${formatCount(usage.inputTokens)} in / ${
          formatCount(usage.outputTokens)
        } out · ${formatCount(usage.totalTokens)} total tokens${
          models.length ? ` (${sanitizeText(models.join(", "))})` : ""
        }`,
      );
    }
    return 0;
  },
};

const searchCommand: Command = {
  name: "search",
  usage: "<words…>",
  summary: "Full-text search over messages",
  description: [
    "Finds messages containing every word (user prompts, model text, tool",
    "results; case and accents ignored), best first, with a snippet in which",
    "the matched words are in [brackets].",
  ],
  flags: {
    session: {
      type: "string",
      arg: "SESSION",
      help: "only this session",
    },
    owner: OWNER_FLAG,
    limit: {
      type: "integer",
      arg: "N",
      min: 1,
      max: 1000,
      help: "at most N hits, 1–1000 (default 20)",
    },
    json: JSON_FLAG,
  },
  positionals: [1, Infinity],
  database: "existing",
  async run({ args, out, history, color }) {
    const query = args.positionals.join(" ");
    const owner = args.string("owner");
    const sessionId = args.string("session");
    const source = owner === undefined
      ? history
      : history.forOwner(checkId(owner, "owner"));
    const hits = await source.searchMessages(query, {
      limit: args.integer("limit") ?? 20,
      ...(sessionId === undefined ? {} : { sessionId: checkId(sessionId) }),
    });
    if (args.boolean("json")) {
      await out.line(json({
        hits: hits.map((h) => ({
          sessionId: h.sessionId,
          seq: h.seq,
          role: h.role,
          createdAt: h.createdAt.toISOString(),
          snippet: h.snippet,
          rank: h.rank,
        })),
      }));
      return 0;
    }
    if (hits.length === 0) {
      await out.line(`No messages match ${JSON.stringify(query)}.`);
      return 0;
    }
    const paint = painter(color);
    for (const hit of hits) {
      await out.line(
        `${
          paint("bold", sanitizeText(hit.sessionId))
        } #${hit.seq} ${hit.role} ${paint("gray", formatTime(hit.createdAt))}`,
      );
      const snippet = sanitizeText(hit.snippet.replace(/\s+/g, " "));
      await out.line(
        `  ${
          color
            ? snippet.replace(
              /\[([^[\]]*)\]/g,
              (_, word: string) => paint("yellow", word),
            )
            : snippet
        }`,
      );
    }
    await out.line();
    await out.line(
      `${hits.length} match${hits.length === 1 ? "" : "es"}.`,
    );
    return 0;
  },
};

const exportCommand: Command = {
  name: "export",
  usage: "",
  summary: "Write sessions to JSON Lines (one message per line)",
  description: [
    "Writes sessions and their messages as JSON Lines, streaming (constant",
    "memory): a header line, then for each session a session line followed by",
    "one line per message, with the stored message JSON embedded",
    "byte-for-byte. Format: see docs/cli.md. Restore with `history import`.",
  ],
  flags: {
    out: {
      type: "string",
      arg: "FILE",
      help:
        "write to this file (created or replaced when complete) instead of stdout",
    },
    owner: OWNER_FLAG,
    session: {
      type: "string",
      arg: "SESSION",
      multiple: true,
      help: "only this session (repeatable)",
    },
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, lenient }) {
    const owner = args.string("owner");
    const ids = args.strings("session").map((id) => checkId(id));
    const options = {
      lenient,
      ...(owner === undefined ? {} : { owner: checkId(owner, "owner") }),
      ...(ids.length ? { sessionIds: ids } : {}),
    };
    const path = args.string("out");
    if (path === undefined) {
      await exportHistory(history, (text) => out.write(text), options);
      return 0;
    }
    // Write next to the target, then rename: no half-written file on failure.
    const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.partial`;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(temp, { write: true, createNew: true });
    } catch (error) {
      throw new ToolError(
        `Cannot export to ${JSON.stringify(path)}: ${(error as Error).message}`,
      );
    }
    let result;
    try {
      const sink = new Output(file);
      result = await exportHistory(
        history,
        (text) => sink.write(text),
        options,
      );
      await sink.flush();
      file.close();
      await Deno.rename(temp, path);
    } catch (error) {
      try {
        file.close();
      } catch { /* already closed */ }
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
    await out.line(
      `Exported ${formatCount(result.sessions)} session${
        result.sessions === 1 ? "" : "s"
      } and ${formatCount(result.messages)} message${
        result.messages === 1 ? "" : "s"
      } to ${path}.`,
    );
    return 0;
  },
};

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

const importCommand: Command = {
  name: "import",
  usage: "<file>",
  summary: "Restore sessions from a JSON Lines export",
  description: [
    "Imports a file written by `history export`. Every line is checked first",
    "(it parses, the header is right, every message is valid for its format,",
    "seqs and counts add up) and nothing is written if any is wrong; errors",
    "name the line. Then each session is written atomically, keeping ids,",
    "owners, metadata, times and each message's JSON text byte-for-byte.",
    "Sessions whose id already exists are skipped, so running it twice",
    "creates no duplicates. Shows progress on a terminal for large files.",
  ],
  flags: {},
  positionals: [1, 1],
  database: "create",
  async run({ args, out, history, lenient }) {
    const path = args.positionals[0]!;
    let size: number;
    try {
      const stat = await Deno.stat(path);
      if (!stat.isFile) throw new Error("not a file");
      size = stat.size;
    } catch (error) {
      throw new ToolError(
        `Cannot import ${JSON.stringify(path)}: ${
          error instanceof Deno.errors.NotFound
            ? "no such file"
            : (error as Error).message
        }`,
      );
    }
    const onProgress = progressBar(size);
    const summary = await importHistory(history, {
      open: async () => (await Deno.open(path)).readable,
      size,
    }, { lenient, ...(onProgress ? { onProgress } : {}) });
    await out.line(
      `Imported ${formatCount(summary.imported)} session${
        summary.imported === 1 ? "" : "s"
      } (${formatCount(summary.importedMessages)} messages); skipped ${
        formatCount(summary.skipped)
      } that already existed.`,
    );
    return 0;
  },
};

/** The local file behind a URL, or `undefined` for memory and remote URLs. */
function localPath(url: string): string | undefined {
  if (url === ":memory:" || /^file::memory:/i.test(url)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url;
  if (scheme !== "file") return undefined;
  let path = url.slice(5).replace(/[?#].*$/, "");
  if (path.startsWith("//")) path = path.replace(/^\/\/[^/]*/, "");
  return path;
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return undefined;
  }
}

const statsCommand: Command = {
  name: "stats",
  usage: "",
  summary: "Counts, database size and token usage",
  description: [
    "Counts sessions, messages and owners, shows the size of a local",
    "database file (and its write-ahead log), and adds up token usage, in",
    "total and per model.",
  ],
  flags: { owner: OWNER_FLAG, json: JSON_FLAG },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, url }) {
    const owner = args.string("owner");
    let sessions = 0;
    let messages = 0;
    const owners = new Set<string>();
    let unowned = 0;
    for await (const s of allSessions(history, owner, 1000)) {
      sessions++;
      messages += s.messageCount;
      if (s.owner === null) unowned++;
      else owners.add(s.owner);
    }
    const usage = await history.getUsage(
      owner === undefined ? {} : { owner: checkId(owner, "owner") },
    );
    const path = history.kind === "file" ? localPath(url) : undefined;
    const fileBytes = path === undefined ? undefined : await fileSize(path);
    const walBytes = path === undefined
      ? undefined
      : await fileSize(`${path}-wal`);
    if (args.boolean("json")) {
      await out.line(json({
        url: history.url,
        kind: history.kind,
        fileBytes: fileBytes ?? null,
        walBytes: walBytes ?? null,
        sessions,
        messages,
        owners: owners.size,
        sessionsWithoutOwner: unowned,
        usage,
      }));
      return 0;
    }
    const size = fileBytes === undefined
      ? ""
      : `  (${formatBytes(fileBytes)}${
        walBytes ? `, write-ahead log ${formatBytes(walBytes)}` : ""
      })`;
    const tokens = (u: UsageTotals) =>
      `${formatCount(u.responses)} response${u.responses === 1 ? "" : "s"} · ${
        formatCount(u.inputTokens)
      } in / ${formatCount(u.outputTokens)} out · ${
        formatCount(u.totalTokens)
      } total tokens${
        u.cacheReadTokens || u.cacheWriteTokens
          ? ` · cache ${formatCount(u.cacheReadTokens)} read / ${
            formatCount(u.cacheWriteTokens)
          } written`
          : ""
      }`;
    const lines = [
      ["Database", `${history.url}${size}`],
      [
        "Sessions",
        `${formatCount(sessions)}${
          owner === undefined
            ? `  (${formatCount(owners.size)} owner${
              owners.size === 1 ? "" : "s"
            }, ${formatCount(unowned)} without owner)`
            : `  (owner ${sanitizeText(owner)})`
        }`,
      ],
      ["Messages", formatCount(messages)],
      ["Usage", tokens(usage)],
    ];
    for (const line of table(lines)) await out.line(line);
    for (const [model, totals] of Object.entries(usage.byModel)) {
      await out.line(
        `  ${sanitizeText(model || "(unknown model)")}: ${tokens(totals)}`,
      );
    }
    return 0;
  },
};

const doctorCommand: Command = {
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
    session: {
      type: "string",
      arg: "SESSION",
      multiple: true,
      help: "only this session (repeatable)",
    },
    json: JSON_FLAG,
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, lenient }) {
    const owner = args.string("owner");
    const ids = args.strings("session").map((id) => checkId(id));
    const source = owner === undefined
      ? history
      : history.forOwner(checkId(owner, "owner"));
    interface Problem {
      readonly kind: "corrupt" | "missing" | "unchecked";
      readonly sessionId: string;
      readonly seq: number | null;
      readonly path: string | null;
      readonly message: string;
    }
    const problems: Problem[] = [];
    const report = async (p: Problem) => {
      problems.push(p);
      if (!args.boolean("json")) {
        await out.line(sanitizeText(
          p.kind === "corrupt"
            ? `corrupt row: session ${
              JSON.stringify(p.sessionId)
            } seq ${p.seq} at ${JSON.stringify(p.path)}: ${p.message}`
            : `${p.kind}: session ${JSON.stringify(p.sessionId)}: ${p.message}`,
        ));
      }
    };
    let sessions = 0;
    let messages = 0;
    async function* selected(): AsyncGenerator<Session> {
      if (ids.length === 0) {
        yield* allSessions(source, undefined, 1000);
        return;
      }
      for (const id of ids) yield await requireSession(source, id, "check");
    }
    for await (const session of selected()) {
      sessions++;
      let view: History<unknown>;
      try {
        view = requireView(source, session, lenient, "check");
      } catch (error) {
        await report({
          kind: "unchecked",
          sessionId: session.id,
          seq: null,
          path: null,
          message: (error as Error).message,
        });
        continue;
      }
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
              await report({
                kind: "missing",
                sessionId: session.id,
                seq: afterSeq + 1,
                path: null,
                message: `messages with seq ${afterSeq + 1} to ${
                  record.seq - 1
                } are missing`,
              });
            }
            afterSeq = record.seq;
            count++;
          }
        } catch (error) {
          if (!(error instanceof CorruptRowError)) throw error;
          // Rows before the corrupt one were valid; go on after it.
          count += error.seq - afterSeq;
          afterSeq = error.seq;
          await report({
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
        await report({
          kind: "missing",
          sessionId: session.id,
          seq: afterSeq + 1,
          path: null,
          message: `messages with seq ${
            afterSeq + 1
          } to ${session.lastSeq} are missing`,
        });
      }
    }
    const corrupt = problems.filter((p) => p.kind === "corrupt").length;
    const affected = new Set(problems.map((p) => p.sessionId)).size;
    if (args.boolean("json")) {
      await out.line(json({
        ok: problems.length === 0,
        sessions,
        messages,
        problems,
      }));
    } else {
      const what = `Checked ${formatCount(sessions)} session${
        sessions === 1 ? "" : "s"
      } and ${formatCount(messages)} message${messages === 1 ? "" : "s"}`;
      await out.line(
        problems.length === 0
          ? `${what}: every row is valid.`
          : `${what}: ${formatCount(problems.length)} problem${
            problems.length === 1 ? "" : "s"
          } (${formatCount(corrupt)} corrupt row${
            corrupt === 1 ? "" : "s"
          }) in ${formatCount(affected)} session${affected === 1 ? "" : "s"}.`,
      );
    }
    return problems.length === 0 ? 0 : 1;
  },
};

const migrateCommand: Command = {
  name: "migrate",
  usage: "",
  summary: "Create or upgrade the database schema",
  description: [
    "Opens the database, which applies any migration it lacks (creating a",
    "local file if there is none), and reports what was applied, or that it",
    "is up to date.",
  ],
  flags: {},
  positionals: [0, 0],
  database: "create",
  run() {
    // Handled in main(): it must look before and after opening.
    return Promise.resolve(0);
  },
};

const syncCommand: Command = {
  name: "sync",
  usage: "",
  summary: "Sync an embedded replica with its remote",
  description: [
    "Pulls the remote database's latest changes into the local replica",
    "(--url file:… with --sync-url libsql://…; token from LIBSQL_AUTH_TOKEN",
    "or TURSO_AUTH_TOKEN).",
  ],
  flags: {},
  positionals: [0, 0],
  database: "create",
  async run({ out, history }) {
    const { framesSynced } = await history.sync();
    await out.line(
      `Synced ${history.url} with its remote${
        framesSynced === undefined
          ? ""
          : ` (${formatCount(framesSynced)} frames)`
      }.`,
    );
    return 0;
  },
};

const deleteCommand: Command = {
  name: "delete",
  usage: "<session>",
  summary: "Delete a session and its messages",
  description: [
    "Deletes a session with its messages and search entries, atomically.",
    "Asks for confirmation when run on a terminal (skip with --yes).",
  ],
  flags: {
    yes: { type: "boolean", short: "y", help: "do not ask for confirmation" },
  },
  positionals: [1, 1],
  database: "existing",
  async run({ args, out, history }) {
    const id = args.positionals[0]!;
    const session = await requireSession(history, id, "delete");
    if (
      !confirmed(
        `Delete session ${
          JSON.stringify(sanitizeText(id))
        } and its ${session.messageCount} messages?`,
        args.boolean("yes"),
      )
    ) {
      await out.line("Nothing deleted.");
      return 1;
    }
    const result = await history.deleteSession(id);
    if (!result.deleted) throw new SessionNotFoundError(id, "delete");
    await out.line(
      `Deleted session ${JSON.stringify(sanitizeText(id))} and its ${
        formatCount(result.messages)
      } message${result.messages === 1 ? "" : "s"}.`,
    );
    return 0;
  },
};

const DURATION_UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A cut-off time from an ISO date (`2026-01-31`, UTC midnight), an ISO
 * date-time, or a duration before now (`30d`, `12h`, `2w`, `90m`, `45s`).
 */
function parseSince(text: string, now: number): Date {
  const duration = /^(\d{1,9})([smhdw])$/.exec(text);
  if (duration) {
    return new Date(now - Number(duration[1]) * DURATION_UNITS[duration[2]!]!);
  }
  if (/^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(text)) {
    const date = new Date(
      text.length === 10 ? `${text}T00:00:00Z` : text.replace(" ", "T"),
    );
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(
    `--inactive-since must be an ISO date (2026-01-31), an ISO date-time, or a duration like 30d, 12h or 2w; got ${
      JSON.stringify(text)
    }`,
  );
}

const pruneCommand: Command = {
  name: "prune",
  usage: "",
  summary: "Delete sessions inactive since a date",
  description: [
    "Deletes every session whose last activity is before the cut-off (an ISO",
    "date or date-time, or a duration before now: 30d, 12h, 2w), with its",
    "messages, in small atomic batches. --dry-run lists them instead.",
    "Asks for confirmation when run on a terminal (skip with --yes).",
  ],
  flags: {
    "inactive-since": {
      type: "string",
      arg: "DATE|DURATION",
      help: "cut-off: 2026-01-31, 2026-01-31T12:00:00Z, or 30d / 12h / 2w",
    },
    owner: OWNER_FLAG,
    "dry-run": {
      type: "boolean",
      help: "list the sessions that would be deleted, delete nothing",
    },
    yes: { type: "boolean", short: "y", help: "do not ask for confirmation" },
  },
  positionals: [0, 0],
  database: "existing",
  check(args) {
    const since = args.string("inactive-since");
    if (since === undefined) {
      throw new UsageError("prune needs --inactive-since <DATE|DURATION>");
    }
    parseSince(since, Date.now());
  },
  async run({ args, out, history }) {
    const cutoff = parseSince(args.string("inactive-since")!, Date.now());
    const owner = args.string("owner");
    if (owner !== undefined) checkId(owner, "owner");
    const when = cutoff.toISOString();
    if (args.boolean("dry-run")) {
      let count = 0;
      for await (const s of allSessions(history, owner, 1000)) {
        if (s.updatedAt.getTime() >= cutoff.getTime()) continue;
        count++;
        await out.line(
          `would delete ${JSON.stringify(sanitizeText(s.id))} (last active ${
            formatTime(s.updatedAt)
          }, ${formatCount(s.messageCount)} messages)`,
        );
      }
      await out.line(
        `Would delete ${formatCount(count)} session${
          count === 1 ? "" : "s"
        } inactive since ${when} (dry run: nothing deleted).`,
      );
      return 0;
    }
    if (
      !confirmed(
        `Delete every session${
          owner ? ` of ${JSON.stringify(owner)}` : ""
        } inactive since ${when}?`,
        args.boolean("yes"),
      )
    ) {
      await out.line("Nothing deleted.");
      return 1;
    }
    const deleted = await history.pruneSessions({
      inactiveSince: cutoff,
      ...(owner === undefined ? {} : { owner }),
    });
    await out.line(
      `Deleted ${formatCount(deleted)} session${
        deleted === 1 ? "" : "s"
      } inactive since ${when}.`,
    );
    return 0;
  },
};

const serveCommand: Command = {
  name: "serve",
  usage: "",
  summary: "Serve a read-only web viewer on 127.0.0.1",
  description: [
    "Serves a read-only web viewer on 127.0.0.1: the session list with a",
    "search box, and each session's transcript. Prints its URL; stops on",
    "Ctrl-C.",
  ],
  flags: {
    port: {
      type: "integer",
      arg: "N",
      min: 0,
      max: 65535,
      help: "the port (default 8420; 0 picks a free one)",
    },
  },
  positionals: [0, 0],
  database: "existing",
  async run({ args, out, history, lenient }) {
    const port = args.integer("port") ?? 8420;
    let server;
    try {
      server = await serveViewer(history, { port, lenient });
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) {
        throw new ToolError(
          `Cannot serve on port ${port}: it is in use (--port 0 picks a free one)`,
        );
      }
      throw error;
    }
    await out.line(
      `Serving ${history.url} at ${server.url} (read-only; Ctrl-C to stop)`,
    );
    await out.flush();
    const stop = () => {
      server.close();
    };
    const signals: Deno.Signal[] = Deno.build.os === "windows"
      ? ["SIGINT"]
      : ["SIGINT", "SIGTERM"];
    for (const signal of signals) Deno.addSignalListener(signal, stop);
    try {
      await server.finished;
    } finally {
      for (const signal of signals) Deno.removeSignalListener(signal, stop);
    }
    return 0;
  },
};

const COMMANDS: readonly Command[] = [
  sessionsCommand,
  showCommand,
  searchCommand,
  exportCommand,
  importCommand,
  statsCommand,
  doctorCommand,
  migrateCommand,
  syncCommand,
  deleteCommand,
  pruneCommand,
  serveCommand,
];

// ---------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------

function mainHelp(): string {
  const width = Math.max(
    ...COMMANDS.map((c) => `${c.name} ${c.usage}`.trim().length),
  );
  return [
    "history — read, search, export and check an ironclaw conversation history",
    "",
    "Usage: history <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) =>
      `  ${`${c.name} ${c.usage}`.trim().padEnd(width)}  ${c.summary}`
    ),
    `  ${"help [command]".padEnd(width)}  Show help`,
    "",
    "Database options (every command):",
    ...flagHelp(GLOBAL_FLAGS),
    "",
    "A remote token is read from LIBSQL_AUTH_TOKEN or TURSO_AUTH_TOKEN only.",
    "Colors are used when stdout is a terminal and NO_COLOR is not set.",
    "Exit codes: 0 ok, 1 failure or problem found, 2 usage error.",
    "Run `history <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const flags = flagHelp(command.flags);
  return [
    `Usage: history ${command.name}${
      command.usage ? ` ${command.usage}` : ""
    } [options]`,
    "",
    `${command.summary}.`,
    "",
    ...command.description,
    ...(flags.length ? ["", "Options:", ...flags] : []),
    "",
    "Database options:",
    ...flagHelp(GLOBAL_FLAGS),
    "",
    "Exit codes: 0 ok, 1 failure or problem found, 2 usage error.",
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function migrate(
  url: string,
  syncUrl: string | undefined,
  out: Output,
): Promise<number> {
  const history = await openHistory(
    syncUrl === undefined ? { url } : { url, syncUrl },
  );
  const applied = history.migrationsApplied;
  await history.close();
  const all = MIGRATIONS.map((m) => m.tag);
  await out.line(
    applied.length > 0
      ? `Applied ${applied.length} migration${
        applied.length === 1 ? "" : "s"
      } to ${history.url}: ${applied.join(", ")}.`
      : `${history.url} is up to date (${all.length} migration${
        all.length === 1 ? "" : "s"
      }: ${all.join(", ")}).`,
  );
  return 0;
}

async function run(argv: readonly string[], out: Output): Promise<number> {
  const { command: name, rest } = splitCommand(argv, GLOBAL_FLAGS);
  if (name === undefined) {
    const globals = parseArgs(rest, GLOBAL_FLAGS);
    if (globals.boolean("help")) {
      await out.line(mainHelp());
      return 0;
    }
    throw new UsageError("missing command (run `history --help`)");
  }
  if (name === "help") {
    const topic = rest.find((a) => !a.startsWith("-"));
    const command = COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && !command) {
      throw new UsageError(
        `unknown command ${JSON.stringify(topic)} (run \`history --help\`)`,
      );
    }
    await out.line(command ? commandHelp(command) : mainHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(
      `unknown command ${JSON.stringify(name)} (run \`history --help\`)`,
    );
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(rest, { ...GLOBAL_FLAGS, ...command.flags });
  } catch (error) {
    if (error instanceof UsageError) {
      throw new UsageError(
        `${name}: ${error.message} (run \`history ${name} --help\`)`,
      );
    }
    throw error;
  }
  if (args.boolean("help")) {
    await out.line(commandHelp(command));
    return 0;
  }
  const [min, max] = command.positionals;
  const count = args.positionals.length;
  if (count < min || count > max) {
    throw new UsageError(
      count < min
        ? `${name}: missing ${command.usage} (run \`history ${name} --help\`)`
        : `${name}: unexpected argument ${
          JSON.stringify(args.positionals[max])
        } (run \`history ${name} --help\`)`,
    );
  }
  command.check?.(args);
  const url = args.string("url") || Deno.env.get("LIBSQL_URL") ||
    Deno.env.get("TURSO_DATABASE_URL") || "file:ironclaw.db";
  const syncUrl = args.string("sync-url");
  if (command === migrateCommand) return await migrate(url, syncUrl, out);
  const path = syncUrl === undefined ? localPath(url) : undefined;
  if (command.database === "existing" && path !== undefined) {
    if ((await fileSize(path)) === undefined) {
      throw new ToolError(
        `Cannot open history "${url}": no such file (pass --url, or run \`history migrate\` to create it)`,
      );
    }
  }
  await using history = await openHistory(
    syncUrl === undefined ? { url } : { url, syncUrl },
  );
  const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
  return await command.run({
    args,
    out,
    color,
    lenient: args.boolean("lenient"),
    url,
    history,
  });
}

/**
 * Runs the `history` command line with these arguments, writing to the
 * process's stdout and stderr, and returns the exit code: 0 ok, 1 failure
 * or problem found, 2 usage error. Errors are printed as one line,
 * `history: <message>`, without a stack trace (set `HISTORY_DEBUG=1` to get
 * one for unexpected errors).
 *
 * @example Run it as a script
 * ```ts ignore
 * Deno.exit(await main(Deno.args));
 * ```
 *
 * @param argv The arguments, without the program name.
 * @returns The exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const out = new Output(Deno.stdout);
  let code: number;
  try {
    code = await run(argv, out);
    await out.flush();
    return code;
  } catch (error) {
    try {
      await out.flush();
    } catch {
      // stdout is gone (a closed pipe); the error still goes to stderr.
    }
    if (error instanceof Deno.errors.BrokenPipe) return 1;
    return await reportError(error);
  }
}

async function reportError(error: unknown): Promise<number> {
  if (error instanceof UsageError) {
    await warn(`history: ${oneLine(error.message)}`);
    return 2;
  }
  if (error instanceof ImportFileError) {
    const [only] = error.problems;
    if (error.problems.length === 1 && !error.truncated && only) {
      await warn(
        `history: line ${only.line}: ${
          oneLine(only.message)
        } (nothing was imported)`,
      );
      return 1;
    }
    for (const p of error.problems) {
      await warn(`history: line ${p.line}: ${oneLine(p.message)}`);
    }
    await warn(
      `history: nothing was imported: ${error.problems.length}${
        error.truncated ? " or more" : ""
      } problem${error.problems.length === 1 ? "" : "s"} in the file`,
    );
    return 1;
  }
  if (error instanceof CorruptRowError) {
    await warn(
      `history: ${
        oneLine(error.message)
      } (run \`history doctor\` to list every corrupt row)`,
    );
    return 1;
  }
  if (error instanceof HistoryError || error instanceof ToolError) {
    await warn(`history: ${oneLine(error.message)}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  await warn(`history: unexpected error: ${oneLine(message)}`);
  if (Deno.env.get("HISTORY_DEBUG") && error instanceof Error && error.stack) {
    await warn(error.stack);
  }
  return 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
