// deno-lint-ignore-file no-console
/**
 * Subprocess for the concurrency test. Modes:
 * - `shared <url> <writer> <turns>`: appends turns to the shared session with
 *   `expectedLastSeq`, re-reading and retrying on ConflictError;
 * - `own <url> <writer> <turns>`: appends turns to its own session;
 * - `read <url> <ms>`: reads the shared session in a loop, checking order.
 * Any error other than a conflict ends the process with code 1.
 */
import { ConflictError, type ModelMessage, openHistory } from "../../../mod.ts";

const [mode, url, a, b] = Deno.args as [string, string, string, string];
await using history = await openHistory({ url, env: false, timeout: 10_000 });
const turn = (writer: string, n: number): ModelMessage[] => [
  {
    kind: "request",
    parts: [{ part_kind: "user-prompt", content: `${writer} ${n} q` }],
  },
  {
    kind: "response",
    parts: [{ part_kind: "text", content: `${writer} ${n} a` }],
  },
];
let conflicts = 0;
try {
  if (mode === "shared") {
    await history.getOrCreateSession("shared");
    for (let n = 0; n < Number(b); n++) {
      for (;;) {
        const session = await history.getSession("shared");
        try {
          await history.saveMessages("shared", turn(a, n), {
            expectedLastSeq: session!.lastSeq,
          });
          break;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          conflicts++;
        }
      }
    }
  } else if (mode === "own") {
    const { id } = await history.getOrCreateSession(`own-${a}`);
    for (let n = 0; n < Number(b); n++) {
      await history.saveMessages(id, turn(a, n));
    }
  } else {
    const until = Date.now() + Number(a);
    let reads = 0;
    while (Date.now() < until) {
      const session = await history.getSession("shared");
      if (session) {
        const records = await history.getMessageRecords("shared");
        records.forEach((r, i) => {
          if (r.seq !== i + 1) throw new Error(`gap at ${i + 1}`);
        });
        reads++;
      }
    }
    conflicts = reads;
  }
  console.log(JSON.stringify({ ok: true, conflicts }));
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      error: String(error),
      code: (error as { code?: string }).code,
    }),
  );
  Deno.exit(1);
}
