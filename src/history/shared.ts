/**
 * What every view of one opened history shares (the root, `forOwner` and
 * `withFormat` views): the connection, the clock, the input limits, whether
 * it is closed, the migrations opening it applied, and the two caches.
 * Opening and closing live here too.
 *
 * @module
 */
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_MESSAGE_BYTES,
  type SnapshotLimits,
} from "../_snapshot.ts";
import { connect, type Connection, syncReplica } from "../client/connect.ts";
import { migrate } from "../db/migrate.ts";
import { ConfigError, HistoryClosedError, HistoryError } from "../errors.ts";
import { CheckedTexts, LastSeqs } from "./caches.ts";
import type { HistoryOptions } from "./types.ts";

/** How large, deep and many the inputs of one call may be. */
export interface Limits {
  /** One message, as a value or as JSON text. */
  readonly message: SnapshotLimits;
  /** One metadata object or metadata patch. */
  readonly metadata: SnapshotLimits;
  /** Messages in one `saveMessages` call. */
  readonly messagesPerCall: number;
}

/** Default of {@linkcode HistoryOptions.maxMetadataBytes}: 1 MiB. */
export const DEFAULT_MAX_METADATA_BYTES: number = 1024 * 1024;

/** Default of {@linkcode HistoryOptions.maxMessagesPerCall}. */
export const DEFAULT_MAX_MESSAGES_PER_CALL = 10_000;

/**
 * Highest {@linkcode HistoryOptions.maxDepth}. SQLite's JSON functions
 * refuse text nested more than 1,000 levels, and stored values are read
 * inside JSON that SQL builds around them (usage reports, metadata
 * filters, exports): a cap of 256 leaves them over 700 levels, so nothing a
 * save accepts can make such a query fail for everyone.
 */
export const MAX_DEPTH_OPTION = 256;

/**
 * Highest `maxMessageBytes` / `maxMetadataBytes`: 256 MiB. The native
 * driver aborts the process (it cannot be caught) when it reads a value
 * of more than about 512 MiB of UTF-8; a 256 MiB message is read back
 * fine, and the cap keeps every accepted value well below that.
 */
export const MAX_BYTES_OPTION: number = 256 * 1024 * 1024;

/** Highest {@linkcode HistoryOptions.maxMessagesPerCall}. */
export const MAX_MESSAGES_PER_CALL_OPTION = 1_000_000;

/**
 * The limits `openHistory` options ask for, checked.
 *
 * @param options The options of `openHistory`.
 * @returns The limits.
 * @throws {ConfigError} When a limit is not an integer in its range.
 */
export function readLimits(options: HistoryOptions<unknown>): Limits {
  const maxDepth = limit(
    options.maxDepth,
    DEFAULT_MAX_DEPTH,
    MAX_DEPTH_OPTION,
    "maxDepth",
  );
  const option = (value: number | undefined, fallback: number, what: string) =>
    limit(value, fallback, MAX_BYTES_OPTION, what);
  return {
    message: {
      maxDepth,
      maxBytes: option(
        options.maxMessageBytes,
        DEFAULT_MAX_MESSAGE_BYTES,
        "maxMessageBytes",
      ),
      wellFormed: true,
    },
    metadata: {
      maxDepth,
      maxBytes: option(
        options.maxMetadataBytes,
        DEFAULT_MAX_METADATA_BYTES,
        "maxMetadataBytes",
      ),
      wellFormed: true,
    },
    messagesPerCall: limit(
      options.maxMessagesPerCall,
      DEFAULT_MAX_MESSAGES_PER_CALL,
      MAX_MESSAGES_PER_CALL_OPTION,
      "maxMessagesPerCall",
    ),
  };
}

function limit(
  value: unknown,
  fallback: number,
  max: number,
  what: string,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" || !Number.isInteger(value) || value < 1 ||
    value > max
  ) {
    throw new ConfigError(
      `Cannot open history: ${what} must be an integer from 1 to ${max}, got ${
        typeof value === "number" ? value : typeof value
      }`,
    );
  }
  return value;
}

/** The state shared by every view of one history. */
export interface Shared {
  /** The connection (its client is replaced when a replica goes online). */
  readonly conn: Connection;
  /** Unix milliseconds: `Date.now` unless a test gives another clock. */
  readonly clock: () => number;
  /** Stored texts already checked against a format. */
  readonly checked: CheckedTexts;
  /** How large, deep and many inputs may be. */
  readonly limits: Limits;
  /** Tags of the migrations opening this history applied. */
  migrationsApplied: readonly string[];
  /** The last seq this process saw of each session (a hint, never trusted). */
  readonly lastSeqs: LastSeqs;
  /** Set by `close()`; every operation after it throws. */
  closed: boolean;
}

/** Default of {@linkcode HistoryOptions.checkedCacheSize}. */
const CHECKED_CACHE_SIZE = 32_000_000;

/**
 * Connects, turns on WAL for a local file and applies the migrations.
 *
 * @param options The options of `openHistory`.
 * @returns The shared state of the new history.
 */
export async function openShared(
  options: HistoryOptions<unknown>,
): Promise<Shared> {
  const clock = options.clock ?? Date.now;
  const limits = readLimits(options);
  const conn = await connect(options);
  const shared: Shared = {
    conn,
    clock,
    limits,
    checked: new CheckedTexts(options.checkedCacheSize ?? CHECKED_CACHE_SIZE),
    lastSeqs: new LastSeqs(),
    migrationsApplied: [],
    closed: false,
  };
  try {
    if (conn.kind === "file") {
      await conn.client.execute("PRAGMA journal_mode = WAL");
    }
    // An offline replica is read-only: it keeps the schema it last synced.
    if (options.migrate !== false && !conn.offline) {
      shared.migrationsApplied = (await migrate(conn.client, undefined, clock))
        .applied;
    }
  } catch (error) {
    conn.client.close();
    throw error instanceof HistoryError
      ? error
      : conn.toError(error, `open history "${conn.displayUrl}"`);
  }
  return shared;
}

/**
 * Runs one sync of an embedded replica.
 *
 * @param shared The history's shared state.
 * @returns How many frames were pulled, when libSQL tells.
 */
export function syncShared(
  shared: Shared,
): Promise<{ framesSynced: number | undefined }> {
  if (shared.closed) throw new HistoryClosedError();
  return syncReplica(shared.conn);
}

/**
 * Closes the connection once; every view is unusable after.
 *
 * @param shared The history's shared state.
 */
export function closeShared(shared: Shared): Promise<void> {
  if (!shared.closed) {
    shared.closed = true;
    shared.conn.client.close();
  }
  return Promise.resolve();
}
