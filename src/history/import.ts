/**
 * Importing a whole session (a backup, a move between databases): its row
 * and all its messages with their times, in one atomic batch that writes
 * nothing when the id exists, so importing twice creates no duplicates.
 * The batch records its operation id (`ops.ts`): the same request executed
 * twice reports what its first execution did (imported), not a skip.
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
import { endSteps, newOpId, opIsNew, opResult, recordOp } from "./ops.ts";
import { prepareEach } from "./prepare.ts";
import type { Scope } from "./scope.ts";
import { ON_ID_CONFLICT, SESSION_NAMES } from "./sessions.ts";
import { compile, FROM_S, names, s } from "./sql.ts";
import type { ImportedSession, ImportResult } from "./types.ts";

const t = chatSessions;

/**
 * The session row, marked with the operation id, unless the id exists or
 * the import was applied already. (`WHERE` before `ON CONFLICT` keeps
 * SQLite from reading the conflict clause as a join.)
 */
const CREATE = compile<
  | "id"
  | "owner"
  | "format"
  | "version"
  | "metadata"
  | "createdAt"
  | "updatedAt"
  | "lastSeq"
  | "op"
>((a) =>
  sql`INSERT INTO ${t} (${SESSION_NAMES}, ${
    names(t.lastWrite)
  }) SELECT ${a.id}, ${a.owner}, ${a.format}, ${a.version}, ${a.metadata}, ${a.createdAt}, ${a.updatedAt}, ${a.lastSeq}, ${a.op} WHERE ${
    opIsNew(a.op)
  } ${ON_ID_CONFLICT}`
);

/** One chunk of messages with their own seqs and times, where the mark took. */
const INSERT = compile<"id" | "op", "values">((a, slot) =>
  sql`${INSERT_MESSAGES} SELECT ${s.id}, ${V.seq}, ${V.role}, ${V.content}, ${V.searchText}, ${V.createdAt} FROM ${FROM_S}, ${
    fromValues(slot.values)
  } WHERE ${s.id} = ${a.id} AND ${s.lastWrite} = ${a.op} AND ${opIsNew(a.op)}`
);

/** The operation, with `[1, messages]`, where this batch created the session. */
const RECORD = compile<"id" | "op" | "count" | "now">((a) =>
  recordOp(
    {
      id: a.op,
      sessionId: a.id,
      result: sql`json_array(1, ${a.count})`,
      now: a.now,
    },
    a.op,
    sql`${t}`,
    sql`${t.id} = ${a.id} AND ${t.lastWrite} = ${a.op}`,
  )
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
  const metadata = metadataText(
    session.metadata ?? {},
    action,
    scope.shared.limits.metadata,
  );
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
  const rows = prepareEach(
    scope.format,
    values,
    texts,
    action,
    scope.shared.limits,
  );
  const times = items.map((item, i) =>
    time(item.createdAt, `messages[${i}].createdAt`)
  );
  const updatedAt = time(session.updatedAt, "updatedAt");
  const op = newOpId();
  const inserts: InStatement[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const end = start + INSERT_CHUNK;
    const values = messageValues(
      rows.slice(start, end),
      start + 1,
      times.slice(start, end),
    );
    inserts.push(INSERT.bind({ id: session.id, op }, { values }));
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
        op,
      }),
      inserts,
      record: RECORD.bind({ id: session.id, op, count: rows.length, now }),
      ...endSteps(op, now),
    },
    "write",
    action,
  );
  // No result recorded: the id existed, nothing was written.
  const applied = opResult(results.result) !== undefined;
  if (applied) scope.shared.lastSeqs.set(session.id, rows.length);
  return { imported: applied, messages: applied ? rows.length : 0 };
}
