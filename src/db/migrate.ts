/**
 * Applies the embedded migrations when a history is opened. An up-to-date
 * database costs one read; a fresh one a second, atomic write. Two processes
 * opening the same fresh file at once both succeed: the loser's write fails
 * on the migrations table's primary key, rolls back, and it reads again.
 *
 * @module
 */
import type { Client } from "@libsql/client/web";
import { ConfigError } from "../errors.ts";
import { type Migration, MIGRATIONS } from "./migrations.ts";

/** The table recording which migrations were applied. */
const MIGRATIONS_TABLE = "__ironclaw_migrations";

/** What {@linkcode migrate} did. */
export interface MigrateResult {
  /** Tags applied by this call. */
  readonly applied: readonly string[];
}

async function readApplied(
  client: Client,
): Promise<Map<string, string> | undefined> {
  try {
    const [rs] = await client.batch(
      [`SELECT tag, hash FROM ${MIGRATIONS_TABLE}`],
      "read",
    );
    return new Map(rs!.rows.map((r) => [String(r.tag), String(r.hash)]));
  } catch (error) {
    if (/no such table/i.test(String((error as Error)?.message))) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Brings the database up to date with the embedded migrations.
 *
 * @param client The libSQL client.
 * @param migrations The migrations to apply (all embedded ones by default).
 * @param now The clock, in Unix milliseconds.
 * @returns The tags that were applied.
 * @throws {ConfigError} When the database has migrations this version does not know.
 */
export async function migrate(
  client: Client,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): Promise<MigrateResult> {
  for (let attempt = 0;; attempt++) {
    const applied = await readApplied(client);
    const known = new Set(migrations.map((m) => m.tag));
    for (const tag of applied?.keys() ?? []) {
      if (!known.has(tag)) {
        throw new ConfigError(
          `Cannot open history: the database has migration "${tag}", which this version does not know (it was written by a newer version)`,
        );
      }
    }
    const pending = migrations.filter((m) => !applied?.has(m.tag));
    if (pending.length === 0) return { applied: [] };
    const stmts = [
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (tag TEXT PRIMARY KEY NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
    ].map((sql) => ({ sql, args: [] as (string | number)[] }));
    for (const m of pending) {
      stmts.push({
        sql:
          `INSERT INTO ${MIGRATIONS_TABLE} (tag, hash, applied_at) VALUES (?, ?, ?)`,
        args: [m.tag, m.hash, now()],
      });
      for (const sql of m.statements) stmts.push({ sql, args: [] });
    }
    try {
      await client.batch(stmts, "write");
      return { applied: pending.map((m) => m.tag) };
    } catch (error) {
      // Another process applied them first: read again.
      const message = String((error as Error)?.message);
      const raced =
        /UNIQUE constraint failed: __ironclaw_migrations|already exists/i
          .test(message);
      if (!raced || attempt >= 3) throw error;
    }
  }
}
