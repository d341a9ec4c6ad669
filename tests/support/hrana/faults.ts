/**
 * The faults a test can inject into the next pipeline requests (HTTP 500,
 * dropped connections, hangs, lost replies, latency), the queue they wait
 * in, and what each does before the request would be processed.
 *
 * @module
 */
import { closeQuietly, type HttpResponse, jsonResponse } from "./http1.ts";
import { sleep } from "./sleep.ts";

/** The kinds of fault `HranaServer.inject` can apply. */
export type FaultKind =
  | "status500"
  | "reset"
  | "hang"
  | "dropResponseAfterCommit"
  | "latency";

/** A fault applied to the next matching pipeline requests. */
export interface Fault {
  /**
   * What goes wrong:
   *
   * - `status500`: answer HTTP 500 `{"error":"Internal Error: injected"}`
   *   without processing the request (the stream and its baton stay valid).
   * - `reset`: close the connection without processing the request or
   *   writing any response byte.
   * - `hang`: never answer; the connection is dropped once `ms` elapse, the
   *   client disconnects or the server closes, whichever comes first. The
   *   request is not processed.
   * - `dropResponseAfterCommit`: process the request fully (so a COMMIT in
   *   it is durable and the stream's baton moves on), then close the
   *   connection without writing the response.
   * - `latency`: wait `ms` before processing the request normally.
   */
  kind: FaultKind;
  /**
   * Duration for `hang` (upper bound) and `latency`.
   *
   * @default unbounded for `hang`, 100 for `latency`
   */
  ms?: number;
  /**
   * How many matching requests the fault applies to; `Infinity` keeps it
   * until `HranaServer.clearFaults`.
   *
   * @default {1}
   */
  times?: number;
  /**
   * Restricts the fault to requests whose parsed pipeline body (the JSON
   * object with `baton` and `requests`) satisfies this predicate.
   *
   * @default every pipeline request matches
   */
  match?: (body: unknown) => boolean;
}

const DEFAULT_LATENCY_MS = 100;

/** The injected faults, in the order they apply. */
export class FaultQueue {
  readonly #faults: { fault: Fault; remaining: number }[] = [];

  /**
   * Queues a fault.
   *
   * @throws {RangeError} If `times` is not a positive integer (or
   *   `Infinity`) or `ms` is negative.
   */
  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) {
      throw new RangeError(
        `Cannot inject fault "${fault.kind}": times must be a positive integer, got ${times}`,
      );
    }
    if (fault.ms !== undefined && !(fault.ms >= 0)) {
      throw new RangeError(
        `Cannot inject fault "${fault.kind}": ms must not be negative, got ${fault.ms}`,
      );
    }
    this.#faults.push({ fault, remaining: times });
  }

  /** Removes every queued fault. */
  clear(): void {
    this.#faults.length = 0;
  }

  /** Takes one use of the first queued fault whose `match` accepts `body`. */
  take(body: unknown): Fault | undefined {
    const index = this.#faults.findIndex(({ fault }) =>
      fault.match === undefined || fault.match(body)
    );
    const entry = this.#faults[index];
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.#faults.splice(index, 1);
    return entry.fault;
  }
}

/**
 * Does what `fault` does before its request is processed.
 *
 * @param fault The fault the request took, if any.
 * @param conn The request's connection (a hang watches it).
 * @param shutdown Aborts when the server closes.
 * @returns The answer to send instead of processing the request, `null`
 *   to drop the connection unanswered, or `undefined` to go on with the
 *   request (`latency` after its wait, `dropResponseAfterCommit`, no fault).
 */
export async function applyFault(
  fault: Fault | undefined,
  conn: Deno.Conn,
  shutdown: AbortSignal,
): Promise<HttpResponse | null | undefined> {
  switch (fault?.kind) {
    case "status500":
      return jsonResponse(500, { error: "Internal Error: injected" });
    case "reset":
      return null;
    case "hang":
      await hang(conn, fault.ms, shutdown);
      return null;
    case "latency":
      await sleep(fault.ms ?? DEFAULT_LATENCY_MS, shutdown);
      if (shutdown.aborted) return null;
      break;
  }
  return undefined;
}

/** Holds the connection open without answering, then lets it drop. */
async function hang(
  conn: Deno.Conn,
  ms: number | undefined,
  shutdown: AbortSignal,
): Promise<void> {
  const clientGone = new AbortController();
  // A read completes (EOF or error) when the client aborts its request.
  const read = conn.read(new Uint8Array(1)).then(
    () => clientGone.abort(),
    () => clientGone.abort(),
  );
  await sleep(ms ?? Infinity, shutdown, clientGone.signal);
  closeQuietly(conn);
  await read;
}
