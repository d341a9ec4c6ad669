// deno-lint-ignore-file no-console -- printing the results table is the point
/**
 * A thin layer over `Deno.bench`. Each case runs at least `n` iterations
 * (the table uses exactly the last `n`, so the workload is the one
 * described), times only the measured part with explicit timers and keeps
 * every sample. A case can run in several rounds, registered interleaved
 * (A B C A B C) so that a slow spell of a shared machine does not land on
 * one contender only. When the bench file ends, it prints a Markdown table
 * of medians over all rounds, per-message medians and ratios to the group's
 * baseline — the numbers quoted in the README.
 *
 * @module
 */

/** One benchmark case. */
export interface CaseOptions<T> {
  /** The group; exactly one case per group has `baseline: true`. */
  group: string;
  /** The case name, e.g. `"ours"`, `"raw libSQL"`. */
  name: string;
  /** The case the others are compared with (only its first round is marked). */
  baseline?: boolean;
  /** The round, from 1; later rounds are named `name #round` by `deno bench`. */
  round?: number;
  /**
   * Measured iterations: passed to `Deno.bench` (which may run a few more,
   * and runs its warmup before them); the table uses the last `n` samples.
   */
  n: number;
  /** Minimum warmup iterations, passed to `Deno.bench`. */
  warmup: number;
  /** Messages one iteration handles (for the per-message column), if fixed. */
  messages?: number;
  /** Work before the timed part of iteration `i` (not measured). */
  setup?: (i: number) => T | Promise<T>;
  /** The timed part of iteration `i`. */
  run: (i: number, context: T) => Promise<unknown>;
}

interface Result {
  group: string;
  name: string;
  baseline: boolean;
  messages: number | undefined;
  /** The last `n` samples of each round. */
  rounds: { n: number; samples: number[] }[];
}

const results: Result[] = [];
const cleanups: (() => void)[] = [];

/** Runs `fn` when the bench file ends (after the table is printed). */
export function onExit(fn: () => void): void {
  cleanups.push(fn);
}

/** Rounds per case: `$BENCH_ROUNDS`, default 2. */
export function rounds(): number {
  const value = Number(Deno.env.get("BENCH_ROUNDS") ?? "2");
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError("BENCH_ROUNDS must be a positive integer");
  }
  return value;
}

/**
 * The cases of one round, rotated one more place each round: no case always
 * runs right after the same other one (a `synchronous=NORMAL` writer leaves
 * dirty pages that the kernel writes back while the next case runs).
 */
export function inRound<T>(cases: readonly T[], round: number): T[] {
  const k = (round - 1) % cases.length;
  return [...cases.slice(k), ...cases.slice(0, k)];
}

/** Registers a `Deno.bench` case that records its samples. */
export function benchCase<T>(options: CaseOptions<T>): void {
  const round = options.round ?? 1;
  let result = results.find((r) =>
    r.group === options.group && r.name === options.name
  );
  if (!result) {
    result = {
      group: options.group,
      name: options.name,
      baseline: options.baseline ?? false,
      messages: options.messages,
      rounds: [],
    };
    results.push(result);
  }
  const samples: number[] = [];
  result.rounds.push({ n: options.n, samples });
  let i = 0;
  Deno.bench({
    name: round === 1 ? options.name : `${options.name} #${round}`,
    group: options.group,
    baseline: (options.baseline ?? false) && round === 1,
    n: options.n,
    warmup: options.warmup,
    async fn(b) {
      const iteration = i++;
      const context = options.setup
        ? await options.setup(iteration)
        : undefined as T;
      b.start();
      const t0 = performance.now();
      await options.run(iteration, context);
      const elapsed = performance.now() - t0;
      b.end();
      samples.push(elapsed);
    },
  });
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds as a short human string (µs below 1 ms). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** The measured samples of a case: the last `n` of each round. */
function measured(r: Result): number[] {
  return r.rounds.flatMap(({ n, samples }) => samples.slice(-n));
}

/** The results of this file as a Markdown table. */
export function markdownTable(): string {
  const lines = [
    "| group | case | samples | median / iter | median / message | ratio to baseline | per round |",
    "| ----- | ---- | ------: | ------------: | ---------------: | ----------------: | --------- |",
  ];
  for (const group of new Set(results.map((r) => r.group))) {
    const members = results.filter((r) => r.group === group);
    const base = members.find((r) => r.baseline);
    const baseMedian = base ? median(measured(base)) : NaN;
    for (const r of members) {
      const samples = measured(r);
      if (samples.length === 0) continue;
      const m = median(samples);
      const ratio = r.baseline
        ? "1.00× (baseline)"
        : `${(m / baseMedian).toFixed(2)}×`;
      const perRound = r.rounds
        .map(({ n, samples }) => formatMs(median(samples.slice(-n))))
        .join(" / ");
      lines.push(
        `| ${group} | ${r.name} | ${samples.length} | ${formatMs(m)} | ${
          r.messages ? formatMs(m / r.messages) : "—"
        } | ${ratio} | ${perRound} |`,
      );
    }
  }
  return lines.join("\n");
}

globalThis.addEventListener("unload", () => {
  if (results.some((r) => measured(r).length > 0)) {
    console.log(`\nMedians of the measured samples, all rounds together:\n`);
    console.log(markdownTable());
    console.log();
  }
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      // Best effort: a temp dir that is already gone is fine.
    }
  }
});
