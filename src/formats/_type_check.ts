/**
 * Compile-time checks: the formats write their message types by hand (they
 * read well and publish without slow types) and prove them equal to their
 * schemas' inferred output with these.
 *
 * @module
 */

/** `true` when each of `A` and `B` is assignable to the other. */
export type MutuallyAssignable<A, B> = [A] extends [B]
  ? ([B] extends [A] ? true : false)
  : false;

/** Compiles only when `T` is `true`. */
export type Expect<T extends true> = T;
