/**
 * The three contenders, behind one small interface so every benchmark runs
 * the same calls through each:
 *
 * - **ours**: `openHistory` from `mod.ts` — valibot on the way in and out,
 *   one `batch(…, "write")` per append that checks its preconditions in SQL;
 * - **raw libSQL**: `@libsql/client` with hand-written SQL on the same schema
 *   and file settings, one `batch(…, "write")` per turn (a session-row UPDATE
 *   and one multi-row INSERT with explicit seqs tracked in memory) and reads
 *   that are one SELECT plus `JSON.parse` — the floor for our stack;
 * - **Mastra**: `LibSQLStore` from `@mastra/libsql`, a thread per session,
 *   each Pydantic AI message stored as a Mastra message whose
 *   `content.metadata.pydanticAi` holds it unchanged (same bytes per row,
 *   plus Mastra's envelope).
 *
 * @module
 */
import { type Client, createClient } from "@libsql/client";
import { LibSQLStore, type SqliteClient } from "@mastra/libsql";
import type { MastraDBMessage } from "@mastra/core/memory";
import type { MemoryStorage } from "@mastra/core/storage";
import { type History, type ModelMessage, openHistory } from "../mod.ts";
import { pydanticAiFormat } from "../src/formats/pydantic_ai.ts";
import { roleOf } from "./_workload.ts";

/** What a benchmark does with a store. */
export interface Store {
  /** The case name printed by `deno bench`. */
  readonly name: string;
  /** Creates an empty session (not measured). */
  createSession(id: string): Promise<void>;
  /** Appends one turn (atomically, except Mastra's: see {@linkcode openMastra}). */
  append(id: string, turn: readonly ModelMessage[]): Promise<void>;
  /** All messages of a session, in order. */
  readAll(id: string): Promise<ModelMessage[]>;
  /** The newest `n` messages, oldest first. */
  readLast(id: string, n: number): Promise<ModelMessage[]>;
  /** Closes the store. */
  close(): void;
}

/** The `file:` URL of a database file. */
export function fileUrl(path: string): string {
  return `file:${path}`;
}

/** Our library. */
export async function openOurs(
  path: string,
  options: { durability?: "normal"; checkedCacheSize?: number } = {},
): Promise<Store> {
  const history: History = await openHistory({
    url: fileUrl(path),
    env: false,
    ...options,
  });
  return {
    name: options.durability
      ? `ours, durability=${options.durability}`
      : options.checkedCacheSize === 0
      ? "ours, every read re-checked (checkedCacheSize=0)"
      : "ours (openHistory)",
    async createSession(id) {
      await history.getOrCreateSession(id);
    },
    async append(id, turn) {
      await history.saveMessages(id, turn);
    },
    readAll: (id) => history.getMessages(id),
    readLast: (id, n) => history.getMessages(id, { last: n }),
    close: () => void history.close(),
  };
}

/**
 * A raw `@libsql/client` on our schema. The file must already have the
 * schema (open it once with `openHistory`); the client gets the same options
 * `openHistory` gives a local file.
 */
export function rawClient(path: string): Client {
  return createClient({ url: fileUrl(path), intMode: "number", timeout: 5000 });
}

/**
 * Raw libSQL with hand-written SQL: the floor for our stack. With
 * `synchronous: "NORMAL"`, commits skip the fsync (Mastra's setting), to
 * show what durability costs on this machine.
 */
export async function openRaw(
  path: string,
  options: { synchronous?: "NORMAL" } = {},
): Promise<Store> {
  // Creates the schema (and WAL mode) when the file is new.
  (await openHistory({ url: fileUrl(path), env: false })).close();
  const client = rawClient(path);
  if (options.synchronous) {
    // Sequential use keeps reusing the pool's one idle connection, so a
    // one-off PRAGMA sticks (this is also how Mastra applies its own).
    await client.execute(`PRAGMA synchronous = ${options.synchronous}`);
  }
  const lastSeq = new Map<string, number>();
  return {
    name: options.synchronous
      ? `raw libSQL, synchronous=${options.synchronous}`
      : "raw libSQL",
    async createSession(id) {
      const now = Date.now();
      await client.execute({
        sql:
          "INSERT INTO chat_sessions (id, format, format_version, metadata, created_at, updated_at, last_seq) VALUES (?, ?, ?, '{}', ?, ?, 0)",
        args: [
          id,
          pydanticAiFormat.name,
          pydanticAiFormat.version,
          now,
          now,
        ],
      });
      lastSeq.set(id, 0);
    },
    async append(id, turn) {
      const first = (lastSeq.get(id) ?? 0) + 1;
      const now = Date.now();
      const values: string[] = [];
      const args: (string | number)[] = [];
      for (let j = 0; j < turn.length; j++) {
        const message = turn[j]!;
        values.push("(?, ?, ?, ?, ?)");
        args.push(id, first + j, roleOf(message), JSON.stringify(message), now);
      }
      await client.batch([
        {
          sql:
            "UPDATE chat_sessions SET last_seq = ?, updated_at = ? WHERE id = ?",
          args: [first + turn.length - 1, now, id],
        },
        {
          sql:
            `INSERT INTO chat_messages (session_id, seq, role, content, created_at) VALUES ${
              values.join(", ")
            }`,
          args,
        },
      ], "write");
      lastSeq.set(id, first + turn.length - 1);
    },
    async readAll(id) {
      const rs = await client.execute({
        sql:
          "SELECT content FROM chat_messages WHERE session_id = ? ORDER BY seq",
        args: [id],
      });
      return rs.rows.map((row) => JSON.parse(row.content as string));
    },
    async readLast(id, n) {
      const rs = await client.execute({
        sql:
          "SELECT content FROM chat_messages WHERE session_id = ? ORDER BY seq DESC LIMIT ?",
        args: [id, n],
      });
      const out: ModelMessage[] = new Array(rs.rows.length);
      for (let i = 0; i < rs.rows.length; i++) {
        out[rs.rows.length - 1 - i] = JSON.parse(
          rs.rows[i]!.content as string,
        );
      }
      return out;
    },
    close: () => client.close(),
  };
}

const RESOURCE_ID = "bench-user";
const MASTRA_EPOCH = Date.UTC(2026, 0, 1);

/**
 * Mastra's `LibSQLStore` (its memory domain). By default as Mastra sets up a
 * local file: WAL, `synchronous=NORMAL` (no fsync per commit), a 16 MB page
 * cache and 128 MB mmap. With `synchronousFull`, it gets a client we made
 * (WAL, SQLite's default `synchronous=FULL`, as ours and the raw baseline),
 * which makes Mastra skip its own PRAGMAs. Mastra's `saveMessages` is two
 * transactions (a batch of one upsert per message, then the thread's
 * `updatedAt`), and its `listMessages` adds a `COUNT(*)` to every read.
 */
export async function openMastra(
  path: string,
  options: { synchronousFull?: boolean } = {},
): Promise<Store> {
  let store: LibSQLStore;
  if (options.synchronousFull) {
    const client = createClient({ url: fileUrl(path), timeout: 5000 });
    await client.execute("PRAGMA journal_mode = WAL");
    // Mastra's client type differs only under exactOptionalPropertyTypes.
    store = new LibSQLStore({
      id: "bench",
      client: client as unknown as SqliteClient,
    });
  } else {
    store = new LibSQLStore({ id: "bench", url: fileUrl(path) });
  }
  await store.init();
  const memory = await store.getStore("memory") as MemoryStorage | undefined;
  if (!memory) throw new Error("Mastra's LibSQLStore has no memory domain");
  const count = new Map<string, number>();
  const unwrap = (m: MastraDBMessage): ModelMessage =>
    m.content.metadata!["pydanticAi"] as ModelMessage;
  return {
    name: options.synchronousFull
      ? "Mastra LibSQLStore, synchronous=FULL"
      : "Mastra LibSQLStore",
    async createSession(id) {
      const now = new Date();
      await memory.saveThread({
        thread: {
          id,
          resourceId: RESOURCE_ID,
          title: id,
          createdAt: now,
          updatedAt: now,
          metadata: {},
        },
      });
      count.set(id, 0);
    },
    async append(id, turn) {
      // Mastra orders by createdAt: give each message a distinct, rising one
      // (its own Memory does the same).
      let seq = count.get(id) ?? 0;
      const messages: MastraDBMessage[] = turn.map((message) => {
        seq++;
        return {
          id: `${id}:${seq}`,
          threadId: id,
          resourceId: RESOURCE_ID,
          role: message.kind === "request" ? "user" : "assistant",
          createdAt: new Date(MASTRA_EPOCH + seq),
          content: { format: 2, parts: [], metadata: { pydanticAi: message } },
        };
      });
      await memory.saveMessages({ messages });
      count.set(id, seq);
    },
    async readAll(id) {
      const { messages } = await memory.listMessages({
        threadId: id,
        perPage: false,
      });
      return messages.map(unwrap);
    },
    async readLast(id, n) {
      // What Mastra's Memory does for `lastMessages`: newest first, then
      // reversed.
      const { messages } = await memory.listMessages({
        threadId: id,
        perPage: n,
        orderBy: { field: "createdAt", direction: "DESC" },
      });
      return messages.map(unwrap).reverse();
    },
    close: () => void store.close(),
  };
}
