/**
 * Large databases for the size-independence benchmark, built fast with raw
 * SQL (a recursive CTE inside SQLite, a few big transactions) and cached
 * under `/tmp` across runs.
 *
 * Layout: sessions of 100 messages each, written round-robin (message 1 of
 * every session, then message 2 of every session, …), so that a session's
 * rows are spread over the whole file as when many conversations run at
 * once — the worst case for reading one session. Message bodies cycle
 * through 1,000 messages of the seeded workload. The full-text index (if the
 * schema has one) is left empty: reads do not use it.
 *
 * @module
 */
import { MIGRATIONS } from "../src/db/migrations.ts";
import { pydanticAiFormat } from "../src/formats/pydantic_ai.ts";
import { openOurs, rawClient } from "./_stores.ts";
import { roleOf, workload, WORKLOAD_VERSION } from "./_workload.ts";

/** Messages per session in the big databases. */
export const BIG_SESSION_LENGTH = 100;
const POOL_SIZE = 1000;
const ROWS_PER_TRANSACTION = 100_000;
/** Bump when the layout below changes. */
const LAYOUT_VERSION = 2;

/** Where cached databases live: `$BENCH_CACHE_DIR` or a fixed `/tmp` folder. */
export function cacheDir(): string {
  return Deno.env.get("BENCH_CACHE_DIR") ?? "/tmp/ironclaw-history-bench";
}

/** The id of big session `i`. */
export function bigSessionId(i: number): string {
  return `big-${String(i).padStart(7, "0")}`;
}

async function fingerprint(): Promise<string> {
  const text = JSON.stringify({
    migrations: MIGRATIONS.map((m) => m.hash),
    format: [pydanticAiFormat.name, pydanticAiFormat.version],
    workload: WORKLOAD_VERSION,
    layout: LAYOUT_VERSION,
  });
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest).slice(0, 6),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The path of a database holding `messages` messages (a multiple of 100),
 * built on first use and reused while the schema and workload are unchanged.
 *
 * @returns The path and whether it was built now (with the build time).
 */
export async function bigDatabase(
  messages: number,
): Promise<{ path: string; builtMs: number | undefined; sessions: number }> {
  const sessions = messages / BIG_SESSION_LENGTH;
  if (!Number.isInteger(sessions) || sessions < 1) {
    throw new RangeError(
      `messages must be a multiple of ${BIG_SESSION_LENGTH}`,
    );
  }
  const dir = cacheDir();
  await Deno.mkdir(dir, { recursive: true });
  const name = `last20-${messages}-${await fingerprint()}.db`;
  const path = `${dir}/${name}`;
  if (exists(path)) return { path, builtMs: undefined, sessions };
  // Files of an older schema or workload (up to 2 GB each) are dead weight.
  for await (const entry of Deno.readDir(dir)) {
    if (
      entry.name.startsWith(`last20-${messages}-`) &&
      !entry.name.startsWith(name)
    ) {
      await Deno.remove(`${dir}/${entry.name}`);
    }
  }

  const t0 = performance.now();
  const building = `${path}.building-${Deno.pid}`;
  // The schema, exactly as our library creates it (and WAL mode).
  (await openOurs(building)).close();
  const client = rawClient(building);
  try {
    const pool = workload(POOL_SIZE / BIG_SESSION_LENGTH, BIG_SESSION_LENGTH)
      .flatMap((c) => c.messages);
    const now = Date.UTC(2026, 7, 20);
    const poolStatements = [];
    for (let start = 0; start < pool.length; start += 200) {
      const chunk = pool.slice(start, start + 200);
      poolStatements.push({
        sql: `INSERT INTO bench_pool (id, role, content) VALUES ${
          chunk.map(() => "(?, ?, ?)").join(", ")
        }`,
        args: chunk.flatMap((m, j) => [
          start + j,
          roleOf(m),
          JSON.stringify(m),
        ]),
      });
    }
    await client.batch([
      "CREATE TABLE bench_pool (id INTEGER PRIMARY KEY, role TEXT NOT NULL, content TEXT NOT NULL)",
      ...poolStatements,
      {
        sql:
          `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq)
           SELECT printf('big-%07d', i), ?, ?, '{}', ?, ?, ? FROM n`,
        args: [
          BigInt(sessions - 1),
          pydanticAiFormat.name,
          pydanticAiFormat.version,
          now,
          now + messages,
          BIG_SESSION_LENGTH,
        ],
      },
    ], "write");
    for (let from = 0; from < messages; from += ROWS_PER_TRANSACTION) {
      const to = Math.min(messages, from + ROWS_PER_TRANSACTION) - 1;
      // Row k is message k / sessions + 1 of session k % sessions.
      await client.batch([
        "PRAGMA cache_size = -262144",
        {
          sql:
            `WITH RECURSIVE n(k) AS (SELECT ? UNION ALL SELECT k + 1 FROM n WHERE k < ?)
             INSERT INTO chat_messages (session_id, seq, role, content, created_at)
             SELECT printf('big-%07d', n.k % ?), n.k / ? + 1, p.role, p.content, ? + n.k
             FROM n JOIN bench_pool AS p ON p.id = (n.k * 7 + n.k / ?) % ?`,
          // BigInts bind as INTEGER (numbers bind as REAL): integer division.
          args: [from, to, sessions, sessions, now, sessions, POOL_SIZE].map(
            BigInt,
          ),
        },
      ], "write");
    }
    await client.execute("DROP TABLE bench_pool");
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    client.close();
  }
  for (const suffix of ["-wal", "-shm"]) {
    try {
      await Deno.remove(`${building}${suffix}`);
    } catch {
      // Absent after a truncating checkpoint: fine.
    }
  }
  await Deno.rename(building, path);
  return { path, builtMs: performance.now() - t0, sessions };
}
