/**
 * A timer that any of several signals can cut short, so that a closing
 * server never leaves a sleeping request (or its timer) behind.
 *
 * @module
 */

/**
 * Resolves after `ms` (never, for `Infinity`) or as soon as one of
 * `signals` aborts, and always clears its timer.
 *
 * @param ms How long to wait.
 * @param signals What ends the wait early (the server's shutdown, a client
 *   that went away).
 */
export function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      for (const signal of signals) {
        signal.removeEventListener("abort", done);
      }
      resolve();
    };
    if (signals.some((signal) => signal.aborted)) return done();
    for (const signal of signals) signal.addEventListener("abort", done);
    if (Number.isFinite(ms)) timer = setTimeout(done, ms);
  });
}
