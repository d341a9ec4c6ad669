/**
 * The libSQL client a connection hands out: it forwards every call to the
 * driver's client and remembers whether it was closed, so that an
 * operation that was still running inside the driver when `close()` came
 * (a request in flight, a local call waiting for its connection) fails as
 * "closed" rather than with whatever the driver says about its torn-down
 * streams (`CLIENT_CLOSED`, `fetch failed`).
 *
 * It also lets an offline replica swap in the real replica without the
 * history noticing: the object the history holds stays the same.
 *
 * @module
 */
import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Transaction,
  TransactionMode,
} from "@libsql/client/web";

/**
 * A driver failure of an operation that was still running when the client
 * was closed; `mapError` turns it into `HistoryClosedError`.
 */
export class ClosedWhileRunning extends Error {
  /**
   * Wraps the driver's failure.
   *
   * @param cause What the driver threw.
   */
  constructor(cause: unknown) {
    super("the client was closed while the operation ran", { cause });
    this.name = "ClosedWhileRunning";
  }
}

/** A {@linkcode Client} that knows whether it was closed. */
export class CloseAwareClient implements Client {
  #inner: Client;
  #closed = false;
  readonly #onClose: (() => void) | undefined;

  /**
   * Wraps a driver client.
   *
   * @param inner The client to forward to.
   * @param onClose Called by {@linkcode close} before the driver's client
   *   closes: stops what the driver would leave running (requests in flight).
   */
  constructor(inner: Client, onClose?: () => void) {
    this.#inner = inner;
    this.#onClose = onClose;
  }

  /** Whether {@linkcode close} was called (or the driver's client closed). */
  get closed(): boolean {
    return this.#closed || this.#inner.closed;
  }

  /** The driver's protocol (`"file"`, `"http"`, `"ws"`). */
  get protocol(): string {
    return this.#inner.protocol;
  }

  /**
   * Puts another driver client in place of the current one and closes the
   * old one (an offline replica going online).
   *
   * @param next The new client.
   */
  replace(next: Client): void {
    const old = this.#inner;
    this.#inner = next;
    old.close();
  }

  /** Runs `call` on the driver, marking a failure that outlived `close()`. */
  async #run<T>(call: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await call(this.#inner);
    } catch (error) {
      throw this.#closed ? new ClosedWhileRunning(error) : error;
    }
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  /** Forwards to the driver. */
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#run((c) =>
      typeof stmtOrSql === "string"
        ? c.execute(stmtOrSql, args)
        : c.execute(stmtOrSql)
    );
  }

  /** Forwards to the driver. */
  batch(
    stmts: Array<InStatement | [string, InArgs?]>,
    mode?: TransactionMode,
  ): Promise<Array<ResultSet>> {
    return this.#run((c) => c.batch(stmts, mode));
  }

  /** Forwards to the driver. */
  migrate(stmts: Array<InStatement>): Promise<Array<ResultSet>> {
    return this.#run((c) => c.migrate(stmts));
  }

  /** Forwards to the driver (the transaction's own calls are the driver's). */
  transaction(mode?: TransactionMode): Promise<Transaction> {
    return this.#run((c) => c.transaction(mode));
  }

  /** Forwards to the driver. */
  executeMultiple(sql: string): Promise<void> {
    return this.#run((c) => c.executeMultiple(sql));
  }

  /** Forwards to the driver. */
  sync(): Promise<Replicated> {
    return this.#run((c) => c.sync());
  }

  /** Closes the driver's client; operations still running fail as closed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose?.();
    this.#inner.close();
  }

  /** Forwards to the driver. */
  reconnect(): void {
    this.#inner.reconnect();
  }
}
