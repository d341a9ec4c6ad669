/**
 * Hrana streams as sqld keeps them: each stream owns one database
 * connection, is continued by presenting the one baton of the last
 * response, and expires (rolling back its transaction) when left idle.
 *
 * @module
 */
import Database from "libsql";
import { Buffer } from "node:buffer";
import { errorMessage } from "./errors.ts";
import { type HttpResponse, jsonResponse, protocolResponse } from "./http1.ts";

/** A `libsql` connection. */
export type LibsqlDatabase = Database.Database;

/** One stream and its connection. */
export interface HranaStream {
  /** The stream's own connection (replaced only by `replaceConnection`). */
  db: LibsqlDatabase;
  /** Set when a lock timeout rolled back the stream's transaction. */
  broken: boolean;
  /** The only baton accepted for the next request. */
  baton: string | null;
  state: "idle" | "busy" | "expired" | "closed";
  /** The stream's stored SQL texts, by `sql_id`. */
  readonly sqlTexts: Map<number, string>;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Whether the stream was closed or expired (its connection is gone). */
export function hasEnded(stream: HranaStream): boolean {
  return stream.state === "closed" || stream.state === "expired";
}

/**
 * Opens a connection the way sqld configures one: foreign keys on, and no
 * blocking busy timeout (a blocked call would freeze the event loop, and
 * with it the stream holding the lock; waiting is retried instead).
 */
export function openConnection(path: string): LibsqlDatabase {
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

/**
 * Rolls back and closes a connection. libsql's `close()` alone keeps the
 * write lock of an open transaction, so the rollback must be explicit.
 */
export function closeConnection(db: LibsqlDatabase): void {
  try {
    if (db.inTransaction) db.exec("ROLLBACK");
  } catch {
    // A failed rollback leaves nothing more to undo.
  }
  db.close();
}

function randomBaton(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString("base64url");
}

/** A pipeline's stream, or the answer that refuses its baton. */
export type Acquired = { stream: HranaStream } | { refused: HttpResponse };

/** The open streams of a server and the batons that continue them. */
export class Streams {
  readonly #path: string;
  readonly #expiryMs: number;
  readonly #shutdown: AbortSignal;
  readonly #batons = new Map<string, HranaStream>();
  readonly #open = new Set<HranaStream>();

  /**
   * @param path The database file every stream connects to.
   * @param expiryMs How long a stream may stay idle.
   * @param shutdown Aborts when the server closes.
   */
  constructor(path: string, expiryMs: number, shutdown: AbortSignal) {
    this.#path = path;
    this.#expiryMs = expiryMs;
    this.#shutdown = shutdown;
  }

  /**
   * The stream a pipeline runs on: a new one without a baton, else the one
   * the baton continues, marked busy until {@linkcode Streams.release}.
   * Refuses unknown, used, closed and expired batons as sqld does.
   */
  acquire(baton: string | null | undefined): Acquired {
    let stream: HranaStream;
    if (baton === undefined || baton === null || baton === "") {
      try {
        stream = this.#openStream();
      } catch (error) {
        return {
          refused: jsonResponse(500, {
            error: `Internal Error: ${errorMessage(error)}`,
          }),
        };
      }
    } else {
      const found = this.#batons.get(baton);
      const refused = this.#refusal(found, baton);
      if (refused !== undefined) return { refused };
      stream = found!;
    }
    stream.state = "busy";
    clearTimeout(stream.expiryTimer);
    return { stream };
  }

  #refusal(
    found: HranaStream | undefined,
    baton: string,
  ): HttpResponse | undefined {
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
      this.end(found, "closed");
      return protocolResponse(
        "The stream's transaction was rolled back: the database stayed locked too long",
      );
    }
    return undefined;
  }

  /**
   * Ends a pipeline on `stream`: hands out its next baton and starts its
   * expiry timer, or returns `null` when the stream ended (or the server is
   * closing, which ends it).
   */
  release(stream: HranaStream): string | null {
    if (hasEnded(stream)) return null;
    if (this.#shutdown.aborted) {
      this.end(stream, "closed");
      return null;
    }
    const nextBaton = randomBaton();
    stream.baton = nextBaton;
    stream.state = "idle";
    this.#batons.set(nextBaton, stream);
    stream.expiryTimer = setTimeout(
      () => this.end(stream, "expired"),
      this.#expiryMs,
    );
    return nextBaton;
  }

  #openStream(): HranaStream {
    const stream: HranaStream = {
      db: openConnection(this.#path),
      baton: null,
      broken: false,
      state: "busy",
      sqlTexts: new Map(),
      expiryTimer: undefined,
    };
    this.#open.add(stream);
    return stream;
  }

  /** Rolls back, closes the connection and marks the stream as ended. */
  end(stream: HranaStream, state: "closed" | "expired"): void {
    clearTimeout(stream.expiryTimer);
    if (hasEnded(stream)) return;
    stream.state = state;
    stream.sqlTexts.clear();
    this.#open.delete(stream);
    closeConnection(stream.db);
  }

  /**
   * Swaps a stream's connection for a fresh one after a statement was left
   * pending. An open transaction is rolled back first (ROLLBACK works with
   * pending statements; closing alone would keep its locks), and the stream
   * is marked broken so the client learns its transaction is gone instead
   * of silently running later statements in autocommit mode.
   */
  replaceConnection(stream: HranaStream): void {
    if (this.#shutdown.aborted) return; // closeAll ends every stream.
    if (stream.db.inTransaction) stream.broken = true;
    closeConnection(stream.db);
    stream.db = openConnection(this.#path);
  }

  /** Ends every open stream (the server is closing). */
  closeAll(): void {
    for (const stream of this.#open) this.end(stream, "closed");
  }
}
