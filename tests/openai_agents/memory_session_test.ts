/**
 * `HistorySession` against the SDK's own `MemorySession`: the same random
 * sequences of operations — add, pop, clear, read the newest N, compaction,
 * transactions (appends, suffix replacements, retries, reused ids) — give
 * the same results and leave the same items.
 *
 * @module
 */
import {
  type AgentInputItem,
  MemorySession,
  type SessionHistoryTransactionArgs,
} from "@openai/agents";
import fc from "fast-check";
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { HistorySession } from "../../src/openai_agents.ts";

// Few distinct texts, so suffixes and retries match often.
const text = fc.constantFrom("a", "b", "c");
const item: fc.Arbitrary<AgentInputItem> = fc.oneof(
  text.map((t) => ({ role: "user" as const, content: t })),
  text.map((t) => ({
    role: "assistant" as const,
    status: "completed" as const,
    content: [{ type: "output_text" as const, text: t }],
  })),
  text.map((t) => ({
    type: "function_call" as const,
    callId: `call_${t}`,
    name: "f",
    arguments: "{}",
  })),
  text.map((t) => ({
    type: "function_call_result" as const,
    callId: `call_${t}`,
    name: "f",
    status: "completed" as const,
    output: t,
  })),
);
const items = fc.array(item, { minLength: 1, maxLength: 3 });

type Op =
  | { kind: "add"; items: AgentInputItem[] }
  | { kind: "pop" }
  | { kind: "clear" }
  | { kind: "get"; limit: number | undefined }
  | { kind: "compact"; kept: AgentInputItem[] }
  | { kind: "append"; items: AgentInputItem[]; retry: boolean; reuse: boolean }
  | {
    kind: "replace";
    // How many of the last items to expect, or a made-up suffix.
    suffix: number | AgentInputItem[];
    replacement: AgentInputItem[];
    retry: boolean;
    reuse: boolean;
  };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: items.map((items) => ({ kind: "add" as const, items })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "pop" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
  {
    weight: 2,
    arbitrary: fc.option(fc.constantFrom(-1, 0, 1, 2, 3, 10, Infinity), {
      nil: undefined,
    }).map((limit) => ({ kind: "get" as const, limit })),
  },
  {
    weight: 1,
    arbitrary: fc.array(item, { maxLength: 2 }).map((kept) => ({
      kind: "compact" as const,
      kept,
    })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("append" as const),
      items,
      retry: fc.boolean(),
      reuse: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      suffix: fc.oneof(fc.integer({ min: 0, max: 3 }), items),
      replacement: items,
      retry: fc.boolean(),
      reuse: fc.boolean(),
    }),
  },
);

/** Runs `f` on both sessions; both must succeed with equal results, or both fail. */
async function both<T>(
  ours: HistorySession,
  memory: MemorySession,
  f: (session: HistorySession | MemorySession) => Promise<T>,
): Promise<T | undefined> {
  const [a, b] = await Promise.allSettled([f(ours), f(memory)]);
  assert.equal(
    a.status,
    b.status,
    `ours ${a.status}, MemorySession ${b.status}: ${
      Deno.inspect(
        a.status === "rejected"
          ? a.reason
          : b.status === "rejected"
          ? b.reason
          : "",
      )
    }`,
  );
  if (a.status === "fulfilled" && b.status === "fulfilled") {
    assert.deepEqual(a.value, b.value);
    return a.value;
  }
  return undefined;
}

let ids = 0;
/** How the transactions went, to show the test exercised both outcomes. */
const outcomes = { applied: 0, refused: 0 };

/** Applies one transaction operation to both, then its retry and reuse. */
async function transaction(
  ours: HistorySession,
  memory: MemorySession,
  o: Extract<Op, { kind: "append" | "replace" }>,
): Promise<void> {
  const operationId = `op-${++ids}`;
  let args: SessionHistoryTransactionArgs;
  if (o.kind === "append") {
    args = {
      operationId,
      transaction: { type: "append_items", items: o.items },
    };
  } else {
    const current = await memory.getItems();
    const expectedSuffix = typeof o.suffix !== "number"
      ? o.suffix
      : o.suffix <= current.length
      ? current.slice(current.length - o.suffix)
      // Longer than the history: both must refuse.
      : [{ role: "user" as const, content: "missing" }, ...current];
    args = {
      operationId,
      transaction: {
        type: "replace_suffix",
        expectedSuffix,
        replacement: o.replacement,
      },
    };
  }
  const applied = await Promise.allSettled([
    ours.applyHistoryTransaction(structuredClone(args)),
    memory.applyHistoryTransaction(structuredClone(args)),
  ]);
  assert.equal(applied[0].status, applied[1].status, Deno.inspect(applied));
  if (o.kind === "replace") {
    outcomes[applied[0].status === "fulfilled" ? "applied" : "refused"]++;
  }
  if (o.retry) {
    // The runner's retry of the same operation changes nothing.
    await both(
      ours,
      memory,
      (s) => s.applyHistoryTransaction(structuredClone(args)),
    );
  }
  if (o.reuse && applied[0].status === "fulfilled") {
    // The same id with other items is refused by both.
    const other: SessionHistoryTransactionArgs = {
      operationId,
      transaction: {
        type: "append_items",
        items: [{ role: "user", content: `other ${operationId}` }],
      },
    };
    await both(
      ours,
      memory,
      (s) => s.applyHistoryTransaction(structuredClone(other)),
    );
  }
}

Deno.test("HistorySession behaves like the SDK's MemorySession on random operation sequences", async () => {
  await using history = await openHistory({ url: ":memory:" });
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 14 }),
      async (ops) => {
        const sessionId = `s${++runs}`;
        const ours = new HistorySession({ history, sessionId });
        const memory = new MemorySession({ sessionId });
        for (const o of ops) {
          switch (o.kind) {
            case "add":
              await both(
                ours,
                memory,
                (s) => s.addItems(structuredClone(o.items)),
              );
              break;
            case "pop":
              await both(ours, memory, (s) => s.popItem());
              break;
            case "clear":
              await both(ours, memory, (s) => s.clearSession());
              break;
            case "get":
              await both(ours, memory, (s) => s.getItems(o.limit));
              break;
            case "compact": {
              // Without the hook the SDK's runner clears and rebuilds.
              const replacement: AgentInputItem[] = [
                { type: "compaction", encrypted_content: `enc-${runs}` },
                ...o.kept,
              ];
              await ours.replaceHistoryWithCompaction(
                structuredClone(replacement),
              );
              await memory.clearSession();
              await memory.addItems(structuredClone(replacement));
              break;
            }
            default:
              await transaction(ours, memory, o);
          }
          assert.deepEqual(await ours.getItems(), await memory.getItems());
        }
        assert.equal(await ours.getSessionId(), await memory.getSessionId());
      },
    ),
    { numRuns: 100 },
  );
  assert.ok(
    outcomes.applied > 20 && outcomes.refused > 5,
    Deno.inspect(outcomes),
  );
});
