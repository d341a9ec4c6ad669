/**
 * A Hrana-over-HTTP server for tests, backed by a local libSQL file.
 *
 * It speaks the JSON pipeline protocol that `@libsql/client` uses for
 * `http://` URLs (`POST /v2/pipeline`, plus the Hrana 3 extras on
 * `/v3/pipeline`), so remote code paths can be tested without sqld or Turso.
 * Every stream gets its own database connection, exactly like sqld, and the
 * server can inject faults (HTTP 500, dropped connections, hangs, lost
 * replies, latency) to exercise error handling. What it imitates of sqld,
 * and what it does not, is in this folder's README.md; each concern has its
 * own file here (streams, pipeline, execute, values, sql_split, http1,
 * faults).
 *
 * @example Run a client against the server and inject a fault
 * ```ts
 * import assert from "node:assert/strict";
 * import { createClient, LibsqlError } from "@libsql/client/web";
 * import { HranaServer } from "./mod.ts";
 *
 * await using server = await HranaServer.start({ authToken: "secret" });
 * const client = createClient({ url: server.url, authToken: "secret" });
 * try {
 *   await client.execute("CREATE TABLE t(x)");
 *   server.inject({ kind: "status500" });
 *   await assert.rejects(client.execute("INSERT INTO t VALUES (1)"), LibsqlError);
 *   assert.deepEqual(server.query("SELECT count(*) AS n FROM t"), [{ n: 0 }]);
 * } finally {
 *   client.close();
 * }
 * ```
 *
 * @module
 */
import type { RunContext } from "./execute.ts";
import { errorMessage } from "./errors.ts";
import { applyFault, type Fault, FaultQueue } from "./faults.ts";
import {
  closeQuietly,
  type HttpRequest,
  type HttpResponse,
  jsonResponse,
  serveConnection,
  TEXT,
} from "./http1.ts";
import { runPipeline } from "./pipeline.ts";
import { sleep } from "./sleep.ts";
import {
  closeConnection,
  type LibsqlDatabase,
  openConnection,
  Streams,
} from "./streams.ts";
import { isRecord, toPlainValue } from "./values.ts";

export type { Fault, FaultKind } from "./faults.ts";

/** Options for {@linkcode HranaServer.start}. */
export interface HranaServerOptions {
  /**
   * Database file to serve. The file is created if it does not exist and is
   * left in place when the server closes.
   *
   * @default a fresh file in a new temporary directory, removed on close
   */
  path?: string;
  /**
   * Token that every pipeline request must present as
   * `Authorization: Bearer <token>`. Requests without it get HTTP 401.
   *
   * @default no authentication
   */
  authToken?: string;
  /**
   * How long a stream may stay idle between requests before it expires and
   * its open transaction is rolled back.
   *
   * @default {10_000}
   */
  streamExpiryMs?: number;
  /**
   * How long a statement keeps retrying while another stream holds the
   * database lock before it fails with `SQLITE_BUSY`. If it fails inside a
   * transaction, that transaction is rolled back and the stream's next
   * request gets HTTP 400.
   *
   * @default {5_000}
   */
  busyTimeoutMs?: number;
}

/** Row returned by {@linkcode HranaServer.query}, keyed by column name. */
export type QueryRow = Record<string, unknown>;

const DEFAULT_STREAM_EXPIRY_MS = 10_000;
const DEFAULT_IDLE_MS = 50;
const DEFAULT_IDLE_TIMEOUT_MS = 5_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** Pipeline endpoints and the Hrana version each speaks. */
const PIPELINE_PATHS = new Map<string, 2 | 3>([
  ["/v2/pipeline", 2],
  ["/v3/pipeline", 3],
]);

/**
 * A Hrana-over-HTTP server on `127.0.0.1` backed by a local libSQL file.
 *
 * Start it with {@linkcode HranaServer.start} and dispose of it with
 * `await using` (or {@linkcode HranaServer.close}); closing rolls back and
 * closes every stream, resolves pending hangs and removes the temporary
 * database, so Deno's test sanitizers see no leaks.
 *
 * @example Count round trips
 * ```ts
 * import assert from "node:assert/strict";
 * import { createClient } from "@libsql/client/web";
 * import { HranaServer } from "./mod.ts";
 *
 * await using server = await HranaServer.start();
 * const client = createClient({ url: server.url });
 * await client.execute("SELECT 1");
 * client.close();
 * await server.waitIdle();
 * assert.equal(server.requestCount, 1);
 * ```
 */
export class HranaServer implements AsyncDisposable {
  /** Base URL to give to `createClient`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Path of the database file the server reads and writes. */
  readonly path: string;
  /** Extra delay, in milliseconds, applied before handling every request. */
  latencyMs = 0;

  readonly #listener: Deno.Listener;
  readonly #authToken: string | undefined;
  readonly #tempDir: string | undefined;
  /** Connection behind {@linkcode HranaServer.query}. */
  #inspector: LibsqlDatabase;
  readonly #shutdown = new AbortController();
  readonly #connections = new Set<Deno.Conn>();
  readonly #handlers = new Set<Promise<void>>();
  readonly #streams: Streams;
  readonly #run: RunContext;
  readonly #faults = new FaultQueue();
  readonly #acceptLoop: Promise<void>;
  #requestCount = 0;
  #inFlight = 0;
  #lastActivity = Date.now();
  #closing: Promise<void> | undefined;

  private constructor(
    listener: Deno.Listener,
    path: string,
    tempDir: string | undefined,
    options: HranaServerOptions,
    inspector: LibsqlDatabase,
  ) {
    const address = listener.addr as Deno.NetAddr;
    this.url = `http://127.0.0.1:${address.port}`;
    this.path = path;
    this.#listener = listener;
    this.#tempDir = tempDir;
    this.#inspector = inspector;
    this.#authToken = options.authToken;
    this.#streams = new Streams(
      path,
      options.streamExpiryMs ?? DEFAULT_STREAM_EXPIRY_MS,
      this.#shutdown.signal,
    );
    this.#run = {
      streams: this.#streams,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      shutdown: this.#shutdown.signal,
    };
    this.#acceptLoop = this.#accept();
  }

  /**
   * Opens (or creates) the database, switches it to WAL mode and starts
   * listening on a free port of `127.0.0.1`.
   *
   * @param options Database file, authentication and stream expiry.
   * @returns The running server.
   * @throws {TypeError} If `path` is `:memory:` or empty (each stream would
   *   get its own empty database).
   * @throws {RangeError} If `streamExpiryMs` is not positive or
   *   `busyTimeoutMs` is negative.
   */
  static async start(options: HranaServerOptions = {}): Promise<HranaServer> {
    const { streamExpiryMs, busyTimeoutMs } = options;
    if (streamExpiryMs !== undefined && !(streamExpiryMs > 0)) {
      throw new RangeError(
        `Cannot start the Hrana server: streamExpiryMs must be positive, got ${streamExpiryMs}`,
      );
    }
    if (busyTimeoutMs !== undefined && !(busyTimeoutMs >= 0)) {
      throw new RangeError(
        `Cannot start the Hrana server: busyTimeoutMs must not be negative, got ${busyTimeoutMs}`,
      );
    }
    if (options.path === ":memory:" || options.path === "") {
      throw new TypeError(
        `Cannot start the Hrana server: path "${options.path}" is not a file`,
      );
    }
    let tempDir: string | undefined;
    let path = options.path;
    if (path === undefined) {
      tempDir = await Deno.makeTempDir({ prefix: "hrana_server_" });
      path = `${tempDir}/db.sqlite`;
    }
    let inspector: LibsqlDatabase | undefined;
    try {
      inspector = openConnection(path);
      // Like sqld: readers never block the writer, and vice versa.
      inspector.exec("PRAGMA journal_mode = WAL");
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      return new HranaServer(listener, path, tempDir, options, inspector);
    } catch (error) {
      inspector?.close();
      if (tempDir !== undefined) {
        await Deno.remove(tempDir, { recursive: true });
      }
      throw error;
    }
  }

  /** Number of `POST` pipeline requests received, whatever became of them. */
  get requestCount(): number {
    return this.#requestCount;
  }

  /** Sets {@linkcode HranaServer.requestCount} back to zero. */
  resetCount(): void {
    this.#requestCount = 0;
  }

  /**
   * Waits until no request is in flight and none has arrived or finished for
   * `ms` milliseconds, so that requests the client sends in the background
   * (such as the `close` after a failed transaction) are counted before a
   * test asserts on {@linkcode HranaServer.requestCount}. A hanging request
   * counts as in flight until it ends (see {@linkcode Fault}). Returns at
   * once when the server is closing.
   *
   * @param ms Quiet period to wait for.
   * @param timeoutMs Give up after this long.
   * @throws {Error} If the server is still busy after `timeoutMs`.
   */
  async waitIdle(
    ms: number = DEFAULT_IDLE_MS,
    timeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#closing === undefined) {
      const now = Date.now();
      const quietFor = now - this.#lastActivity;
      if (this.#inFlight === 0 && quietFor >= ms) return;
      if (now >= deadline) {
        throw new Error(
          `Cannot wait for the Hrana server to go idle: still busy after ${timeoutMs} ms`,
        );
      }
      const wait = this.#inFlight === 0 ? ms - quietFor : 10;
      await sleep(
        Math.max(1, Math.min(wait, deadline - now)),
        this.#shutdown.signal,
      );
    }
  }

  /**
   * Queues a fault. Faults apply in the order they were injected: each
   * pipeline request takes the first queued fault whose `match` accepts it.
   *
   * @param fault What to do and to how many requests.
   * @throws {RangeError} If `times` is not a positive integer (or
   *   `Infinity`) or `ms` is negative.
   */
  inject(fault: Fault): void {
    this.#faults.add(fault);
  }

  /** Removes every queued fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /**
   * Runs SQL directly on the backing database, bypassing the protocol, to
   * check what is really stored (or to seed data). Integers come back as
   * numbers when they are safe integers and as `bigint` otherwise; blobs as
   * `Uint8Array`. A write fails at once with `SQLITE_BUSY` while a stream
   * holds the write lock.
   *
   * @param sql One SQL statement.
   * @param args Positional arguments; JS numbers bind as REAL.
   * @returns The rows, or `[]` for a statement that returns none.
   */
  query(sql: string, args: readonly unknown[] = []): QueryRow[] {
    const statement = this.#inspector.prepare(sql);
    try {
      if (!statement.reader) {
        statement.run([...args]);
        return [];
      }
      statement.raw(true);
      const names = statement.columns().map((column) => column.name);
      return (statement.all([...args]) as unknown[][]).map((row) =>
        Object.fromEntries(
          names.map((name, i) => [name, toPlainValue(row[i])]),
        )
      );
    } catch (error) {
      // A statement that failed with SQLITE_BUSY stays pending and would
      // swallow later writes on this connection (see retryBusy in execute.ts).
      if (isRecord(error) && error.code === "SQLITE_BUSY") {
        this.#inspector.close();
        this.#inspector = openConnection(this.path);
      }
      throw error;
    }
  }

  /**
   * Stops listening, drops open connections, resolves pending hangs, rolls
   * back and closes every stream, and removes the temporary database.
   * Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** Same as {@linkcode HranaServer.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    this.#shutdown.abort();
    this.#listener.close();
    await this.#acceptLoop;
    for (const conn of this.#connections) closeQuietly(conn);
    await Promise.allSettled([...this.#handlers]);
    this.#streams.closeAll();
    closeConnection(this.#inspector);
    if (this.#tempDir !== undefined) {
      await Deno.remove(this.#tempDir, { recursive: true });
    }
  }

  async #accept(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // The listener was closed.
      }
      if (this.#shutdown.signal.aborted) {
        closeQuietly(conn);
        continue;
      }
      this.#connections.add(conn);
      this.#inFlight++;
      this.#lastActivity = Date.now();
      const handler = serveConnection(
        conn,
        (request) => this.#route(conn, request),
      ).catch(() => {}).finally(() => {
        closeQuietly(conn);
        this.#connections.delete(conn);
        this.#handlers.delete(handler);
        this.#inFlight--;
        this.#lastActivity = Date.now();
      });
      this.#handlers.add(handler);
    }
  }

  /** Returns the response to write, or `null` to drop the connection. */
  async #route(
    conn: Deno.Conn,
    request: HttpRequest,
  ): Promise<HttpResponse | null> {
    const path = request.target.split("?", 1)[0] ?? "";
    const version = request.method === "POST"
      ? PIPELINE_PATHS.get(path)
      : undefined;
    if (version !== undefined) this.#requestCount++;
    if (this.latencyMs > 0) {
      await sleep(this.latencyMs, this.#shutdown.signal);
    }
    if (this.#shutdown.signal.aborted) return null;
    if (version !== undefined) {
      return await this.#pipelineRequest(conn, request, version);
    }
    if (request.method === "GET" && (path === "/v2" || path === "/v3")) {
      return { status: 200, contentType: TEXT, body: "Hello, Hrana!\n" };
    }
    return { status: 404, contentType: TEXT, body: "Not found" };
  }

  /** A pipeline request, after any fault it takes and the token check. */
  async #pipelineRequest(
    conn: Deno.Conn,
    request: HttpRequest,
    version: 2 | 3,
  ): Promise<HttpResponse | null> {
    let body: unknown;
    let parseError: string | undefined;
    try {
      body = JSON.parse(new TextDecoder().decode(request.body));
    } catch (error) {
      parseError = `Cannot parse the request body as JSON: ${
        errorMessage(error)
      }`;
    }
    const fault = this.#faults.take(body);
    const instead = await applyFault(fault, conn, this.#shutdown.signal);
    if (instead !== undefined) return instead;
    const authError = checkAuth(this.#authToken, request.headers);
    if (authError !== undefined) {
      return jsonResponse(401, { error: `Unauthorized: ${authError}` });
    }
    if (parseError !== undefined) {
      return { status: 400, contentType: TEXT, body: parseError };
    }
    const response = await runPipeline(this.#run, body, version);
    return fault?.kind === "dropResponseAfterCommit" ? null : response;
  }
}

/** Returns why the request is unauthorized, or `undefined` if it is not. */
function checkAuth(
  expected: string | undefined,
  headers: Headers,
): string | undefined {
  if (expected === undefined) return undefined;
  const header = headers.get("authorization");
  if (header === null) return "the Authorization header is missing";
  const match = /^Bearer (.*)$/i.exec(header.trim());
  if (match === null) return "the Authorization header is not a bearer token";
  if (match[1] !== expected) return "the bearer token is not valid";
  return undefined;
}
