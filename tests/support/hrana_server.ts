/**
 * A Hrana-over-HTTP server for tests, backed by a local libSQL file.
 *
 * It speaks the JSON pipeline protocol that `@libsql/client` uses for
 * `http://` URLs (`POST /v2/pipeline`, plus the Hrana 3 extras on
 * `/v3/pipeline`), so remote code paths can be tested without sqld or Turso.
 * Every stream gets its own database connection, exactly like sqld, and the
 * server can inject faults (HTTP 500, dropped connections, hangs, lost
 * replies, latency) to exercise error handling.
 *
 * The HTTP layer is a deliberately small HTTP/1.1 implementation on
 * `Deno.listen` rather than `Deno.serve`: only raw sockets let a fault drop a
 * connection before any response byte is written, which is what a client
 * sees when a real server or proxy dies (`TypeError` from `fetch`, not a
 * `LibsqlError`). Each connection carries one request and is closed after the
 * response (`connection: close`), so the client never retries a dropped
 * request on a pooled connection.
 *
 * @example Run a client against the server and inject a fault
 * ```ts
 * import assert from "node:assert/strict";
 * import { createClient, LibsqlError } from "@libsql/client/web";
 * import { HranaServer } from "./hrana_server.ts";
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

import Database from "libsql";
import { Buffer } from "node:buffer";

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

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

/** The kinds of fault {@linkcode HranaServer.inject} can apply. */
export type FaultKind =
  | "status500"
  | "reset"
  | "hang"
  | "dropResponseAfterCommit"
  | "latency";

/** A fault applied to the next matching pipeline requests. */
export interface Fault {
  /**
   * What goes wrong:
   *
   * - `status500`: answer HTTP 500 `{"error":"Internal Error: injected"}`
   *   without processing the request (the stream and its baton stay valid).
   * - `reset`: close the connection without processing the request or
   *   writing any response byte.
   * - `hang`: never answer; the connection is dropped once `ms` elapse, the
   *   client disconnects or the server closes, whichever comes first. The
   *   request is not processed.
   * - `dropResponseAfterCommit`: process the request fully (so a COMMIT in
   *   it is durable and the stream's baton moves on), then close the
   *   connection without writing the response.
   * - `latency`: wait `ms` before processing the request normally.
   */
  kind: FaultKind;
  /**
   * Duration for `hang` (upper bound) and `latency`.
   *
   * @default unbounded for `hang`, 100 for `latency`
   */
  ms?: number;
  /**
   * How many matching requests the fault applies to; `Infinity` keeps it
   * until {@linkcode HranaServer.clearFaults}.
   *
   * @default {1}
   */
  times?: number;
  /**
   * Restricts the fault to requests whose parsed pipeline body (the JSON
   * object with `baton` and `requests`) satisfies this predicate.
   *
   * @default every pipeline request matches
   */
  match?: (body: unknown) => boolean;
}

/** Row returned by {@linkcode HranaServer.query}, keyed by column name. */
export type QueryRow = Record<string, unknown>;

const DEFAULT_STREAM_EXPIRY_MS = 10_000;
const DEFAULT_LATENCY_MS = 100;
const DEFAULT_IDLE_MS = 50;
const DEFAULT_IDLE_TIMEOUT_MS = 5_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const BUSY_RETRY_MAX_DELAY_MS = 100;
/** sqld limits for stored SQL texts per stream. */
const MAX_STORED_SQL = 50;
const MAX_STORED_SQL_LENGTH = 5 * 1024;

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
 * import { HranaServer } from "./hrana_server.ts";
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
  readonly #streamExpiryMs: number;
  readonly #busyTimeoutMs: number;
  readonly #tempDir: string | undefined;
  /** Connection behind {@linkcode HranaServer.query}. */
  #inspector: LibsqlDatabase;
  readonly #shutdown = new AbortController();
  readonly #connections = new Set<Deno.Conn>();
  readonly #handlers = new Set<Promise<void>>();
  readonly #batons = new Map<string, HranaStream>();
  readonly #streams = new Set<HranaStream>();
  readonly #faults: { fault: Fault; remaining: number }[] = [];
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
    this.#streamExpiryMs = options.streamExpiryMs ?? DEFAULT_STREAM_EXPIRY_MS;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
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
      await this.#sleep(Math.max(1, Math.min(wait, deadline - now)));
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
    const times = fault.times ?? 1;
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) {
      throw new RangeError(
        `Cannot inject fault "${fault.kind}": times must be a positive integer, got ${times}`,
      );
    }
    if (fault.ms !== undefined && !(fault.ms >= 0)) {
      throw new RangeError(
        `Cannot inject fault "${fault.kind}": ms must not be negative, got ${fault.ms}`,
      );
    }
    this.#faults.push({ fault, remaining: times });
  }

  /** Removes every queued fault. */
  clearFaults(): void {
    this.#faults.length = 0;
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
      // swallow later writes on this connection (see #retryBusy).
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
    for (const stream of this.#streams) this.#endStream(stream, "closed");
    closeConnection(this.#inspector);
    if (this.#tempDir !== undefined) {
      await Deno.remove(this.#tempDir, { recursive: true });
    }
  }

  // -------------------------------------------------------------------------
  // Connections and HTTP routing
  // -------------------------------------------------------------------------

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
      const handler = this.#serve(conn).catch(() => {}).finally(() => {
        closeQuietly(conn);
        this.#connections.delete(conn);
        this.#handlers.delete(handler);
        this.#inFlight--;
        this.#lastActivity = Date.now();
      });
      this.#handlers.add(handler);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    let request: HttpRequest | null;
    try {
      request = await readHttpRequest(conn);
    } catch (error) {
      if (error instanceof HttpParseError) {
        await writeResponse(conn, error.status, TEXT, error.message)
          .catch(() => {});
      }
      return;
    }
    if (request === null) return;
    let response: HttpResponse | null;
    try {
      response = await this.#route(conn, request);
    } catch (error) {
      response = jsonResponse(500, {
        error: `Internal Error: ${errorMessage(error)}`,
      });
    }
    if (response === null) return;
    await writeResponse(
      conn,
      response.status,
      response.contentType,
      response.body,
    )
      // The client went away or the server is closing; nothing to answer.
      .catch(() => {});
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
    if (this.latencyMs > 0) await this.#sleep(this.latencyMs);
    if (this.#shutdown.signal.aborted) return null;
    if (version !== undefined) {
      return await this.#pipelineRequest(conn, request, version);
    }
    if (request.method === "GET" && (path === "/v2" || path === "/v3")) {
      return { status: 200, contentType: TEXT, body: "Hello, Hrana!\n" };
    }
    return { status: 404, contentType: TEXT, body: "Not found" };
  }

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

    const fault = this.#takeFault(body);
    switch (fault?.kind) {
      case "status500":
        return jsonResponse(500, { error: "Internal Error: injected" });
      case "reset":
        return null;
      case "hang":
        await this.#hang(conn, fault.ms);
        return null;
      case "latency":
        await this.#sleep(fault.ms ?? DEFAULT_LATENCY_MS);
        if (this.#shutdown.signal.aborted) return null;
        break;
    }

    const authError = this.#checkAuth(request.headers);
    if (authError !== undefined) {
      return jsonResponse(401, { error: `Unauthorized: ${authError}` });
    }
    if (parseError !== undefined) {
      return { status: 400, contentType: TEXT, body: parseError };
    }
    const response = await this.#pipeline(body, version);
    return fault?.kind === "dropResponseAfterCommit" ? null : response;
  }

  #takeFault(body: unknown): Fault | undefined {
    const index = this.#faults.findIndex(({ fault }) =>
      fault.match === undefined || fault.match(body)
    );
    const entry = this.#faults[index];
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.#faults.splice(index, 1);
    return entry.fault;
  }

  /** Holds the connection open without answering, then lets it drop. */
  async #hang(conn: Deno.Conn, ms: number | undefined): Promise<void> {
    const clientGone = new AbortController();
    // A read completes (EOF or error) when the client aborts its request.
    const read = conn.read(new Uint8Array(1)).then(
      () => clientGone.abort(),
      () => clientGone.abort(),
    );
    await this.#sleep(ms ?? Infinity, clientGone.signal);
    closeQuietly(conn);
    await read;
  }

  /** Returns why the request is unauthorized, or `undefined` if it is not. */
  #checkAuth(headers: Headers): string | undefined {
    if (this.#authToken === undefined) return undefined;
    const header = headers.get("authorization");
    if (header === null) return "the Authorization header is missing";
    const match = /^Bearer (.*)$/i.exec(header.trim());
    if (match === null) return "the Authorization header is not a bearer token";
    if (match[1] !== this.#authToken) return "the bearer token is not valid";
    return undefined;
  }

  /**
   * Resolves after `ms` (never, for `Infinity`), when the server shuts down
   * or when `cancel` aborts, and always clears its timer.
   */
  #sleep(ms: number, cancel?: AbortSignal): Promise<void> {
    const signals = [this.#shutdown.signal];
    if (cancel !== undefined) signals.push(cancel);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        for (const signal of signals) {
          signal.removeEventListener("abort", done);
        }
        resolve();
      };
      if (signals.some((signal) => signal.aborted)) return done();
      for (const signal of signals) signal.addEventListener("abort", done);
      if (Number.isFinite(ms)) timer = setTimeout(done, ms);
    });
  }

  // -------------------------------------------------------------------------
  // Streams and pipelines
  // -------------------------------------------------------------------------

  async #pipeline(body: unknown, version: 2 | 3): Promise<HttpResponse> {
    if (!isRecord(body) || !Array.isArray(body.requests)) {
      return protocolResponse(
        "The pipeline body must be an object with a requests array",
      );
    }
    const baton = body.baton;
    if (baton !== undefined && baton !== null && typeof baton !== "string") {
      return protocolResponse("The baton must be a string or null");
    }

    let stream: HranaStream;
    if (baton === undefined || baton === null || baton === "") {
      try {
        stream = this.#openStream();
      } catch (error) {
        return jsonResponse(500, {
          error: `Internal Error: ${errorMessage(error)}`,
        });
      }
    } else {
      const found = this.#batons.get(baton);
      if (found === undefined) {
        return protocolResponse("Received an invalid baton");
      }
      if (found.state === "expired") {
        return jsonResponse(400, {
          message: "The stream has expired due to inactivity",
          code: "STREAM_EXPIRED",
        });
      }
      if (found.state === "closed") {
        return protocolResponse("Stream for this baton was closed");
      }
      if (found.baton !== baton || found.state === "busy") {
        return protocolResponse("Received a baton that has already been used");
      }
      if (found.broken) {
        this.#endStream(found, "closed");
        return protocolResponse(
          "The stream's transaction was rolled back: the database stayed locked too long",
        );
      }
      stream = found;
    }

    stream.state = "busy";
    clearTimeout(stream.expiryTimer);
    const results: unknown[] = [];
    try {
      for (const request of body.requests) {
        if (hasEnded(stream)) {
          throw new ProtocolError(
            "Received a request after the stream was closed",
          );
        }
        results.push(await this.#streamRequest(stream, request, version));
      }
    } catch (error) {
      this.#endStream(stream, "closed");
      if (error instanceof ProtocolError) {
        return protocolResponse(error.message);
      }
      return jsonResponse(500, {
        error: `Internal Error: ${errorMessage(error)}`,
      });
    }

    let nextBaton: string | null = null;
    if (!hasEnded(stream)) {
      if (this.#shutdown.signal.aborted) {
        this.#endStream(stream, "closed");
      } else {
        nextBaton = randomBaton();
        stream.baton = nextBaton;
        stream.state = "idle";
        this.#batons.set(nextBaton, stream);
        stream.expiryTimer = setTimeout(
          () => this.#endStream(stream, "expired"),
          this.#streamExpiryMs,
        );
      }
    }
    return jsonResponse(200, {
      baton: nextBaton,
      "base_url": null,
      results,
    });
  }

  #openStream(): HranaStream {
    const stream: HranaStream = {
      db: openConnection(this.path),
      baton: null,
      broken: false,
      state: "busy",
      sqlTexts: new Map(),
      expiryTimer: undefined,
    };
    this.#streams.add(stream);
    return stream;
  }

  /** Rolls back, closes the connection and marks the stream as ended. */
  #endStream(stream: HranaStream, state: "closed" | "expired"): void {
    clearTimeout(stream.expiryTimer);
    if (hasEnded(stream)) return;
    stream.state = state;
    stream.sqlTexts.clear();
    this.#streams.delete(stream);
    closeConnection(stream.db);
  }

  async #streamRequest(
    stream: HranaStream,
    request: unknown,
    version: 2 | 3,
  ): Promise<unknown> {
    if (!isRecord(request) || typeof request.type !== "string") {
      throw new ProtocolError("Each request must be an object with a type");
    }
    const type = request.type;
    try {
      const response = await this.#dispatchRequest(stream, request, version);
      return { type: "ok", response: { type, ...response } };
    } catch (error) {
      if (error instanceof HranaFailure) {
        return { type: "error", error: error.toJson() };
      }
      throw error;
    }
  }

  async #dispatchRequest(
    stream: HranaStream,
    request: Record<string, unknown>,
    version: 2 | 3,
  ): Promise<Record<string, unknown>> {
    switch (request.type) {
      case "execute": {
        const stmt = parseStmt(stream, request.stmt);
        return { result: await this.#execute(stream, stmt) };
      }
      case "batch":
        return { result: await this.#batch(stream, request.batch, version) };
      case "sequence":
        await this.#sequence(stream, request);
        return {};
      case "describe":
        return { result: describe(stream.db, resolveSql(stream, request)) };
      case "store_sql":
        storeSql(stream, request);
        return {};
      case "close_sql":
        stream.sqlTexts.delete(parseSqlId(request["sql_id"]));
        return {};
      case "get_autocommit":
        if (version < 3) break;
        return { "is_autocommit": !stream.db.inTransaction };
      case "close":
        this.#endStream(stream, "closed");
        return {};
    }
    throw new ProtocolError(
      `Unknown request type "${request.type}" for Hrana ${version}`,
    );
  }

  /** Executes one statement, retrying while the database is locked. */
  async #execute(stream: HranaStream, stmt: ParsedStmt): Promise<StmtResult> {
    const statement = singleStatement(stmt.sql);
    const args = bindArguments(statement, stmt);
    const prepared = await this.#retryBusy(
      stream,
      () => prepare(stream.db, stmt.sql),
      false,
    );
    // Retries must reuse the same statement object; see #retryBusy.
    return await this.#retryBusy(
      stream,
      () => runPrepared(stream.db, prepared, statement, args),
      true,
    );
  }

  async #batch(
    stream: HranaStream,
    rawBatch: unknown,
    version: 2 | 3,
  ): Promise<Record<string, unknown>> {
    if (!isRecord(rawBatch) || !Array.isArray(rawBatch.steps)) {
      throw new ProtocolError("A batch must be an object with a steps array");
    }
    const steps = rawBatch.steps.map((step: unknown, index) => {
      if (!isRecord(step)) {
        throw new ProtocolError(`Batch step ${index} must be an object`);
      }
      const condition = step.condition === undefined || step.condition === null
        ? undefined
        : parseCondition(step.condition, index, version);
      return { stmt: parseStmt(stream, step.stmt), condition };
    });
    // Like sqld, reject the whole batch up front when a step is not exactly
    // one syntactically valid statement.
    for (const step of steps) checkSyntax(stream.db, step.stmt.sql);

    const outcomes: StepOutcome[] = [];
    const stepResults: (StmtResult | null)[] = [];
    const stepErrors: (HranaErrorJson | null)[] = [];
    for (const step of steps) {
      const run = step.condition === undefined ||
        evaluateCondition(step.condition, outcomes, stream.db);
      if (!run) {
        outcomes.push("skipped");
        stepResults.push(null);
        stepErrors.push(null);
        continue;
      }
      try {
        stepResults.push(await this.#execute(stream, step.stmt));
        stepErrors.push(null);
        outcomes.push("ok");
      } catch (error) {
        if (!(error instanceof HranaFailure)) throw error;
        stepResults.push(null);
        stepErrors.push(error.toJson());
        outcomes.push("error");
      }
    }
    return { "step_results": stepResults, "step_errors": stepErrors };
  }

  /** Runs every statement of a script, stopping at the first error. */
  async #sequence(
    stream: HranaStream,
    request: Record<string, unknown>,
  ): Promise<void> {
    const sql = resolveSql(stream, request);
    for (const statement of splitStatements(sql)) {
      await this.#retryBusy(stream, () => {
        try {
          stream.db.exec(statement.text);
        } catch (error) {
          throw toHranaFailure(error, "run");
        }
      }, false);
    }
  }

  /**
   * Runs `fn`, retrying with backoff while it fails with `SQLITE_BUSY`, for
   * up to `busyTimeoutMs`. A blocking `busy_timeout` would
   * freeze the event loop, and with it the stream that holds the lock.
   *
   * `libsql` cannot reset a statement that failed with `SQLITE_BUSY`: it
   * stays active, and its connection keeps an implicit transaction open
   * (later autocommit writes on it are silently never committed, and an
   * explicit COMMIT fails). So retries must run the same statement object
   * again (which resets it), and when `fn` gives up with such a statement
   * pending (`pendingOnBusy`), the stream's connection is replaced.
   */
  async #retryBusy<T>(
    stream: HranaStream,
    fn: () => T,
    pendingOnBusy: boolean,
  ): Promise<T> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    let delay = 2;
    for (;;) {
      let remaining: number;
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof HranaFailure) || !error.busy) throw error;
        remaining = deadline - Date.now();
        const retry = error.retryable && remaining > 0 &&
          !this.#shutdown.signal.aborted;
        if (!retry) {
          if (pendingOnBusy) this.#replaceConnection(stream);
          throw error;
        }
      }
      await this.#sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, BUSY_RETRY_MAX_DELAY_MS);
    }
  }

  /**
   * Swaps a stream's connection for a fresh one after a statement was left
   * pending. An open transaction is rolled back first (ROLLBACK works with
   * pending statements; closing alone would keep its locks), and the stream
   * is marked broken so the client learns its transaction is gone instead
   * of silently running later statements in autocommit mode.
   */
  #replaceConnection(stream: HranaStream): void {
    if (this.#shutdown.signal.aborted) return; // #close ends every stream.
    if (stream.db.inTransaction) stream.broken = true;
    closeConnection(stream.db);
    stream.db = openConnection(this.path);
  }
}

// ---------------------------------------------------------------------------
// Hrana data: statements, values, conditions
// ---------------------------------------------------------------------------

type LibsqlDatabase = Database.Database;
type LibsqlStatement = Database.Statement;

interface HranaStream {
  /** The stream's own connection (replaced only by #replaceConnection). */
  db: LibsqlDatabase;
  /** Set when a lock timeout rolled back the stream's transaction. */
  broken: boolean;
  /** The only baton accepted for the next request. */
  baton: string | null;
  state: "idle" | "busy" | "expired" | "closed";
  readonly sqlTexts: Map<number, string>;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
}

interface ParsedStmt {
  sql: string;
  args: SqlValue[];
  namedArgs: { name: string; value: SqlValue }[];
}

type SqlValue = null | bigint | number | string | Uint8Array;

type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: HranaValue[][];
  "affected_row_count": number;
  "last_insert_rowid": string | null;
}

interface HranaErrorJson {
  message: string;
  code: string;
}

type StepOutcome = "ok" | "error" | "skipped";

type Condition =
  | { type: "ok" | "error"; step: number }
  | { type: "not"; cond: Condition }
  | { type: "and" | "or"; conds: Condition[] }
  | { type: "is_autocommit" };

/** A malformed request: the whole HTTP request fails with 400. */
class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** A failed stream request: reported in its result, the stream lives on. */
class HranaFailure extends Error {
  override name = "HranaFailure";
  readonly code: string;
  /** Whether SQLite reported `SQLITE_BUSY` (any extended code). */
  readonly busy: boolean;
  /** Whether retrying may help (`SQLITE_BUSY`, but not a stale snapshot). */
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { busy?: boolean; retryable?: boolean } = {},
  ) {
    super(message);
    this.code = code;
    this.busy = options.busy ?? false;
    this.retryable = options.retryable ?? false;
  }

  toJson(): HranaErrorJson {
    return { message: this.message, code: this.code };
  }
}

/** Whether the stream was closed or expired (its connection is gone). */
function hasEnded(stream: HranaStream): boolean {
  return stream.state === "closed" || stream.state === "expired";
}

/**
 * Rolls back and closes a connection. libsql's `close()` alone keeps the
 * write lock of an open transaction, so the rollback must be explicit.
 */
function closeConnection(db: LibsqlDatabase): void {
  try {
    if (db.inTransaction) db.exec("ROLLBACK");
  } catch {
    // A failed rollback leaves nothing more to undo.
  }
  db.close();
}

function openConnection(path: string): LibsqlDatabase {
  const db = new Database(path);
  try {
    db.defaultSafeIntegers(true);
    db.exec("PRAGMA busy_timeout = 0");
    db.exec("PRAGMA foreign_keys = ON");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function parseSqlId(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ProtocolError("sql_id must be an integer");
  }
  return value;
}

/** Returns the SQL text of a request or statement (`sql` or `sql_id`). */
function resolveSql(
  stream: HranaStream,
  source: Record<string, unknown>,
): string {
  const { sql, "sql_id": sqlId } = source;
  const hasSql = sql !== undefined && sql !== null;
  const hasId = sqlId !== undefined && sqlId !== null;
  if (hasSql === hasId) {
    throw new ProtocolError("Exactly one of sql and sql_id must be given");
  }
  if (hasSql) {
    if (typeof sql !== "string") {
      throw new ProtocolError("sql must be a string");
    }
    return sql;
  }
  const id = parseSqlId(sqlId);
  const text = stream.sqlTexts.get(id);
  if (text === undefined) throw new ProtocolError(`SQL text ${id} not found`);
  return text;
}

function storeSql(stream: HranaStream, request: Record<string, unknown>): void {
  const id = parseSqlId(request["sql_id"]);
  const sql = request.sql;
  if (typeof sql !== "string") throw new ProtocolError("sql must be a string");
  if (stream.sqlTexts.has(id)) {
    throw new ProtocolError(`SQL text ${id} already exists`);
  }
  if (stream.sqlTexts.size >= MAX_STORED_SQL) {
    throw new HranaFailure(
      "SQL_STORE_TOO_MANY",
      `Cannot store more than ${MAX_STORED_SQL} SQL texts per stream`,
    );
  }
  if (sql.length > MAX_STORED_SQL_LENGTH) {
    throw new HranaFailure(
      "SQL_STORE_TOO_LARGE",
      `Cannot store SQL text longer than ${MAX_STORED_SQL_LENGTH} characters`,
    );
  }
  stream.sqlTexts.set(id, sql);
}

function parseStmt(stream: HranaStream, raw: unknown): ParsedStmt {
  if (!isRecord(raw)) throw new ProtocolError("stmt must be an object");
  const sql = resolveSql(stream, raw);
  const rawArgs = raw.args ?? [];
  const rawNamed = raw["named_args"] ?? [];
  if (!Array.isArray(rawArgs) || !Array.isArray(rawNamed)) {
    throw new ProtocolError("args and named_args must be arrays");
  }
  const args = rawArgs.map(decodeValue);
  const namedArgs = rawNamed.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      throw new ProtocolError("Each named argument needs a string name");
    }
    return { name: entry.name, value: decodeValue(entry.value) };
  });
  return { sql, args, namedArgs };
}

const INTEGER_TEXT = /^-?\d{1,19}$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Converts a wire value to what `libsql` binds (floats stay REAL). */
function decodeValue(raw: unknown): SqlValue {
  if (!isRecord(raw)) throw new ProtocolError("A value must be an object");
  switch (raw.type) {
    case "null":
      return null;
    case "integer": {
      const text = raw.value;
      if (typeof text === "string" && INTEGER_TEXT.test(text)) {
        const value = BigInt(text);
        if (value >= I64_MIN && value <= I64_MAX) return value;
      }
      throw new ProtocolError(
        "An integer value must be a decimal string in the 64-bit range",
      );
    }
    case "float":
      if (typeof raw.value === "number") return raw.value;
      throw new ProtocolError("A float value must be a number");
    case "text":
      if (typeof raw.value === "string") return raw.value;
      throw new ProtocolError("A text value must be a string");
    case "blob":
      if (typeof raw.base64 === "string") {
        return new Uint8Array(Buffer.from(raw.base64, "base64"));
      }
      throw new ProtocolError("A blob value must have a base64 string");
  }
  throw new ProtocolError(`Unknown value type "${String(raw.type)}"`);
}

/** Converts what `libsql` returns (with safe integers) to a wire value. */
function encodeValue(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") {
    return { type: "integer", value: value.toString() };
  }
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) {
    // sqld sends base64 without padding.
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.length)
      .toString("base64").replace(/=+$/, "");
    return { type: "blob", base64 };
  }
  throw new Error(`Cannot encode a value of type ${typeof value}`);
}

/** Makes inspector results easy to compare in tests. */
function toPlainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
      ? Number(value)
      : value;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return value;
}

function parseCondition(
  raw: unknown,
  stepIndex: number,
  version: 2 | 3,
): Condition {
  if (!isRecord(raw)) throw new ProtocolError("A condition must be an object");
  switch (raw.type) {
    case "ok":
    case "error": {
      const step = raw.step;
      if (
        typeof step !== "number" || !Number.isInteger(step) || step < 0 ||
        step >= stepIndex
      ) {
        throw new ProtocolError(
          `Condition of step ${stepIndex} must reference an earlier step`,
        );
      }
      return { type: raw.type, step };
    }
    case "not":
      return {
        type: "not",
        cond: parseCondition(raw.cond, stepIndex, version),
      };
    case "and":
    case "or":
      if (!Array.isArray(raw.conds)) {
        throw new ProtocolError(`An "${raw.type}" condition needs conds`);
      }
      return {
        type: raw.type,
        conds: raw.conds.map((cond: unknown) =>
          parseCondition(cond, stepIndex, version)
        ),
      };
    case "is_autocommit":
      if (version >= 3) return { type: "is_autocommit" };
  }
  throw new ProtocolError(
    `Unknown condition type "${String(raw.type)}" for Hrana ${version}`,
  );
}

function evaluateCondition(
  condition: Condition,
  outcomes: readonly StepOutcome[],
  db: LibsqlDatabase,
): boolean {
  switch (condition.type) {
    case "ok":
      return outcomes[condition.step] === "ok";
    case "error":
      // sqld evaluates "error" as "not ok", so it holds for skipped steps.
      return outcomes[condition.step] !== "ok";
    case "not":
      return !evaluateCondition(condition.cond, outcomes, db);
    case "and":
      return condition.conds.every((c) => evaluateCondition(c, outcomes, db));
    case "or":
      return condition.conds.some((c) => evaluateCondition(c, outcomes, db));
    case "is_autocommit":
      return !db.inTransaction;
  }
}

// ---------------------------------------------------------------------------
// Running statements
// ---------------------------------------------------------------------------

/** Returns the only statement in `sql`, like sqld's parser would. */
function singleStatement(sql: string): SqlStatement {
  const statements = splitStatements(sql);
  const [statement] = statements;
  if (statement === undefined) {
    throw new HranaFailure(
      "SQL_NO_STATEMENT",
      "SQL string does not contain any statement",
    );
  }
  if (statements.length > 1) {
    throw new HranaFailure(
      "SQL_MANY_STATEMENTS",
      "SQL string contains more than one statement",
    );
  }
  return statement;
}

/** Fails with a request-level error if a batch step could never run. */
function checkSyntax(db: LibsqlDatabase, sql: string): void {
  singleStatement(sql);
  try {
    db.prepare(sql);
  } catch (error) {
    const failure = toHranaFailure(error, "prepare");
    if (failure.code === "SQL_PARSE_ERROR") throw failure;
    // Other errors (such as a table created by an earlier step) are left
    // for the step itself to report.
  }
}

/**
 * Builds the positional argument array for `statement`, following sqld:
 * too many values or a parameter without a value is `ARGS_INVALID`, and a
 * named parameter matches by its full name or by its name without prefix.
 * Binding by position avoids two `libsql` pitfalls: prefixed keys bind NULL,
 * and a named object on a `?` statement aborts the process.
 */
function bindArguments(statement: SqlStatement, stmt: ParsedStmt): SqlValue[] {
  const { args, namedArgs } = stmt;
  if (args.length > 0 && namedArgs.length > 0) {
    throw new HranaFailure(
      "ARGS_BOTH_POSITIONAL_AND_NAMED",
      "Arguments cannot be both positional and named",
    );
  }
  const params = statement.params;
  const given = args.length + namedArgs.length;
  if (given > params.length) {
    throw new HranaFailure(
      "ARGS_INVALID",
      `Arguments do not match SQL parameters: too many arguments, expected ${params.length} but got ${given}`,
    );
  }
  if (given === 0) return [];
  const named = new Map(namedArgs.map(({ name, value }) => [name, value]));
  return params.map((name, i) => {
    let value: SqlValue | undefined;
    if (name === null || name.startsWith("?")) {
      const position = name === null ? i + 1 : Number(name.slice(1));
      value = args[position - 1];
    } else {
      // Not `??`: a NULL argument is a value too.
      value = named.has(name) ? named.get(name) : named.get(name.slice(1));
    }
    if (value === undefined) {
      throw new HranaFailure(
        "ARGS_INVALID",
        `Arguments do not match SQL parameters: value for parameter ${
          name ?? i + 1
        } not found`,
      );
    }
    return value;
  });
}

const CHANGES_SQL = "SELECT changes(), last_insert_rowid()";

function prepare(db: LibsqlDatabase, sql: string): LibsqlStatement {
  try {
    return db.prepare(sql);
  } catch (error) {
    throw toHranaFailure(error, "prepare");
  }
}

function runPrepared(
  db: LibsqlDatabase,
  prepared: LibsqlStatement,
  statement: SqlStatement,
  args: SqlValue[],
): StmtResult {
  let cols: StmtResult["cols"] = [];
  let rows: HranaValue[][] = [];
  try {
    if (prepared.reader) {
      prepared.raw(true);
      cols = prepared.columns().map((column) => ({
        name: column.name,
        decltype: column.type,
      }));
      rows = (prepared.all(args) as unknown[][]).map((row) =>
        row.map(encodeValue)
      );
    } else {
      prepared.run(args);
    }
  } catch (error) {
    throw toHranaFailure(error, "run");
  }
  // Like sqld: affected rows only for DML, the rowid only for INSERT.
  const verb = statement.verb;
  let affected = 0;
  let lastInsertRowid: string | null = null;
  if (verb === "INSERT" || verb === "UPDATE" || verb === "DELETE") {
    const row = db.prepare(CHANGES_SQL).raw(true).get([]) as bigint[];
    affected = Number(row[0]);
    if (verb === "INSERT") lastInsertRowid = String(row[1]);
  }
  return {
    cols,
    rows,
    "affected_row_count": affected,
    "last_insert_rowid": lastInsertRowid,
  };
}

function describe(db: LibsqlDatabase, sql: string): Record<string, unknown> {
  const statement = singleStatement(sql);
  const prepared = prepare(db, sql);
  const cols = prepared.reader
    ? prepared.columns().map((column) => ({
      name: column.name,
      decltype: column.type,
    }))
    : [];
  return {
    params: statement.params.map((name) => ({ name })),
    cols,
    "is_explain": statement.explain,
    "is_readonly": statement.verb === "SELECT",
  };
}

/** SQLite primary result code names, indexed by code. */
const PRIMARY_CODE_NAMES = [
  "SQLITE_OK",
  "SQLITE_ERROR",
  "SQLITE_INTERNAL",
  "SQLITE_PERM",
  "SQLITE_ABORT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_NOMEM",
  "SQLITE_READONLY",
  "SQLITE_INTERRUPT",
  "SQLITE_IOERR",
  "SQLITE_CORRUPT",
  "SQLITE_NOTFOUND",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL",
  "SQLITE_EMPTY",
  "SQLITE_SCHEMA",
  "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT",
  "SQLITE_MISMATCH",
  "SQLITE_MISUSE",
  "SQLITE_NOLFS",
  "SQLITE_AUTH",
  "SQLITE_FORMAT",
  "SQLITE_RANGE",
  "SQLITE_NOTADB",
  "SQLITE_NOTICE",
  "SQLITE_WARNING",
];
const SQLITE_ERROR = 1;
const SQLITE_BUSY = 5;
const SQLITE_BUSY_SNAPSHOT = 517;
const PARSE_ERROR_MESSAGE = /syntax error|incomplete input|unrecognized token/;

/**
 * Maps a `libsql` error to the code and message sqld would send: primary
 * codes only (`rawCode & 0xff`), `SQLITE_ERROR` as `SQLITE_UNKNOWN` (as
 * rusqlite names it), and prepare-time errors as `SQL_PARSE_ERROR` (syntax)
 * or `SQL_INPUT_ERROR` (such as unknown tables). Errors that are not SQLite
 * errors are rethrown unchanged.
 */
function toHranaFailure(
  error: unknown,
  phase: "prepare" | "run",
): HranaFailure {
  if (error instanceof HranaFailure) return error;
  if (!isRecord(error) || typeof error.code !== "string") throw error;
  const message = errorMessage(error);
  const raw = typeof error.rawCode === "number"
    ? error.rawCode
    : primaryCodeFromName(error.code);
  const primary = raw & 0xff;
  if (primary === SQLITE_ERROR && phase === "prepare") {
    return PARSE_ERROR_MESSAGE.test(message)
      ? new HranaFailure(
        "SQL_PARSE_ERROR",
        `SQL string could not be parsed: ${message}`,
      )
      : new HranaFailure("SQL_INPUT_ERROR", `SQL input error: ${message}`);
  }
  const name = primary === SQLITE_ERROR
    ? "SQLITE_UNKNOWN"
    : PRIMARY_CODE_NAMES[primary] ?? "SQLITE_UNKNOWN";
  const busy = primary === SQLITE_BUSY;
  return new HranaFailure(name, `SQLite error: ${message}`, {
    busy,
    retryable: busy && raw !== SQLITE_BUSY_SNAPSHOT,
  });
}

/** Finds the primary code of a name like `SQLITE_CONSTRAINT_UNIQUE`. */
function primaryCodeFromName(code: string): number {
  let best = SQLITE_ERROR;
  PRIMARY_CODE_NAMES.forEach((name, primary) => {
    const matches = code === name || code.startsWith(`${name}_`);
    if (matches && name.length > (PRIMARY_CODE_NAMES[best]?.length ?? 0)) {
      best = primary;
    }
  });
  return best;
}

// ---------------------------------------------------------------------------
// SQL scanning: statement splitting, parameters, statement kind
// ---------------------------------------------------------------------------

interface Token {
  kind: "word" | "param" | "semicolon" | "open" | "close" | "other";
  text: string;
  start: number;
  end: number;
}

/** One statement of a script, as far as the server needs to know it. */
interface SqlStatement {
  /** The statement text without the terminating semicolon. */
  text: string;
  /**
   * Parameter names by index (index 0 is SQLite's parameter 1): `null` for
   * a bare `?`, `?NNN` for numbered ones, `:a`/`@a`/`$a` for named ones.
   */
  params: (string | null)[];
  /** First keyword deciding what the statement does (after `WITH …`). */
  verb: string;
  explain: boolean;
}

const ID_START = /[\p{L}_]/u;
const ID_CHAR = /[\p{L}\p{N}_$]/u;

/** Splits SQL into tokens, skipping whitespace and comments. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token["kind"], start: number, end: number) =>
    tokens.push({ kind, text: sql.slice(start, end), start, end });
  let i = 0;
  while (i < sql.length) {
    const c = sql.charAt(i);
    const next = sql.charAt(i + 1);
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (c === "/" && next === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      // Literals and quoted identifiers; a doubled quote is an escape.
      const quote = c === "[" ? "]" : c;
      i++;
      for (;;) {
        const close = sql.indexOf(quote, i);
        if (close === -1) {
          i = sql.length;
          break;
        }
        i = close + 1;
        if (quote === "]" || sql.charAt(i) !== quote) break;
        i++;
      }
      push("other", start, i);
    } else if (c === "?") {
      i++;
      while (/[0-9]/.test(sql.charAt(i))) i++;
      push("param", start, i);
    } else if ((c === ":" || c === "@" || c === "$") && ID_CHAR.test(next)) {
      i++;
      while (i < sql.length && ID_CHAR.test(sql.charAt(i))) i++;
      push("param", start, i);
    } else if (ID_START.test(c)) {
      while (i < sql.length && ID_CHAR.test(sql.charAt(i))) i++;
      push("word", start, i);
    } else if (/[0-9.]/.test(c)) {
      i++;
      while (i < sql.length && /[0-9a-zA-Z_.]/.test(sql.charAt(i))) i++;
      push("other", start, i);
    } else {
      i++;
      push(
        c === ";"
          ? "semicolon"
          : c === "("
          ? "open"
          : c === ")"
          ? "close"
          : "other",
        start,
        i,
      );
    }
  }
  return tokens;
}

/**
 * Splits a script into statements at top-level semicolons. Inside
 * `CREATE TRIGGER … BEGIN … END` the body's semicolons do not split
 * (`BEGIN`/`CASE` … `END` nesting is tracked). Empty statements are dropped.
 */
function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  let trigger = false;
  let depth = 0;
  const finish = () => {
    if (current.length > 0) statements.push(describeTokens(sql, current));
    current = [];
    trigger = false;
    depth = 0;
  };
  for (const token of tokenize(sql)) {
    if (token.kind === "semicolon" && depth === 0) {
      finish();
      continue;
    }
    current.push(token);
    if (token.kind !== "word") continue;
    const word = token.text.toUpperCase();
    if (
      word === "TRIGGER" && current.length <= 3 &&
      current[0]?.text.toUpperCase() === "CREATE"
    ) {
      trigger = true;
    } else if (trigger && (word === "BEGIN" || word === "CASE")) {
      depth++;
    } else if (trigger && word === "END" && depth > 0) {
      depth--;
    }
  }
  finish();
  return statements;
}

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER. */
const MAX_PARAMS = 32_766;
const VERBS = new Set([
  "SELECT",
  "VALUES",
  "INSERT",
  "REPLACE",
  "UPDATE",
  "DELETE",
]);

function describeTokens(sql: string, tokens: Token[]): SqlStatement {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const text = first && last ? sql.slice(first.start, last.end) : "";

  // Number parameters the way SQLite does: `?` takes the next free index,
  // `?NNN` takes NNN, a named parameter reuses the index of its first use.
  const params: (string | null)[] = [];
  const indexByName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== "param") continue;
    if (token.text === "?") {
      params.push(null);
      continue;
    }
    const known = indexByName.get(token.text);
    if (known !== undefined) continue;
    const index = token.text.startsWith("?")
      ? Number(token.text.slice(1))
      : params.length + 1;
    if (index < 1 || index > MAX_PARAMS) continue; // SQLite rejects it.
    while (params.length < index) params.push(null);
    if (params[index - 1] === null) params[index - 1] = token.text;
    indexByName.set(token.text, index);
  }

  const words = tokens.filter((token) => token.kind === "word");
  const explain = words[0]?.text.toUpperCase() === "EXPLAIN";
  let verb = words[explain ? 1 : 0]?.text.toUpperCase() ?? "";
  if (verb === "WITH") {
    // The verb is the first top-level keyword after the CTE definitions.
    let level = 0;
    for (const token of tokens) {
      if (token.kind === "open") level++;
      else if (token.kind === "close") level--;
      else if (token.kind === "word" && level === 0) {
        const word = token.text.toUpperCase();
        if (VERBS.has(word)) {
          verb = word;
          break;
        }
      }
    }
  }
  if (verb === "REPLACE") verb = "INSERT";
  if (verb === "VALUES" || explain) verb = "SELECT";
  return { text, params, verb, explain };
}

// ---------------------------------------------------------------------------
// Minimal HTTP/1.1
// ---------------------------------------------------------------------------

interface HttpRequest {
  method: string;
  target: string;
  headers: Headers;
  body: Uint8Array;
}

interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = "text/plain";
/** Pipeline endpoints and the Hrana version each speaks. */
const PIPELINE_PATHS = new Map<string, 2 | 3>([
  ["/v2/pipeline", 2],
  ["/v3/pipeline", 3],
]);
const JSON_TYPE = "application/json";
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const CRLF = new Uint8Array([13, 10]);
const HEAD_END = new Uint8Array([13, 10, 13, 10]);
const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
};

class HttpParseError extends Error {
  override name = "HttpParseError";
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Buffered reads from a connection. */
class ConnReader {
  readonly #conn: Deno.Conn;
  #buffer = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Reads more bytes; returns false at end of stream. */
  async #fill(): Promise<boolean> {
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buffer.length) {
      const bigger = new Uint8Array(this.#buffer.length * 2);
      bigger.set(this.#buffer);
      this.#buffer = bigger;
    }
    const n = await this.#conn.read(this.#buffer.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  /**
   * Reads through the next `delimiter` and returns the bytes before it, or
   * `null` if the stream ends before any byte.
   */
  async readUntil(
    delimiter: Uint8Array,
    limit: number,
  ): Promise<Uint8Array | null> {
    let searchFrom = 0;
    for (;;) {
      const found = indexOf(
        this.#buffer.subarray(this.#start, this.#end),
        delimiter,
        searchFrom,
      );
      if (found !== -1) {
        const line = this.#buffer.slice(this.#start, this.#start + found);
        this.#start += found + delimiter.length;
        return line;
      }
      const available = this.#end - this.#start;
      if (available > limit) {
        throw new HttpParseError(431, "Request head too large");
      }
      searchFrom = Math.max(0, available - delimiter.length + 1);
      if (!(await this.#fill())) {
        if (available === 0) return null;
        throw new HttpParseError(400, "Unexpected end of request");
      }
    }
  }

  async readExact(length: number): Promise<Uint8Array> {
    while (this.#end - this.#start < length) {
      if (!(await this.#fill())) {
        throw new HttpParseError(400, "Unexpected end of request body");
      }
    }
    const bytes = this.#buffer.slice(this.#start, this.#start + length);
    this.#start += length;
    return bytes;
  }
}

function indexOf(
  haystack: Uint8Array,
  needle: Uint8Array,
  from: number,
): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Reads one request, or returns `null` if the client sent nothing. */
async function readHttpRequest(conn: Deno.Conn): Promise<HttpRequest | null> {
  const reader = new ConnReader(conn);
  const head = await reader.readUntil(HEAD_END, MAX_HEAD_BYTES);
  if (head === null) return null;
  const [requestLine = "", ...headerLines] = new TextDecoder().decode(head)
    .split("\r\n");
  const [method, target, version] = requestLine.split(" ");
  if (
    method === undefined || target === undefined ||
    !version?.startsWith("HTTP/1.")
  ) {
    throw new HttpParseError(400, "Malformed request line");
  }
  const headers = new Headers();
  try {
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new TypeError(`Malformed header line`);
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  } catch {
    throw new HttpParseError(400, "Malformed request headers");
  }

  let body: Uint8Array;
  if (headers.get("transfer-encoding")?.toLowerCase().includes("chunked")) {
    body = await readChunkedBody(reader);
  } else {
    const length = Number(headers.get("content-length") ?? "0");
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new HttpParseError(400, "Malformed Content-Length");
    }
    if (length > MAX_BODY_BYTES) {
      throw new HttpParseError(413, "Request body too large");
    }
    body = await reader.readExact(length);
  }
  return { method, target, headers, body };
}

async function readChunkedBody(reader: ConnReader): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const line = await reader.readUntil(CRLF, MAX_HEAD_BYTES);
    if (line === null) throw new HttpParseError(400, "Truncated chunked body");
    const sizeText = new TextDecoder().decode(line).split(";", 1)[0]?.trim();
    const size = Number.parseInt(sizeText ?? "", 16);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new HttpParseError(400, "Malformed chunk size");
    }
    if (size === 0) break;
    total += size;
    if (total > MAX_BODY_BYTES) {
      throw new HttpParseError(413, "Request body too large");
    }
    chunks.push(await reader.readExact(size));
    await reader.readExact(2); // The CRLF after the chunk data.
  }
  // Skip trailer fields up to the empty line.
  for (;;) {
    const line = await reader.readUntil(CRLF, MAX_HEAD_BYTES);
    if (line === null || line.length === 0) break;
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

async function writeResponse(
  conn: Deno.Conn,
  status: number,
  contentType: string,
  body: string,
): Promise<void> {
  const payload = new TextEncoder().encode(body);
  const head = new TextEncoder().encode(
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}\r\n` +
      `content-type: ${contentType}\r\n` +
      `content-length: ${payload.length}\r\n` +
      "connection: close\r\n\r\n",
  );
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(head);
  bytes.set(payload, head.length);
  let written = 0;
  while (written < bytes.length) {
    written += await conn.write(bytes.subarray(written));
  }
}

function jsonResponse(status: number, body: unknown): HttpResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}

function protocolResponse(message: string): HttpResponse {
  return { status: 400, contentType: TEXT, body: message };
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function randomBaton(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString("base64url");
}
