/**
 * The listing's cursor promise: paging through `listSessions` neither skips
 * nor repeats a session while sessions are created, imported, appended
 * to, undone, forked or deleted between pages — whatever the writers'
 * clocks say. A property test interleaves those operations with paging,
 * on `:memory:` and on the remote test server.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { createClient } from "@libsql/client";
import { openHistory } from "../mod.ts";
import { MIGRATIONS } from "../src/db/migrations.ts";
import { migrate } from "../src/db/migrate.ts";
import { answer, ask } from "./contract/core.ts";
import { memoryTarget, remoteTarget, tempDir } from "./support/targets.ts";
import { pageAll } from "./support/paging.ts";

/** One operation between pages (`n` picks the session). */
interface Op {
  readonly kind:
    | "create"
    | "import"
    | "append"
    | "pop"
    | "fork"
    | "delete"
    | "tick";
  readonly n: number;
  readonly count?: number;
}

/**
 * The promise, checked against a listing taken at the moment paging
 * started: no repeat; nothing that was not there then; everything that was
 * there and was not deleted since; and in the order it had then.
 */
function assertPromise(
  paged: readonly string[],
  before: readonly string[],
  deleted: ReadonlySet<string>,
): void {
  assert.equal(new Set(paged).size, paged.length, `repeated: ${paged}`);
  const place = new Map(before.map((id, i) => [id, i]));
  for (const id of paged) {
    assert(place.has(id), `${id} was not there when paging began`);
  }
  for (const id of before) {
    if (!deleted.has(id)) assert(paged.includes(id), `skipped: ${id}`);
  }
  const order = paged.map((id) => place.get(id)!);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), "order kept");
}

for (const target of [memoryTarget, remoteTarget]) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${target.name}] ${name}`, fn });

  test("a session undone while someone pages is listed once", async () => {
    let now = 10_000;
    await using db = await target.open({ clock: () => now });
    for (const id of ["a", "b", "c", "d"]) {
      now += 100;
      await db.history.getOrCreateSession(id);
      await db.history.saveMessages(id, [ask(id)]);
    }
    for (const id of ["a", "b", "c", "d"]) {
      now += 100;
      await db.history.saveMessages(id, [answer(id)]);
    }
    const paged = await pageAll(db.history, 2, async (page) => {
      now += 100;
      // d was on the first page; undoing its answer takes away the message
      // that placed it there (its question is older than every answer).
      if (page === 0) await db.history.popMessages("d", { count: 1 });
    });
    assert.deepEqual(paged, ["d", "c", "b", "a"]);
  });

  test("a session appended to by a writer whose clock is behind is listed once", async () => {
    let now = 10_000;
    await using db = await target.open({ clock: () => now });
    for (const id of ["a", "b", "c", "d"]) {
      now += 100;
      await db.history.getOrCreateSession(id);
      await db.history.saveMessages(id, [ask(id)]);
    }
    const paged = await pageAll(db.history, 2, async (page) => {
      if (page !== 0) return;
      // Behind the listing's moment, but ahead of where a and d stood.
      now -= 50;
      await db.history.saveMessages("a", [answer("late clock")]);
      await db.history.saveMessages("d", [answer("late clock")]);
    });
    assert.deepEqual(paged, ["d", "c", "b", "a"]);
  });

  test("a session deleted and created again while someone pages waits for the next listing", async () => {
    let now = 10_000;
    await using db = await target.open({ clock: () => now });
    for (const id of ["a", "b", "c", "d"]) {
      now += 100;
      await db.history.getOrCreateSession(id);
    }
    const paged = await pageAll(db.history, 2, async (page) => {
      if (page !== 0) return;
      await db.history.deleteSession("b");
      now -= 1_000;
      await db.history.getOrCreateSession("b");
    });
    assert.deepEqual(paged, ["d", "c", "a"]);
    assert.deepEqual(await pageAll(db.history, 10), ["d", "c", "a", "b"]);
    if (db.history.kind !== "memory") {
      const rows = await db.query(
        "SELECT count(*) AS n FROM chat_session_activity WHERE session_id = 'b'",
      );
      assert.equal(Number(rows[0]!.n), 1, "the deleted b's activity went");
    }
  });

  test("property: paging neither skips nor repeats while sessions are created, imported, appended to, undone, forked and deleted", async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("create" as const), n: fc.nat() }),
      // An imported session may say it was last active long ago.
      fc.record({
        kind: fc.constant("import" as const),
        n: fc.integer({ min: 0, max: 2_000 }),
      }),
      fc.record({ kind: fc.constant("append" as const), n: fc.nat() }),
      fc.record({
        kind: fc.constant("pop" as const),
        n: fc.nat(),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({ kind: fc.constant("fork" as const), n: fc.nat() }),
      fc.record({ kind: fc.constant("delete" as const), n: fc.nat() }),
      // The clock may stand still (ties) or go back (another writer's).
      fc.record({
        kind: fc.constant("tick" as const),
        n: fc.integer({ min: -300, max: 300 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 12 }),
        fc.array(op, { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (setup, between, limit) => {
          let now = 1_000_000;
          await using db = await target.open({ clock: () => now });
          const h = db.history;
          const live: string[] = [];
          let made = 0;
          const pick = (n: number) => live[n % live.length]!;
          const deleted = new Set<string>();
          const run = async (o: Op) => {
            if (o.kind === "tick") {
              now += o.n;
              return;
            }
            if (o.kind === "import") {
              const id = `s${made++}`;
              const at = new Date(now - o.n);
              await h.importSession({
                id,
                createdAt: at,
                updatedAt: at,
                messages: [{ message: ask("imported"), createdAt: at }],
              });
              live.push(id);
              return;
            }
            if (o.kind === "create" || live.length === 0) {
              const id = `s${made++}`;
              await h.getOrCreateSession(id);
              live.push(id);
              return;
            }
            const id = pick(o.n);
            if (o.kind === "append") {
              await h.saveMessages(id, [ask(`to ${id}`)]);
            } else if (o.kind === "pop") {
              await h.popMessages(id, { count: o.count ?? 1 });
            } else if (o.kind === "fork") {
              const fork = await h.forkSession(id, { id: `s${made++}` });
              live.push(fork.id);
            } else {
              await h.deleteSession(id);
              live.splice(live.indexOf(id), 1);
              deleted.add(id);
            }
          };
          for (const group of setup) {
            for (const o of group) await run(o);
            now += 1;
          }
          deleted.clear();
          const before = (await h.listSessions({ limit: 1000 })).sessions.map(
            (s) => s.id,
          );
          let next = 0;
          const paged = await pageAll(h, limit, async () => {
            // A few operations after every page, from the list in turn.
            for (let i = 0; i < 2 && next < between.length; i++) {
              await run(between[next++]!);
            }
          });
          assertPromise(paged, before, deleted);
        },
      ),
      { numRuns: target.name === "remote" ? 25 : 100 },
    );
  });
}

Deno.test("a database listed before the activity log is upgraded and pages without repeats", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/old.db`;
  const client = createClient({ url });
  try {
    await migrate(client, MIGRATIONS.filter((m) => m.tag < "0005"));
    for (const [id, at] of [["a", 1000], ["b", 2000], ["c", 3000]] as const) {
      await client.execute({
        sql:
          "INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq) VALUES (?, 'pydantic-ai', '1', '{}', ?, ?, 0)",
        args: [id, at, at],
      });
    }
  } finally {
    client.close();
  }
  let now = 5000;
  await using history = await openHistory({
    url,
    env: false,
    clock: () => now,
  });
  assert(history.migrationsApplied.includes("0005_session_activity"));
  const paged = await pageAll(history, 1, async (page) => {
    now += 100;
    if (page === 0) await history.saveMessages("a", [ask("moves a up")]);
  });
  assert.deepEqual(paged, ["c", "b", "a"]);
  assert.deepEqual(await pageAll(history, 5), ["a", "c", "b"]);
});

Deno.test("a cursor of an earlier version, pinned to a time, is refused", async () => {
  await using db = await memoryTarget.open();
  const old = btoa(JSON.stringify([Date.now(), 1000, "a"])).replace(/=+$/, "");
  await assert.rejects(
    db.history.listSessions({ cursor: old }),
    (e: unknown) => e instanceof TypeError && /Invalid cursor/.test(e.message),
  );
});
