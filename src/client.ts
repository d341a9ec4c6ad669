/**
 * Turning options and the environment into a libSQL client. Remote URLs use
 * `@libsql/client/web` (no native addon); `file:` and `:memory:` load the
 * native client by dynamic `import()` only when asked for.
 *
 * @module
 */
import { createClient as createWebClient } from "@libsql/client/web";
import type { Client, Config } from "@libsql/client/web";
import {
  AuthError,
  ConfigError,
  ConnectionError,
  DatabaseError,
  HistoryError,
  SyncError,
  TimeoutError,
} from "./errors.ts";

/** Where the history lives and how to reach it. */
export interface ConnectionOptions {
  /**
   * The database: `file:path.db`, a plain path, `:memory:`, or a remote
   * `libsql://`, `https://`, `http://`, `ws://` or `wss://` URL.
   * @default {env LIBSQL_URL, then TURSO_DATABASE_URL, then "file:ironclaw.db"}
   */
  url?: string;
  /**
   * The token for a remote database or for the `syncUrl` of a replica.
   * Never printed, logged or put in an error.
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

/** What kind of database a resolved configuration points at. */
export type ConnectionKind = "file" | "memory" | "remote" | "replica";

/** A configuration after options and environment were merged. */
export interface ResolvedConnection {
  /** The kind of database. */
  readonly kind: ConnectionKind;
  /** The URL, without credentials or query. */
  readonly displayUrl: string;
  /** The effective timeout in milliseconds. */
  readonly timeout: number;
}

/** A live libSQL client plus the facts the history needs about it. */
export interface Connection extends ResolvedConnection {
  /** The libSQL client (replaced when an offline replica comes back online). */
  client: Client;
  /**
   * For a replica whose remote could not be reached when it was opened: the
   * local copy is open for reading only, until a `sync()` succeeds.
   */
  offline: boolean;
  /** For an offline replica: tries to open the real replica again. */
  goOnline?: () => Promise<void>;
  /** Turns any failure into a {@linkcode HistoryError} without secrets. */
  toError(error: unknown, action: string): HistoryError;
}

const DEFAULT_URL = "file:ironclaw.db";
const REMOTE_SCHEMES = new Set(["libsql:", "https:", "http:", "ws:", "wss:"]);

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

/** The URL shown in messages: scheme, host and path, never query or user info. */
export function displayUrl(url: string): string {
  if (url === ":memory:") return url;
  const match = /^([a-z][a-z0-9+.-]*:)(\/\/)?([^?#]*)/i.exec(url);
  if (!match) return "(unparsable URL)";
  const [, scheme, slashes = "", rest = ""] = match;
  const withoutUser = slashes ? rest.replace(/^[^/@]*@/, "") : rest;
  return `${scheme}${slashes}${withoutUser}`;
}

function schemeOf(url: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]+:)/i.exec(url);
  return match?.[1]?.toLowerCase();
}

interface Plan {
  kind: ConnectionKind;
  config: Config;
  displayUrl: string;
  timeout: number;
  secrets: string[];
}

/** Merges options and environment and checks them, without connecting. */
function plan(options: ConnectionOptions): Plan {
  let url = options.url ?? readEnv(options.env, "LIBSQL_URL") ??
    readEnv(options.env, "TURSO_DATABASE_URL") ?? DEFAULT_URL;
  const authToken = options.authToken ??
    readEnv(options.env, "LIBSQL_AUTH_TOKEN") ??
    readEnv(options.env, "TURSO_AUTH_TOKEN");
  const secrets = [
    authToken,
    options.encryptionKey,
    options.remoteEncryptionKey,
  ]
    .filter((s): s is string => typeof s === "string" && s.length > 0);
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
  if (
    options.timeout !== undefined &&
    !(Number.isFinite(options.timeout) && options.timeout > 0)
  ) {
    throw new ConfigError(
      `Cannot open history "${shown}": timeout must be a positive number of milliseconds`,
    );
  }
  if (
    options.syncInterval !== undefined &&
    !(Number.isFinite(options.syncInterval) && options.syncInterval > 0)
  ) {
    throw new ConfigError(
      `Cannot open history "${shown}": syncInterval must be a positive number of seconds`,
    );
  }
  if (
    options.durability !== undefined && options.durability !== "full" &&
    options.durability !== "normal"
  ) {
    throw new ConfigError(
      `Cannot open history "${shown}": durability must be "full" or "normal"`,
    );
  }
  const base: Config = { url, intMode: "number" };
  if (options.encryptionKey) base.encryptionKey = options.encryptionKey;

  if (scheme === ":memory:" || scheme === "file:") {
    const memory = scheme === ":memory:" || /^file::memory:/i.test(url);
    const timeout = options.timeout ?? 5_000;
    // One connection: local calls are synchronous anyway, and it keeps
    // connection settings (synchronous) on every statement.
    const config: Config = { ...base, timeout, concurrency: 1 };
    if (options.syncUrl !== undefined) {
      if (memory) {
        throw new ConfigError(
          `Cannot open history "${shown}": an embedded replica needs a local file, not :memory:`,
        );
      }
      const syncScheme = schemeOf(options.syncUrl);
      if (!syncScheme || !REMOTE_SCHEMES.has(syncScheme)) {
        throw new ConfigError(
          `Cannot open history "${shown}": syncUrl "${
            displayUrl(options.syncUrl)
          }" must be a libsql:, https:, http:, ws: or wss: URL`,
        );
      }
      config.syncUrl = options.syncUrl;
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
    return {
      kind: memory ? "memory" : "file",
      config,
      displayUrl: shown,
      timeout,
      secrets,
    };
  }
  if (REMOTE_SCHEMES.has(scheme)) {
    if (options.syncUrl !== undefined) {
      throw new ConfigError(
        `Cannot open history "${shown}": syncUrl needs a local file url (file:…), not a remote one`,
      );
    }
    const timeout = options.timeout ?? 30_000;
    const config: Config = {
      ...base,
      fetch: timedFetch(options.fetch, timeout),
    };
    if (authToken) config.authToken = authToken;
    if (options.remoteEncryptionKey) {
      config.remoteEncryptionKey = options.remoteEncryptionKey;
    }
    return { kind: "remote", config, displayUrl: shown, timeout, secrets };
  }
  throw new ConfigError(
    `Cannot open history "${shown}": unsupported URL scheme "${scheme}" (use file:, :memory:, libsql:, https:, http:, ws: or wss:)`,
  );
}

/** Marks a request abandoned because it ran past the timeout. */
class RequestTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "RequestTimeout";
  }
}

/** Wraps `fetch` so that each request fails after `timeout` milliseconds. */
function timedFetch(
  inner: ((request: Request) => Promise<Response>) | undefined,
  timeout: number,
): (request: Request) => Promise<Response> {
  const call = inner ?? ((request: Request) => fetch(request));
  return async (request: Request) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new RequestTimeout(timeout)),
      timeout,
    );
    try {
      const req = new Request(request, { signal: controller.signal });
      return await Promise.race([
        call(req),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener(
            "abort",
            () => reject(controller.signal.reason),
            { once: true },
          )
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Replaces every secret in `text` with `[redacted]`. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out.replace(/authToken=[^&\s"']+/gi, "authToken=[redacted]");
}

function describe(
  error: unknown,
): { name: string; code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const out: { name: string; code?: string; message: string } = {
      name: error.name,
      message: error.message,
    };
    if (typeof code === "string") out.code = code;
    return out;
  }
  return { name: "Error", message: String(error) };
}

/** A copy of a driver error that is safe to attach as `cause`. */
function safeCause(error: unknown, secrets: readonly string[]): Error {
  const d = describe(error);
  const copy = new Error(redact(d.message, secrets));
  copy.name = d.name;
  if (d.code) Object.assign(copy, { code: d.code });
  return copy;
}

function findTimeout(error: unknown): RequestTimeout | undefined {
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    if (e instanceof RequestTimeout) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a driver failure to a history error. */
function mapError(
  error: unknown,
  action: string,
  where: string,
  secrets: readonly string[],
  busyTimeout: number,
): HistoryError {
  if (error instanceof HistoryError) return error;
  const cause = safeCause(error, secrets);
  const timedOut = findTimeout(error);
  if (timedOut) {
    return new TimeoutError(
      `Cannot ${action}: "${where}" did not answer within ${timedOut.timeoutMs} ms`,
      timedOut.timeoutMs,
      { cause },
    );
  }
  const d = describe(error);
  const message = redact(d.message, secrets);
  const code = d.code ?? "";
  if (/HTTP status 401|HTTP status 403|unauthori[sz]ed/i.test(message)) {
    return new AuthError(
      `Cannot ${action}: "${where}" refused the credentials (check the auth token)`,
      { cause },
    );
  }
  if (
    code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" ||
    /SQLITE_BUSY/.test(code)
  ) {
    return new TimeoutError(
      `Cannot ${action}: "${where}" stayed locked by another writer (${message})`,
      busyTimeout,
      { cause },
    );
  }
  if (code.startsWith("URL_") || code === "ENCRYPTION_KEY_INVALID") {
    return new ConfigError(`Cannot ${action}: ${message}`, { cause });
  }
  if (
    code === "SERVER_ERROR" || code.startsWith("HRANA_") ||
    code === "STREAM_EXPIRED" || code === "TRANSACTION_CLOSED" ||
    d.name === "TypeError" || d.name === "FetchError" ||
    /fetch failed|connection|ECONN|network/i.test(message)
  ) {
    return new ConnectionError(
      `Cannot ${action}: "${where}" could not be reached or failed: ${message}`,
      { cause },
    );
  }
  return new DatabaseError(
    `Cannot ${action}: database error: ${message}`,
    code || undefined,
    { cause },
  );
}

/**
 * Connects to the database the options (then the environment) describe.
 *
 * @param options Where the history lives.
 * @returns The connection.
 * @throws {ConfigError} For an unsupported URL or inconsistent options.
 * @throws {ConnectionError} When a local file cannot be opened.
 */
export async function connect(options: ConnectionOptions): Promise<Connection> {
  const p = plan(options);
  const toError = (error: unknown, action: string) =>
    mapError(error, action, p.displayUrl, p.secrets, p.timeout);
  const opening = `open history "${p.displayUrl}"`;
  if (p.kind === "remote") {
    return {
      ...resolved(p),
      client: createWebClient(p.config),
      offline: false,
      toError,
    };
  }
  const native = await import("@libsql/client");
  const open = (config: Config): Client => {
    try {
      return native.createClient(config) as Client;
    } catch (error) {
      const mapped = toError(error, opening);
      throw mapped instanceof DatabaseError
        ? new ConfigError(mapped.message, { cause: mapped.cause })
        : mapped;
    }
  };
  if (p.kind !== "replica") {
    const client = open(p.config);
    if (options.durability === "normal" && p.kind === "file") {
      try {
        await client.execute("PRAGMA synchronous = NORMAL");
      } catch (error) {
        client.close();
        throw toError(error, opening);
      }
    }
    return { ...resolved(p), client, offline: false, toError };
  }
  let replica: Client;
  try {
    replica = open(p.config);
  } catch (error) {
    // The remote is unreachable. If a local copy exists, open it for reading.
    const path = localPath(p.config.url);
    if (!(error instanceof ConnectionError) || !path || !fileExists(path)) {
      throw error;
    }
    const { syncUrl: _s, authToken: _a, syncInterval: _i, ...local } = p.config;
    const connection: Connection = {
      ...resolved(p),
      client: open(local),
      offline: true,
      toError,
      async goOnline() {
        const online = open(p.config);
        connection.client.close();
        connection.client = online;
        connection.offline = false;
        delete connection.goOnline;
        await Promise.resolve();
      },
    };
    return connection;
  }
  return { ...resolved(p), client: replica, offline: false, toError };
}

function resolved(p: Plan): ResolvedConnection {
  return { kind: p.kind, displayUrl: p.displayUrl, timeout: p.timeout };
}

/** The file path of a `file:` URL. */
function localPath(url: string): string | undefined {
  const match = /^file:(?:\/\/(?=\/))?([^?#]+)/i.exec(url);
  return match?.[1];
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Runs one sync of an embedded replica.
 *
 * @param connection The connection.
 * @returns How many frames were pulled, when libSQL tells.
 */
export async function syncReplica(
  connection: Connection,
): Promise<{ framesSynced: number | undefined }> {
  if (connection.kind !== "replica") {
    throw new SyncError(
      `Cannot sync history "${connection.displayUrl}": it is not an embedded replica (open it with a file url and syncUrl)`,
    );
  }
  try {
    if (connection.goOnline) await connection.goOnline();
    const result = await connection.client.sync();
    return { framesSynced: result?.frames_synced };
  } catch (error) {
    const mapped = connection.toError(error, "sync history");
    throw new SyncError(mapped.message, { cause: mapped });
  }
}
