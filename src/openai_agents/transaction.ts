/**
 * The SDK's session history transactions (`applyHistoryTransaction`) on a
 * history: an append, or the replacement of the history's last items, each
 * recorded under its operation id so that a retry never applies it twice.
 *
 * The operation id becomes the idempotency key of the save that writes the
 * transaction's items, so the write and the record of the operation are one
 * atomic statement. A retry of an applied operation writes nothing and is
 * checked against what the first application wrote.
 *
 * @module
 */
import * as v from "valibot";
import {
  ConflictError,
  type History,
  type SaveResult,
  ValidationError,
} from "../../mod.ts";
import {
  type OpenAiAgentsItem,
  OpenAiAgentsItemSchema,
} from "../formats/openai_agents.ts";
import { itemsJson, sameItems } from "./items_json.ts";

/** A transaction, checked and in its JSON form. */
export interface HistoryTransaction {
  /** The SDK's operation id. */
  readonly operationId: string;
  /** The items the history must end with (a `replace_suffix`), else none. */
  readonly expectedSuffix: readonly unknown[];
  /** The items it writes. */
  readonly items: readonly unknown[];
  /** The same, as the JSON text of an array. */
  readonly json: string;
}

const ACTION = "apply a session history transaction";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON form of a list of items, each checked against the format. */
function checkedItems(
  value: unknown,
  what: string,
): { items: unknown[]; json: string } {
  if (!Array.isArray(value)) {
    throw new TypeError(`Cannot ${ACTION}: ${what} must be an array`);
  }
  const json = itemsJson(value, ACTION);
  const items = JSON.parse(json) as unknown[];
  items.forEach((item, i) => {
    const result = v.safeParse(OpenAiAgentsItemSchema, item);
    if (result.success) return;
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "",
      message: issue.message,
    }));
    throw new ValidationError(
      `Cannot ${ACTION}: ${what} item ${i} at "${
        issues[0]?.path
      }" is invalid: ${issues[0]?.message}`,
      { messageIndex: i, issues, valibotIssues: result.issues },
    );
  });
  return { items, json };
}

/**
 * Checks the SDK's transaction arguments before anything is written.
 *
 * @param args `{ operationId, transaction }` as the SDK passes them.
 * @returns The transaction, its items in their JSON form.
 * @throws {TypeError} When the arguments are malformed.
 * @throws {ValidationError} When an item is not a valid item.
 */
export function readTransaction(args: unknown): HistoryTransaction {
  if (!isObject(args)) {
    throw new TypeError(`Cannot ${ACTION}: the arguments must be an object`);
  }
  const { operationId, transaction } = args;
  if (typeof operationId !== "string" || operationId.trim() === "") {
    throw new TypeError(
      `Cannot ${ACTION}: operationId must be a non-empty string`,
    );
  }
  if (!isObject(transaction)) {
    throw new TypeError(`Cannot ${ACTION}: the transaction must be an object`);
  }
  if (transaction.type === "append_items") {
    const written = checkedItems(transaction.items, "items");
    return { operationId, expectedSuffix: [], ...written };
  }
  if (transaction.type === "replace_suffix") {
    const expected = checkedItems(transaction.expectedSuffix, "expectedSuffix");
    const written = checkedItems(transaction.replacement, "replacement");
    if (expected.items.length > 0 && written.items.length === 0) {
      // The operation id is recorded with the items it writes; with none,
      // a retry could not tell that it was applied.
      throw new TypeError(
        `Cannot ${ACTION}: a replace_suffix transaction needs at least one replacement item`,
      );
    }
    return { operationId, expectedSuffix: expected.items, ...written };
  }
  throw new TypeError(
    `Cannot ${ACTION}: unsupported transaction type ${
      JSON.stringify(transaction.type)
    }`,
  );
}

const KEY_PREFIX = "openai-agents-op:";

/**
 * The idempotency key of an operation id: the id itself, prefixed, or its
 * SHA-256 when that is too long for a key (512 characters) or not valid
 * Unicode.
 *
 * @param operationId The SDK's operation id.
 * @returns The key.
 */
export async function operationKey(operationId: string): Promise<string> {
  const key = KEY_PREFIX + operationId;
  if (key.length <= 512 && key.isWellFormed() && !key.includes("\0")) {
    return key;
  }
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(operationId),
  );
  const hex = Array.from(
    new Uint8Array(digest),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  return `${KEY_PREFIX}sha256:${hex}`;
}

/** An applied operation's items must be this transaction's. */
async function checkReplay(
  history: History<OpenAiAgentsItem>,
  sessionId: string,
  applied: SaveResult,
  tx: HistoryTransaction,
): Promise<void> {
  const stored = await history.getMessages(sessionId, {
    afterSeq: applied.firstSeq - 1,
    limit: applied.count,
  });
  if (!sameItems(stored, tx.items)) {
    throw new ConflictError(
      `Cannot ${ACTION}: operation "${tx.operationId}" was already applied with a different transaction`,
      { sessionId },
    );
  }
}

/**
 * Applies a checked transaction to a session, at most once per operation
 * id. An append (or a replacement of an empty suffix) is one atomic save.
 * A replacement reads the last items, removes them if they are the expected
 * ones, then saves the replacement on the condition that nothing was
 * appended since: two writes, each atomic, and a removal that took more
 * than the expected items is undone.
 *
 * @param history The session's history, in the item format.
 * @param sessionId The session (it exists).
 * @param tx The transaction.
 * @throws {ConflictError} When the operation id was applied with other
 *   items, when the history does not end with the expected suffix (nothing
 *   is changed), or when another writer appended while the suffix was
 *   being replaced (the suffix is then removed and the replacement not
 *   written).
 */
export async function applyTransaction(
  history: History<OpenAiAgentsItem>,
  sessionId: string,
  tx: HistoryTransaction,
): Promise<void> {
  const idempotencyKey = await operationKey(tx.operationId);
  if (tx.items.length === 0) return; // changes nothing, however often applied
  if (tx.expectedSuffix.length === 0) {
    const saved = await history.saveMessages(sessionId, tx.json, {
      idempotencyKey,
    });
    if (saved.replayed) await checkReplay(history, sessionId, saved, tx);
    return;
  }
  // An empty save under the key writes nothing and tells whether (and
  // where) the key wrote before.
  const probe = await history.saveMessages(sessionId, [], { idempotencyKey });
  if (probe.replayed) return await checkReplay(history, sessionId, probe, tx);
  const k = tx.expectedSuffix.length;
  const mismatch = (): ConflictError =>
    new ConflictError(
      `Cannot ${ACTION}: the session no longer ends with the expected ${k} item(s) of operation "${tx.operationId}"; nothing was changed`,
      { sessionId },
    );
  const records = await history.getMessageRecords(sessionId, { last: k });
  const stored = records.map((record) => record.message);
  if (
    records.length < k ||
    stored.slice(1).some((item) => item.type === "compaction") ||
    !sameItems(stored, tx.expectedSuffix)
  ) throw mismatch();
  const first = records[0]!.seq;
  const last = records.at(-1)!.seq;
  // A suffix from the newest compaction item on is the whole session: the
  // items that compaction had replaced go too (as when popping it).
  const base = stored[0]!.type === "compaction" ? 0 : first - 1;
  const removed = await history.popMessages(sessionId, { afterSeq: base });
  const tail = removed.filter((record) => record.seq >= first);
  if (
    removed.at(-1)?.seq !== last ||
    !sameItems(tail.map((record) => record.message), tx.expectedSuffix)
  ) {
    // Another writer changed the end between the read and the removal:
    // put back exactly what was removed, in order.
    const back = `[${removed.map((record) => record.json).join(",")}]`;
    await history.saveMessages(sessionId, back, { expectedLastSeq: base });
    throw mismatch();
  }
  try {
    await history.saveMessages(sessionId, tx.json, {
      expectedLastSeq: base,
      idempotencyKey,
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    throw new ConflictError(
      `Cannot ${ACTION}: another writer appended to the session while operation "${tx.operationId}" replaced its last ${k} item(s); they are removed and the replacement is not written`,
      { sessionId, expectedLastSeq: base, actualLastSeq: error.actualLastSeq },
    );
  }
}
