/**
 * A session store for the OpenAI Agents SDK for JavaScript
 * (`@openai/agents`), backed by an ironclaw history: `HistorySession`
 * implements the SDK's `Session` interface, so `run(agent, input, { session })`
 * keeps its conversation in `ironclaw.db` (or any libSQL database) and a
 * later run — in this process or another — continues it. Also exported: the
 * item format (`openAiAgentsItemFormat`) and its types.
 *
 * This module imports only types from `@openai/agents-core`; the core
 * module (`@ironclaw/history`) does not depend on the SDK at all.
 *
 * @example Keep an agent's conversation in a history
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import { HistorySession } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const session = new HistorySession({ history, sessionId: "chat-1" });
 * // run(agent, "Hi", { session }) calls these:
 * await session.addItems([{ role: "user", content: "Hi" }]);
 * assert.equal((await session.getItems()).length, 1);
 * ```
 *
 * @module
 */
import type {
  AgentInputItem,
  SessionHistoryTransactionArgs,
  SessionHistoryTransactionAwareSession,
} from "npm:@openai/agents-core@^0.20.0";
import { type History, type JsonObject, SessionNotFoundError } from "../mod.ts";
import {
  type OpenAiAgentsItem,
  openAiAgentsItemFormat,
} from "./formats/openai_agents.ts";
import { itemsJson } from "./openai_agents/items_json.ts";
import {
  applyTransaction,
  readTransaction,
} from "./openai_agents/transaction.ts";

export * from "./formats/openai_agents.ts";

/**
 * Options of {@linkcode HistorySession}.
 *
 * @example A session for one user's chat, in that user's view
 * ```ts
 * import { openHistory } from "@ironclaw/history";
 * import {
 *   HistorySession,
 *   type HistorySessionOptions,
 * } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * await using history = await openHistory({ url: ":memory:" });
 * const options: HistorySessionOptions = {
 *   history: history.forOwner("ada"),
 *   sessionId: "ada-support",
 *   metadata: { topic: "billing" },
 * };
 * const session = new HistorySession(options);
 * assert.equal(await session.getSessionId(), "ada-support");
 * assert.deepEqual((await history.getSession("ada-support"))?.metadata, {
 *   topic: "billing",
 * });
 * ```
 */
export interface HistorySessionOptions {
  /**
   * The history to keep the items in: any history or view of one (an
   * owner's view keeps the session in that owner's sessions). Its format
   * does not matter; the session uses {@linkcode openAiAgentsItemFormat}.
   */
  readonly history: History<unknown>;
  /**
   * The id of the history session, created on first use if it does not
   * exist. @default {a new UUIDv7, created on first use}
   */
  readonly sessionId?: string | undefined;
  /** The metadata of the history session when this creates it. */
  readonly metadata?: JsonObject | undefined;
}

/** The items from the newest `compaction` item on (all when there is none). */
function sinceLatestCompaction(
  items: readonly OpenAiAgentsItem[],
): OpenAiAgentsItem[] {
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i]!.type === "compaction") return items.slice(i);
  }
  return [...items];
}

/**
 * The SDK's `Session`, kept in a history session of
 * {@linkcode openAiAgentsItemFormat}: every item the SDK adds is validated,
 * appended atomically and read back deep-equal, in order.
 *
 * - `getItems(limit?)` — all items, or the newest `limit`, oldest first
 *   (one read; `limit <= 0` gives none, as the SDK's `MemorySession`).
 * - `addItems(items)` — one atomic append.
 * - `popItem()` — removes and returns the newest item.
 * - `clearSession()` — removes every item (the session, its id and its
 *   metadata stay).
 * - `applyHistoryTransaction({ operationId, transaction })` — the SDK's
 *   transaction hook: an operation id is never applied twice (it is the
 *   idempotency key of the write), a repeated id with other items or a
 *   suffix that does not match is a `ConflictError` that changes nothing.
 *   An append is one atomic write; a `replace_suffix` is a removal and an
 *   append, each atomic (a crash between them leaves the suffix removed).
 *   Removing the items an operation wrote (`popItem`, `clearSession`)
 *   forgets the operation, as `popMessages` forgets idempotency keys.
 * - `replaceHistoryWithCompaction(items)` — the SDK's compaction hook,
 *   one atomic append of the compaction item and what it keeps. A
 *   `compaction` item is the replay boundary: the items before the newest
 *   one stay in the database (for search and audit) but are no longer part
 *   of the session — `getItems` starts at it, and popping it removes them
 *   too. (The SDK's runner itself sends the model only the items from the
 *   newest compaction on.)
 *
 * The history session is created on first use, so constructing one costs
 * nothing; if it is deleted meanwhile (by another process), the next write
 * creates it again and reads see no items.
 *
 * @example Run an agent with a stored session
 * ```ts
 * import { Agent, type Model, run, setTracingDisabled, Usage } from "@openai/agents";
 * import { openHistory } from "@ironclaw/history";
 * import { HistorySession } from "@ironclaw/history/openai-agents";
 * import assert from "node:assert/strict";
 *
 * setTracingDisabled(true);
 * const model: Model = { // a stand-in for a real model
 *   getResponse: async () => ({
 *     usage: new Usage(),
 *     output: [{
 *       type: "message",
 *       role: "assistant",
 *       status: "completed",
 *       content: [{ type: "output_text", text: "Hello!" }],
 *     }],
 *   }),
 *   getStreamedResponse: () => {
 *     throw new Error("not streamed");
 *   },
 * };
 * await using history = await openHistory({ url: ":memory:" });
 * const session = new HistorySession({ history, sessionId: "demo" });
 * const result = await run(new Agent({ name: "Greeter", model }), "Hi", {
 *   session,
 * });
 * assert.equal(result.finalOutput, "Hello!");
 * assert.equal((await session.getItems()).length, 2); // the turn is stored
 * ```
 */
// deno-doc-ignore private-type-ref -- the SDK's exported type; npm types count as private here (denoland/deno#27364)
export class HistorySession implements SessionHistoryTransactionAwareSession {
  readonly #history: History<OpenAiAgentsItem>;
  readonly #metadata: JsonObject | undefined;
  #sessionId: string | undefined;
  #created: Promise<string> | undefined;

  /**
   * Creates a session store; the history session is created on first use.
   *
   * @param options The history, the session id and its metadata.
   */
  constructor(options: HistorySessionOptions) {
    this.#history = options.history.withFormat(openAiAgentsItemFormat);
    this.#sessionId = options.sessionId;
    this.#metadata = options.metadata;
  }

  /** The history view this session reads and writes, in the item format. */
  get history(): History<OpenAiAgentsItem> {
    return this.#history;
  }

  /** Creates the history session once (again after a failed attempt). */
  #ensure(): Promise<string> {
    this.#created ??= this.#history
      .getOrCreateSession(
        this.#sessionId,
        this.#metadata === undefined ? {} : { metadata: this.#metadata },
      )
      .then((session) => (this.#sessionId = session.id), (error) => {
        this.#created = undefined;
        throw error;
      });
    return this.#created;
  }

  /** A write; a session deleted since it was created is created again. */
  async #write<T>(write: (sessionId: string) => Promise<T>): Promise<T> {
    const sessionId = await this.#ensure();
    try {
      return await write(sessionId);
    } catch (error) {
      if (!(error instanceof SessionNotFoundError)) throw error;
      this.#created = undefined;
      return await write(await this.#ensure());
    }
  }

  /** A read or removal; a session not created yet or deleted has no items. */
  async #read<T>(
    read: (sessionId: string) => Promise<T>,
    none: T,
  ): Promise<T> {
    if (this.#sessionId === undefined) return none;
    try {
      return await read(this.#sessionId);
    } catch (error) {
      if (error instanceof SessionNotFoundError) return none;
      throw error;
    }
  }

  /**
   * The history session's id; creates the session if needed.
   *
   * @returns The id.
   */
  async getSessionId(): Promise<string> {
    return await this.#ensure();
  }

  /**
   * The session's items, oldest first: all of them, or the newest `limit`.
   * A `limit` of 0 or less gives none (as the SDK's `MemorySession`).
   *
   * @param limit How many of the newest items.
   * @returns The items.
   */
  // deno-doc-ignore private-type-ref -- the SDK's exported type; npm types count as private here (denoland/deno#27364)
  async getItems(limit?: number): Promise<AgentInputItem[]> {
    if (limit !== undefined && limit <= 0) return [];
    // NaN and Infinity mean every item, as in MemorySession.
    const window = limit === undefined || !Number.isFinite(limit)
      ? {}
      : { last: Math.min(Math.ceil(limit), Number.MAX_SAFE_INTEGER) };
    const items = await this.#read(
      (id) => this.#history.getMessages(id, window),
      [],
    );
    return sinceLatestCompaction(items);
  }

  /**
   * Appends items, atomically.
   *
   * @param items The items, as the SDK holds them.
   * @throws {ValidationError} When an item is not a valid item (nothing is
   *   written).
   */
  async addItems(items: AgentInputItem[]): Promise<void> {
    if (items.length === 0) return;
    const json = itemsJson(items, "add items");
    await this.#write((id) => this.#history.saveMessages(id, json));
  }

  /**
   * Removes the newest item and returns it. Removing a `compaction` item
   * removes the items it had replaced too.
   *
   * @returns The item, or `undefined` when there is none.
   */
  async popItem(): Promise<AgentInputItem | undefined> {
    const removed = await this.#read(
      (id) => this.#history.popMessages(id, { count: 1 }),
      [],
    );
    const item = removed[0]?.message;
    if (item?.type === "compaction") await this.clearSession();
    return item;
  }

  /** Removes every item (and every recorded operation id). */
  async clearSession(): Promise<void> {
    await this.#read(
      (id) => this.#history.popMessages(id, { afterSeq: 0 }),
      [],
    );
  }

  /**
   * The SDK's compaction hook: makes `items` — a `compaction` item and the
   * items it keeps — the session's history, in one atomic append.
   *
   * @param items The replacement, starting with a `compaction` item.
   * @throws {TypeError} When the first item is not a `compaction` item.
   */
  async replaceHistoryWithCompaction(items: AgentInputItem[]): Promise<void> {
    if (items[0]?.type !== "compaction") {
      throw new TypeError(
        "Cannot replace the session history: the replacement must start with a compaction item",
      );
    }
    const json = itemsJson(items, "replace the session history");
    await this.#write((id) => this.#history.saveMessages(id, json));
  }

  /**
   * The SDK's transaction hook: applies an append or a suffix replacement
   * at most once per operation id.
   *
   * @param args The operation id and the transaction.
   * @throws {ConflictError} When the id was applied with another
   *   transaction, or the session does not end with the expected suffix.
   * @throws {ValidationError} When an item is not a valid item.
   */
  // deno-doc-ignore private-type-ref -- the SDK's exported type; npm types count as private here (denoland/deno#27364)
  async applyHistoryTransaction(
    args: SessionHistoryTransactionArgs,
  ): Promise<void> {
    const tx = readTransaction(args);
    await this.#write((id) => applyTransaction(this.#history, id, tx));
  }
}
