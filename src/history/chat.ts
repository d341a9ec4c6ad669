/**
 * Saving a whole chat: the full message list a chat UI keeps (the AI SDK's
 * `useChat` sends it with every request, and its `onFinish` hands it back
 * with the answer), persisted in one atomic write batch, one round trip.
 *
 * Messages are matched by position and compared with what is stored, in
 * SQL: the unchanged prefix is kept, messages past the stored end are
 * appended, and where the list differs from what is stored it replaces the
 * stored messages from there on — if the stored message at that place has
 * the same id (the SDK rewrote it in place: a tool approval answered and
 * continued, an edited message), or the list's last message is a
 * regenerated answer (`regenerate`). A stored message of another id there
 * means the stored chat moved on since the list was read (another tab):
 * nothing is written and {@linkcode ConflictError} is thrown.
 *
 * Messages are stored with their keys sorted, so a message compares equal
 * whatever order its keys were built in (the server's and the browser's
 * copies of one message differ only in that). The batch's first statement
 * works out what to do and records it as the operation's result
 * (`ops.ts`); the others read it from there, so the list is sent twice (to
 * compare, to insert) whatever the number of statements, and a batch
 * executed twice (a lost reply sent again) applies once.
 *
 * @module
 */
import { type SQL, sql } from "drizzle-orm";
import {
  chatIdempotency,
  chatMessages,
  chatOps,
  chatSessions,
} from "../db/schema.ts";
import {
  ConflictError,
  DatabaseError,
  SessionNotFoundError,
  ValidationError,
} from "../errors.ts";
import { isObject } from "../json.ts";
import { checkId, checkSeq } from "./checks.ts";
import { INSERT_MESSAGES } from "./message_insert.ts";
import {
  COMMIT_STAGED,
  endSteps,
  newOpId,
  opResult,
  recordOp,
  stagedId,
} from "./ops.ts";
import { type PreparedRow, prepareMessages } from "./prepare.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { LOWER_WATERMARK, unindex } from "./search_index.ts";
import { bare, compile, FROM_M, m, Shapes } from "./sql.ts";
import type { SaveChatOptions, SaveChatResult } from "./types.ts";

const t = chatSessions;
const msg = chatMessages;
const k = chatIdempotency;
const o = chatOps;

type StageArgs =
  | "list"
  | "sessionId"
  | "count"
  | "owner"
  | "format"
  | "expected"
  | "regenerate"
  | "op"
  | "now";

/**
 * What the first statement records, as JSON: the session's format and last
 * seq, the first place where the list and the stored chat differ (`k`, 1
 * for the first message; NULL when they are the same), the ids found there,
 * and `cut` — `k` when the batch writes, else NULL, which makes every later
 * statement a no-op.
 */
function stageResult(a: Record<StageArgs, SQL>): SQL {
  const storedId =
    sql`(SELECT json_extract(${msg.content}, '$.id') FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} = divergence.k)`;
  const incomingId = sql`(SELECT id FROM incoming WHERE p = divergence.k)`;
  const writes =
    sql`${t.format} = ${a.format} AND (${a.expected} IS NULL OR ${t.lastSeq} = ${a.expected}) AND divergence.k IS NOT NULL AND (divergence.k > ${t.lastSeq} OR ${storedId} = ${incomingId} OR (${a.regenerate} AND divergence.k >= ${a.count}))`;
  return sql`json_object('format', ${t.format}, 'version', ${t.formatVersion}, 'lastSeq', ${t.lastSeq}, 'k', divergence.k, 'storedId', ${storedId}, 'incomingId', ${incomingId}, 'cut', CASE WHEN ${writes} THEN divergence.k END)`;
}

/**
 * The first statement: the list as rows (`incoming`: place, id, JSON text),
 * the first place where it differs from the stored messages — a stored text
 * that is not the list's there, or a stored message past the list's end —
 * and the staged result. Nothing is staged for a session this view does not
 * see, or when the operation was applied already.
 */
const STAGE = new Shapes((owned) =>
  compile<StageArgs>((a) =>
    sql`WITH incoming(p, id, content) AS (SELECT key + 1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${a.list})), divergence(k) AS (SELECT min(p) FROM (SELECT incoming.p AS p FROM incoming LEFT JOIN ${FROM_M} ON ${m.sessionId} = ${a.sessionId} AND ${m.seq} = incoming.p WHERE ${m.content} IS NOT incoming.content UNION ALL SELECT min(${msg.seq}) FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} > ${a.count})) ${
      recordOp(
        {
          id: stagedId(a.op),
          sessionId: a.sessionId,
          result: stageResult(a),
          now: a.now,
        },
        a.op,
        sql`${t}, divergence`,
        sql`${t.id} = ${a.sessionId}${ownerFilter(owned, t.ownerId, a.owner)}`,
      )
    }`
  )
);

/** The staged `cut`: where this batch replaces from, or NULL. */
function cutOf(op: SQL): SQL {
  return sql`(SELECT json_extract(${o.result}, '$.cut') FROM ${o} WHERE ${o.id} = ${
    stagedId(op)
  })`;
}

type StepArgs = "sessionId" | "op" | "now";

/** The statements after the stage, each a no-op unless a cut was staged. */
const STEPS = {
  /** The search entries of the messages to replace go first. */
  unindex: compile<StepArgs>((a) =>
    unindex(
      sql`${msg.sessionId} = ${a.sessionId} AND ${msg.seq} >= ${cutOf(a.op)}`,
    )
  ),
  /** Idempotency keys of saves that wrote any of them. */
  keys: compile<StepArgs>((a) =>
    sql`DELETE FROM ${k} WHERE ${k.sessionId} = ${a.sessionId} AND ${k.lastSeq} >= ${
      cutOf(a.op)
    }`
  ),
  messages: compile<StepArgs>((a) =>
    sql`DELETE FROM ${msg} WHERE ${msg.sessionId} = ${a.sessionId} AND ${msg.seq} >= ${
      cutOf(a.op)
    }`
  ),
  /** The last seq comes down to the kept prefix; the insert moves it up. */
  cutSession: compile<StepArgs>((a) =>
    sql`UPDATE ${t} SET ${bare(t.lastSeq)} = ${cutOf(a.op)} - 1, ${
      bare(t.updatedAt)
    } = max(${t.updatedAt}, ${a.now}) WHERE ${t.id} = ${a.sessionId} AND ${
      cutOf(a.op)
    } IS NOT NULL`
  ),
  /** The list's messages from the cut on, in order. */
  insert: compile<StepArgs | "list">((a) =>
    sql`${INSERT_MESSAGES} SELECT ${t.id}, l.key + 1, json_extract(l.value, '$[2]'), json_extract(l.value, '$[1]'), json_extract(l.value, '$[3]'), max(${a.now}, ${t.updatedAt}) FROM ${t}, json_each(${a.list}) AS l WHERE ${t.id} = ${a.sessionId} AND l.key + 1 >= ${
      cutOf(a.op)
    } ORDER BY l.key`
  ),
};

/** What the first statement recorded (see {@linkcode stageResult}). */
interface Staged {
  readonly format: string;
  readonly version: string;
  readonly lastSeq: number;
  readonly k: number | null;
  readonly storedId: unknown;
  readonly incomingId: string | null;
  readonly cut: number | null;
}

/**
 * `History.saveChat`.
 *
 * @param scope The view.
 * @param sessionId The session.
 * @param messages The whole chat, oldest first; each with a string `id`.
 * @param options `regenerate`, `expectedLastSeq`.
 * @returns What was kept, replaced, appended and removed.
 */
export async function saveChat<TMessage>(
  scope: Scope<TMessage>,
  sessionId: string,
  messages: readonly TMessage[],
  options: SaveChatOptions,
): Promise<SaveChatResult> {
  checkId(sessionId, "Session id");
  const action = `save chat "${sessionId}"`;
  const { regenerate = false, expectedLastSeq } = options;
  if (typeof regenerate !== "boolean") {
    throw new TypeError("regenerate must be a boolean");
  }
  if (expectedLastSeq !== undefined) {
    checkSeq(expectedLastSeq, "expectedLastSeq");
  }
  const rows = prepareMessages(
    scope.format,
    messages,
    action,
    scope.shared.limits,
  );
  const chat = chatRows(rows, action);
  const op = newOpId();
  const now = scope.shared.clock();
  const args = { sessionId, op, now };
  const { result } = await scope.batch(
    {
      stage: STAGE.get(scope.owned).bind({
        list: chat.list,
        sessionId,
        count: rows.length,
        owner: scope.ownerArg,
        format: scope.format.name,
        expected: expectedLastSeq ?? null,
        regenerate: regenerate ? 1 : 0,
        op,
        now,
      }),
      unindex: STEPS.unindex.bind(args),
      keys: STEPS.keys.bind(args),
      messages: STEPS.messages.bind(args),
      watermark: LOWER_WATERMARK,
      cutSession: STEPS.cutSession.bind(args),
      insert: STEPS.insert.bind({ ...args, list: chat.list }),
      commit: COMMIT_STAGED.bind({ op }),
      ...endSteps(op, now),
    },
    "write",
    action,
  );
  const staged = opResult(result) as Staged | undefined;
  return outcome(scope, sessionId, staged, chat, options, action);
}

/** The list as the batch takes it, and the texts it stores. */
interface ChatRows {
  /** JSON text of `[[id, content, role, searchText], …]`. */
  readonly list: string;
  /** The stored (key-sorted) JSON text of each message. */
  readonly contents: readonly string[];
}

/**
 * Each checked message with its id and its key-sorted JSON text, or
 * {@linkcode ValidationError} for a message without a non-empty string
 * `id`, or with the id of an earlier one.
 */
function chatRows(rows: readonly PreparedRow[], action: string): ChatRows {
  const seen = new Set<string>();
  const contents: string[] = [];
  const entries: (string | null)[][] = [];
  rows.forEach((row, i) => {
    const value: unknown = JSON.parse(row.content);
    const id = isObject(value) ? value.id : undefined;
    if (typeof id !== "string" || id === "" || seen.has(id)) {
      const message = typeof id !== "string"
        ? "saveChat needs a string id on every message"
        : id === ""
        ? "the id is empty"
        : `the id "${id}" is taken by an earlier message of the list`;
      throw new ValidationError(
        `Cannot ${action}: message ${i} at "id" is invalid: ${message}`,
        { messageIndex: i, issues: [{ path: "id", message }] },
      );
    }
    seen.add(id);
    const content = sortedJson(value);
    contents.push(content);
    entries.push([id, content, row.role, row.text || null]);
  });
  return { list: JSON.stringify(entries), contents };
}

/**
 * The JSON text of a JSON value with every object's keys sorted (by UTF-16
 * code units): the same value always gives the same text.
 */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${
    keys.map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`)
      .join(",")
  }}`;
}

/** The call's result from the staged one, or the error it calls for. */
function outcome(
  scope: Scope<unknown>,
  sessionId: string,
  staged: Staged | undefined,
  chat: ChatRows,
  { expectedLastSeq }: SaveChatOptions,
  action: string,
): SaveChatResult {
  const { lastSeqs, checked } = scope.shared;
  if (staged === undefined) {
    lastSeqs.delete(sessionId);
    throw new SessionNotFoundError(sessionId, "save chat to");
  }
  scope.checkFormat(sessionId, {
    [t.format.name]: staged.format,
    [t.formatVersion.name]: staged.version,
  });
  const n = chat.contents.length;
  const stored = staged.lastSeq;
  if (expectedLastSeq !== undefined && stored !== expectedLastSeq) {
    lastSeqs.set(sessionId, stored);
    throw new ConflictError(
      `Cannot ${action}: expected last seq ${expectedLastSeq}, but it is ${stored}`,
      { sessionId, expectedLastSeq, actualLastSeq: stored },
    );
  }
  if (staged.k !== null && staged.cut === null) {
    lastSeqs.set(sessionId, stored);
    throw new ConflictError(
      `Cannot ${action}: at message ${staged.k} the stored chat has ${
        describe(staged.storedId)
      } where the list has ${
        describe(staged.incomingId)
      }: the chat changed since the list was read (another tab or request saved first)`,
      { sessionId, actualLastSeq: stored },
    );
  }
  if (staged.cut !== null && staged.cut !== staged.k) {
    throw new DatabaseError(`Cannot ${action}: the stored result is invalid`);
  }
  const kept = staged.k === null ? n : staged.k - 1;
  for (const content of chat.contents.slice(kept)) {
    checked.add(scope.format, content);
  }
  lastSeqs.set(sessionId, n);
  return {
    sessionId,
    kept,
    replaced: Math.min(stored, n) - kept,
    appended: Math.max(0, n - stored),
    removed: Math.max(0, stored - n),
    firstSeq: kept + 1,
    lastSeq: staged.k === null ? stored : n,
  };
}

/** A message id as an error message names it. */
function describe(id: unknown): string {
  return id === null || id === undefined
    ? "no message"
    : `message "${String(id)}"`;
}
