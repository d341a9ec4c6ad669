// deno-lint-ignore-file no-console
/** Subprocess: waits until a given time, then opens (and migrates) a history. */
import { openHistory } from "../../../mod.ts";

const [url, startAt] = Deno.args as [string, string];
await new Promise((r) =>
  setTimeout(r, Math.max(0, Number(startAt) - Date.now()))
);
await using history = await openHistory({ url, env: false });
const session = await history.getOrCreateSession(`from-${Deno.pid}`);
await history.saveMessages(session.id, [{ kind: "request", parts: [] }]);
console.log("ok");
