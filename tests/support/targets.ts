/**
 * The backends the contract suite runs against. Each target opens a fresh,
 * empty history that the test owns, and can reopen the same database.
 *
 * @module
 */
import { createClient } from "@libsql/client";
import { type History, type HistoryOptions, openHistory } from "../../mod.ts";
import { HranaServer } from "./hrana/mod.ts";

/** A history opened on a target, with ways to look under the hood. */
export interface Opened extends AsyncDisposable {
  /** The history under test. */
  readonly history: History;
  /** Opens another history on the same database (a second "process"). */
  reopen(options?: HistoryOptions): Promise<History>;
  /** Runs a read-only query on the database directly, bypassing the history. */
  query(
    sql: string,
    args?: (string | number | null)[],
  ): Promise<Record<string, unknown>[]>;
  /** The remote test server, for the remote target. */
  readonly server?: HranaServer;
}

/** A backend: a local file, `:memory:`, or the Hrana test server. */
export interface Target {
  /** Short name used in test names. */
  readonly name: "file" | "memory" | "remote";
  /** Opens a fresh history on this backend. */
  open(options?: HistoryOptions): Promise<Opened>;
}

/** A fresh temporary directory, removed by the returned disposer. */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "ironclaw-test-" });
  return {
    path,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    },
  };
}

async function queryFile(
  path: string,
  sql: string,
  args: (string | number | null)[],
): Promise<Record<string, unknown>[]> {
  const client = createClient({ url: `file:${path}` });
  try {
    const rs = await client.execute({ sql, args });
    return rs.rows.map((r) => ({ ...r }));
  } finally {
    client.close();
  }
}

/** A local `file:` database in a temporary directory. */
export const fileTarget: Target = {
  name: "file",
  async open(options = {}) {
    const dir = await tempDir();
    const url = `file:${dir.path}/history.db`;
    const opened: History[] = [];
    const history = await openHistory({ ...options, url, env: false });
    opened.push(history);
    return {
      history,
      async reopen(more = {}) {
        const h = await openHistory({ ...options, ...more, url, env: false });
        opened.push(h);
        return h;
      },
      query: (sql, args = []) => queryFile(`${dir.path}/history.db`, sql, args),
      async [Symbol.asyncDispose]() {
        for (const h of opened) await h.close();
        await dir[Symbol.asyncDispose]();
      },
    };
  },
};

/** An in-memory database (`:memory:`): gone when closed. */
export const memoryTarget: Target = {
  name: "memory",
  async open(options = {}) {
    const history = await openHistory({
      ...options,
      url: ":memory:",
      env: false,
    });
    return {
      history,
      reopen() {
        return Promise.reject(
          new Error("a :memory: database cannot be reopened"),
        );
      },
      async query() {
        await Promise.resolve();
        throw new Error("a :memory: database cannot be queried from outside");
      },
      async [Symbol.asyncDispose]() {
        await history.close();
      },
    };
  },
};

/** The project's own Hrana-over-HTTP server on 127.0.0.1, with a token. */
export const remoteTarget: Target = {
  name: "remote",
  async open(options = {}) {
    const authToken = `test-token-${crypto.randomUUID()}`;
    const server = await HranaServer.start({ authToken });
    const opened: History[] = [];
    const url = server.url;
    const history = await openHistory({
      ...options,
      url,
      authToken,
      env: false,
    });
    opened.push(history);
    return {
      history,
      server,
      async reopen(more = {}) {
        const h = await openHistory({
          ...options,
          ...more,
          url,
          authToken,
          env: false,
        });
        opened.push(h);
        return h;
      },
      query: (sql, args = []) =>
        Promise.resolve(server.query(sql, args) as Record<string, unknown>[]),
      async [Symbol.asyncDispose]() {
        for (const h of opened) await h.close();
        await server.waitIdle();
        await server.close();
      },
    };
  },
};

/** Every target the contract suite runs on. */
export const TARGETS: readonly Target[] = [
  fileTarget,
  memoryTarget,
  remoteTarget,
];
