/**
 * Database URLs, checked before the driver sees them: the strict reading of
 * remote (`libsql:`, `https:`, `http:`, `ws:`, `wss:`) and `file:` URLs, the
 * URL shown in messages, and the move of an `authToken` query parameter out
 * of the URL into the configuration.
 *
 * Why here and not in the driver: libSQL's own URL errors are a mix of
 * `LibsqlError` and `TypeError`, some of them quote the URL, and a URL the
 * driver keeps is a URL whose query (and token) may come back in a later
 * error. So every URL is refused here with a {@linkcode ConfigError} that
 * names what is wrong — never a query value, never user info — and the URL
 * the driver gets carries no token at all.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";

/** A URL after its checks: what to give the driver, and the token it held. */
export interface CheckedUrl {
  /** The URL for the driver: the input without its `authToken` parameters. */
  readonly driverUrl: string;
  /** The value of the last `authToken` query parameter, if there is one. */
  readonly authToken: string | undefined;
}

/** The URL schemes of remote databases, with their colon. */
export const REMOTE_SCHEMES: ReadonlySet<string> = new Set([
  "libsql:",
  "https:",
  "http:",
  "ws:",
  "wss:",
]);

/** Builds the {@linkcode ConfigError} for one thing wrong with a URL. */
export type Refuse = (why: string) => ConfigError;

/** One `key=value` of a query, as written and decoded. */
interface QueryPair {
  /** The pair as written, for a URL rebuilt without some pairs. */
  readonly text: string;
  /** The key, decoded, in lower case (keys are matched in any letter case). */
  readonly key: string;
  /** The value, decoded. */
  readonly value: string;
}

/** The query parameters each kind of URL accepts, lower-cased, with their values. */
const REMOTE_KEYS = new Map<string, readonly string[] | undefined>([
  ["authtoken", undefined],
  ["tls", ["0", "1"]],
]);
const FILE_KEYS = REMOTE_KEYS;
const MEMORY_KEYS = new Map<string, readonly string[] | undefined>([
  ["cache", ["shared", "private"]],
]);

/** How a key is written in messages. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  authtoken: "authToken",
  tls: "tls",
  cache: "cache",
};

/**
 * The URL shown in messages: scheme, host and path — never the query, the
 * fragment or user info.
 *
 * @param url The URL.
 * @returns The URL without credentials, query or fragment.
 */
export function displayUrl(url: string): string {
  if (url === ":memory:") return url;
  const match = /^([a-z][a-z0-9+.-]*:)(\/\/)?([^?#]*)/is.exec(url);
  if (!match) return "(unparsable URL)";
  const [, scheme = "", slashes = "", rest = ""] = match;
  if (!slashes) return `${scheme}${rest}`;
  // User info ends at the last "@" (a password may hold "@"): of the
  // authority for a file: URL, whose path may hold one; of everything
  // before the query for a remote URL, where a password with an unencoded
  // "/" would otherwise show its end as a path.
  const slash = rest.indexOf("/");
  const local = scheme.toLowerCase() === "file:";
  const authority = !local || slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf("@");
  return `${scheme}${slashes}${rest.slice(at + 1)}`;
}

/**
 * The URL shown in the message that refuses it: {@linkcode displayUrl},
 * unless the URL is not a `file:` one and has an `@` after its host and
 * path. Then a password with an unencoded `?` or `#` may have pushed its
 * `@` there, and what looks like the host and port is the user name and
 * the start of the password — so only the scheme is shown.
 *
 * @param url The URL.
 * @returns The text to show.
 */
export function refusedUrl(url: string): string {
  const shown = displayUrl(url);
  const scheme = /^[a-z][a-z0-9+.-]*:(\/\/)?/i.exec(url)?.[0];
  if (scheme === undefined || /^file:/i.test(scheme)) return shown;
  const beforeQuery = /^[^?#]*/.exec(url)![0].length;
  return url.indexOf("@", beforeQuery) === -1 ? shown : `${scheme}…`;
}

/**
 * The URL as a quoted string for a message: `"…"`, with control characters
 * and quotes escaped so that a URL cannot break a message's line.
 *
 * @param url The URL (already without credentials).
 * @returns The quoted text.
 */
export function quoteUrl(url: string): string {
  return JSON.stringify(url);
}

/**
 * Checks a remote database URL and takes its `authToken` out.
 *
 * @param url The URL, trimmed, with a scheme of {@linkcode REMOTE_SCHEMES}.
 * @param refuse Builds the error for one problem.
 * @returns The URL for the driver and the token it held.
 * @throws {ConfigError} For anything libSQL or `fetch` would refuse, and for
 *   a user name or password (they would travel in every request unredacted).
 */
export function checkRemoteUrl(url: string, refuse: Refuse): CheckedUrl {
  // deno-lint-ignore no-control-regex -- control characters are the point
  if (/[\u0000-\u0020\u007f]/.test(url)) {
    throw refuse(
      "the URL contains a space or a control character (percent-encode it, e.g. %20)",
    );
  }
  const match =
    /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?$/s
      .exec(url);
  const [, scheme = "", slashes, authority = "", path = "", query, hash] =
    match ?? [];
  const lower = scheme.toLowerCase();
  if (!slashes) {
    throw refuse(
      `the URL needs a host after "//" (${lower}://host[:port])`,
    );
  }
  if (hash !== undefined) {
    throw refuse('a URL fragment ("#…") is not supported; remove it');
  }
  if (authority.includes("@") || path.includes("@")) {
    // In the path too: a password with an unencoded "/" ends the authority.
    throw refuse(
      'a remote URL cannot hold a user name or password (nor an "@" in its path); give the token as authToken or LIBSQL_AUTH_TOKEN',
    );
  }
  const port = checkAuthority(authority, refuse);
  decodeOrRefuse(path, refuse, "the path");
  const pairs = parseQuery(query, refuse);
  checkKeys(pairs, REMOTE_KEYS, "a remote URL", refuse);
  const tls = lastValue(pairs, "tls");
  if (lower === "libsql" && tls === "0" && port === undefined) {
    throw refuse(
      "a libsql: URL with tls=0 must name a port (libsql://host:port?tls=0)",
    );
  }
  const base = `${scheme}://${authority}${path}`;
  return {
    driverUrl: tls === undefined ? base : `${base}?tls=${tls}`,
    authToken: lastValue(pairs, "authtoken"),
  };
}

/**
 * Checks the host and port of a remote URL.
 *
 * @returns The port, when one is given.
 */
function checkAuthority(authority: string, refuse: Refuse): number | undefined {
  const match = /^(\[[^\[\]]*\]|[^:\[\]]*)(?::(.*))?$/s.exec(authority);
  if (!match) {
    throw refuse(
      authority.includes("[") && !authority.includes("]")
        ? "the IPv6 address has no closing ] (write http://[::1]:8080)"
        : "the host is malformed (an IPv6 address goes in brackets: [::1])",
    );
  }
  const [, host = "", portText] = match;
  if (host === "" || host === "[]") throw refuse("the URL has no host");
  let port: number | undefined;
  if (portText !== undefined && portText !== "") {
    if (!/^[0-9]+$/.test(portText)) {
      throw refuse("the port is not a number");
    }
    port = Number(portText);
    if (!(port >= 1 && port <= 65535)) {
      throw refuse(
        `the port ${
          portText.length > 12 ? `${portText.slice(0, 12)}…` : portText
        } is out of range (1 to 65535)`,
      );
    }
  }
  try {
    new URL(`http://${host}/`);
  } catch {
    throw refuse(
      host.startsWith("[")
        ? "the IPv6 address in brackets is not valid"
        : "the host is not a valid host name or IP address",
    );
  }
  return port;
}

/**
 * Checks a `file:` URL's query and fragment and takes its `authToken` out
 * (a replica's token may be given there). The path, host and port are
 * {@linkcode filePath}'s business.
 *
 * @param url A `file:` URL.
 * @param refuse Builds the error for one problem.
 * @returns The URL for the driver and the token it held.
 * @throws {ConfigError} For a fragment, an unknown query parameter or a
 *   bad value or percent-encoding in the query.
 */
export function checkFileUrl(url: string, refuse: Refuse): CheckedUrl {
  const match = /^(file:(?:\/\/([^/?#]*))?([^?#]*))(?:\?([^#]*))?(#.*)?$/is
    .exec(url);
  const [, base = "", authority, path = "", query, hash] = match ?? [];
  if (hash !== undefined) {
    throw refuse(
      'a URL fragment ("#…") is not supported; a "#" in a file name is written %23',
    );
  }
  const memory = authority === undefined && path === ":memory:";
  const pairs = parseQuery(query, refuse);
  checkKeys(
    pairs,
    memory ? MEMORY_KEYS : FILE_KEYS,
    memory ? "file::memory:" : "a file: URL",
    refuse,
  );
  const kept = pairs.filter((p) => p.key !== "authtoken").map((p) => p.text);
  return {
    driverUrl: kept.length > 0 ? `${base}?${kept.join("&")}` : base,
    authToken: lastValue(pairs, "authtoken"),
  };
}

/**
 * The path libSQL opens for a `file:` URL, read the way its URL parser reads
 * it: after an optional `//` authority that may only be empty or
 * `localhost` (so `file:///a/b.db` and `file://localhost/a/b.db` are both
 * `/a/b.db`), up to the query, percent-decoded.
 *
 * @param url A `file:` URL.
 * @returns The path.
 * @throws {ConfigError} When the URL names another host, a port or a user,
 *   or has a bad percent-encoding: libSQL refuses to open those.
 */
export function filePath(url: string): string {
  const match = /^file:(?:\/\/([^/?#]*))?([^?#]*)/is.exec(url);
  const [, authority, path = ""] = match ?? [];
  const refuse = (why: string) =>
    new ConfigError(`Cannot open history ${quoteUrl(displayUrl(url))}: ${why}`);
  if (authority !== undefined) {
    if (authority.includes("@")) {
      throw refuse("a file: URL cannot have a user name or password");
    }
    const [, host = "", port = ""] = /^(.*?)(?::([0-9]*))?$/s.exec(authority)!;
    if (port !== "") throw refuse("a file: URL cannot have a port");
    if (host !== "" && host.toLowerCase() !== "localhost") {
      throw refuse(
        `a file: URL cannot name a host (${
          JSON.stringify(host)
        }); write an absolute path as file:/absolute/path.db or file:///absolute/path.db`,
      );
    }
  }
  return decodeOrRefuse(
    path,
    () => refuse("the path of the file: URL has an invalid percent-encoding"),
    "the path",
  );
}

/** `decodeURIComponent`, or the refusal naming `part`. */
function decodeOrRefuse(text: string, refuse: Refuse, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw refuse(
      `${part} has an invalid percent-encoding (a "%" must start %XX with two hex digits; write a literal % as %25)`,
    );
  }
}

/**
 * The query's pairs, decoded as libSQL decodes them (`+` is a space, empty
 * pairs are skipped).
 */
function parseQuery(query: string | undefined, refuse: Refuse): QueryPair[] {
  if (query === undefined) return [];
  const pairs: QueryPair[] = [];
  for (const text of query.split("&")) {
    if (text === "") continue;
    const eq = text.indexOf("=");
    const [rawKey, rawValue] = eq === -1
      ? [text, ""]
      : [text.slice(0, eq), text.slice(eq + 1)];
    const decode = (raw: string) =>
      decodeOrRefuse(raw.replaceAll("+", " "), refuse, "the query");
    pairs.push({
      text,
      key: decode(rawKey).toLowerCase(),
      value: decode(rawValue),
    });
  }
  return pairs;
}

/**
 * Refuses a key not in `known`, or a value not among the key's values.
 * Neither the key nor the value is quoted: a token with an unencoded `&`
 * or `=` turns into keys and values, so any of them may be part of one.
 */
function checkKeys(
  pairs: readonly QueryPair[],
  known: ReadonlyMap<string, readonly string[] | undefined>,
  kind: string,
  refuse: Refuse,
): void {
  const names = [...known.keys()].map((k) => KEY_NAMES[k] ?? k);
  for (const { key, value } of pairs) {
    if (!known.has(key)) {
      throw refuse(
        `${kind} takes no query parameter but ${
          names.join(" and ")
        }, and this one has another (a token with "&", "=", "+" or "%" in it must be percent-encoded)`,
      );
    }
    const values = known.get(key);
    if (values !== undefined && !values.includes(value)) {
      throw refuse(
        `the ${KEY_NAMES[key] ?? key} query parameter must be ${
          values.join(" or ")
        }`,
      );
    }
  }
}

/** The value of the last pair with `key`, as libSQL takes the last one. */
function lastValue(
  pairs: readonly QueryPair[],
  key: string,
): string | undefined {
  return pairs.findLast((p) => p.key === key)?.value;
}
