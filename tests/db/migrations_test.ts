import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import {
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from "drizzle-kit/api";
import * as schema from "../../src/db/schema.ts";
import { MIGRATIONS } from "../../src/db/migrations.ts";
import { migrate } from "../../src/db/migrate.ts";
import { readDrizzleMigrations } from "../../scripts/embed_migrations.ts";
import { ConfigError, openHistory } from "../../mod.ts";
import { answer, ask } from "../contract/core.ts";
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

Deno.test("a database written before the last_seq trigger is upgraded and keeps appending in order", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/old.db`;
  // The database as the release before 0002 left it: schema, one session
  // with two messages, its last_seq kept by the session UPDATE.
  const client = createClient({ url });
  try {
    await migrate(
      client,
      MIGRATIONS.filter((m) => m.tag < "0002"),
    );
    await client.batch([
      "INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq) VALUES ('old', 'pydantic-ai', '1', '{}', 1000, 2000, 2)",
      {
        sql:
          "INSERT INTO chat_messages (session_id, seq, role, content, search_text, created_at) VALUES ('old', 1, 'user', ?, 'first', 1000), ('old', 2, 'model', ?, 'second', 2000)",
        args: [JSON.stringify(ask("first")), JSON.stringify(answer("second"))],
      },
    ], "write");
  } finally {
    client.close();
  }
  await using history = await openHistory({ url, env: false });
  assert.deepEqual(
    history.migrationsApplied,
    MIGRATIONS.filter((m) => m.tag >= "0002").map((m) => m.tag),
  );
  assert.equal((await history.getSession("old"))?.lastSeq, 2);
  const saved = await history.saveMessages("old", [ask("third"), answer("4")]);
  assert.deepEqual([saved.firstSeq, saved.lastSeq], [3, 4]);
  const again = await history.saveMessages("old", [ask("fifth")], {
    idempotencyKey: "k",
  });
  assert.equal(again.lastSeq, 5);
  assert.deepEqual(await history.getMessages("old"), [
    ask("first"),
    answer("second"),
    ask("third"),
    answer("4"),
    ask("fifth"),
  ]);
  const session = await history.getSession("old");
  assert.equal(session?.lastSeq, 5);
  assert.equal(session?.messageCount, 5);
  assert((session?.updatedAt.getTime() ?? 0) >= 2000);
  assert.deepEqual(
    (await history.searchMessages("second")).map((h) => h.seq),
    [2],
  );
  assert.deepEqual(
    (await history.searchMessages("third")).map((h) => h.seq),
    [3],
  );
});

Deno.test("a database written before operation ids is upgraded: old rows read, new writes record their ops", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/before_ops.db`;
  // The database as the release before 0003 left it: one session with two
  // messages and an idempotency key.
  const client = createClient({ url });
  try {
    await migrate(client, MIGRATIONS.filter((m) => m.tag < "0003"));
    await client.batch([
      "INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq) VALUES ('old', 'pydantic-ai', '1', '{}', 1000, 2000, 2)",
      {
        sql:
          "INSERT INTO chat_messages (session_id, seq, role, content, search_text, created_at) VALUES ('old', 1, 'user', ?, 'first', 1000), ('old', 2, 'model', ?, 'second', 2000)",
        args: [JSON.stringify(ask("first")), JSON.stringify(answer("second"))],
      },
      "INSERT INTO chat_idempotency (session_id, key, first_seq, last_seq, created_at) VALUES ('old', 'k0', 1, 2, 2000)",
    ], "write");
  } finally {
    client.close();
  }
  {
    await using history = await openHistory({ url, env: false });
    assert(history.migrationsApplied.includes("0003_op_ids"));
    assert.deepEqual(await history.getMessages("old"), [
      ask("first"),
      answer("second"),
    ]);
    const replay = await history.saveMessages("old", [ask("first")], {
      idempotencyKey: "k0",
    });
    assert.deepEqual([replay.replayed, replay.firstSeq], [true, 1]);
    const saved = await history.saveMessages("old", [ask("3"), answer("4")]);
    assert.deepEqual([saved.firstSeq, saved.lastSeq], [3, 4]);
    const popped = await history.popMessages("old", { count: 1 });
    assert.deepEqual(popped.map((r) => r.seq), [4]);
    await history.forkSession("old", { id: "fork" });
    assert.deepEqual(await history.deleteSession("fork"), {
      deleted: true,
      messages: 3,
    });
  }
  const after = createClient({ url });
  try {
    const ops = await after.execute(
      "SELECT seq, op IS NOT NULL AS marked FROM chat_messages WHERE session_id = 'old' ORDER BY seq",
    );
    // Rows written before the upgrade carry no op; a save marks its first.
    assert.deepEqual(ops.rows.map((r) => [r.seq, r.marked]), [
      [1, 0],
      [2, 0],
      [3, 1],
    ]);
    const recorded = await after.execute("SELECT count(*) AS n FROM chat_ops");
    assert.equal(recorded.rows[0]?.n, 3, "pop, fork and delete recorded");
    // A save finds its own row by session and seq: op needs no index.
    const plan = await after.execute(
      "EXPLAIN QUERY PLAN SELECT seq FROM chat_messages WHERE session_id = 'old' AND seq = 3 AND op = 'x'",
    );
    assert.match(
      String(plan.rows[0]?.detail),
      /chat_messages_session_seq_idx/,
    );
  } finally {
    after.close();
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
