/**
 * The strict flag parser of the `history` tool: long flags (`--limit 5`,
 * `--limit=5`), short aliases (`-h`), boolean switches, repeatable flags,
 * `--` to end flags. Every mistake is a {@linkcode UsageError} with a
 * one-line message.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import { quote } from "./output.ts";

/** How one flag is read. */
export interface FlagSpec {
  /** `string` and `integer` flags take a value; `boolean` flags do not. */
  readonly type: "string" | "boolean" | "integer";
  /** A one-letter alias, e.g. `h` for `-h`. */
  readonly short?: string;
  /** May be given several times (values are collected). */
  readonly multiple?: boolean;
  /** The value's name in help, e.g. `N` or `URL`. */
  readonly arg?: string;
  /** Smallest accepted integer. */
  readonly min?: number;
  /** Largest accepted integer. */
  readonly max?: number;
  /** One line of help. */
  readonly help: string;
}

/** Flag specs by long name (without `--`). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The result of {@linkcode parseArgs}. */
export class ParsedArgs {
  readonly #values: Map<string, (string | number | boolean)[]>;
  /** The arguments that are not flags, in order. */
  readonly positionals: readonly string[];

  /**
   * Wraps parsed values.
   *
   * @param values Values by flag name.
   * @param positionals The other arguments.
   */
  constructor(
    values: Map<string, (string | number | boolean)[]>,
    positionals: string[],
  ) {
    this.#values = values;
    this.positionals = positionals;
  }

  /**
   * The last value of a string flag.
   *
   * @param name The flag.
   * @returns The value, or `undefined` when absent.
   */
  string(name: string): string | undefined {
    const v = this.#values.get(name);
    return v === undefined ? undefined : String(v[v.length - 1]);
  }

  /**
   * Every value of a repeatable string flag.
   *
   * @param name The flag.
   * @returns The values (empty when absent).
   */
  strings(name: string): string[] {
    return (this.#values.get(name) ?? []).map(String);
  }

  /**
   * The last value of an integer flag.
   *
   * @param name The flag.
   * @returns The value, or `undefined` when absent.
   */
  integer(name: string): number | undefined {
    const v = this.#values.get(name);
    return v === undefined ? undefined : Number(v[v.length - 1]);
  }

  /**
   * Whether a boolean flag was given.
   *
   * @param name The flag.
   * @returns True when given.
   */
  boolean(name: string): boolean {
    return this.#values.has(name);
  }
}

function parseInteger(name: string, spec: FlagSpec, text: string): number {
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  const min = spec.min ?? Number.MIN_SAFE_INTEGER;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = spec.max === undefined
      ? `an integer of at least ${min}`
      : `an integer from ${min} to ${max}`;
    throw new UsageError(
      `--${name} must be ${range}, got ${quote(text)}`,
    );
  }
  return n;
}

/**
 * Parses arguments against flag specs.
 *
 * @param argv The arguments.
 * @param specs The flags that are allowed.
 * @returns The values and the positional arguments.
 * @throws {UsageError} For an unknown flag, a missing or bad value, or a
 *   flag given twice that is not repeatable.
 */
export function parseArgs(
  argv: readonly string[],
  specs: FlagSpecs,
): ParsedArgs {
  const values = new Map<string, (string | number | boolean)[]>();
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short) byShort.set(spec.short, name);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (arg.startsWith("-") && arg.length > 1) {
      const long = byShort.get(arg.slice(1));
      if (long === undefined) {
        throw new UsageError(`unknown option ${quote(arg)}`);
      }
      name = long;
    } else {
      positionals.push(arg);
      continue;
    }
    const spec = specs[name];
    if (!spec) {
      throw new UsageError(`unknown option ${quote(`--${name}`)}`);
    }
    let value: string | number | boolean;
    if (spec.type === "boolean") {
      if (inline !== undefined) {
        throw new UsageError(`--${name} does not take a value`);
      }
      value = true;
    } else {
      const text = inline ?? argv[++i];
      if (text === undefined) {
        throw new UsageError(
          `--${name} needs a value (${spec.arg ?? "VALUE"})`,
        );
      }
      value = spec.type === "integer" ? parseInteger(name, spec, text) : text;
    }
    const list = values.get(name);
    if (list && !spec.multiple && spec.type !== "boolean") {
      throw new UsageError(`--${name} was given more than once`);
    }
    values.set(name, [...(list ?? []), value]);
  }
  return new ParsedArgs(values, positionals);
}

/**
 * Finds the command in the arguments: the first argument that is neither a
 * flag nor a flag's value (only `globals`, the flags every command takes,
 * may come before it).
 *
 * @param argv The arguments.
 * @param globals The flags allowed before the command.
 * @returns The command (if any) and the arguments without it.
 */
export function splitCommand(
  argv: readonly string[],
  globals: FlagSpecs,
): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (arg.startsWith("--")) {
      const spec = globals[arg.slice(2)];
      if (spec && spec.type !== "boolean" && !arg.includes("=")) i++;
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) continue;
    return {
      command: arg,
      rest: [...argv.slice(0, i), ...argv.slice(i + 1)],
    };
  }
  return { command: undefined, rest: [...argv] };
}

/**
 * Help text for flags: one aligned line each.
 *
 * @param specs The flags.
 * @returns The lines.
 */
export function flagHelp(specs: FlagSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "";
    const arg = spec.type === "boolean" ? "" : ` <${spec.arg ?? "VALUE"}>`;
    return [`${short}--${name}${arg}`, spec.help] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
}
