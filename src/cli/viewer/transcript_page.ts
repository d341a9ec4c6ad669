/**
 * A session's page: its title and facts, its token usage at a glance, its
 * metadata (folded), then one page of its messages as cards, with links to
 * the earlier and later pages. Each part is read on its own: a usage sum
 * that fails, a corrupt message or a format the viewer does not know puts
 * a notice in that place and the rest of the page is still shown.
 *
 * @module
 */
import type { History, Session, UsageReport } from "../../../mod.ts";
import { viewFor } from "../formats.ts";
import { transcriptEntry, type TranscriptFormat } from "../transcript/entry.ts";
import { formatCount } from "../transcript/text.ts";
import { titleOf } from "../transcript/title.ts";
import { brokenEntryHtml, entryHtml } from "./entry_html.ts";
import { esc } from "./escape.ts";
import { attempt, guarded, noticeHtml, page, timeTag } from "./html.ts";
import { badRequest, type PageContext } from "./pages.ts";
import { sessionHref } from "./paths.ts";
import { readSlots, type Slot, uncheckedView } from "./records.ts";

/**
 * The session, `undefined` when there is none, or `null` when the library
 * rejects the id (it checks ids itself: a TypeError or RangeError).
 *
 * @param history The history.
 * @param id The id from the path.
 * @returns The session.
 */
export async function findSession(
  history: History,
  id: string,
): Promise<Session | undefined | null> {
  try {
    return await history.getSession(id);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * The 404 page for a session that is not there.
 *
 * @param ctx The viewer.
 * @param id The id asked for.
 * @returns The page.
 */
export function noSuchSession(ctx: PageContext, id: string): Response {
  return page("Not found", `<h1>No session “${esc(id)}”</h1>`, {
    url: ctx.url,
    status: 404,
  });
}

function stat(value: string, key: string): string {
  return `<div class="stat"><span class="v">${
    esc(value)
  }</span><span class="k">${esc(key)}</span></div>`;
}

/** The session's messages and tokens as a row of figures. */
function statsHtml(session: Session, usage: UsageReport | undefined): string {
  const stats = [stat(formatCount(session.messageCount), "messages")];
  if (usage && usage.responses > 0) {
    stats.push(
      stat(formatCount(usage.responses), "responses"),
      stat(formatCount(usage.inputTokens), "input tokens"),
      stat(formatCount(usage.outputTokens), "output tokens"),
      stat(formatCount(usage.totalTokens), "total tokens"),
    );
    if (usage.cacheReadTokens > 0) {
      stats.push(stat(formatCount(usage.cacheReadTokens), "cache read"));
    }
    if (usage.cacheWriteTokens > 0) {
      stats.push(stat(formatCount(usage.cacheWriteTokens), "cache write"));
    }
    const models = Object.keys(usage.byModel).filter(Boolean);
    if (models.length) {
      stats.push(
        stat(models.join(", "), models.length === 1 ? "model" : "models"),
      );
    }
  }
  return `<div class="stats" aria-label="Usage">${stats.join("")}</div>`;
}

function factsHtml(session: Session): string {
  const format = `${session.format.name}@${session.format.version}`;
  return `<div class="facts"><span>Session <b class="mono">${
    esc(session.id)
  }</b></span><span>Owner <b>${
    esc(session.owner ?? "—")
  }</b></span><span>Format <b>${esc(format)}</b></span><span>Created ${
    timeTag(session.createdAt)
  }</span><span>Updated ${timeTag(session.updatedAt)}</span><span><a href="${
    esc(sessionHref(session.id, { json: true }))
  }">All messages as JSON</a></span></div>`;
}

function metadataHtml(session: Session): string {
  const keys = Object.keys(session.metadata).length;
  if (keys === 0) return "";
  return `<details class="metadata"><summary>Metadata · ${keys} key${
    keys === 1 ? "" : "s"
  }</summary><pre>${
    esc(JSON.stringify(session.metadata, null, 2))
  }</pre></details>`;
}

/** Links to the first, earlier, later and last pages, and where this one is. */
function pageNav(
  per: number,
  session: Session,
  after: number,
  shown: { first: number; last: number; count: number },
): string {
  const href = (a: number) => esc(sessionHref(session.id, { after: a }));
  const lastPage = Math.max(0, Math.floor((session.lastSeq - 1) / per) * per);
  const nav: string[] = [];
  if (after > per) nav.push(`<a href="${href(0)}">⇤ First</a>`);
  if (after > 0) {
    nav.push(
      `<a rel="prev" href="${
        href(Math.max(0, after - per))
      }">← Earlier messages</a>`,
    );
  }
  const where = shown.count
    ? `${
      shown.first === shown.last
        ? `Message ${formatCount(shown.first)}`
        : `Messages ${formatCount(shown.first)}–${formatCount(shown.last)}`
    } of ${formatCount(session.lastSeq)}${
      after % per === 0 && session.lastSeq > per
        ? ` · page ${formatCount(after / per + 1)} of ${
          formatCount(Math.ceil(session.lastSeq / per))
        }`
        : ""
    }`
    : after
    ? "No messages here."
    : "No messages yet.";
  nav.push(`<span class="where">${where}</span>`);
  if (shown.last < session.lastSeq) {
    nav.push(`<a rel="next" href="${href(shown.last)}">Later messages →</a>`);
    if (lastPage > shown.last) {
      nav.push(`<a href="${href(lastPage)}">Last ⇥</a>`);
    }
  }
  return `<nav class="pages">${nav.join("")}</nav>`;
}

function slotHtml(slot: Slot, id: string, format: TranscriptFormat): string {
  const seq = slot.kind === "record" ? slot.record.seq : slot.seq;
  const links = { json: sessionHref(id, { json: true, seq }) };
  if (slot.kind === "broken") {
    return brokenEntryHtml(seq, slot.error, slot.json, links);
  }
  try {
    return entryHtml(
      transcriptEntry(slot.record, format),
      slot.record.json,
      links,
    );
  } catch (error) {
    return brokenEntryHtml(seq, error, slot.record.json, links);
  }
}

/** The page's messages as cards between page links, or a notice. */
function messagesHtml(
  ctx: PageContext,
  session: Session,
  view: History<unknown> | undefined,
  after: number,
): Promise<string> {
  return guarded("The messages of this page", async () => {
    const slots = await readSlots(
      uncheckedView(ctx.history, session.format),
      view?.format,
      session.id,
      after,
      ctx.messagesPerPage,
    );
    const seqs = slots.map((s) => s.kind === "record" ? s.record.seq : s.seq);
    const nav = pageNav(ctx.messagesPerPage, session, after, {
      first: seqs[0] ?? 0,
      last: seqs[seqs.length - 1] ?? after,
      count: slots.length,
    });
    const format = view?.format ?? { name: session.format.name };
    const cards = slots.map((slot) => slotHtml(slot, session.id, format));
    return `${nav}\n${cards.join("\n")}\n${slots.length > 3 ? nav : ""}`;
  });
}

/**
 * A page of a session's transcript: `?after=<seq>` pages.
 *
 * @param ctx The viewer.
 * @param id The session id.
 * @param params The query string.
 * @returns The page (404 for no such session, 400 for a bad id or `after`).
 */
export async function transcriptPage(
  ctx: PageContext,
  id: string,
  params: URLSearchParams,
): Promise<Response> {
  const { history, url } = ctx;
  const session = await findSession(history, id);
  if (session === null) return badRequest(ctx, "Not a session id.");
  if (!session) return noSuchSession(ctx, id);
  const afterText = params.get("after") ?? "0";
  if (!/^\d{1,15}$/.test(afterText)) {
    return badRequest(ctx, "?after= must be a message seq (0, 1, 2…).");
  }
  const after = Number(afterText);
  const view = viewFor(history, session.format, ctx.lenient);
  const [title, usage, messages] = await Promise.all([
    attempt("The title", () => titleOf(history, session, ctx.lenient)),
    view
      ? attempt("The usage", () => view.getUsage({ sessionId: id }))
      : Promise.resolve({ value: undefined, notice: "" }),
    messagesHtml(ctx, session, view, after),
  ]);
  const format = `${session.format.name}@${session.format.version}`;
  const unknown = view ? "" : noticeHtml(
    `The viewer does not read the format “${format}”.`,
    "Each message is shown as its JSON.",
  );
  const heading = title.value || session.id;
  const body = `<h1>${esc(heading)}</h1>
${title.notice}${factsHtml(session)}${
    statsHtml(session, usage.value)
  }${usage.notice}${metadataHtml(session)}${unknown}
${messages}`;
  return page(heading, body, { url });
}
