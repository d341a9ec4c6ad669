/**
 * What every view of one opened history shares (the root, `forOwner` and
 * `withFormat` views): the connection, the clock, whether it is closed, the
 * migrations opening it applied, and the two caches. Opening and closing
 * live here too.
 *
 * @module
 */
import { connect, type Connection, syncReplica } from "../client.ts";
import { migrate } from "../db/migrate.ts";
import { HistoryClosedError, HistoryError } from "../errors.ts";
import { CheckedTexts, LastSeqs } from "./caches.ts";
import type { HistoryOptions } from "./types.ts";

/** The state shared by every view of one history. */
export interface Shared {
  /** The connection (its client is replaced when a replica goes online). */
  readonly conn: Connection;
  /** Unix milliseconds: `Date.now` unless a test gives another clock. */
  readonly clock: () => number;
  /** Stored texts already checked against a format. */
  readonly checked: CheckedTexts;
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
  const conn = await connect(options);
  const shared: Shared = {
    conn,
    clock,
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
