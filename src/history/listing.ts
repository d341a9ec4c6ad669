/**
 * Listing sessions, most recently active first, a page at a time, with a
 * keyset cursor pinned to the first page: sessions created, appended to,
 * undone or deleted while a caller pages neither skip nor repeat, whatever
 * the writers' clocks say. The pin is a position in
 * `chat_session_activity` (every value each session's `updated_at` took,
 * in order, kept by triggers), not a time: each page places every session
 * as it stood when the first page was read.
 *
 * @module
 */
import type { InValue } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatSessionActivity, chatSessions } from "../db/schema.ts";
import { checkLimit } from "./checks.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { SESSION_COLUMNS, toSession } from "./sessions.ts";
import { bare, compile, type Fragment, named, Shapes, when } from "./sql.ts";
import type { ListSessionsOptions, SessionPage } from "./types.ts";

const t = chatSessions;
const act = chatSessionActivity;

/**
 * Where a listing stands: the activity it is pinned to, then the sort key
 * and id of the last session given. Encoded as base64url JSON
 * `["a", pin, sortKey, id]` (the tag sets it apart from the cursors
 * of earlier versions, which were pinned to a time and are refused).
 */
interface Cursor {
  /** The newest `chat_session_activity.id` when the first page was read. */
  pin: number;
  /** The last session's place: its `updated_at` as of `pin`. */
  sortKey: number;
  /** The last session's id (ties are broken by id). */
  id: string;
}

/** The tag of this version's cursors. */
const CURSOR_TAG = "a";

function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(
    JSON.stringify([CURSOR_TAG, cursor.pin, cursor.sortKey, cursor.id]),
  );
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(text: string): Cursor {
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const [tag, pin, sortKey, id] = JSON.parse(
      new TextDecoder().decode(bytes),
    );
    if (
      tag === CURSOR_TAG && Number.isSafeInteger(pin) &&
      Number.isSafeInteger(sortKey) && typeof id === "string"
    ) {
      return { pin, sortKey, id };
    }
  } catch {
    // Not base64 or not JSON: the same error as a wrong shape, below.
  }
  throw new TypeError("Invalid cursor: pass the nextCursor of a previous page");
}

/** The result columns the query adds to the session's. */
const SORT_KEY = "sort_key";
const PIN = "pin";

/** `AND EXISTS` a top-level metadata key with a value of this JSON type. */
function keyIs(key: SQL, type: SQL): SQL {
  return sql` AND EXISTS (SELECT 1 FROM json_each(${t.metadata}) AS j WHERE j.key = ${key} AND ${type})`;
}

/**
 * The filter on one metadata key, per kind of value: the JSON type must
 * match too (`1` is not `true`, `"1"` is not `1`).
 */
const METADATA_KEY = {
  null: compile<"key" | "value">((a) => keyIs(a.key, sql`j.type = 'null'`)),
  true: compile<"key" | "value">((a) => keyIs(a.key, sql`j.type = 'true'`)),
  false: compile<"key" | "value">((a) => keyIs(a.key, sql`j.type = 'false'`)),
  text: compile<"key" | "value">((a) =>
    keyIs(a.key, sql`j.type = 'text' AND j.atom = ${a.value}`)
  ),
  number: compile<"key" | "value">((a) =>
    keyIs(a.key, sql`j.type IN ('integer', 'real') AND j.atom = ${a.value}`)
  ),
};

function metadataKind(value: unknown): keyof typeof METADATA_KEY {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "string") return "text";
  if (typeof value === "number" && Number.isFinite(value)) return "number";
  throw new TypeError(
    "Metadata filters take strings, finite numbers, booleans or null",
  );
}

/** The metadata filters of a listing, one `AND EXISTS` per key. */
function metadataFilter(
  metadata: ListSessionsOptions["metadata"],
): Fragment {
  let text = "";
  const args: InValue[] = [];
  for (const [key, value] of Object.entries(metadata ?? {})) {
    const filter = METADATA_KEY[metadataKind(value)].bind({ key, value });
    text += filter.sql;
    args.push(...filter.args);
  }
  return { sql: text, args };
}

/** Shape bit: a page after the first (the listing has a cursor). */
const AFTER = 2;

/**
 * One page, pinned to activity `p.v0` (the cursor's pin; on the first
 * page, the newest activity). Sessions are placed as they stood then, which takes the two
 * branches of the `UNION ALL`:
 * - sessions with no activity since `v0` keep their `updated_at` (the first
 *   branch: an index range, cut to one page before the merge);
 * - sessions with activity since `v0` are placed by their last activity up
 *   to `v0` (the second branch: only the sessions active since the listing
 *   began, found from the activity since `v0`);
 * - sessions with none up to `v0` were created since, and wait for the next
 *   listing; deleted sessions are gone with their activity.
 */
const PAGE = new Shapes((flags) =>
  compile<"pin" | "sortKey" | "id" | "owner" | "limit", "metadata">(
    (a, slot) => {
      const v0 = sql`(SELECT v0 FROM p)`;
      const filter = sql`${
        ownerFilter(flags, t.ownerId, a.owner)
      }${slot.metadata}`;
      const pin = flags & AFTER
        ? sql`SELECT ${a.pin} AS v0`
        : sql`SELECT COALESCE((SELECT max(${act.id}) FROM ${act}), 0) AS v0`;
      const since =
        sql`SELECT 1 FROM ${act} WHERE ${act.sessionId} = ${t.id} AND ${act.id} > ${v0}`;
      const place =
        sql`(SELECT ${act.updatedAt} FROM ${act} WHERE ${act.sessionId} = ${t.id} AND ${act.id} <= ${v0} ORDER BY ${act.id} DESC LIMIT 1)`;
      const sortKey = named(SORT_KEY);
      // The sessions active since v0, from the activity since then: CROSS
      // JOIN keeps that order (the planner might scan every session).
      const moved = named("moved");
      const extra = (key: SQL | Column) =>
        sql`${key} AS ${sortKey}, ${v0} AS ${named(PIN)}`;
      return sql`WITH p AS (${pin})
SELECT * FROM (
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, ${extra(t.updatedAt)} FROM ${t}
    WHERE NOT EXISTS (${since})${
        when(
          flags & AFTER,
          sql` AND (${t.updatedAt}, ${t.id}) < (${a.sortKey}, ${a.id})`,
        )
      }${filter} ORDER BY ${t.updatedAt} DESC, ${t.id} DESC LIMIT ${a.limit})
  UNION ALL
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, ${extra(place)}
    FROM (SELECT DISTINCT ${act.sessionId} AS ${moved} FROM ${act} WHERE ${act.id} > ${v0})
    CROSS JOIN ${t} ON ${t.id} = ${moved} WHERE 1${filter})
) WHERE ${sortKey} IS NOT NULL${
        when(
          flags & AFTER,
          sql` AND (${sortKey}, ${bare(t.id)}) < (${a.sortKey}, ${a.id})`,
        )
      } ORDER BY ${sortKey} DESC, ${bare(t.id)} DESC LIMIT ${a.limit}`;
    },
  )
);

/**
 * `History.listSessions`.
 *
 * @param scope The view.
 * @param options Page size, cursor and filters.
 * @returns One page and the cursor of the next.
 */
export async function listSessions(
  scope: Scope<unknown>,
  options: ListSessionsOptions,
): Promise<SessionPage> {
  const limit = checkLimit(options.limit, 50, 1000);
  const owner = scope.scopeOwner(options.owner);
  const metadata = metadataFilter(options.metadata);
  const cursor = options.cursor === undefined
    ? undefined
    : decodeCursor(options.cursor);
  const flags = (owner === undefined ? 0 : OWNED) | (cursor ? AFTER : 0);
  const { page: rs } = await scope.batch(
    {
      page: PAGE.get(flags).bind({
        pin: cursor?.pin ?? null,
        sortKey: cursor?.sortKey ?? null,
        id: cursor?.id ?? null,
        owner: owner ?? null,
        limit: limit + 1,
      }, { metadata }),
    },
    "read",
    "list sessions",
  );
  const rows = rs.rows;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    sessions: page.map(toSession),
    nextCursor: rows.length > limit && last
      ? encodeCursor({
        pin: Number(last[PIN]),
        sortKey: Number(last[SORT_KEY]),
        id: String(last[t.id.name]),
      })
      : undefined,
  };
}
