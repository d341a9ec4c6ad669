// deno-lint-ignore-file no-console
/** Subprocess: opens the default history (file:ironclaw.db in the cwd), writes, exits. */
import { openHistory } from "../../../mod.ts";
import { conversationTurns } from "../pydantic_fixtures.ts";

const history = await openHistory();
const session = await history.getOrCreateSession(Deno.args[0], {
  metadata: { written_by: "process A", pid: Deno.pid },
});
const result = await history.saveMessages(session.id, conversationTurns());
console.log(JSON.stringify({ id: session.id, lastSeq: result.lastSeq }));
// No close(): the process just exits, as a crashing agent would.
Deno.exit(0);
