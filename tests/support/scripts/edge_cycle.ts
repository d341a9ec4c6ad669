// deno-lint-ignore-file no-console
/**
 * Subprocess for the edge-import test: run with only --allow-net and
 * --allow-env (no FFI, no file reads), as on Deno Deploy. Takes the database
 * from LIBSQL_URL / LIBSQL_AUTH_TOKEN.
 */
import { openHistory } from "../../../mod.ts";
import { conversationTurns } from "../pydantic_fixtures.ts";

await using history = await openHistory();
const session = await history.getOrCreateSession();
await history.saveMessages(session.id, conversationTurns());
const messages = await history.getMessages(session.id);
console.log(JSON.stringify({ id: session.id, kind: history.kind, messages }));
