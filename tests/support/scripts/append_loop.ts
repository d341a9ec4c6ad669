/**
 * Subprocess for the crash test: appends turns of 2–4 messages to one
 * session forever, printing "ack <turn> <firstSeq> <lastSeq> <size>" after
 * each save returned. The parent kills it with SIGKILL at random moments.
 */
import { type ModelMessage, openHistory } from "../../../mod.ts";

const [url, sessionId, startTurn] = Deno.args as [string, string, string];
const history = await openHistory({ url, env: false });
await history.getOrCreateSession(sessionId);
const encoder = new TextEncoder();
for (let turn = Number(startTurn);; turn++) {
  const size = 2 + (turn % 3);
  const messages: ModelMessage[] = Array.from(
    { length: size },
    (_, part) =>
      part % 2 === 0
        ? {
          kind: "request",
          parts: [{
            part_kind: "user-prompt",
            content: `turn ${turn} part ${part}/${size} ${
              "x".repeat(200 * part)
            }`,
          }],
        }
        : {
          kind: "response",
          parts: [{
            part_kind: "text",
            content: `turn ${turn} part ${part}/${size}`,
          }],
        },
  );
  const saved = await history.saveMessages(sessionId, messages, {
    idempotencyKey: `turn-${turn}`,
  });
  // One write() call per line, so a line is either wholly out or not at all.
  Deno.stdout.writeSync(
    encoder.encode(`ack ${turn} ${saved.firstSeq} ${saved.lastSeq} ${size}\n`),
  );
}
