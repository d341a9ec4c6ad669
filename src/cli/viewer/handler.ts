/**
 * The web viewer as a `Request → Response` function: it answers only
 * `GET`/`HEAD`, only to `localhost`/`127.0.0.1` host names (so a web page
 * cannot reach it through DNS rebinding), and routes to the pages.
 *
 * @module
 */
import {
  type History,
  HistoryError,
  SessionNotFoundError,
} from "../../../mod.ts";
import { esc } from "./escape.ts";
import { page } from "./html.ts";
import { jsonPage } from "./json_page.ts";
import { badRequest, listPage, type PageContext, searchPage } from "./pages.ts";
import { parseSessionPath } from "./paths.ts";
import { transcriptPage } from "./transcript_page.ts";

/** Options of {@linkcode viewerHandler} and `serveViewer`. */
export interface ViewerOptions {
  /** Read messages with the lenient Pydantic AI format. @default {false} */
  readonly lenient?: boolean;
  /** Sessions per page of the list. @default {50} */
  readonly sessionsPerPage?: number;
  /** Messages per page of a transcript. @default {200} */
  readonly messagesPerPage?: number;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

async function route(ctx: PageContext, target: URL): Promise<Response> {
  const path = target.pathname;
  if (path === "/") {
    const q = target.searchParams.get("q")?.trim();
    return q
      ? await searchPage(ctx, q)
      : await listPage(ctx, target.searchParams);
  }
  const session = parseSessionPath(path);
  if (session?.kind === "bad") return badRequest(ctx, session.reason);
  if (session) {
    return session.json
      ? await jsonPage(ctx, session.id, target.searchParams)
      : await transcriptPage(ctx, session.id, target.searchParams);
  }
  return badRequest(ctx, "There is no page at this address.", 404);
}

/**
 * The viewer as a `Request → Response` function, for `Deno.serve` or any
 * fetch-style server. Routes: `/` (sessions; `?cursor=` pages, `?owner=`
 * filters, `?q=` searches), `/s/<id>` (a transcript; `?after=<seq>` pages),
 * `/s/<id>/json` (the messages' stored JSON text; `?seq=<n>` one message's).
 * An id is one percent-encoded path segment, marked with a leading `~` when
 * it is `.`, `..` or starts with `~` (see `sessionHref`). A path or query
 * the viewer cannot read answers 400 or 404, never 500.
 *
 * @example Ask for the session list
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { viewerHandler } from "./handler.ts";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const handle = viewerHandler(history);
 * const response = await handle(new Request("http://127.0.0.1/"));
 * assert.equal(response.status, 200);
 * assert.match(await response.text(), /No sessions yet/);
 * const elsewhere = await handle(new Request("http://example.com/"));
 * assert.equal(elsewhere.status, 403);
 * await elsewhere.body?.cancel();
 * ```
 *
 * @param history The history to show.
 * @param options Leniency and page sizes.
 * @returns The handler.
 */
export function viewerHandler(
  history: History,
  options: ViewerOptions = {},
): (request: Request) => Promise<Response> {
  const ctx: PageContext = {
    history,
    lenient: options.lenient ?? false,
    sessionsPerPage: options.sessionsPerPage ?? 50,
    messagesPerPage: options.messagesPerPage ?? 200,
    url: history.url,
  };
  return async (request: Request): Promise<Response> => {
    let target: URL;
    try {
      target = new URL(request.url);
    } catch {
      return new Response("Bad request\n", { status: 400 });
    }
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
      response = await route(ctx, target);
    } catch (error) {
      const notFound = error instanceof SessionNotFoundError;
      const message = error instanceof HistoryError
        ? error.message
        : "Internal error";
      response = page("Error", `<p class="error">${esc(message)}</p>`, {
        url: ctx.url,
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
