/**
 * The stored form of an AI SDK `ModelMessage`: its JSON snapshot with one
 * rewrite. Tagged file data `{ type: "url", url: URL }` has no JSON form the
 * SDK reads the same way — its snapshot, `{ type: "url", url: "https://…" }`,
 * is taken for a provider reference in a `file` part (an object whose values
 * are all strings) and refused in a `reasoning-file` part — so a `file` or
 * `reasoning-file` part's tagged URL is stored as the bare URL string, which
 * the SDK parses into the same `URL` again.
 *
 * @module
 */
import { isObject } from "../../json.ts";

/** The part types whose `data` may be a bare URL string. */
const FILE_PARTS = new Set(["file", "reasoning-file"]);

/**
 * The string that stands for tagged URL data, or `undefined` when `data` is
 * not tagged URL data or holds keys a bare string would lose.
 *
 * The SDK keeps `originalUrl` when parsing changed the URL's text; the bare
 * `originalUrl` gives both back (the SDK parses it and keeps the text), as
 * long as it parses to `url`.
 */
function bareUrl(data: Record<string, unknown>): string | undefined {
  if (data.type !== "url" || typeof data.url !== "string") return undefined;
  for (const key of Object.keys(data)) {
    if (key !== "type" && key !== "url" && key !== "originalUrl") {
      return undefined;
    }
  }
  const original = data.originalUrl;
  if (original === undefined) return data.url;
  if (typeof original !== "string") return undefined;
  try {
    return new URL(original).href === data.url ? original : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A model message's JSON snapshot with the tagged URL file data of its
 * `file` and `reasoning-file` parts as bare URL strings (see the module
 * doc). The snapshot is not changed: it is returned itself when it has no
 * such data, else a copy with only those parts replaced.
 *
 * @param snapshot The JSON snapshot of one message.
 * @returns The form to validate and store.
 */
export function aiSdkModelMessageStoredForm<T>(snapshot: T): T {
  if (!isObject(snapshot) || !Array.isArray(snapshot.content)) {
    return snapshot;
  }
  let content: unknown[] | undefined;
  snapshot.content.forEach((part: unknown, i: number) => {
    if (!isObject(part) || !FILE_PARTS.has(part.type as string)) return;
    const url = isObject(part.data) ? bareUrl(part.data) : undefined;
    if (url === undefined) return;
    content ??= [...(snapshot.content as unknown[])];
    content[i] = { ...part, data: url };
  });
  return content === undefined ? snapshot : { ...snapshot, content } as T;
}
