/**
 * `iterMessages` and `iterMessageRecords`: the same messages as
 * `getMessages`, in seq order, across page boundaries, with the same
 * errors; arguments checked when the iterator is made; nothing left open
 * by an early `break`; one round trip per page on the remote target. Run on
 * a file, `:memory:` and the remote test server.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  aiSdkUIMessageFormat,
  CorruptRowError,
  FormatMismatchError,
  type History,
  HistoryClosedError,
  type IterateOptions,
  type ModelMessage,
  SessionNotFoundError,
} from "../mod.ts";
import { answer, ask } from "./contract/core.ts";
import { TARGETS } from "./support/targets.ts";

/** The first part's content of each message. */
function texts(messages: readonly ModelMessage[]): string[] {
  return messages.map((m) =>
    String((m.parts[0] as { content?: unknown } | undefined)?.content)
  );
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

async function seqs(
  history: History,
  id: string,
  options: IterateOptions,
): Promise<number[]> {
  return (await collect(history.iterMessageRecords(id, options))).map((r) =>
    r.seq
  );
}

/** A session of `n` messages, alternately asks and answers, named by number. */
async function session(history: History, id: string, n: number) {
  await history.getOrCreateSession(id);
  const messages = Array.from(
    { length: n },
    (_, i) => i % 2 ? answer(`m${i + 1}`) : ask(`m${i + 1}`),
  );
  if (n > 0) await history.saveMessages(id, messages);
  return messages;
}

for (const target of TARGETS) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test(`${target.name}: ${name}`, fn);

  test("iterMessages() yields what getMessages() returns, in seq order, for every page size", async () => {
    await using db = await target.open();
    const saved = await session(db.history, "s", 7);
    const all = await db.history.getMessages("s");
    assert.deepEqual(all, saved);
    for (const pageSize of [1, 2, 3, 6, 7, 8, 100, 10_000]) {
      assert.deepEqual(
        await collect(db.history.iterMessages("s", { pageSize })),
        all,
        `pageSize ${pageSize}`,
      );
      assert.deepEqual(
        await seqs(db.history, "s", { pageSize }),
        [1, 2, 3, 4, 5, 6, 7],
      );
    }
    assert.deepEqual(await collect(db.history.iterMessages("s")), all);
  });

  test("iterMessageRecords() yields the records getMessageRecords() returns", async () => {
    await using db = await target.open();
    await session(db.history, "s", 5);
    assert.deepEqual(
      await collect(db.history.iterMessageRecords("s", { pageSize: 2 })),
      await db.history.getMessageRecords("s"),
    );
  });

  test("afterSeq starts after a seq; past the end or on an empty session nothing is yielded", async () => {
    await using db = await target.open();
    await session(db.history, "s", 7);
    assert.deepEqual(await seqs(db.history, "s", { afterSeq: 3 }), [
      4,
      5,
      6,
      7,
    ]);
    assert.deepEqual(
      await seqs(db.history, "s", { afterSeq: 3, pageSize: 2 }),
      [4, 5, 6, 7],
    );
    assert.deepEqual(
      texts(
        await collect(
          db.history.iterMessages("s", { afterSeq: 5, pageSize: 1 }),
        ),
      ),
      ["m6", "m7"],
    );
    assert.deepEqual(await seqs(db.history, "s", { afterSeq: 7 }), []);
    assert.deepEqual(await seqs(db.history, "s", { afterSeq: 1_000 }), []);
    await session(db.history, "empty", 0);
    assert.deepEqual(await collect(db.history.iterMessages("empty")), []);
  });

  test("bad arguments throw when the iterator is made, before any read", async () => {
    await using db = await target.open();
    await session(db.history, "s", 1);
    for (const pageSize of [0, -1, 1.5, 10_001, Number.NaN, Infinity]) {
      assert.throws(
        () => db.history.iterMessages("s", { pageSize }),
        RangeError,
        `pageSize ${pageSize}`,
      );
      assert.throws(
        () => db.history.iterMessageRecords("s", { pageSize }),
        RangeError,
      );
    }
    assert.throws(
      () => db.history.iterMessages("s", { pageSize: "10" as never }),
      RangeError,
    );
    for (const afterSeq of [-1, 0.5, Number.NaN]) {
      assert.throws(
        () => db.history.iterMessages("s", { afterSeq }),
        RangeError,
        `afterSeq ${afterSeq}`,
      );
    }
    assert.throws(() => db.history.iterMessages(""), RangeError);
    assert.throws(() => db.history.iterMessages(42 as never), TypeError);
    // The largest page is accepted.
    assert.equal(
      (await collect(db.history.iterMessages("s", { pageSize: 10_000 })))
        .length,
      1,
    );
  });

  test("a missing session, another owner's, or one of another format fails on the first read like getMessages()", async () => {
    await using db = await target.open();
    const missing = db.history.iterMessages("nope");
    await assert.rejects(missing.next(), SessionNotFoundError);
    assert.deepEqual(await missing.next(), { done: true, value: undefined });

    const alice = db.history.forOwner("alice");
    const bob = db.history.forOwner("bob");
    await session(alice, "a", 3);
    assert.deepEqual(texts(await collect(alice.iterMessages("a"))), [
      "m1",
      "m2",
      "m3",
    ]);
    assert.equal((await collect(db.history.iterMessages("a"))).length, 3);
    await assert.rejects(bob.getMessages("a"), SessionNotFoundError);
    await assert.rejects(collect(bob.iterMessages("a")), SessionNotFoundError);
    await assert.rejects(
      collect(bob.iterMessageRecords("a")),
      SessionNotFoundError,
    );

    const chats = db.history.withFormat(aiSdkUIMessageFormat);
    await assert.rejects(chats.getMessages("a"), FormatMismatchError);
    await assert.rejects(collect(chats.iterMessages("a")), FormatMismatchError);
    await chats.getOrCreateSession("chat");
    await assert.rejects(
      collect(db.history.iterMessages("chat")),
      FormatMismatchError,
    );
    assert.deepEqual(await collect(chats.iterMessages("chat")), []);
  });

  test("an early break leaves nothing open and the history usable", async () => {
    await using db = await target.open();
    await session(db.history, "s", 7);
    const seen: string[] = [];
    for await (const message of db.history.iterMessages("s", { pageSize: 2 })) {
      seen.push(texts([message])[0]!);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, ["m1", "m2", "m3"]);
    const iterator = db.history.iterMessageRecords("s", { pageSize: 3 });
    assert.equal((await iterator.next()).value?.seq, 1);
    assert.deepEqual(await iterator.return(), {
      done: true,
      value: undefined,
    });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    // A thrown error inside the loop ends the iterator the same way.
    await assert.rejects(async () => {
      for await (const _ of db.history.iterMessages("s", { pageSize: 2 })) {
        throw new Error("stop");
      }
    }, /stop/);
    assert.equal((await db.history.getMessages("s")).length, 7);
    await db.history.saveMessages("s", [ask("m8")]);
    assert.equal((await collect(db.history.iterMessages("s"))).length, 8);
  });

  test("while iterating: appended messages are yielded, a deleted session throws SessionNotFoundError, a closed history HistoryClosedError", async () => {
    await using db = await target.open();
    await session(db.history, "s", 4);
    const grown: number[] = [];
    for await (
      const record of db.history.iterMessageRecords("s", { pageSize: 2 })
    ) {
      grown.push(record.seq);
      if (record.seq === 1) {
        await db.history.saveMessages("s", [ask("m5"), answer("m6")]);
      }
    }
    assert.deepEqual(grown, [1, 2, 3, 4, 5, 6]);

    // Popped before its page was read: not yielded; then new messages at
    // the same seqs are, each seq once.
    const popped: string[] = [];
    for await (const message of db.history.iterMessages("s", { pageSize: 2 })) {
      popped.push(texts([message])[0]!);
      if (popped.length === 2) {
        await db.history.popMessages("s", { afterSeq: 3 });
        await db.history.saveMessages("s", [answer("new4")]);
      }
    }
    assert.deepEqual(popped, ["m1", "m2", "m3", "new4"]);

    const deleted = db.history.iterMessages("s", { pageSize: 2 });
    assert.equal(texts([(await deleted.next()).value!])[0], "m1");
    assert.equal(texts([(await deleted.next()).value!])[0], "m2");
    await db.history.deleteSession("s");
    await assert.rejects(deleted.next(), SessionNotFoundError);
    assert.deepEqual(await deleted.next(), { done: true, value: undefined });

    await session(db.history, "t", 3);
    const closing = db.history.iterMessages("t", { pageSize: 1 });
    assert.equal(texts([(await closing.next()).value!])[0], "m1");
    await db.history.close();
    await assert.rejects(closing.next(), HistoryClosedError);
  });

  if (target.name !== "memory") {
    test("a corrupt row throws CorruptRowError naming its seq, after the messages before it, even when read before", async () => {
      await using db = await target.open();
      await session(db.history, "c", 5);
      assert.equal((await collect(db.history.iterMessages("c"))).length, 5);
      assert.equal((await db.history.getMessages("c")).length, 5);
      await db.query(
        `UPDATE chat_messages SET content = json_set(content, '$.parts[0].part_kind', 'bogus') WHERE session_id = ? AND seq = 4`,
        ["c"],
      );
      const before: string[] = [];
      const error = await (async () => {
        for await (const m of db.history.iterMessages("c", { pageSize: 2 })) {
          before.push(texts([m])[0]!);
        }
      })().catch((e) => e);
      assert(error instanceof CorruptRowError, String(error));
      assert.equal(error.sessionId, "c");
      assert.equal(error.seq, 4);
      assert.equal(error.path, "parts.0.part_kind");
      assert.deepEqual(before, ["m1", "m2", "m3"]);
      const viaGet = await db.history.getMessages("c").catch((e) => e);
      assert(viaGet instanceof CorruptRowError);
      assert.equal(viaGet.seq, error.seq);
      assert.equal(viaGet.path, error.path);

      await db.query(
        "UPDATE chat_messages SET content = '{not json' WHERE session_id = ? AND seq = 2",
        ["c"],
      );
      const broken = await collect(db.history.iterMessageRecords("c")).catch((
        e,
      ) => e);
      assert(broken instanceof CorruptRowError, String(broken));
      assert.equal(broken.seq, 2);
    });
  }

  if (target.name === "remote") {
    test("one round trip per page", async () => {
      await using db = await target.open();
      const server = db.server!;
      await session(db.history, "s", 10);
      await db.history.getMessages("s");
      const trips = async (options: IterateOptions): Promise<number> => {
        await server.waitIdle();
        server.resetCount();
        await collect(db.history.iterMessages("s", options));
        await server.waitIdle();
        return server.requestCount;
      };
      assert.equal(await trips({ pageSize: 100 }), 1); // one short page
      assert.equal(await trips({ pageSize: 3 }), 4); // 3 + 3 + 3 + 1
      assert.equal(await trips({ pageSize: 5 }), 3); // 5 + 5 + the empty end
      assert.equal(await trips({ pageSize: 1 }), 11);
      assert.equal(await trips({ pageSize: 4, afterSeq: 6 }), 2); // 4 + empty
    });
  }
}
