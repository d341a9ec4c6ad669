/** Temporary re-export of `./hrana/mod.ts` for tests that still import this path. @module */
export * from "./hrana/mod.ts";
