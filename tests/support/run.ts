/**
 * Runs a Deno script in a subprocess (a separate "process" of a user) and
 * returns what it printed.
 *
 * @module
 */

/** The result of a subprocess. */
export interface RunResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output, decoded. */
  readonly stdout: string;
  /** Standard error, decoded. */
  readonly stderr: string;
}

/** Options of {@linkcode runDeno}. */
export interface RunOptions {
  /** Working directory. */
  cwd?: string;
  /** Permission flags; all by default. */
  permissions?: string[];
  /** Environment variables to set (the rest are cleared). */
  env?: Record<string, string>;
  /** Command-line arguments of the script. */
  args?: string[];
  /** Kill the process after this many milliseconds. @default {60000} */
  timeoutMs?: number;
}

/** The deno.json of this project, so subprocesses use its import map. */
export const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/**
 * Runs `deno run` on a script.
 *
 * @param script Path or URL of the script.
 * @param options Working directory, permissions, environment.
 * @returns Exit code and output.
 */
export async function runDeno(
  script: string | URL,
  options: RunOptions = {},
): Promise<RunResult> {
  const path = script instanceof URL ? script.pathname : script;
  const env: Record<string, string> = { NO_COLOR: "1", ...options.env };
  const home = Deno.env.get("HOME");
  if (home) env.HOME = home;
  const dir = Deno.env.get("DENO_DIR");
  if (dir) env.DENO_DIR = dir;
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${CONFIG}`,
      ...(options.permissions ?? ["-A"]),
      path,
      ...(options.args ?? []),
    ],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const out = await command.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}
