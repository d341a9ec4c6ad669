/**
 * `history serve`: the read-only web viewer on 127.0.0.1, until Ctrl-C.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { ToolError } from "../errors.ts";
import { inlineText } from "../transcript/text.ts";
import type { ViewerServer } from "../viewer/serve.ts";

/** `history serve`. */
export const serveCommand: Command = {
  name: "serve",
  usage: "",
  summary: "Serve a read-only web viewer on 127.0.0.1",
  description: [
    "Serves a read-only web viewer on 127.0.0.1: the session list with a",
    "search box, and each session's transcript. Prints its URL; stops on",
    "Ctrl-C.",
  ],
  flags: {
    port: {
      type: "integer",
      arg: "N",
      min: 0,
      max: 65535,
      help: "the port (default 8420; 0 picks a free one)",
    },
  },
  positionals: [0, 0],
  database: "existing",
  needs(args) {
    const port = args.integer("port") ?? 8420;
    return { net: [port === 0 ? "127.0.0.1" : `127.0.0.1:${port}`] };
  },
  async run({ args, out, history, lenient }) {
    const port = args.integer("port") ?? 8420;
    // Loaded only here: the other commands do not pay for the viewer.
    const { serveViewer } = await import("../viewer/serve.ts");
    let server: ViewerServer;
    try {
      server = await serveViewer(history, { port, lenient });
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) {
        throw new ToolError(
          `Cannot serve on port ${port}: it is in use (--port 0 picks a free one)`,
        );
      }
      throw error;
    }
    await out.line(
      `Serving ${
        inlineText(history.url)
      } at ${server.url} (read-only; Ctrl-C to stop)`,
    );
    await out.flush();
    const stop = () => {
      server.close();
    };
    const signals: Deno.Signal[] = Deno.build.os === "windows"
      ? ["SIGINT"]
      : ["SIGINT", "SIGTERM"];
    for (const signal of signals) Deno.addSignalListener(signal, stop);
    try {
      await server.finished;
    } finally {
      for (const signal of signals) Deno.removeSignalListener(signal, stop);
    }
    return 0;
  },
};
