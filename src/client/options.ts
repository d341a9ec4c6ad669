/**
 * Connection options and the environment → a plan for the libSQL client:
 * the one default-URL chain (`url`, then `LIBSQL_URL`, then
 * `TURSO_DATABASE_URL`, then `file:ironclaw.db`), the option checks, and the
 * rule that turns a `file:` URL into a path. The CLI asks the same questions
 * through {@linkcode resolveConnection}.
 *
 * @module
 */
import type { Config } from "@libsql/client/web";
import { ConfigError } from "../errors.ts";
import { isSendable } from "./secrets.ts";
import {
  type CheckedUrl,
  checkFileUrl,
  checkRemoteUrl,
  displayUrl,
  filePath,
  quoteUrl,
  refusedUrl,
  REMOTE_SCHEMES,
} from "./url.ts";

export { displayUrl, filePath };

/**
 * Where the history lives and how to reach it.
 *
 * @example Reach a local file, or a remote database from the environment
 * ```ts
 * import { type ConnectionOptions, openHistory, resolveConnection } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const local: ConnectionOptions = { url: "file:chat.db", timeout: 10_000, durability: "normal" };
 * assert.equal(resolveConnection(local).path, "chat.db");
 * const fromEnv: ConnectionOptions = {
 *   env: { TURSO_DATABASE_URL: "libsql://db.example.turso.io", TURSO_AUTH_TOKEN: "secret" },
 * };
 * assert.equal(resolveConnection(fromEnv).kind, "remote");
 * await using history = await openHistory({ url: ":memory:", env: false });
 * assert.equal(history.kind, "memory");
 * ```
 */
export interface ConnectionOptions {
  /**
   * The database: `file:path.db`, a plain path, `:memory:`, or a remote
   * `libsql://`, `https://`, `http://`, `ws://` or `wss://` URL.
   * @default {env LIBSQL_URL, then TURSO_DATABASE_URL, then "file:ironclaw.db"}
   */
  url?: string;
  /**
   * The token for a remote database or for the `syncUrl` of a replica.
   * Never printed, logged or put in an error. An `authToken` query
   * parameter of `url` (then of `syncUrl`) takes precedence over it.
   * @default {env LIBSQL_AUTH_TOKEN, then TURSO_AUTH_TOKEN}
   */
  authToken?: string;
  /** Makes `url` (a local file) an embedded replica of this remote database. */
  syncUrl?: string;
  /** Seconds between automatic syncs of an embedded replica; none by default. */
  syncInterval?: number;
  /** Encrypts the local file (libSQL encryption at rest). */
  encryptionKey?: string;
  /** Key for Turso's encryption of the remote database. */
  remoteEncryptionKey?: string;
  /** For replicas: read your own writes before the next sync. @default {true} */
  readYourWrites?: boolean;
  /** For replicas: accept writes while offline (libSQL's offline writes). */
  offline?: boolean;
  /**
   * Milliseconds an operation may wait: the busy timeout for local files (how
   * long to wait for another process's write lock) and the limit for each
   * request to a remote database.
   * @default {5000 for local files, 30000 for remote databases}
   */
  timeout?: number;
  /**
   * For local files: `"full"` syncs every commit to disk (acknowledged
   * writes survive a power loss); `"normal"` (SQLite's WAL-mode
   * `synchronous=NORMAL`, what most libraries use) skips that sync —
   * acknowledged writes still survive a process crash, never corrupt, and
   * appends are about 3× faster, but the last commits can be lost if the
   * machine itself goes down. Remote databases are the server's business.
   * @default {"full"}
   */
  durability?: "full" | "normal";
  /**
   * The `fetch` used for remote databases (for proxies or tests).
   * @default {globalThis.fetch}
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Where environment variables come from; `false` ignores the environment.
   * @default {Deno.env}
   */
  env?: false | Readonly<Record<string, string | undefined>>;
}

/**
 * What kind of database a resolved configuration points at.
 *
 * @example Say where the data lives
 * ```ts
 * import { type ConnectionKind, resolveConnection } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const where = (kind: ConnectionKind): string =>
 *   kind === "remote" ? "on the server" : kind === "memory" ? "nowhere (memory)" : "in a local file";
 * assert.equal(where(resolveConnection({ url: "file:a.db", env: false }).kind), "in a local file");
 * assert.equal(where(resolveConnection({ url: "https://db.example.com", env: false }).kind), "on the server");
 * ```
 */
export type ConnectionKind = "file" | "memory" | "remote" | "replica";

/**
 * Where {@linkcode resolveConnection} found that a history would connect.
 *
 * @example Check the file before opening it
 * ```ts
 * import { resolveConnection, type ResolvedConnection } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * const resolved: ResolvedConnection = resolveConnection({ env: {} }); // the default
 * assert.deepEqual(resolved, { kind: "file", url: "file:ironclaw.db", path: "ironclaw.db" });
 * ```
 */
export interface ResolvedConnection {
  /** The kind of database. */
  readonly kind: ConnectionKind;
  /**
   * The URL chosen (the `url` option, else `LIBSQL_URL`, else
   * `TURSO_DATABASE_URL`, else `file:ironclaw.db`), a plain path written as
   * a `file:` URL, with any `authToken` query parameter removed (in any
   * letter case).
   */
  readonly url: string;
  /**
   * The local file: for `file:` URLs and embedded replicas the path libSQL
   * opens; `undefined` for `:memory:` and remote databases.
   */
  readonly path: string | undefined;
}

/**
 * What {@linkcode plan} decided: the driver's configuration and the facts
 * the history keeps about it.
 *
 * @internal
 */
export interface Plan {
  /** The kind of database. */
  kind: ConnectionKind;
  /**
   * The configuration for `createClient`, but for the `fetch` of a remote
   * database, which `connect` adds; its URLs carry no token.
   */
  config: Config;
  /** The URL shown in messages. */
  displayUrl: string;
  /** The effective timeout in milliseconds. */
  timeout: number;
  /** The texts no message may contain (tokens, keys). */
  secrets: string[];
}

const DEFAULT_URL = "file:ironclaw.db";

/** Reads one environment variable; `undefined` when absent or not permitted. */
function readEnv(
  env: ConnectionOptions["env"],
  name: string,
): string | undefined {
  if (env === false) return undefined;
  if (env !== undefined) return env[name] || undefined;
  try {
    return globalThis.Deno?.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

function schemeOf(url: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]+:)/i.exec(url);
  return match?.[1]?.toLowerCase();
}

/** The options after the environment filled the gaps. */
interface Merged {
  /** The trimmed URL; a plain path is written as a `file:` URL. */
  url: string;
  scheme: string;
  shown: string;
  /** The token of the options or the environment (a URL's comes later). */
  authToken: string | undefined;
  /** Every secret known so far, from options and environment. */
  secrets: string[];
  /** Builds the error for a problem with this configuration. */
  refuse: (why: string) => ConfigError;
}

function nonEmpty(values: readonly unknown[]): string[] {
  return values.filter((s): s is string =>
    typeof s === "string" && s.length > 0
  );
}

/** Applies the default chains and checks the URL and the number options. */
function merge(options: ConnectionOptions): Merged {
  let url = options.url ?? readEnv(options.env, "LIBSQL_URL") ??
    readEnv(options.env, "TURSO_DATABASE_URL") ?? DEFAULT_URL;
  const envTokens = [
    readEnv(options.env, "LIBSQL_AUTH_TOKEN"),
    readEnv(options.env, "TURSO_AUTH_TOKEN"),
  ];
  const authToken = options.authToken ?? envTokens[0] ?? envTokens[1];
  const secrets = nonEmpty([
    options.authToken,
    ...envTokens,
    options.encryptionKey,
    options.remoteEncryptionKey,
  ]);
  if (typeof url !== "string" || url.trim() === "") {
    throw new ConfigError(
      "Cannot open history: url must be a non-empty string",
    );
  }
  url = url.trim();
  if (url !== ":memory:" && schemeOf(url) === undefined) {
    url = `file:${url}`; // a plain path
  }
  const scheme = url === ":memory:" ? ":memory:" : schemeOf(url)!;
  const shown = displayUrl(url);
  const refuse = (why: string) =>
    new ConfigError(`Cannot open history ${quoteUrl(refusedUrl(url))}: ${why}`);
  checkNumbers(options, refuse);
  return { url, scheme, shown, authToken, secrets, refuse };
}

function checkNumbers(
  options: ConnectionOptions,
  refuse: Merged["refuse"],
): void {
  if (
    options.timeout !== undefined &&
    !(Number.isFinite(options.timeout) && options.timeout > 0)
  ) {
    throw refuse("timeout must be a positive number of milliseconds");
  }
  if (
    options.syncInterval !== undefined &&
    !(Number.isFinite(options.syncInterval) && options.syncInterval > 0)
  ) {
    throw refuse("syncInterval must be a positive number of seconds");
  }
  if (
    options.durability !== undefined && options.durability !== "full" &&
    options.durability !== "normal"
  ) {
    throw refuse('durability must be "full" or "normal"');
  }
}

/**
 * Refuses a secret `fetch` could not put in a header: the runtime's own
 * error would quote it, and a token with a stray newline never works.
 */
function checkSendable(
  value: string | undefined,
  what: string,
  refuse: Merged["refuse"],
): void {
  if (value && !isSendable(value)) {
    throw refuse(
      `the ${what} contains a control character (such as a newline, a tab or a NUL) or a character above U+00FF, so it cannot be sent; check for a stray newline`,
    );
  }
}

/**
 * Merges options and environment and checks them, without connecting.
 *
 * @param options Where the history lives.
 * @returns The plan for the driver.
 * @throws {ConfigError} For an unsupported or malformed URL, a token that
 *   cannot be sent, or inconsistent options.
 */
export function plan(options: ConnectionOptions): Plan {
  const merged = merge(options);
  const { scheme, shown, secrets, refuse } = merged;
  if (scheme === ":memory:" || scheme === "file:") {
    return localPlan(options, merged);
  }
  if (!REMOTE_SCHEMES.has(scheme)) {
    throw refuse(
      `unsupported URL scheme "${scheme}" (use file:, :memory:, libsql:, https:, http:, ws: or wss:)`,
    );
  }
  if (options.syncUrl !== undefined) {
    throw refuse(
      "syncUrl needs a local file url (file:…), not a remote one",
    );
  }
  const checked = checkRemoteUrl(merged.url, refuse);
  const authToken = checked.authToken ?? merged.authToken;
  secrets.push(...nonEmpty([checked.authToken]));
  checkSendable(authToken, "auth token", refuse);
  checkSendable(options.remoteEncryptionKey, "remoteEncryptionKey", refuse);
  const timeout = options.timeout ?? 30_000;
  const config: Config = { url: checked.driverUrl, intMode: "number" };
  if (options.encryptionKey) config.encryptionKey = options.encryptionKey;
  if (authToken) config.authToken = authToken;
  if (options.remoteEncryptionKey) {
    config.remoteEncryptionKey = options.remoteEncryptionKey;
  }
  return { kind: "remote", config, displayUrl: shown, timeout, secrets };
}

/** The plan for `:memory:`, a local file, or an embedded replica of one. */
function localPlan(options: ConnectionOptions, merged: Merged): Plan {
  const { url, scheme, shown, secrets, refuse } = merged;
  let driverUrl = url;
  let urlToken: string | undefined;
  if (scheme === "file:") {
    ({ driverUrl, authToken: urlToken } = checkFileUrl(url, refuse));
    filePath(driverUrl); // the checks libSQL would make, with our messages
    secrets.push(...nonEmpty([urlToken]));
  }
  const memory = scheme === ":memory:" || /^file::memory:/i.test(url);
  const timeout = options.timeout ?? 5_000;
  // One connection: local calls are synchronous anyway, and it keeps
  // connection settings (synchronous) on every statement.
  const config: Config = {
    url: driverUrl,
    intMode: "number",
    timeout,
    concurrency: 1,
  };
  if (options.encryptionKey) config.encryptionKey = options.encryptionKey;
  const kind = memory ? "memory" : "file";
  if (options.syncUrl === undefined) {
    return { kind, config, displayUrl: shown, timeout, secrets };
  }
  if (memory) {
    throw refuse("an embedded replica needs a local file, not :memory:");
  }
  const sync = replicaSyncUrl(options.syncUrl, merged);
  config.syncUrl = sync.driverUrl;
  const authToken = urlToken ?? sync.authToken ?? merged.authToken;
  checkSendable(authToken, "auth token", refuse);
  checkSendable(options.remoteEncryptionKey, "remoteEncryptionKey", refuse);
  if (authToken) config.authToken = authToken;
  if (options.syncInterval !== undefined) {
    config.syncInterval = options.syncInterval;
  }
  if (options.readYourWrites !== undefined) {
    config.readYourWrites = options.readYourWrites;
  }
  if (options.offline !== undefined) config.offline = options.offline;
  if (options.remoteEncryptionKey) {
    config.remoteEncryptionKey = options.remoteEncryptionKey;
  }
  return { kind: "replica", config, displayUrl: shown, timeout, secrets };
}

/**
 * Checks a replica's `syncUrl` as a remote URL and takes its token out.
 *
 * @throws {ConfigError} Naming the syncUrl and what is wrong with it.
 */
function replicaSyncUrl(syncUrl: unknown, merged: Merged): CheckedUrl {
  const text = typeof syncUrl === "string" ? syncUrl.trim() : "";
  const syncScheme = schemeOf(text);
  const shownSync = quoteUrl(refusedUrl(text));
  if (!syncScheme || !REMOTE_SCHEMES.has(syncScheme)) {
    throw merged.refuse(
      `syncUrl ${shownSync} must be a libsql:, https:, http:, ws: or wss: URL`,
    );
  }
  const refuse = (why: string) => merged.refuse(`syncUrl ${shownSync}: ${why}`);
  const checked = checkRemoteUrl(text, refuse);
  merged.secrets.push(...nonEmpty([checked.authToken]));
  return checked;
}

/**
 * Where `openHistory(options)` would connect, worked out without
 * connecting: the same default chain, checks and `file:` rule as opening,
 * so a tool can say which file it is about to use (or whether it exists)
 * before opening it. It refuses every URL `openHistory` refuses at open.
 *
 * @example Find the file a history would use
 * ```ts
 * import { resolveConnection } from "@ironclaw/history";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(
 *   resolveConnection({ env: { LIBSQL_URL: "file:///srv/agent/history.db" } }),
 *   {
 *     kind: "file",
 *     url: "file:///srv/agent/history.db",
 *     path: "/srv/agent/history.db",
 *   },
 * );
 * const remote = resolveConnection({
 *   url: "libsql://db.example.turso.io?authToken=not-for-printing",
 *   env: false,
 * });
 * assert.equal(remote.kind, "remote");
 * assert.equal(remote.url, "libsql://db.example.turso.io");
 * assert.equal(remote.path, undefined);
 * ```
 *
 * @param options Where the history lives, as for `openHistory`.
 * @returns The kind of database, the URL chosen and the local file.
 * @throws {ConfigError} For a bad URL or inconsistent options.
 */
export function resolveConnection(
  options: ConnectionOptions = {},
): ResolvedConnection {
  const { kind, config } = plan(options);
  const local = kind === "file" || kind === "replica";
  return {
    kind,
    url: config.url,
    path: local ? filePath(config.url) : undefined,
  };
}
