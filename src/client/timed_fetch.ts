/**
 * The per-request timeout of remote databases: a `fetch` wrapper that gives
 * up on a request after a fixed number of milliseconds, or when the
 * history is closed while the request runs.
 *
 * @module
 */

/** Marks a request abandoned because it ran past the timeout. */
export class RequestTimeout extends Error {
  /**
   * Creates the marker.
   *
   * @param timeoutMs The limit the request ran past.
   */
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "RequestTimeout";
  }
}

/** Marks a request abandoned because the history was closed while it ran. */
export class RequestStopped extends Error {
  /** Creates the marker. */
  constructor() {
    super("the history was closed while the request ran");
    this.name = "RequestStopped";
  }
}

/**
 * Wraps `fetch` so that each request fails after `timeout` milliseconds, or
 * at once when `stop` aborts while it runs.
 *
 * It does two things when the time is up, and needs both. Aborting the
 * request's signal is what frees the socket and stops the server's answer
 * from being read. Racing a listener on that same signal is what makes the
 * returned promise settle on time: `inner` is whatever `fetch` the caller
 * passed (a proxy, a test double), and one that ignores `signal` would
 * otherwise hold the operation for as long as it likes. Both reject with the
 * same {@linkcode RequestTimeout}, so the error is the same whichever wins.
 *
 * `stop` is the history's `close()`: the driver's own close leaves a request
 * in flight waiting for its answer (up to the timeout), so closing aborts
 * the requests running at that moment. A request started after it (the
 * driver's own farewell to its streams) is left alone.
 *
 * @param inner The `fetch` to call; the global one when `undefined`.
 * @param timeout The limit for each request, in milliseconds.
 * @param stop Aborts the requests in flight when it aborts.
 * @returns The wrapped `fetch`.
 */
export function timedFetch(
  inner: ((request: Request) => Promise<Response>) | undefined,
  timeout: number,
  stop?: AbortSignal,
): (request: Request) => Promise<Response> {
  const call = inner ?? ((request: Request) => fetch(request));
  return async (request: Request) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new RequestTimeout(timeout)),
      timeout,
    );
    const onStop = () => controller.abort(new RequestStopped());
    const watching = stop !== undefined && !stop.aborted;
    if (watching) stop.addEventListener("abort", onStop, { once: true });
    try {
      const req = new Request(request, { signal: controller.signal });
      return await Promise.race([
        call(req),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener(
            "abort",
            () => reject(controller.signal.reason),
            { once: true },
          )
        ),
      ]);
    } finally {
      clearTimeout(timer);
      if (watching) stop.removeEventListener("abort", onStop);
    }
  };
}
