import assert from "node:assert/strict";
import { runDeno } from "./support/run.ts";
import { tempDir } from "./support/targets.ts";
import { conversationTurns } from "./support/pydantic_fixtures.ts";

const scripts = new URL("./support/scripts/", import.meta.url);

Deno.test("openHistory() with no options writes ironclaw.db in the working directory, and another process reads it back", async () => {
  await using dir = await tempDir();
  const write = await runDeno(new URL("write_then_exit.ts", scripts), {
    cwd: dir.path,
    args: ["persisted-session"],
  });
  assert.equal(write.code, 0, write.stderr);
  const written = JSON.parse(write.stdout);
  assert.equal(written.lastSeq, conversationTurns().length);
  const stat = await Deno.stat(`${dir.path}/ironclaw.db`);
  assert(
    stat.isFile && stat.size > 0,
    "ironclaw.db exists in the working directory",
  );

  const read = await runDeno(new URL("read_all.ts", scripts), {
    cwd: dir.path,
    args: ["persisted-session"],
  });
  assert.equal(read.code, 0, read.stderr);
  const back = JSON.parse(read.stdout);
  assert.equal(back.url, "file:ironclaw.db");
  assert.deepEqual(back.messages, conversationTurns());
  assert.equal(back.session.metadata.written_by, "process A");
  assert.equal(back.session.lastSeq, conversationTurns().length);
});

Deno.test("openHistory() takes the database from LIBSQL_URL when no url is given", async () => {
  await using dir = await tempDir();
  const write = await runDeno(new URL("write_then_exit.ts", scripts), {
    cwd: dir.path,
    args: ["env-session"],
    env: { LIBSQL_URL: "file:from-env.db" },
  });
  assert.equal(write.code, 0, write.stderr);
  await Deno.stat(`${dir.path}/from-env.db`);
  await assert.rejects(
    Deno.stat(`${dir.path}/ironclaw.db`),
    Deno.errors.NotFound,
  );
});
