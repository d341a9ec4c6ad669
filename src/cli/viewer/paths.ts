/**
 * The viewer's URLs for a session, written so that no URL normalisation can
 * change them, and read back. A session's path is `/s/<id>` with the id
 * percent-encoded as one segment; an id that a browser or `new URL` would
 * rewrite as a dot segment (`.`, `..`) is marked with a leading `~`
 * (`/s/~..`), and so is an id that itself starts with `~`. Links written
 * before the mark existed (`/s/<encoded id>`) open the same sessions.
 *
 * @example Every id opens its own path, whatever the URL parser does
 * ```ts
 * import { parseSessionPath, sessionHref } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * for (const id of ["weather", ".", "..", "a/b", "%", "?x", "#", "~me", "été"]) {
 *   const url = new URL(sessionHref(id), "http://127.0.0.1/");
 *   const route = parseSessionPath(url.pathname);
 *   assert.deepEqual(route, { kind: "session", id, json: false });
 * }
 * ```
 *
 * @module
 */

/** Where a link to a session goes. */
export interface SessionLink {
  /** Show the page of messages after this seq. */
  readonly after?: number;
  /** The stored JSON text instead of the transcript. */
  readonly json?: boolean;
  /** With `json`: only the message with this seq. */
  readonly seq?: number;
  /** A fragment, e.g. `m12` for message 12. */
  readonly hash?: string;
}

/** A session path, read back. */
export type SessionRoute =
  | {
    /** A session's page (`json: false`) or its JSON text. */
    readonly kind: "session";
    /** The session id, decoded. */
    readonly id: string;
    /** Whether the JSON text was asked for. */
    readonly json: boolean;
  }
  | {
    /** A path that cannot name a session. */
    readonly kind: "bad";
    /** Why, for the 400 page. */
    readonly reason: string;
  };

/**
 * The path of a session's page (or JSON), with its query and fragment.
 *
 * @param id The session id.
 * @param link The page, JSON, message and fragment.
 * @returns The path, ready for an `href` (escape it for HTML).
 */
export function sessionHref(id: string, link: SessionLink = {}): string {
  const mark = id === "." || id === ".." || id.startsWith("~") ? "~" : "";
  let href = `/s/${mark}${encodeURIComponent(id)}${link.json ? "/json" : ""}`;
  if (link.json && link.seq !== undefined) href += `?seq=${link.seq}`;
  else if (!link.json && link.after) href += `?after=${link.after}`;
  return link.hash ? `${href}#${link.hash}` : href;
}

/**
 * Reads a session path (`/s/<segment>` or `/s/<segment>/json`).
 *
 * @param pathname A URL's path.
 * @returns The route; `undefined` when the path is not a session path.
 */
export function parseSessionPath(pathname: string): SessionRoute | undefined {
  const match = /^\/s\/([^/]+)(\/json)?$/.exec(pathname);
  if (!match) return undefined;
  const segment = match[1]!;
  let id: string;
  try {
    id = decodeURIComponent(
      segment.startsWith("~") ? segment.slice(1) : segment,
    );
  } catch {
    return {
      kind: "bad",
      reason: "The session id in this path is not valid percent-encoded UTF-8.",
    };
  }
  if (id === "" || id.includes("\0") || !id.isWellFormed()) {
    return {
      kind: "bad",
      reason: "This path names no session id the history can hold.",
    };
  }
  return { kind: "session", id, json: match[2] !== undefined };
}
