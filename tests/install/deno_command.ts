/**
 * Runs the `deno` that runs the tests as a subprocess, in a given folder and
 * with no `--config`, so that the folder's own `deno.json` (if any) is the one
 * Deno finds — the way a user's shell would run it.
 *
 * @module
 */

/** What a `deno` subprocess did. */
export interface DenoResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output, decoded. */
  readonly stdout: string;
  /** Standard error, decoded. */
  readonly stderr: string;
}

/** Options of {@linkcode denoCommand}. */
export interface DenoCommandOptions {
  /** Working directory. */
  readonly cwd: string | URL;
  /** Kill the process after this many milliseconds. @default {300000} */
  readonly timeoutMs?: number;
}

/**
 * Runs `deno <args>` and waits for it to end. The environment is inherited
 * (DENO_DIR, HOME and the proxy settings reach the child), colours are off.
 *
 * @param args The subcommand and its arguments.
 * @param options Working directory and time limit.
 * @returns Exit code and output.
 */
export async function denoCommand(
  args: readonly string[],
  options: DenoCommandOptions,
): Promise<DenoResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? 300_000),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** The exit code and the output, for an assertion message. */
export function describeResult(result: DenoResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
