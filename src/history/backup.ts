/**
 * `backup(path)`: a consistent copy of a local history in one new file,
 * taken with `VACUUM INTO` while other connections and processes keep
 * writing. The copy is one read transaction's snapshot — every write
 * committed before it started, none after — compacted, with no `-wal` file
 * to carry along.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import type { Scope } from "./scope.ts";

/** What {@linkcode backupHistory} wrote. */
export interface BackupResult {
  /** The size of the copy, in bytes. */
  readonly bytes: number;
}

/**
 * Writes a consistent copy of the history's database to a new file.
 *
 * @typeParam TMessage The view's message type (unused: see `scope`).
 * @param scope The history's scope (only its connection is used: a backup
 *   copies the whole database, whatever the view's owner or format).
 * @param path The file to create, as a filesystem path.
 * @returns The size of the copy.
 * @throws {TypeError} When `path` is not a non-empty string.
 * @throws {HistoryClosedError} When the history is closed.
 * @throws {ConfigError} For a remote database, a `file:` URL or `:memory:`
 *   as target, a target that already exists, or a missing directory.
 * @throws {DatabaseError} When SQLite cannot write the copy (disk full…);
 *   the partial copy is removed.
 * @throws {Deno.errors.PermissionDenied} And Deno's other filesystem errors
 *   when the target cannot be created.
 */
export async function backupHistory<TMessage>(
  scope: Scope<TMessage>,
  path: string,
): Promise<BackupResult> {
  if (typeof path !== "string" || path.length === 0 || path.includes("\0")) {
    throw new TypeError(
      "Cannot back up history: the target must be a non-empty file path",
    );
  }
  const client = scope.client(); // throws HistoryClosedError once closed
  const conn = scope.shared.conn;
  const refuse = (why: string) =>
    new ConfigError(
      `Cannot back up history "${conn.displayUrl}" to ${
        JSON.stringify(path)
      }: ${why}`,
    );
  if (conn.kind === "remote") {
    throw refuse(
      "backup copies a local database (a file, an embedded replica or :memory:); copy a remote one with `history export` and `history import`, or with your provider's tools",
    );
  }
  // SQLite would read these as a URI or an in-memory target, not a file.
  if (/^file:/i.test(path) || path === ":memory:") {
    throw refuse("give a file path, not a URL");
  }
  await createEmpty(path, refuse);
  const action = `back up history "${conn.displayUrl}" to ${
    JSON.stringify(path)
  }`;
  try {
    // SQLite writes into an existing file only if it is empty: this one.
    await client.execute({ sql: "VACUUM INTO ?", args: [path] });
    // SQLite does not sync the copy it writes; a backup should survive a
    // power cut right after it returned.
    await syncFile(path);
  } catch (error) {
    // The file is ours (created empty above): what is in it is partial.
    await Deno.remove(path).catch(() => {});
    throw conn.toError(error, action);
  }
  return { bytes: (await Deno.stat(path)).size };
}

/**
 * Creates the target, empty, refusing one that exists — atomically, so a
 * file that appears meanwhile is never overwritten, and a failed copy can
 * be removed without removing someone else's file.
 */
async function createEmpty(
  path: string,
  refuse: (why: string) => ConfigError,
): Promise<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { write: true, createNew: true });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw refuse("the file already exists (backup never overwrites a file)");
    }
    if (error instanceof Deno.errors.NotFound) {
      throw refuse("its directory does not exist");
    }
    throw error;
  }
  file.close();
}

/** Flushes a file's data to disk. */
async function syncFile(path: string): Promise<void> {
  using file = await Deno.open(path, { read: true, write: true });
  await file.syncData();
}
