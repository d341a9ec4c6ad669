/**
 * Importing a whole session (a backup, a move between databases): its row
 * and all its messages with their times, in one atomic batch that writes
 * nothing when the id exists, so importing twice creates no duplicates.
 *
 * @module
 */
import type { InStatement } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import { chatSessions } from "../db/schema.ts";
import { checkDate, checkId, metadataText } from "./checks.ts";
import {
  fromValues,
  INSERT_CHUNK,
  INSERT_MESSAGES,
  messageValues,
  V,
} from "./message_insert.ts";
import { prepareEach } from "./prepare.ts";
import type { Scope } from "./scope.ts";
import { ON_ID_CONFLICT, SESSION_NAMES } from "./sessions.ts";
import { compile, FROM_S, named, names, s } from "./sql.ts";
import type { ImportedSession, ImportResult } from "./types.ts";
import { randomToken } from "./write_token.ts";

const t = chatSessions;

/** The session row, marked with the batch's token, unless the id exists. */
const CREATE = compile<
  | "id"
  | "owner"
  | "format"
  | "version"
  | "metadata"
  | "createdAt"
  | "updatedAt"
  | "lastSeq"
  | "token"
>((a) =>
  sql`INSERT INTO ${t} (${SESSION_NAMES}, ${
    names(t.lastWrite)
  }) VALUES (${a.id}, ${a.owner}, ${a.format}, ${a.version}, ${a.metadata}, ${a.createdAt}, ${a.updatedAt}, ${a.lastSeq}, ${a.token}) ${ON_ID_CONFLICT}`
);

/** One chunk of messages with their own seqs and times, where the mark took. */
const INSERT = compile<"id" | "token", "values">((a, slot) =>
  sql`${INSERT_MESSAGES} SELECT ${s.id}, ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, ${V.createdAt} FROM ${FROM_S}, ${
    fromValues(slot.values)
  } WHERE ${s.id} = ${a.id} AND ${s.lastWrite} = ${a.token}`
);

/** The result column telling whether this batch created the session. */
const APPLIED = "applied";

const APPLIED_CHECK = compile<"id" | "token">((a) =>
  sql`SELECT ${t.lastWrite} = ${a.token} AS ${
    named(APPLIED)
  } FROM ${t} WHERE ${t.id} = ${a.id}`
);

/**
 * `History.importSession`.
 *
 * @param scope The view.
 * @param session The session and its messages, oldest first.
 * @returns Whether it was written, and how many messages.
 */
export async function importSession<TMessage>(
  scope: Scope<TMessage>,
  session: ImportedSession<TMessage>,
): Promise<ImportResult> {
  checkId(session.id, "Session id");
  const action = `import session "${session.id}"`;
  const owner = scope.owner ?? session.owner ?? null;
  if (owner !== null) checkId(owner, "Owner");
  if (
    scope.owner !== undefined && session.owner !== undefined &&
    session.owner !== null && session.owner !== scope.owner
  ) {
    throw new TypeError(
      `Cannot ${action} for owner "${session.owner}" in a view of owner "${scope.owner}"`,
    );
  }
  const metadata = metadataText(session.metadata ?? {}, action);
  const now = scope.shared.clock();
  const time = (d: Date | undefined, what: string): number =>
    d === undefined ? now : checkDate(d, `Cannot ${action}: ${what}`);
  const createdAt = time(session.createdAt, "createdAt");
  const items = session.messages;
  if (!Array.isArray(items)) {
    throw new TypeError(`Cannot ${action}: messages must be an array`);
  }
  const texts = items.map((item) => item.json);
  const values = items.map((item) =>
    item.json === undefined ? item.message : undefined
  );
  const rows = prepareEach(scope.format, values, texts, action);
  const times = items.map((item, i) =>
    time(item.createdAt, `messages[${i}].createdAt`)
  );
  const updatedAt = time(session.updatedAt, "updatedAt");
  const token = randomToken();
  const inserts: InStatement[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const end = start + INSERT_CHUNK;
    const values = messageValues(
      rows.slice(start, end),
      start + 1,
      times.slice(start, end),
    );
    inserts.push(INSERT.bind({ id: session.id, token }, { values }));
  }
  const results = await scope.batch(
    {
      create: CREATE.bind({
        id: session.id,
        owner,
        format: scope.format.name,
        version: scope.format.version,
        metadata,
        createdAt,
        updatedAt: Math.max(updatedAt, createdAt, ...times),
        lastSeq: rows.length,
        token,
      }),
      inserts,
      applied: APPLIED_CHECK.bind({ id: session.id, token }),
    },
    "write",
    action,
  );
  const applied = Number(results.applied.rows[0]?.[APPLIED]) === 1;
  if (applied) scope.shared.lastSeqs.set(session.id, rows.length);
  return { imported: applied, messages: applied ? rows.length : 0 };
}
