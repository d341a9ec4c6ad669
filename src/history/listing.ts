/**
 * Listing sessions, most recently active first, a page at a time, with a
 * keyset cursor pinned to the moment of the first page: sessions created or
 * appended to while a caller pages neither skip nor repeat.
 *
 * @module
 */
import type { InValue } from "@libsql/client/web";
import { type Column, type SQL, sql } from "drizzle-orm";
import { chatSessions } from "../db/schema.ts";
import { checkLimit } from "./checks.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { SESSION_COLUMNS, toSession } from "./sessions.ts";
import {
  bare,
  compile,
  type Fragment,
  FROM_M,
  m,
  named,
  Shapes,
  when,
} from "./sql.ts";
import type { ListSessionsOptions, SessionPage } from "./types.ts";

const t = chatSessions;

/**
 * Where a listing stands: the moment it is pinned to, then the sort key and
 * id of the last session given. Encoded as base64url JSON
 * `[snapshotAt, sortKey, id]`.
 */
interface Cursor {
  /** Unix milliseconds the listing is pinned to (its first page's time). */
  snapshotAt: number;
  /** The last session's place: its activity time as of `snapshotAt`. */
  sortKey: number;
  /** The last session's id (ties are broken by id). */
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(
    JSON.stringify([cursor.snapshotAt, cursor.sortKey, cursor.id]),
  );
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(text: string): Cursor {
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const [snapshotAt, sortKey, id] = JSON.parse(
      new TextDecoder().decode(bytes),
    );
    if (
      Number.isSafeInteger(snapshotAt) && Number.isSafeInteger(sortKey) &&
      typeof id === "string"
    ) {
      return { snapshotAt, sortKey, id };
    }
  } catch {
    // Not base64 or not JSON: the same error as a wrong shape, below.
  }
  throw new TypeError("Invalid cursor: pass the nextCursor of a previous page");
}

/** The result columns the query adds to the session's. */
const SORT_KEY = "sort_key";
const SNAPSHOT_AT = "snapshot_at";

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
 * One page, pinned to `snapshotAt` (`p.t0`; on the first page, now or the
 * newest activity if later). Sessions are placed as they stood at that
 * moment, which takes the two branches of the `UNION ALL`:
 * - sessions untouched since `t0` keep their `updated_at` (the first
 *   branch: an index range, cut to one page before the merge);
 * - sessions touched after `t0` are placed by their last message up to
 *   `t0`, or their creation when it had none (the second branch: only the
 *   sessions active since the listing began);
 * - sessions created after `t0` are left out, until the next listing.
 */
const PAGE = new Shapes((flags) =>
  compile<"snapshotAt" | "sortKey" | "id" | "owner" | "limit", "metadata">(
    (a, slot) => {
      const t0 = sql`(SELECT t0 FROM p)`;
      const filter = sql`${
        ownerFilter(flags, t.ownerId, a.owner)
      }${slot.metadata}`;
      const pin = flags & AFTER
        ? sql`SELECT ${a.snapshotAt} AS t0`
        : sql`SELECT max(${a.snapshotAt}, COALESCE((SELECT max(${t.updatedAt}) FROM ${t}), 0)) AS t0`;
      const place =
        sql`COALESCE((SELECT ${m.createdAt} FROM ${FROM_M} WHERE ${m.sessionId} = ${t.id} AND ${m.createdAt} <= ${t0} ORDER BY ${m.seq} DESC LIMIT 1), ${t.createdAt})`;
      const sortKey = named(SORT_KEY);
      const extra = (key: SQL | Column) =>
        sql`${key} AS ${sortKey}, ${t0} AS ${named(SNAPSHOT_AT)}`;
      return sql`WITH p AS (${pin})
SELECT * FROM (
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, ${extra(t.updatedAt)} FROM ${t}
    WHERE ${t.updatedAt} <= ${t0}${
        when(
          flags & AFTER,
          sql` AND (${t.updatedAt}, ${t.id}) < (${a.sortKey}, ${a.id})`,
        )
      }${filter} ORDER BY ${t.updatedAt} DESC, ${t.id} DESC LIMIT ${a.limit})
  UNION ALL
  SELECT * FROM (SELECT ${SESSION_COLUMNS}, ${extra(place)} FROM ${t}
    WHERE ${t.updatedAt} > ${t0} AND ${t.createdAt} <= ${t0}${filter})
) WHERE 1${
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
        snapshotAt: cursor ? cursor.snapshotAt : scope.shared.clock(),
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
        snapshotAt: Number(last[SNAPSHOT_AT]),
        sortKey: Number(last[SORT_KEY]),
        id: String(last[t.id.name]),
      })
      : undefined,
  };
}
