/**
 * The viewer's index pages: the session list (newest first, paged by
 * cursor, filtered by owner) and search results (each hit with its
 * session's title and the words around the match, linking to the
 * message). A session whose title cannot be read still has its row.
 *
 * @module
 */
import type { History, SearchHit, Session } from "../../../mod.ts";
import { formatCount } from "../transcript/text.ts";
import { titleOf } from "../transcript/title.ts";
import { esc } from "./escape.ts";
import { page, snippetHtml, timeTag } from "./html.ts";
import { sessionHref } from "./paths.ts";

/** What every page reads from. */
export interface PageContext {
  /** The history shown. */
  readonly history: History;
  /** Read messages with the lenient Pydantic AI format. */
  readonly lenient: boolean;
  /** Sessions per page of the list. */
  readonly sessionsPerPage: number;
  /** Messages per page of a transcript. */
  readonly messagesPerPage: number;
  /** The database URL, shown in the top bar. */
  readonly url: string;
}

/** How many search hits a page shows. */
const HITS = 50;

/**
 * A page for a request the viewer cannot answer (a bad cursor, path or
 * query).
 *
 * @param ctx The viewer.
 * @param message What is wrong.
 * @param status The status. @default {400}
 * @returns The page.
 */
export function badRequest(
  ctx: PageContext,
  message: string,
  status = 400,
): Response {
  return page(
    status === 404 ? "Not found" : "Bad request",
    `<h1>${status === 404 ? "Not found" : "Bad request"}</h1><p class="error">${
      esc(message)
    }</p>`,
    { url: ctx.url, status },
  );
}

/** A title, or `undefined` when reading it failed (the row still shows). */
async function safeTitle(
  ctx: PageContext,
  session: Session,
): Promise<string | undefined> {
  try {
    return await titleOf(ctx.history, session, ctx.lenient);
  } catch {
    return undefined;
  }
}

/** Titles of sessions, eight reads at a time, in order. */
async function titles(
  ctx: PageContext,
  sessions: readonly Session[],
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (let i = 0; i < sessions.length; i += 8) {
    out.push(
      ...await Promise.all(
        sessions.slice(i, i + 8).map((s) => safeTitle(ctx, s)),
      ),
    );
  }
  return out;
}

function titleLink(id: string, title: string | undefined, hash = ""): string {
  const text = title === undefined
    ? `<span class="untitled">(title could not be read)</span>`
    : title
    ? esc(title)
    : `<span class="untitled">(untitled)</span>`;
  return `<a class="title" href="${
    esc(sessionHref(id, hash ? { hash } : {}))
  }">${text}</a>`;
}

function sessionRow(s: Session, title: string | undefined): string {
  const owner = s.owner === null
    ? `<span class="muted">—</span>`
    : `<a href="${esc(`/?${new URLSearchParams({ owner: s.owner })}`)}">${
      esc(s.owner)
    }</a>`;
  return `<tr><td>${titleLink(s.id, title)}<span class="sid mono"><a href="${
    esc(sessionHref(s.id))
  }">${esc(s.id)}</a></span></td><td>${owner}</td><td>${
    timeTag(s.updatedAt)
  }</td><td class="num">${formatCount(s.messageCount)}</td></tr>`;
}

/**
 * The session list, newest first: `?cursor=` pages, `?owner=` filters.
 *
 * @param ctx The viewer.
 * @param params The query string.
 * @returns The page (400 for a bad cursor or owner).
 */
export async function listPage(
  ctx: PageContext,
  params: URLSearchParams,
): Promise<Response> {
  const cursor = params.get("cursor") || undefined;
  const owner = params.get("owner") || undefined;
  let result;
  try {
    result = await ctx.history.listSessions({
      limit: ctx.sessionsPerPage,
      ...(cursor ? { cursor } : {}),
      ...(owner ? { owner } : {}),
    });
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      return badRequest(ctx, error.message);
    }
    throw error;
  }
  const names = await titles(ctx, result.sessions);
  const rows = result.sessions.map((s, i) => sessionRow(s, names[i])).join(
    "\n",
  );
  const next = result.nextCursor
    ? `<a rel="next" href="${
      esc(`/?${new URLSearchParams({
        cursor: result.nextCursor,
        ...(owner ? { owner } : {}),
      })}`)
    }">Next page →</a>`
    : "";
  const first = cursor
    ? `<a href="${
      esc(`/${owner ? `?${new URLSearchParams({ owner })}` : ""}`)
    }">← First page</a>`
    : "";
  const heading = `<h1>Sessions${owner ? ` of ${esc(owner)}` : ""}</h1>${
    owner ? `<p class="muted"><a href="/">All owners</a></p>` : ""
  }`;
  const body = result.sessions.length === 0
    ? `${heading}<p class="muted">${
      cursor ? "No more sessions." : "No sessions yet."
    }</p>${first ? `<nav class="pages">${first}</nav>` : ""}`
    : `${heading}
<table class="sessions"><thead><tr><th>Session</th><th>Owner</th><th>Updated (UTC)</th><th class="num">Messages</th></tr></thead>
<tbody>${rows}</tbody></table>
<nav class="pages">${first}${next}</nav>`;
  return page("Sessions", body, { url: ctx.url });
}

/** The titles of the sessions of some hits, by session id. */
async function hitTitles(
  ctx: PageContext,
  hits: readonly SearchHit[],
): Promise<Map<string, string | undefined>> {
  const ids = [...new Set(hits.map((h) => h.sessionId))];
  const found = await Promise.all(ids.map(async (id) => {
    try {
      const session = await ctx.history.getSession(id);
      return session ? await safeTitle(ctx, session) : undefined;
    } catch {
      return undefined;
    }
  }));
  return new Map(ids.map((id, i) => [id, found[i]]));
}

/**
 * Search results, best first: each with its session's title and id, the
 * message's seq, role and time, and the words around the match, linking
 * to the message on its page of the transcript.
 *
 * @param ctx The viewer.
 * @param query The words.
 * @returns The page.
 */
export async function searchPage(
  ctx: PageContext,
  query: string,
): Promise<Response> {
  let hits: SearchHit[];
  try {
    hits = await ctx.history.searchMessages(query, { limit: HITS });
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      return badRequest(ctx, error.message);
    }
    throw error;
  }
  const names = await hitTitles(ctx, hits);
  const perPage = ctx.messagesPerPage;
  const items = hits.map((hit) => {
    const after = Math.floor((hit.seq - 1) / perPage) * perPage;
    const href = esc(
      sessionHref(hit.sessionId, { after, hash: `m${hit.seq}` }),
    );
    const title = names.get(hit.sessionId);
    return `<li class="role-${
      esc(hit.role)
    }"><div class="hit-head"><a class="title" href="${href}">${
      title ? esc(title) : esc(hit.sessionId)
    }</a>${
      title ? `<span class="sid mono">${esc(hit.sessionId)}</span>` : ""
    }<a class="seq" href="${href}">#${hit.seq}</a><span class="role">${
      esc(hit.role)
    }</span>${timeTag(hit.createdAt)}</div><div class="snippet">${
      snippetHtml(hit.snippet)
    }</div></li>`;
  }).join("\n");
  const count = hits.length === HITS
    ? `The best ${HITS} messages matching “${esc(query)}”.`
    : `${hits.length} message${hits.length === 1 ? "" : "s"} match “${
      esc(query)
    }”.`;
  const body =
    `<h1>Search</h1><p class="muted">${count}</p><ol class="hits">${items}</ol>`;
  return page(`Search: ${query}`, body, { url: ctx.url, query });
}
