/**
 * Opening the libSQL client a plan describes. Remote URLs use
 * `@libsql/client/web` (no native addon); `file:` and `:memory:` load the
 * native client by dynamic `import()` only when asked for. An embedded
 * replica whose remote cannot be reached opens its local copy read-only and
 * goes online on the next sync.
 *
 * @module
 */
import { createClient as createWebClient } from "@libsql/client/web";
import type { Client, Config } from "@libsql/client/web";
import {
  ConfigError,
  ConnectionError,
  DatabaseError,
  type HistoryError,
  SyncError,
} from "../errors.ts";
import { CloseAwareClient } from "./close_aware_client.ts";
import { mapError } from "./driver_errors.ts";
import { timedFetch } from "./timed_fetch.ts";
import {
  type ConnectionKind,
  type ConnectionOptions,
  filePath,
  type Plan,
  plan,
} from "./options.ts";

/** A live libSQL client plus the facts the history needs about it. */
export interface Connection {
  /** The kind of database. */
  readonly kind: ConnectionKind;
  /** The URL, without credentials or query. */
  readonly displayUrl: string;
  /** The effective timeout in milliseconds. */
  readonly timeout: number;
  /**
   * The libSQL client. Its `close()` makes operations still running fail
   * with `HistoryClosedError` (through {@linkcode Connection.toError}); an
   * offline replica coming back online swaps the driver's client inside it.
   */
  readonly client: Client;
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
  // The driver's refusals at creation are about the configuration, even a
  // `TypeError` from its URL handling: the plan checked the URL already,
  // so this is the driver disagreeing with that check.
  const creating = (create: () => Client): Client => {
    try {
      return create();
    } catch (error) {
      const mapped = toError(error, opening);
      throw mapped instanceof DatabaseError || p.kind === "remote"
        ? new ConfigError(mapped.message, { cause: mapped.cause })
        : mapped;
    }
  };
  if (p.kind === "remote") {
    const closing = new AbortController();
    const fetch = timedFetch(options.fetch, p.timeout, closing.signal);
    const web = creating(() => createWebClient({ ...p.config, fetch }));
    return {
      ...facts(p),
      client: new CloseAwareClient(web, () => closing.abort()),
      offline: false,
      toError,
    };
  }
  const native = await import("@libsql/client");
  const open = (config: Config): Client =>
    creating(() => native.createClient(config) as Client);
  if (p.kind !== "replica") {
    const client = new CloseAwareClient(open(p.config));
    if (options.durability === "normal" && p.kind === "file") {
      try {
        await client.execute("PRAGMA synchronous = NORMAL");
      } catch (error) {
        client.close();
        throw toError(error, opening);
      }
    }
    return { ...facts(p), client, offline: false, toError };
  }
  let replica: Client;
  try {
    replica = open(p.config);
  } catch (error) {
    // The remote is unreachable. If a local copy exists, open it for reading.
    if (!(error instanceof ConnectionError)) throw error;
    return offlineReplica(p, open, toError, error);
  }
  return {
    ...facts(p),
    client: new CloseAwareClient(replica),
    offline: false,
    toError,
  };
}

/**
 * The local copy of a replica whose remote could not be reached, open for
 * reading, with a `goOnline` that swaps in the real replica.
 *
 * @throws The original `error` when there is no local copy to read.
 */
function offlineReplica(
  p: Plan,
  open: (config: Config) => Client,
  toError: Connection["toError"],
  error: ConnectionError,
): Connection {
  // libSQL parsed this URL before it failed to connect, so it has a path.
  const path = filePath(p.config.url);
  if (!path || !fileExists(path)) throw error;
  const { syncUrl: _s, authToken: _a, syncInterval: _i, ...local } = p.config;
  const client = new CloseAwareClient(open(local));
  const connection: Connection = {
    ...facts(p),
    client,
    offline: true,
    toError,
    async goOnline() {
      client.replace(open(p.config));
      connection.offline = false;
      delete connection.goOnline;
      await Promise.resolve();
    },
  };
  return connection;
}

function facts(p: Plan): Pick<Connection, "kind" | "displayUrl" | "timeout"> {
  return { kind: p.kind, displayUrl: p.displayUrl, timeout: p.timeout };
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
