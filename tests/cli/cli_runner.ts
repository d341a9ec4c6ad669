/**
 * Running the `history` command line as a user runs it, for the tests: a
 * subprocess (`deno run -A src/cli/main.ts …`) with stdin closed and a
 * clean environment, and the assertions its output is checked with.
 */
import assert from "node:assert/strict";

/** The command line's entry point. */
export const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;
/** The package's own configuration (its runtime dependencies only). */
export const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** What a run printed, and its exit code. */
export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run it. */
export interface RunOptions {
  /** The working directory. */
  readonly cwd: string;
  /** Environment variables besides HOME, DENO_DIR and PATH. */
  readonly env?: Record<string, string>;
  /** Deno's permission flags. @default {["-A"]} */
  readonly permissions?: readonly string[];
}

/**
 * Runs `history …` in a subprocess, stdin closed, a clean environment.
 *
 * @param args The arguments after the program.
 * @param options Where and how.
 * @returns Its exit code and output.
 */
export async function history(
  args: string[],
  options: RunOptions,
): Promise<Result> {
  const env: Record<string, string> = { NO_COLOR: "1", ...options.env };
  for (const name of ["HOME", "DENO_DIR", "PATH"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      ...(options.permissions ?? ["-A"]),
      `--config=${CONFIG}`,
      CLI,
      ...args,
    ],
    cwd: options.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/**
 * Asserts a failure: this exit code and exactly one `history: …` line on
 * stderr.
 *
 * @param result The run.
 * @param code The exit code expected.
 * @param pattern What the line must match.
 */
export function assertFails(
  result: Result,
  code: number,
  pattern: RegExp,
): void {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one stderr line, got: ${result.stderr}`);
  assert.match(lines[0]!, /^history: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

/**
 * Asserts that the text has this exact line.
 *
 * @param text The output.
 * @param line The line, without its line break.
 */
export function assertLine(text: string, line: string): void {
  assert(
    text.split("\n").includes(line),
    `expected the line ${JSON.stringify(line)} in:\n${text}`,
  );
}

/**
 * Asserts success: exit code 0 and nothing on stderr.
 *
 * @param result The run.
 */
export function assertOk(result: Result): void {
  assert.equal(result.code, 0, `stderr: ${result.stderr}`);
  assert.equal(result.stderr, "");
}
