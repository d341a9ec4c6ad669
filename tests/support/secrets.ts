/**
 * Checks that a secret never shows: not in an error's message, its stack,
 * its cause chain or anything `Deno.inspect` prints of it.
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Fails if `secret` appears anywhere a user could see `value`.
 *
 * @param value An error (or any value) that was printed, logged or thrown.
 * @param secret The token or key that must not appear.
 */
export function assertNoSecret(value: unknown, secret: string): void {
  const text = `${value} ${(value as Error)?.stack} ${
    Deno.inspect(value, { depth: 10 })
  }`;
  assert(!text.includes(secret), `the secret leaked: ${text}`);
}
