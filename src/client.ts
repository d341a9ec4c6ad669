/**
 * Temporary re-export of `src/client/` for the files that still import
 * `./client.ts`; it goes once they import `./client/*.ts` directly.
 *
 * @module
 */
export { connect, type Connection, syncReplica } from "./client/connect.ts";
export {
  type ConnectionKind,
  type ConnectionOptions,
  displayUrl,
  resolveConnection,
  type ResolvedConnection,
} from "./client/options.ts";
