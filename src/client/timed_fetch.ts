/**
 * The per-request timeout of remote databases: a `fetch` wrapper that gives
 * up on a request after a fixed number of milliseconds.
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

/**
 * Wraps `fetch` so that each request fails after `timeout` milliseconds.
 *
 * It does two things when the time is up, and needs both. Aborting the
 * request's signal is what frees the socket and stops the server's answer
 * from being read. Racing a listener on that same signal is what makes the
 * returned promise settle on time: `inner` is whatever `fetch` the caller
 * passed (a proxy, a test double), and one that ignores `signal` would
 * otherwise hold the operation for as long as it likes. Both reject with the
 * same {@linkcode RequestTimeout}, so the error is the same whichever wins.
 *
 * @param inner The `fetch` to call; the global one when `undefined`.
 * @param timeout The limit for each request, in milliseconds.
 * @returns The wrapped `fetch`.
 */
export function timedFetch(
  inner: ((request: Request) => Promise<Response>) | undefined,
  timeout: number,
): (request: Request) => Promise<Response> {
  const call = inner ?? ((request: Request) => fetch(request));
  return async (request: Request) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new RequestTimeout(timeout)),
      timeout,
    );
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
    }
  };
}
