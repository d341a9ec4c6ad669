/**
 * A session's messages as their stored JSON text (`/s/<id>/json`), or one
 * message's (`/s/<id>/json?seq=N`), byte-for-byte as saved — read without
 * the format's check, so the text of a message the transcript cannot show
 * is still here, and so are sessions in a format the viewer does not know.
 *
 * @module
 */
import { HEADERS } from "./html.ts";
import { badRequest, type PageContext } from "./pages.ts";
import { uncheckedView } from "./records.ts";
import { findSession, noSuchSession } from "./transcript_page.ts";

/**
 * The stored JSON text of a session's messages, or of one of them.
 *
 * @param ctx The viewer.
 * @param id The session id.
 * @param params The query string (`seq` picks one message).
 * @returns The response: JSON, or a 400/404 page.
 */
export async function jsonPage(
  ctx: PageContext,
  id: string,
  params: URLSearchParams,
): Promise<Response> {
  const session = await findSession(ctx.history, id);
  if (session === null) return badRequest(ctx, "Not a session id.");
  if (!session) return noSuchSession(ctx, id);
  const view = uncheckedView(ctx.history, session.format);
  const seqText = params.get("seq");
  let json: string;
  if (seqText === null) {
    json = await view.getMessagesJson(id);
  } else {
    if (!/^[1-9]\d{0,14}$/.test(seqText)) {
      return badRequest(ctx, "?seq= must be a message seq (1, 2, 3…).");
    }
    const seq = Number(seqText);
    const [record] = await view.getMessageRecords(id, {
      afterSeq: seq - 1,
      limit: 1,
    });
    if (record?.seq !== seq) {
      return badRequest(ctx, `Session “${id}” has no message ${seq}.`, 404);
    }
    json = record.json;
  }
  return new Response(json, {
    headers: {
      ...HEADERS,
      "content-type": "application/json; charset=utf-8",
    },
  });
}
