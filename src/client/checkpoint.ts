/**
 * Folding a local database's write-ahead log into its main file before the
 * connection closes, so that a closed history's `.db` file alone holds every
 * committed write (copying it without `-wal`/`-shm` loses nothing).
 *
 * SQLite would do this itself when the last connection to the file closes,
 * but the native driver's `close()` only lets go of its handle: SQLite's
 * own close comes when the handle is garbage-collected or the process ends
 * normally, and `Deno.exit()` skips both. So the history asks for a
 * truncating checkpoint itself.
 *
 * Best effort: while another process is reading or writing the file, what
 * cannot be folded yet stays in `-wal` — just as durable, and folded by the
 * next close — and the close still succeeds.
 *
 * @module
 */
import type { Connection } from "./connect.ts";

/**
 * How long the checkpoint waits for other processes' readers and writers
 * before settling for what it could fold. Short: a close should not hang
 * on a busy database, and the log is durable either way.
 */
const CHECKPOINT_WAIT_MS = 250;

/**
 * Runs `PRAGMA wal_checkpoint(TRUNCATE)` on a local file's connection: the
 * log's frames are written into the database file and the log is emptied.
 * Does nothing for `:memory:`, remote databases and embedded replicas (a
 * replica's log belongs to libSQL's sync). Never throws.
 *
 * Local histories use a single pooled connection (`concurrency: 1`), so the
 * statement runs on the very connection the history wrote through, outside
 * any transaction — the only state in which a checkpoint can complete.
 *
 * @param conn The connection, still open.
 * @returns Whether the log was folded completely (`false` when skipped,
 *   busy, or failed).
 */
export async function checkpoint(conn: Connection): Promise<boolean> {
  if (conn.kind !== "file" || conn.client.closed) return false;
  try {
    // The connection closes right after, so its busy timeout can change.
    await conn.client.execute(`PRAGMA busy_timeout = ${CHECKPOINT_WAIT_MS}`);
    const result = await conn.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    // One row: busy (1 when other connections kept it from finishing), log
    // frames, frames checkpointed.
    return Number(result.rows[0]?.[0] ?? 1) === 0;
  } catch {
    // A read-only file, a locked database, a driver hiccup: the data is in
    // the log and stays there; closing must still succeed.
    return false;
  }
}
