/**
 * Full-text search (SQLite FTS5) over the messages a view sees. The query
 * is plain words, never FTS5 syntax (`search_query.ts` sorts them by
 * index); every word must appear. The indexes catch up with the appends in
 * the same transaction as the search; where they cannot (an offline
 * replica), the messages above the watermark are searched in temporary
 * indexes of their own, in the same read (`search_index.ts`).
 *
 * @module
 */
import { type SQL, sql } from "drizzle-orm";
import type { Row } from "@libsql/client/web";
import type { Role } from "../formats/format.ts";
import { checkId, checkLimit } from "./checks.ts";
import { ownerFilter, type Scope } from "./scope.ts";
import {
  CATCH_UP,
  type IndexSet,
  STORED,
  TAIL,
  TAIL_CREATE,
  TAIL_DROP,
} from "./search_index.ts";
import { isEmpty, type ParsedQuery, parseQuery } from "./search_query.ts";
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

/** Shape bits (with `OWNED`): one session only… */
const ONE_SESSION = 2;
/** …the query has space-separated words (the word index leads)… */
const WORDS = 4;
/** …words without spaces of three characters or more… */
const LONG = 8;
/** …of one or two characters… */
const SHORT = 16;
/** …and the indexes are the temporary ones of an offline replica. */
const IN_TAIL = 32;

/** The result columns a hit adds to the message's. */
const SNIPPET = "snippet";
const RANK = "rank";

type HitArgs = "words" | "long" | "short" | "owner" | "sessionId" | "limit";

/** Characters of context around a short word in its snippet. */
const BEFORE = 10;
const AFTER = 24;

/**
 * The messages holding every short word, with how often the words occur
 * (`n`) and where the first one first does (`at`): from the trigram
 * occurrences whose trigram begins with a word — a range of terms, read
 * word by word (`CROSS JOIN` keeps that order).
 */
function shortHits(set: IndexSet, a: Record<HitArgs, SQL>): SQL {
  const i = set.instances;
  return sql`SELECT ${i.doc} AS doc, count(*) AS n, min(CASE WHEN w.key = 0 THEN ${i.offset} END) AS at FROM json_each(${a.short}) AS w CROSS JOIN ${i} ON ${i.term} >= w.value AND ${i.term} < w.value || char(1114111) GROUP BY ${i.doc} HAVING count(DISTINCT w.key) = json_array_length(${a.short})`;
}

/**
 * The snippet of a hit found by short words only: the first word, marked,
 * with some context (FTS5's `snippet()` needs a full-text match).
 */
function shortSnippet(a: Record<HitArgs, SQL>): SQL {
  const text = m.searchText;
  const len = sql`length(json_extract(${a.short}, '$[0]'))`;
  return sql`CASE WHEN hit.at > ${
    sql.raw(String(BEFORE))
  } THEN '…' ELSE '' END || substr(${text}, max(1, hit.at - ${
    sql.raw(String(BEFORE - 1))
  }), min(hit.at, ${
    sql.raw(String(BEFORE))
  })) || '[' || substr(${text}, hit.at + 1, ${len}) || ']' || substr(${text}, hit.at + 1 + ${len}, ${
    sql.raw(String(AFTER))
  }) || CASE WHEN length(${text}) > hit.at + ${len} + ${
    sql.raw(String(AFTER))
  } THEN '…' ELSE '' END`;
}

/**
 * The hits, best first (lower rank is better). The word index leads when
 * the query has space-separated words (BM25); else the trigram index, when
 * it has long words (BM25); else the occurrences of the short words (the
 * more, the better). The other kinds of words narrow what leads.
 */
const HITS = new Shapes((flags) =>
  compile<HitArgs>((a) => {
    const set = flags & IN_TAIL ? TAIL : STORED;
    const where = sql`${
      flags & WORDS && flags & LONG
        ? sql` AND ${m.id} IN (SELECT ${set.trigram.rowid} FROM ${set.trigram} WHERE ${set.trigram} MATCH ${a.long})`
        : sql.empty()
    }${
      flags & SHORT && flags & (WORDS | LONG)
        ? sql` AND ${m.id} IN (SELECT doc FROM (${shortHits(set, a)}))`
        : sql.empty()
    }${ownerFilter(flags, s.ownerId, a.owner)}${
      when(flags & ONE_SESSION, sql` AND ${m.sessionId} = ${a.sessionId}`)
    }`;
    const columns = list(m.sessionId, m.seq, m.role, m.createdAt);
    const join = sql`JOIN ${FROM_S} ON ${s.id} = ${m.sessionId}`;
    if (!(flags & (WORDS | LONG))) {
      return sql`SELECT ${columns}, ${shortSnippet(a)} AS ${
        named(SNIPPET)
      }, -hit.n AS ${named(RANK)} FROM (${
        shortHits(set, a)
      }) AS hit CROSS JOIN ${FROM_M} ON ${m.id} = hit.doc ${join} WHERE 1${where} ORDER BY ${
        named(RANK)
      }, ${m.id} DESC LIMIT ${a.limit}`;
    }
    const lead = flags & WORDS ? set.words : set.trigram;
    const tokens = flags & WORDS ? 16 : 32;
    return sql`SELECT ${columns}, snippet(${lead}, 0, '[', ']', '…', ${
      sql.raw(String(tokens))
    }) AS ${named(SNIPPET)}, bm25(${lead}) AS ${
      named(RANK)
    } FROM ${lead} JOIN ${FROM_M} ON ${m.id} = ${lead.rowid} ${join} WHERE ${lead} MATCH ${
      flags & WORDS ? a.words : a.long
    }${where} ORDER BY ${named(RANK)} LIMIT ${a.limit}`;
  })
);

/** The shape bits a query needs. */
function queryFlags(query: ParsedQuery): number {
  return (query.words === "" ? 0 : WORDS) |
    (query.long === "" ? 0 : LONG) |
    (query.short.length > 0 ? SHORT : 0);
}

/** Whether hits of these shape bits have snippets of the trigram index. */
function trigramLed(flags: number): boolean {
  return (flags & WORDS) === 0 && (flags & LONG) !== 0;
}

function toHit(row: Row, trigram: boolean): SearchHit {
  const snippet = String(row[SNIPPET]);
  return {
    sessionId: String(row[m.sessionId.name]),
    seq: Number(row[m.seq.name]),
    role: String(row[m.role.name]) as Role,
    createdAt: new Date(Number(row[m.createdAt.name])),
    // The trigram index's text ends with two spaces of padding.
    snippet: trigram ? snippet.replace(/ *(\]?) *$/, "$1") : snippet,
    rank: Number(row[RANK]),
  };
}

/**
 * `History.searchMessages`. An offline replica cannot write, so cannot
 * catch up: it searches the indexes as they are and, in temporary indexes
 * made for this one read, the messages above the watermark; the two lists
 * of hits are merged by rank (each ranked within its own index).
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
  const parsed = parseQuery(query);
  if (isEmpty(parsed)) return [];
  const { sessionId } = options;
  if (sessionId !== undefined) checkId(sessionId, "Session id");
  const flags = scope.owned | (sessionId === undefined ? 0 : ONE_SESSION) |
    queryFlags(parsed);
  const args = {
    words: parsed.words,
    long: parsed.long,
    short: JSON.stringify(parsed.short),
    owner: scope.ownerArg,
    sessionId: sessionId ?? null,
    limit,
  };
  const hits = HITS.get(flags).bind(args);
  const trigram = trigramLed(flags);
  const toHits = (rows: Row[]) => rows.map((r) => toHit(r, trigram));
  if (!scope.shared.conn.offline) {
    const results = await scope.batch(
      { catchUp: CATCH_UP, hits },
      "write",
      "search messages",
    );
    return toHits(results.hits.rows);
  }
  const results = await scope.batch(
    {
      tail: TAIL_CREATE,
      hits,
      tailHits: HITS.get(flags | IN_TAIL).bind(args),
      drop: TAIL_DROP,
    },
    "read",
    "search messages",
  );
  return [
    ...toHits(results.hits.rows),
    ...toHits(results.tailHits.rows),
  ].sort((x, y) => x.rank - y.rank).slice(0, limit);
}
