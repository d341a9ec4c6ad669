/**
 * The Deno permissions a command needs, checked before it starts: run
 * without them, the tool names every missing `--allow-*` flag in one line
 * (exit code 2) instead of failing later with the driver's first refusal —
 * or, worse, quietly ignoring `LIBSQL_URL` it may not read, or calling a
 * file it may not stat "missing". A refusal that still happens later is
 * recognised by {@linkcode missingPermission} and reported the same way.
 *
 * @module
 */
import type { ResolvedConnection } from "../../mod.ts";
import { UsageError } from "./errors.ts";

/** The environment the library reads to find and reach the database. */
const CONNECTION_ENV = [
  "LIBSQL_URL",
  "TURSO_DATABASE_URL",
  "LIBSQL_AUTH_TOKEN",
  "TURSO_AUTH_TOKEN",
];

/** Read by the native libSQL driver when it loads. */
const NATIVE_ENV = ["LIBSQL_JS_DEV"];

/** The permissions one command run needs. */
export interface Needs {
  /** Files read (the database, a file to import). */
  readonly read?: readonly string[];
  /** Files written (an export, a backup). */
  readonly write?: readonly string[];
  /** Hosts (`name` or `name:port`) connected to or listened on. */
  readonly net?: readonly string[];
  /** It opens a database in memory (the native driver), whatever `--url`. */
  readonly native?: boolean;
}

/** What the native libSQL driver needs to load. */
function nativeNeeds(): Deno.PermissionDescriptor[] {
  return [
    ...NATIVE_ENV.map((variable) => ({ name: "env", variable }) as const),
    { name: "ffi" },
    { name: "sys", kind: "cpus" },
  ];
}

/** The host a remote URL connects to, as `--allow-net` names it. */
function hostOf(url: string): string | undefined {
  try {
    // libsql:, ws: and wss: URLs parse like http: ones here.
    const parsed = new URL(url.replace(/^(libsql|wss?):/i, "https:"));
    return parsed.host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What opening this database needs: the environment that names it, and
 * for a local file the native driver (`--allow-ffi`, `--allow-sys`) and
 * reading the file; for a remote one or a replica's remote, the network.
 *
 * @param connection Where the history is, as the library resolved it.
 * @param syncUrl The remote of an embedded replica.
 * @returns The permission descriptors.
 */
export function databaseNeeds(
  connection: ResolvedConnection,
  syncUrl: string | undefined,
): Deno.PermissionDescriptor[] {
  const needs: Deno.PermissionDescriptor[] = CONNECTION_ENV.map((
    variable,
  ) => ({ name: "env", variable }));
  if (connection.kind !== "remote") needs.push(...nativeNeeds());
  if (connection.path !== undefined) {
    needs.push({ name: "read", path: connection.path });
  }
  const remote = connection.kind === "remote" ? connection.url : syncUrl;
  const host = remote === undefined ? undefined : hostOf(remote);
  if (host !== undefined) needs.push({ name: "net", host });
  return needs;
}

/**
 * The descriptors of a command's own needs.
 *
 * @param needs Files and hosts.
 * @returns The permission descriptors.
 */
export function commandNeeds(needs: Needs): Deno.PermissionDescriptor[] {
  return [
    ...(needs.native ? nativeNeeds() : []),
    ...(needs.read ?? []).map((path) => ({ name: "read", path }) as const),
    ...(needs.write ?? []).map((path) => ({ name: "write", path }) as const),
    ...(needs.net ?? []).map((host) => ({ name: "net", host }) as const),
  ];
}

/** The flag that grants a permission, e.g. `--allow-read`. */
function flagOf(descriptor: Deno.PermissionDescriptor): string {
  return `--allow-${descriptor.name}`;
}

/**
 * Checks that every permission is granted. On a terminal, Deno asks for
 * the ones not yet decided (as it would when they are used); otherwise a
 * permission not granted is missing.
 *
 * @param needs The permissions.
 * @param command The command's name, for the message.
 * @throws {UsageError} Naming every missing `--allow-*` flag.
 */
export async function requirePermissions(
  needs: readonly Deno.PermissionDescriptor[],
  command: string,
): Promise<void> {
  const interactive = Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
  const missing = new Set<string>();
  for (const descriptor of needs) {
    let status = await Deno.permissions.query(descriptor);
    if (status.state === "prompt" && interactive) {
      status = await Deno.permissions.request(descriptor);
    }
    if (status.state !== "granted") missing.add(flagOf(descriptor));
  }
  if (missing.size === 0) return;
  throw new UsageError(
    `${command} needs ${[...missing].join(" ")} (run it with ${
      missing.size === 1 ? "that flag" : "these flags"
    }, or with -A)`,
  );
}

/** The `--allow-*` flag named by Deno's refusal message. */
const REFUSAL = /run again with the (--allow-[a-z-]+) flag/;

/**
 * The permission a failure comes from, when it is Deno refusing one — a
 * `NotCapable` error, or a library error caused by one.
 *
 * @param error Any failure.
 * @returns Deno's refusal (what was refused) and its flag, or `undefined`.
 */
export function missingPermission(
  error: unknown,
): { reason: string; flag: string } | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    const flag = REFUSAL.exec(e.message)?.[1];
    if (flag !== undefined || e instanceof Deno.errors.NotCapable) {
      const reason = e.message.replace(/,? run again with the .*$/, "");
      return { reason, flag: flag ?? "the missing --allow-* flag" };
    }
    e = e.cause;
  }
  return undefined;
}

/**
 * An environment variable, or `undefined` when it is unset or may not be
 * read (the tool's own switches, `NO_COLOR` and `HISTORY_DEBUG`, are not
 * worth a permission error).
 *
 * @param name The variable.
 * @returns Its value.
 */
export function optionalEnv(name: string): string | undefined {
  const { state } = Deno.permissions.querySync({ name: "env", variable: name });
  return state === "granted" ? Deno.env.get(name) : undefined;
}
