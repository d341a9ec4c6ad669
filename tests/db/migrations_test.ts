import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import {
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from "drizzle-kit/api";
import * as schema from "../../src/db/schema.ts";
import { MIGRATIONS } from "../../src/db/migrations.ts";
import { readDrizzleMigrations } from "../../scripts/embed_migrations.ts";
import { ConfigError, openHistory } from "../../mod.ts";
import { runDeno } from "../support/run.ts";
import { tempDir } from "../support/targets.ts";

const drizzleDir = new URL("../../drizzle/", import.meta.url);

Deno.test("the embedded migrations are exactly the SQL committed under drizzle/", async () => {
  const onDisk = await readDrizzleMigrations(drizzleDir);
  assert.deepEqual(
    MIGRATIONS.map((m) => ({ ...m, statements: [...m.statements] })),
    onDisk,
  );
});

Deno.test("src/db/schema.ts and the committed drizzle snapshot have not drifted apart", async () => {
  const journal = JSON.parse(
    await Deno.readTextFile(new URL("meta/_journal.json", drizzleDir)),
  );
  const lastIdx = String(journal.entries.at(-1).idx).padStart(4, "0");
  const snapshot = JSON.parse(
    await Deno.readTextFile(
      new URL(`meta/${lastIdx}_snapshot.json`, drizzleDir),
    ),
  );
  const current = await generateSQLiteDrizzleJson(
    schema as Record<string, unknown>,
  );
  const statements = await generateSQLiteMigration(snapshot, current);
  assert.deepEqual(
    statements,
    [],
    "schema.ts changed without a migration: run `deno task migrations`",
  );
});

Deno.test("openHistory() records applied migrations and applies nothing the second time", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/m.db`;
  const first = await openHistory({ url, env: false });
  assert.deepEqual(first.migrationsApplied, MIGRATIONS.map((m) => m.tag));
  await first.close();
  const second = await openHistory({ url, env: false });
  assert.deepEqual(second.migrationsApplied, []);
  await second.close();
  const client = createClient({ url });
  try {
    const rs = await client.execute(
      "SELECT tag, hash FROM __ironclaw_migrations ORDER BY tag",
    );
    assert.deepEqual(
      rs.rows.map((r) => ({ tag: r.tag, hash: r.hash })),
      MIGRATIONS.map((m) => ({ tag: m.tag, hash: m.hash })),
    );
    const mode = await client.execute("PRAGMA journal_mode");
    assert.equal(mode.rows[0]?.journal_mode, "wal");
  } finally {
    client.close();
  }
});

Deno.test("openHistory() refuses a database migrated by a newer version", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/newer.db`;
  (await openHistory({ url, env: false })).close();
  const client = createClient({ url });
  await client.execute(
    "INSERT INTO __ironclaw_migrations (tag, hash, applied_at) VALUES ('9999_future', 'x', 0)",
  );
  client.close();
  await assert.rejects(openHistory({ url, env: false }), (e: unknown) => {
    assert(e instanceof ConfigError);
    assert.match(e.message, /9999_future/);
    return true;
  });
});

Deno.test("two processes opening the same fresh file at the same moment both succeed", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/race.db`;
  for (let round = 0; round < 3; round++) {
    const roundUrl = `${url}.${round}`;
    const startAt = String(Date.now() + 1500);
    const script = new URL("../support/scripts/open_fresh.ts", import.meta.url);
    const results = await Promise.all([
      runDeno(script, { args: [roundUrl, startAt] }),
      runDeno(script, { args: [roundUrl, startAt] }),
    ]);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    await using history = await openHistory({ url: roundUrl, env: false });
    const client = createClient({ url: roundUrl });
    const rs = await client.execute("SELECT count(*) AS n FROM chat_sessions");
    client.close();
    assert.equal(rs.rows[0]?.n, 2);
    assert.equal(history.kind, "file");
  }
});
