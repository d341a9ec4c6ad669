/**
 * A small read-only web viewer of a history: the session list (newest
 * first, paged by cursor) with a search box, and each session's transcript.
 * Server-rendered HTML with a little inline CSS — no JavaScript, no build
 * step. Every piece of stored text is HTML-escaped; the pages forbid
 * scripts, frames and outside resources (Content-Security-Policy), answer
 * only `GET`/`HEAD`, and only to `localhost`/`127.0.0.1` host names (so a
 * web page cannot reach it through DNS rebinding).
 *
 * {@linkcode viewerHandler} is a plain `Request → Response` function;
 * {@linkcode serveViewer} serves it on `127.0.0.1` with `Deno.serve`.
 *
 * @module
 */
import {
  CorruptRowError,
  type History,
  HistoryError,
  type MessageRecord,
  type SearchHit,
  type Session,
  SessionNotFoundError,
} from "../mod.ts";
import { viewFor } from "./_tool.ts";
import {
  foldText,
  formatCount,
  formatTime,
  sessionTitle,
  type TranscriptEntry,
  transcriptEntry,
  type TranscriptItem,
  usageText,
} from "./_transcript.ts";

/** Options of {@linkcode viewerHandler} and {@linkcode serveViewer}. */
export interface ViewerOptions {
  /** Read messages with the lenient Pydantic AI format. @default {false} */
  readonly lenient?: boolean;
  /** Sessions per page of the list. @default {50} */
  readonly sessionsPerPage?: number;
  /** Messages per page of a transcript. @default {200} */
  readonly messagesPerPage?: number;
}

/** Options of {@linkcode serveViewer}. */
export interface ServeViewerOptions extends ViewerOptions {
  /** The port on 127.0.0.1; 0 picks a free one. @default {8420} */
  readonly port?: number;
}

/** A running viewer. */
export interface ViewerServer extends AsyncDisposable {
  /** Its address, e.g. `http://127.0.0.1:8420/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
  /** Stops the server (waits for requests in flight). */
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const CSS = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db33; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; }
header.top { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); }
header.top a.home { font-weight: 600; text-decoration: none; color: inherit; }
header.top .db { color: var(--muted); font-size: .85em; }
header.top form { margin-left: auto; display: flex; gap: .4rem; }
input[type=search] { width: 18rem; padding: .3rem .5rem; }
main { padding: 1rem 1.2rem; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8em; text-transform: uppercase; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted, time { color: var(--muted); }
a { color: var(--accent); }
nav.pages { margin: 1rem 0; display: flex; gap: 1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
article.msg { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: .5rem .8rem; margin: .7rem 0; }
article.role-user { border-left-color: #0891b2; }
article.role-model { border-left-color: #16a34a; }
article.role-tool { border-left-color: #a21caf; }
article.msg > header { display: flex; gap: .6rem; align-items: baseline; font-size: .85em; }
.role { font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.item { margin: .3rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.label { font-size: .8em; font-weight: 600; color: var(--muted); margin-right: .4rem; }
.tool-call code, .tool-result pre { font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.tool-result pre { margin: .2rem 0 0; padding: .4rem .6rem; background: #8881; border-radius: 4px; }
.failed .label { color: #dc2626; }
details.thinking summary { cursor: pointer; color: var(--muted); font-style: italic; }
mark { background: #facc15; color: #000; }
.error { color: #dc2626; }
`;

/** Escapes text for HTML element content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sessionHref(id: string, after?: number): string {
  const base = `/s/${encodeURIComponent(id)}`;
  return after ? `${base}?after=${after}` : base;
}

function page(
  title: string,
  body: string,
  options: { url: string; query?: string; status?: number },
): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ironclaw history</title>
<style>${CSS}</style></head>
<body><header class="top"><a class="home" href="/">ironclaw history</a>
<span class="db">${esc(options.url)}</span>
<form action="/" method="get" role="search"><input type="search" name="q" value="${
    esc(options.query ?? "")
  }" placeholder="Search messages" aria-label="Search messages"><button type="submit">Search</button></form></header>
<main>${body}</main></body></html>`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: HEADERS,
  });
}

function timeTag(date: Date): string {
  return `<time datetime="${esc(date.toISOString())}">${
    esc(formatTime(date))
  }</time>`;
}

/** A search snippet, escaped, with the matched words (`[…]`) marked. */
function snippetHtml(snippet: string): string {
  return esc(snippet).replace(/\[([^[\]]*)\]/g, "<mark>$1</mark>");
}

function itemHtml(item: TranscriptItem): string {
  switch (item.kind) {
    case "system":
    case "instructions":
      return `<div class="item ${item.kind}"><span class="label">${item.kind}</span> <span class="text muted">${
        esc(item.text)
      }</span></div>`;
    case "user":
    case "text":
      return `<div class="item ${item.kind}"><div class="text">${
        esc(item.text)
      }</div></div>`;
    case "tool-call":
      return `<div class="item tool-call"><span class="label">${
        item.builtin ? "builtin tool call" : "tool call"
      }</span> <code>${esc(item.name)}(${esc(item.args)})</code>${
        item.callId
          ? ` <span class="muted call-id">${esc(item.callId)}</span>`
          : ""
      }</div>`;
    case "tool-result": {
      const failed = item.outcome !== undefined && item.outcome !== "success";
      return `<div class="item tool-result${
        failed ? " failed" : ""
      }"><span class="label">${item.builtin ? "builtin " : ""}result of ${
        esc(item.name)
      }${failed ? ` (${esc(item.outcome ?? "")})` : ""}</span><pre>${
        esc(item.text)
      }</pre></div>`;
    }
    case "retry":
      return `<div class="item retry failed"><span class="label">retry${
        item.name ? ` ${esc(item.name)}` : ""
      }</span> <span class="text">${esc(item.text)}</span></div>`;
    case "thinking":
      return `<details class="item thinking"><summary>thinking: ${
        esc(foldText(item.text, 100) || "(redacted)")
      }</summary><div class="text muted">${esc(item.text)}</div></details>`;
    case "note":
      return `<div class="item note muted">${esc(item.text)}</div>`;
  }
}

function entryHtml(entry: TranscriptEntry): string {
  const extra = [entry.modelName, usageText(entry)].filter(Boolean).join(" · ");
  return `<article class="msg role-${esc(entry.role)}" id="m${entry.seq}">
<header><a class="seq" href="#m${entry.seq}">#${entry.seq}</a><span class="role">${
    esc(entry.role)
  }</span>${timeTag(entry.createdAt)}${
    extra ? `<span class="muted">${esc(extra)}</span>` : ""
  }</header>
${entry.items.map(itemHtml).join("\n")}
</article>`;
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

/**
 * The title of a session for listings: its metadata title, else the first
 * user words; empty when its messages cannot be read.
 *
 * @param history The history.
 * @param session The session.
 * @param lenient Read with the lenient Pydantic AI format.
 * @returns The title.
 */
export async function titleOf(
  history: History,
  session: Session,
  lenient: boolean,
): Promise<string> {
  const fromMetadata = sessionTitle(session.metadata);
  if (fromMetadata || session.messageCount === 0) return fromMetadata;
  const view = viewFor(history, session.format, lenient);
  if (!view) return "";
  try {
    return sessionTitle(
      session.metadata,
      await view.getMessages(session.id, { limit: 4 }),
    );
  } catch (error) {
    if (error instanceof HistoryError) return "";
    throw error;
  }
}

/**
 * The titles of sessions, read a few at a time.
 *
 * @param history The history.
 * @param sessions The sessions.
 * @param lenient Read with the lenient Pydantic AI format.
 * @returns The titles, in the same order.
 */
export function titlesOf(
  history: History,
  sessions: readonly Session[],
  lenient: boolean,
): Promise<string[]> {
  return mapLimit(sessions, 8, (s) => titleOf(history, s, lenient));
}

/**
 * The viewer as a `Request → Response` function, for `Deno.serve` or any
 * fetch-style server. Routes: `/` (sessions; `?cursor=` pages, `?owner=`
 * filters, `?q=` searches), `/s/<id>` (a transcript; `?after=<seq>` pages),
 * `/s/<id>/json` (the messages' JSON text).
 *
 * @param history The history to show.
 * @param options Leniency and page sizes.
 * @returns The handler.
 */
export function viewerHandler(
  history: History,
  options: ViewerOptions = {},
): (request: Request) => Promise<Response> {
  const lenient = options.lenient ?? false;
  const perPage = options.sessionsPerPage ?? 50;
  const messagesPerPage = options.messagesPerPage ?? 200;
  const url = history.url;

  async function list(params: URLSearchParams): Promise<Response> {
    const cursor = params.get("cursor") || undefined;
    const owner = params.get("owner") || undefined;
    let result;
    try {
      result = await history.listSessions({
        limit: perPage,
        ...(cursor ? { cursor } : {}),
        ...(owner ? { owner } : {}),
      });
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        return page(
          "Bad request",
          `<p class="error">${esc(error.message)}</p>`,
          {
            url,
            status: 400,
          },
        );
      }
      throw error;
    }
    const titles = await titlesOf(history, result.sessions, lenient);
    const rows = result.sessions.map((s, i) =>
      `<tr><td><a href="${esc(sessionHref(s.id))}">${esc(s.id)}</a></td><td>${
        esc(titles[i] ?? "")
      }</td><td>${esc(s.owner ?? "—")}</td><td>${
        timeTag(s.updatedAt)
      }</td><td class="num">${formatCount(s.messageCount)}</td></tr>`
    ).join("\n");
    const next = result.nextCursor
      ? `<a rel="next" href="/?${new URLSearchParams({
        cursor: result.nextCursor,
        ...(owner ? { owner } : {}),
      })}">Next page →</a>`
      : "";
    const body = result.sessions.length === 0
      ? `<h1>Sessions</h1><p class="muted">${
        cursor ? "No more sessions." : "No sessions yet."
      }</p>`
      : `<h1>Sessions${owner ? ` of ${esc(owner)}` : ""}</h1>
<table><thead><tr><th>Session</th><th>Title</th><th>Owner</th><th>Updated (UTC)</th><th>Messages</th></tr></thead>
<tbody>${rows}</tbody></table>
<nav class="pages">${cursor ? `<a href="/">First page</a>` : ""}${next}</nav>`;
    return page("Sessions", body, { url });
  }

  async function search(query: string): Promise<Response> {
    const hits: SearchHit[] = await history.searchMessages(query, {
      limit: 50,
    });
    const items = hits.map((hit) => {
      const after = Math.floor((hit.seq - 1) / messagesPerPage) *
        messagesPerPage;
      return `<li><a href="${
        esc(sessionHref(hit.sessionId, after))
      }#m${hit.seq}">${esc(hit.sessionId)} #${hit.seq}</a> <span class="role">${
        esc(hit.role)
      }</span> ${timeTag(hit.createdAt)}<div class="text">${
        snippetHtml(hit.snippet)
      }</div></li>`;
    }).join("\n");
    const body = `<h1>Search</h1><p class="muted">${hits.length} message${
      hits.length === 1 ? "" : "s"
    } match “${esc(query)}”.</p><ol class="hits">${items}</ol>`;
    return page(`Search: ${query}`, body, { url, query });
  }

  async function transcript(
    id: string,
    params: URLSearchParams,
  ): Promise<Response> {
    const session = await history.getSession(id);
    if (!session) {
      return page("Not found", `<h1>No session “${esc(id)}”</h1>`, {
        url,
        status: 404,
      });
    }
    const view = viewFor(history, session.format, lenient);
    if (!view) {
      return page(
        session.id,
        `<p class="error">This session's message format “${
          esc(`${session.format.name}@${session.format.version}`)
        }” is not one this viewer reads.</p>`,
        { url, status: 501 },
      );
    }
    const afterText = params.get("after") ?? "0";
    const after = /^\d{1,15}$/.test(afterText) ? Number(afterText) : 0;
    let records: MessageRecord<unknown>[];
    try {
      records = await view.getMessageRecords(id, {
        afterSeq: after,
        limit: messagesPerPage,
      });
    } catch (error) {
      if (error instanceof CorruptRowError) {
        return page(
          session.id,
          `<h1>${esc(session.id)}</h1><p class="error">${
            esc(error.message)
          }</p>`,
          { url, status: 500 },
        );
      }
      throw error;
    }
    const first = records[0]?.seq ?? 0;
    const title = await titleOf(history, session, lenient);
    const usage = await view.getUsage({ sessionId: id });
    const models = Object.keys(usage.byModel).filter(Boolean).join(", ");
    const meta = [
      ["Session", esc(session.id)],
      ["Owner", esc(session.owner ?? "—")],
      ["Created", timeTag(session.createdAt)],
      ["Updated", timeTag(session.updatedAt)],
      [
        "Messages",
        `${formatCount(session.messageCount)} (${
          esc(`${session.format.name}@${session.format.version}`)
        }) · <a href="${esc(sessionHref(id))}/json">JSON</a>`,
      ],
      ["Metadata", `<code>${esc(JSON.stringify(session.metadata))}</code>`],
      ...(usage.totalTokens > 0
        ? [[
          "Usage",
          esc(
            `${formatCount(usage.responses)} responses · ${
              formatCount(usage.inputTokens)
            } in / ${formatCount(usage.outputTokens)} out tokens${
              models ? ` · ${models}` : ""
            }`,
          ),
        ]]
        : []),
    ].map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("");
    const nav: string[] = [];
    if (after > 0) {
      nav.push(
        `<a rel="prev" href="${
          esc(sessionHref(id, Math.max(0, after - messagesPerPage)))
        }">← Earlier messages</a>`,
      );
    }
    const last = records[records.length - 1]?.seq ?? after;
    if (last < session.lastSeq) {
      nav.push(
        `<a rel="next" href="${
          esc(sessionHref(id, last))
        }">Later messages →</a>`,
      );
    }
    const shown = records.length
      ? `<p class="muted">Messages ${first}–${last} of ${session.messageCount}.</p>`
      : `<p class="muted">No messages${after ? " here" : " yet"}.</p>`;
    const body = `<h1>${
      esc(title || session.id)
    }</h1><dl class="meta">${meta}</dl>
${shown}<nav class="pages">${nav.join("")}</nav>
${records.map((r) => entryHtml(transcriptEntry(r))).join("\n")}
<nav class="pages">${nav.join("")}</nav>`;
    return page(title || session.id, body, { url });
  }

  async function json(id: string): Promise<Response> {
    const session = await history.getSession(id);
    const view = session && viewFor(history, session.format, lenient);
    if (!session || !view) throw new SessionNotFoundError(id, "show");
    return new Response(await view.getMessagesJson(id), {
      headers: {
        ...HEADERS,
        "content-type": "application/json; charset=utf-8",
      },
    });
  }

  async function route(target: URL): Promise<Response> {
    const path = target.pathname;
    if (path === "/") {
      const q = target.searchParams.get("q")?.trim();
      return q ? await search(q) : await list(target.searchParams);
    }
    const match = /^\/s\/([^/]+)(\/json)?$/.exec(path);
    if (match) {
      let id: string;
      try {
        id = decodeURIComponent(match[1]!);
      } catch {
        return page("Bad request", "<h1>Bad session id</h1>", {
          url,
          status: 400,
        });
      }
      if (id.length > 512) {
        return page("Not found", "<h1>No such session</h1>", {
          url,
          status: 404,
        });
      }
      return match[2]
        ? await json(id)
        : await transcript(id, target.searchParams);
    }
    return page("Not found", "<h1>Not found</h1>", { url, status: 404 });
  }

  return async (request: Request): Promise<Response> => {
    const target = new URL(request.url);
    if (!LOCAL_HOSTS.has(target.hostname)) {
      return new Response("Forbidden host\n", { status: 403 });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("This viewer is read-only.\n", {
        status: 405,
        headers: { allow: "GET, HEAD" },
      });
    }
    let response: Response;
    try {
      response = await route(target);
    } catch (error) {
      const notFound = error instanceof SessionNotFoundError;
      const message = error instanceof HistoryError
        ? error.message
        : "Internal error";
      response = page("Error", `<p class="error">${esc(message)}</p>`, {
        url,
        status: notFound ? 404 : 500,
      });
    }
    if (request.method === "HEAD") {
      await response.body?.cancel();
      return new Response(null, {
        status: response.status,
        headers: response.headers,
      });
    }
    return response;
  };
}

/**
 * Serves the viewer on `127.0.0.1` until closed.
 *
 * @example Serve on a free port, then stop
 * ```ts ignore
 * await using server = await serveViewer(history, { port: 0 });
 * console.log(`open ${server.url}`);
 * ```
 *
 * @param history The history to show (the caller closes it after the server).
 * @param options Port, leniency and page sizes.
 * @returns The running server.
 * @throws {Deno.errors.AddrInUse} When the port is taken.
 */
export function serveViewer(
  history: History,
  options: ServeViewerOptions = {},
): Promise<ViewerServer> {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 8420,
      onListen: () => {},
      onError: () => new Response("Internal error\n", { status: 500 }),
    }, viewerHandler(history, options));
  } catch (error) {
    return Promise.reject(error);
  }
  const port = server.addr.port;
  const close = () => server.shutdown();
  return Promise.resolve({
    url: `http://127.0.0.1:${port}/`,
    port,
    finished: server.finished,
    close,
    [Symbol.asyncDispose]: close,
  });
}
