/**
 * Full-text search (SQLite FTS5) over the messages a view sees. The query
 * is plain words, never FTS5 syntax; the index catches up with the appends
 * in the same transaction as the search (`search_index.ts`).
 *
 * @module
 */
import { sql } from "drizzle-orm";
import type { Role } from "../formats/format.ts";
import { checkId, checkLimit } from "./checks.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import { CATCH_UP, messagesFts } from "./search_index.ts";
import {
  compile,
  FROM_M,
  FROM_S,
  list,
  m,
  named,
  s,
  Shapes,
  when,
} from "./sql.ts";
import type { SearchHit, SearchOptions } from "./types.ts";

/** Shape bit: one session only. */
const ONE_SESSION = 2;

/** The result columns a hit adds to the message's. */
const SNIPPET = "snippet";
const RANK = "rank";

/** The hits, best first (BM25: lower is better). */
const HITS = new Shapes((flags) =>
  compile<"match" | "owner" | "sessionId" | "limit">((a) => {
    const fts = messagesFts;
    return sql`SELECT ${
      list(m.sessionId, m.seq, m.role, m.createdAt)
    }, snippet(${fts}, 0, '[', ']', '…', 16) AS ${
      named(SNIPPET)
    }, bm25(${fts}) AS ${
      named(RANK)
    } FROM ${fts} JOIN ${FROM_M} ON ${m.id} = ${fts.rowid} JOIN ${FROM_S} ON ${s.id} = ${m.sessionId} WHERE ${fts} MATCH ${a.match}${
      ownerFilter(flags, s.ownerId, a.owner)
    }${
      when(flags & ONE_SESSION, sql` AND ${m.sessionId} = ${a.sessionId}`)
    } ORDER BY ${named(RANK)} LIMIT ${a.limit}`;
  })
);

/**
 * Turns plain words into an FTS5 query in which every word must appear:
 * each word quoted, so quotes, operators and SQL are matched literally.
 */
function ftsQuery(query: string): string {
  const words = query.normalize("NFC").match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];
  return words.slice(0, 64).map((w) => `"${w}"`).join(" ");
}

/**
 * `History.searchMessages`. An offline replica cannot write: it searches
 * what is indexed, without catching up.
 *
 * @param scope The view.
 * @param query Words to look for.
 * @param options One session only, how many hits.
 * @returns The hits, best first.
 */
export async function searchMessages(
  scope: Scope<unknown>,
  query: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  if (typeof query !== "string") {
    throw new TypeError(`Search query must be a string, got ${typeof query}`);
  }
  const limit = checkLimit(options.limit, 20, 1000);
  const match = ftsQuery(query);
  if (match === "") return [];
  const { sessionId } = options;
  if (sessionId !== undefined) checkId(sessionId, "Session id");
  const hits = HITS.get(
    scope.owned | (sessionId === undefined ? 0 : ONE_SESSION),
  ).bind({
    match,
    owner: scope.ownerArg,
    sessionId: sessionId ?? null,
    limit,
  });
  const offline = scope.shared.conn.offline;
  const results = await scope.batch(
    { catchUp: offline ? [] : CATCH_UP, hits },
    offline ? "read" : "write",
    "search messages",
  );
  return results.hits.rows.map((row) => ({
    sessionId: String(row[m.sessionId.name]),
    seq: Number(row[m.seq.name]),
    role: String(row[m.role.name]) as Role,
    createdAt: new Date(Number(row[m.createdAt.name])),
    snippet: String(row[SNIPPET]),
    rank: Number(row[RANK]),
  }));
}
