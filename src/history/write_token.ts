/**
 * Write tokens: a batch that cannot read between its statements marks the
 * session row it creates or moves with a fresh token (`last_write`), and
 * its later statements act only `WHERE last_write = token`. So they see
 * whether the first step happened in the same transaction, without a read
 * from the client in between.
 *
 * @module
 */

/** Random per process, then a counter: unique across processes and calls. */
const TOKEN_PREFIX = crypto.randomUUID();
let tokenCounter = 0;

/** @returns A token no other write uses. */
export function randomToken(): string {
  return `${TOKEN_PREFIX}:${++tokenCounter}`;
}
