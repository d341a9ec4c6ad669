/**
 * `history backup <file>`, as a subprocess: a consistent single-file copy
 * of a database that another process keeps writing to, which opens alone
 * (no `-wal` beside it); an existing file is kept unless `--force`, and the
 * database itself is never the target.
 */
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { conversationTurns } from "../support/pydantic_fixtures.ts";
import { tempDir } from "../support/targets.ts";
import { assertFails, assertOk, history } from "./cli_runner.ts";

Deno.test("history backup copies a database being written to into one consistent file", async () => {
  await using dir = await tempDir();
  const db = `${dir.path}/ironclaw.db`;
  await using writer = await openHistory({ url: `file:${db}` });
  for (let i = 0; i < 20; i++) {
    await writer.getOrCreateSession(`s${i}`);
    await writer.saveMessages(`s${i}`, conversationTurns());
  }
  // Another writer keeps appending while the backup runs.
  let writing = true;
  let appended = 0;
  const busy = (async () => {
    while (writing) {
      const id = `w${appended % 5}`;
      await writer.getOrCreateSession(id);
      await writer.saveMessages(id, conversationTurns().slice(0, 2));
      appended++;
      // Local calls run synchronously: let the subprocess's pipes be read.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const result = await history(["backup", "copy.db"], { cwd: dir.path });
  writing = false;
  await busy;
  assertOk(result);
  assert.match(
    result.stdout,
    /^Backed up file:ironclaw\.db to copy\.db \(\d+(\.\d)? [KM]?B\)\.\n$/,
  );
  assert(appended > 0, "the writer wrote during the backup");

  // The copy alone holds a consistent snapshot.
  const entries = (await Array.fromAsync(Deno.readDir(dir.path))).map((e) =>
    e.name
  );
  assert(!entries.includes("copy.db-wal"), `no -wal: ${entries}`);
  assert(!entries.some((e) => e.endsWith(".partial")), `${entries}`);
  await Deno.mkdir(`${dir.path}/alone`);
  await Deno.copyFile(`${dir.path}/copy.db`, `${dir.path}/alone/copy.db`);
  const doctor = await history(["--url", "alone/copy.db", "doctor"], {
    cwd: dir.path,
  });
  assertOk(doctor);
  assert.match(doctor.stdout, /every row is valid/);
  await using copy = await openHistory({
    url: `file:${dir.path}/alone/copy.db`,
  });
  const sessions = (await copy.listSessions({ limit: 100 })).sessions;
  assert(sessions.length >= 20);
  for (const s of sessions) {
    const messages = await copy.getMessages(s.id);
    assert.equal(messages.length, s.messageCount, s.id);
    assert.equal(s.lastSeq, s.messageCount, s.id);
  }
});

Deno.test("history backup keeps an existing file unless --force, and never replaces the database", async () => {
  await using dir = await tempDir();
  {
    await using db = await openHistory({ url: `file:${dir.path}/ironclaw.db` });
    await db.getOrCreateSession("one");
  }
  await Deno.writeTextFile(`${dir.path}/old.db`, "not a database");
  const [kept, self, selfForced, missingDir] = await Promise.all([
    history(["backup", "old.db"], { cwd: dir.path }),
    history(["backup", "ironclaw.db"], { cwd: dir.path }),
    history(["backup", "./ironclaw.db", "--force"], { cwd: dir.path }),
    history(["backup", "no/such/dir/x.db"], { cwd: dir.path }),
  ]);
  assertFails(
    kept!,
    1,
    /Cannot back up to "old\.db": the file exists \(pass --force/,
  );
  assertFails(self!, 1, /it is the database itself/);
  assertFails(selfForced!, 1, /it is the database itself/);
  assertFails(missingDir!, 1, /directory does not exist/);
  assert.equal(await Deno.readTextFile(`${dir.path}/old.db`), "not a database");

  const forced = await history(["backup", "old.db", "--force"], {
    cwd: dir.path,
  });
  assertOk(forced);
  await using copy = await openHistory({ url: `file:${dir.path}/old.db` });
  assert.equal((await copy.getSession("one"))?.id, "one");
  const names = (await Array.fromAsync(Deno.readDir(dir.path))).map((e) =>
    e.name
  );
  assert(!names.some((n) => n.endsWith(".partial")), `${names}`);
});
