/**
 * Search promises, proved: every word of a query must appear, however many
 * words it has; text of scripts written without spaces (Chinese, Japanese,
 * Korean, Thai…) is found by any part of it, down to one character; both
 * indexes stay exact through undo, fork, delete and prune (FTS5's own
 * integrity checks); and a database indexed before these indexes existed is
 * searchable in the same way after the upgrade.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { createClient } from "@libsql/client";
import { type History, openHistory } from "../mod.ts";
import { MIGRATIONS } from "../src/db/migrations.ts";
import { migrate } from "../src/db/migrate.ts";
import { UNSPACED_RANGES } from "../src/history/search_query.ts";
import { answer, ask } from "./contract/core.ts";
import {
  memoryTarget,
  type Opened,
  TARGETS,
  tempDir,
} from "./support/targets.ts";

/** Every index of the search: FTS5 compares each with its content. */
const INDEXES = ["chat_messages_fts", "chat_messages_trigram"];

/**
 * Runs a search (so the index catches up), then FTS5's integrity check of
 * every index against its content, with the content compared row for row.
 */
async function assertIndexesExact(db: Opened): Promise<void> {
  await db.history.searchMessages("anything");
  if (db.history.kind === "memory") return; // cannot be inspected from outside
  for (const table of INDEXES) {
    await db.query(
      `INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`,
    );
  }
}

/** The hits of a search as `session#seq`, sorted. */
async function found(
  history: History,
  query: string,
  sessionId?: string,
): Promise<string[]> {
  const hits = await history.searchMessages(query, {
    limit: 1000,
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  return hits.map((h) => `${h.sessionId}#${h.seq}`).sort();
}

// ---------------------------------------------------------------------------
// Every word must appear, for any number of words.

Deno.test("a query of more than 64 words matches only messages holding every one of them", async () => {
  await using db = await memoryTarget.open();
  const words = Array.from({ length: 70 }, (_, i) => `word${i}`);
  await db.history.getOrCreateSession("s");
  await db.history.saveMessages("s", [
    ask(words.slice(0, 64).join(" ")), // the first 64 only
    ask(words.join(" ")), // all 70
  ]);
  assert.deepEqual(await found(db.history, words.slice(0, 64).join(" ")), [
    "s#1",
    "s#2",
  ]);
  assert.deepEqual(await found(db.history, words.join(" ")), ["s#2"]);
  assert.deepEqual(
    await found(db.history, [...words.slice(0, 64), "absent"].join(" ")),
    [],
    "the 65th word is absent, so nothing matches",
  );
  const many = Array.from({ length: 5000 }, (_, i) => `w${i}`);
  assert.deepEqual(await found(db.history, many.join(" ")), []);
  assert.deepEqual(
    await found(db.history, [...many.map(() => "word1"), "word69"].join(" ")),
    ["s#2"],
    "repeated words count once",
  );
});

Deno.test("property: a message matches exactly when it holds every word of the query", async () => {
  const vocabulary = Array.from({ length: 120 }, (_, i) => `v${i}x`);
  const word = fc.constantFrom(...vocabulary);
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(word, { maxLength: 150 }), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.array(word, { minLength: 1, maxLength: 200 }),
      fc.nat(),
      async (docs, query, pick) => {
        // Often take the query from a document, so matches are not rare.
        const doc = docs[pick % docs.length]!;
        const words = pick % 3 === 0 || doc.length === 0
          ? query
          : [...doc.slice(0, query.length), ...query.slice(doc.length)];
        await using db = await memoryTarget.open();
        await db.history.getOrCreateSession("p");
        await db.history.saveMessages("p", docs.map((d) => ask(d.join(" "))));
        const expected = docs.flatMap((d, i) =>
          words.every((w) => d.includes(w)) ? [`p#${i + 1}`] : []
        ).sort();
        assert.deepEqual(await found(db.history, words.join(" ")), expected);
      },
    ),
    { numRuns: 60 },
  );
});

// ---------------------------------------------------------------------------
// Scripts written without spaces.

for (const target of TARGETS) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${target.name}] ${name}`, fn });

  test("CJK, Thai and Korean text is found by any part of it, down to one character", async () => {
    await using db = await target.open();
    await db.history.getOrCreateSession("jp");
    await db.history.getOrCreateSession("mix");
    await db.history.saveMessages("jp", [
      ask("日本語のテキスト"), // 1
      answer("私は東京に住んでいます"), // 2
      ask("東京"), // 3: the whole text, two characters
      answer("行き先は東京"), // 4: at the very end
      ask("ภาษาไทยง่ายมาก"), // 5: Thai
      answer("서울에서 만나요"), // 6: Korean, particle attached
      ask("北京和上海"), // 7: Chinese
    ]);
    await db.history.saveMessages("mix", [
      ask("Meeting in Tokyo: 東京で会いましょう"), // 1
      answer("Tokyo東京 is one word here"), // 2
      ask("no Asian text at all, Tokyo only"), // 3
    ]);
    assert.deepEqual(await found(db.history, "日本語"), ["jp#1"]);
    assert.deepEqual(await found(db.history, "テキスト"), ["jp#1"]);
    assert.deepEqual(await found(db.history, "のテ"), ["jp#1"]);
    assert.deepEqual(await found(db.history, "東京"), [
      "jp#2",
      "jp#3",
      "jp#4",
      "mix#1",
      "mix#2",
    ]);
    assert.deepEqual(
      await found(db.history, "京"),
      [
        "jp#2",
        "jp#3",
        "jp#4",
        "mix#1",
        "mix#2",
        "jp#7",
      ].sort(),
    );
    assert.deepEqual(await found(db.history, "ไทย"), ["jp#5"]);
    assert.deepEqual(await found(db.history, "ง่าย"), ["jp#5"]);
    assert.deepEqual(await found(db.history, "서울"), ["jp#6"]);
    assert.deepEqual(await found(db.history, "上海"), ["jp#7"]);
    assert.deepEqual(await found(db.history, "北京 上海"), ["jp#7"]);
    assert.deepEqual(await found(db.history, "北京 東京"), [], "every word");
    assert.deepEqual(await found(db.history, "東京 Tokyo"), ["mix#1"]);
    assert.deepEqual(await found(db.history, "Tokyo 東京 meeting"), ["mix#1"]);
    assert.deepEqual(await found(db.history, "tokyo東京"), ["mix#2"]);
    assert.deepEqual(await found(db.history, "Tokyo"), ["mix#1", "mix#3"]);
    assert.deepEqual(await found(db.history, "東京", "mix"), [
      "mix#1",
      "mix#2",
    ]);
    assert.deepEqual(await found(db.history, "大阪"), []);
    assert.deepEqual(await found(db.history, "大"), []);
    assert.deepEqual(await found(db.history, "東京 大"), []);

    const [hit] = await db.history.searchMessages("テキスト");
    assert.match(hit!.snippet, /\[テキスト\]/);
    assert(Number.isFinite(hit!.rank));
    const [short] = await db.history.searchMessages("東京", {
      sessionId: "jp",
      limit: 1,
    });
    assert.match(short!.snippet, /\[東京/);
    assert.doesNotMatch(short!.snippet, / $/, "no padding shows");
    await assertIndexesExact(db);
  });

  test("both indexes stay exact through undo, fork, delete and prune", async () => {
    let now = 1_000_000;
    await using db = await target.open({ clock: () => now });
    const h = db.history;
    await h.getOrCreateSession("a");
    await h.saveMessages("a", [
      ask("東京タワー"),
      answer("Tokyo tower"),
      ask("京都の寺"),
    ]);
    assert.deepEqual(await found(h, "京"), ["a#1", "a#3"]);
    await h.popMessages("a", { count: 1 });
    assert.deepEqual(await found(h, "京"), ["a#1"]);
    await assertIndexesExact(db);
    await h.saveMessages("a", [ask("大阪城"), answer("Osaka castle")]);
    await h.forkSession("a", { id: "b", upToSeq: 3 });
    assert.deepEqual(await found(h, "大阪"), ["a#3", "b#3"]);
    assert.deepEqual(await found(h, "castle"), ["a#4"]);
    await assertIndexesExact(db);
    await h.popMessages("b", { afterSeq: 1 });
    assert.deepEqual(await found(h, "大阪城"), ["a#3"]);
    assert.deepEqual(await found(h, "タワー"), ["a#1", "b#1"]);
    await assertIndexesExact(db);
    await h.deleteSession("a");
    assert.deepEqual(await found(h, "タワー"), ["b#1"]);
    assert.deepEqual(await found(h, "tower"), []);
    await assertIndexesExact(db);
    // Messages appended and then removed before any search never reach the
    // index; new ones may take the ids of removed ones.
    await h.saveMessages("b", [ask("一時的な東京")]);
    await h.popMessages("b", { count: 1 });
    await h.saveMessages("b", [ask("再び")]);
    now += 10_000;
    await h.getOrCreateSession("c");
    await h.saveMessages("c", [ask("新しい東京")]);
    assert.deepEqual(await found(h, "東京"), ["b#1", "c#1"]);
    assert.deepEqual(await found(h, "再び"), ["b#2"]);
    assert.equal(
      await h.pruneSessions({ inactiveSince: new Date(now) }),
      1,
      "b is older",
    );
    assert.deepEqual(await found(h, "タワー"), []);
    assert.deepEqual(await found(h, "東京"), ["c#1"]);
    await assertIndexesExact(db);
  });
}

Deno.test("property: text without spaces matches exactly when it contains every word of the query", async () => {
  const char = fc.constantFrom(..."日本語東京のテ가나กข");
  const text = (max: number) =>
    fc.array(char, { minLength: 1, maxLength: max }).map((c) => c.join(""));
  await using db = await memoryTarget.open();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(text(12), { minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.array(text(4), { minLength: 1, maxLength: 3 }),
      async (docs, words) => {
        const id = `r${run++}`;
        await db.history.getOrCreateSession(id);
        await db.history.saveMessages(id, docs.map((d) => ask(d.join(" "))));
        const expected = docs.flatMap((d, i) =>
          words.every((w) => d.some((part) => part.includes(w)))
            ? [`${id}#${i + 1}`]
            : []
        ).sort();
        assert.deepEqual(
          await found(db.history, words.join(" "), id),
          expected,
        );
      },
    ),
    { numRuns: 120 },
  );
});

Deno.test("the unspaced scripts the query splits on are the ones the index holds", () => {
  const migration = MIGRATIONS.flatMap((m) => m.statements).find((s) =>
    s.includes("CREATE VIEW `chat_messages_unspaced`")
  );
  assert(migration, "the view of text in unspaced scripts");
  const glob = UNSPACED_RANGES.map(([from, to]) =>
    `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`
  ).join("");
  assert(migration.includes(`GLOB '*[${glob}]*'`), migration);
});

// ---------------------------------------------------------------------------
// Upgrades.

Deno.test("a database indexed before the trigram index is searchable by parts of words after the upgrade", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/old.db`;
  const client = createClient({ url });
  const before = MIGRATIONS.filter((m) => m.tag < "0004");
  try {
    await migrate(client, before);
    await client.batch([
      "INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq) VALUES ('old', 'pydantic-ai', '1', '{}', 1000, 2000, 3)",
      {
        sql:
          "INSERT INTO chat_messages (session_id, seq, role, content, search_text, created_at) VALUES ('old', 1, 'user', ?, '日本語のテキスト', 1000), ('old', 2, 'model', ?, 'plain words', 1500), ('old', 3, 'user', ?, '東京へ行く', 2000)",
        args: [
          JSON.stringify(ask("日本語のテキスト")),
          JSON.stringify(answer("plain words")),
          JSON.stringify(ask("東京へ行く")),
        ],
      },
      // As the old version's search left it: two messages indexed, the third
      // appended since.
      "INSERT INTO chat_messages_fts (rowid, search_text) SELECT id, search_text FROM chat_messages WHERE seq <= 2",
      "UPDATE chat_search_state SET indexed_upto = (SELECT id FROM chat_messages WHERE seq = 2)",
    ], "write");
  } finally {
    client.close();
  }
  await using history = await openHistory({ url, env: false });
  assert(history.migrationsApplied.some((tag) => tag.startsWith("0004")));
  assert.deepEqual(await found(history, "日本語"), ["old#1"]);
  assert.deepEqual(await found(history, "テキ"), ["old#1"]);
  assert.deepEqual(await found(history, "東京"), ["old#3"]);
  assert.deepEqual(await found(history, "words"), ["old#2"]);
  const check = createClient({ url });
  try {
    for (const table of INDEXES) {
      await check.execute(
        `INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`,
      );
    }
  } finally {
    check.close();
  }
});
