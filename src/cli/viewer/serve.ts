/**
 * A small read-only web viewer of a history, served on `127.0.0.1` with
 * `Deno.serve`: the session list (newest first, paged by cursor) with a
 * search box, and each session's transcript. Server-rendered HTML with a
 * little inline CSS — no JavaScript, no build step.
 *
 * @module
 */
import type { History } from "../../../mod.ts";
import { viewerHandler, type ViewerOptions } from "./handler.ts";

/** Options of {@linkcode serveViewer}. */
export interface ServeViewerOptions extends ViewerOptions {
  /** The port on 127.0.0.1; 0 picks a free one. @default {8420} */
  readonly port?: number;
}

/** A running viewer. */
export interface ViewerServer extends AsyncDisposable {
  /** Its address, e.g. `http://127.0.0.1:8420/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
  /** Stops the server (waits for requests in flight). */
  close(): Promise<void>;
}

/**
 * Serves the viewer on `127.0.0.1` until closed.
 *
 * @example Serve on a free port, then stop
 * ```ts ignore
 * await using server = await serveViewer(history, { port: 0 });
 * console.log(`open ${server.url}`);
 * ```
 *
 * @param history The history to show (the caller closes it after the server).
 * @param options Port, leniency and page sizes.
 * @returns The running server.
 * @throws {Deno.errors.AddrInUse} When the port is taken.
 */
export function serveViewer(
  history: History,
  options: ServeViewerOptions = {},
): Promise<ViewerServer> {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 8420,
      onListen: () => {},
      onError: () => new Response("Internal error\n", { status: 500 }),
    }, viewerHandler(history, options));
  } catch (error) {
    return Promise.reject(error);
  }
  const port = server.addr.port;
  const close = () => server.shutdown();
  return Promise.resolve({
    url: `http://127.0.0.1:${port}/`,
    port,
    finished: server.finished,
    close,
    [Symbol.asyncDispose]: close,
  });
}
