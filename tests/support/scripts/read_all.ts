// deno-lint-ignore-file no-console
/** Subprocess: opens the default history and prints a session as JSON. */
import { openHistory } from "../../../mod.ts";

await using history = await openHistory();
const session = await history.getSession(Deno.args[0]!);
const messages = await history.getMessages(Deno.args[0]!);
console.log(JSON.stringify({ session, messages, url: history.url }));
