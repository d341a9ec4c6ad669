/**
 * Reading a `deno.lock` (version 5): which packages it pins, and which of
 * them a set of dependencies needs. A cold `deno run` or `deno task` installs
 * every package the lock pins, used or not, so the lock is what decides what
 * a fresh checkout downloads.
 *
 * @module
 */

/** One pinned package: the names (or keys) of the packages it depends on. */
export interface LockedPackage {
  /** Dependencies, as a package name or a full key when ambiguous. */
  readonly dependencies?: readonly string[];
  /** Platform packages, of which only the matching one is installed. */
  readonly optionalDependencies?: readonly string[];
}

/** The parts of a `deno.lock` read here. */
export interface Lockfile {
  /** The lock format version. */
  readonly version: string;
  /** Requested specifier (`npm:valibot@^1.5.0`) → pinned version. */
  readonly specifiers?: Readonly<Record<string, string>>;
  /** `name@version[_peers]` → package. */
  readonly npm?: Readonly<Record<string, LockedPackage>>;
  /** `@scope/name@version` → package. */
  readonly jsr?: Readonly<Record<string, LockedPackage>>;
  /** What the configuration file asks for. */
  readonly workspace?: {
    readonly dependencies?: readonly string[];
    readonly links?: Readonly<
      Record<string, { readonly dependencies?: readonly string[] }>
    >;
  };
}

/** Reads and parses a lock file. */
export async function readLockfile(url: string | URL): Promise<Lockfile> {
  return JSON.parse(await Deno.readTextFile(url)) as Lockfile;
}

/** The package name of a lock key: `@libsql/client@0.18.0_x` → `@libsql/client`. */
export function packageName(key: string): string {
  const at = key.indexOf("@", 1);
  return at < 0 ? key : key.slice(0, at);
}

/**
 * The package name of a specifier or an import-map target:
 * `npm:/drizzle-orm@^0.45.4/` → `drizzle-orm`, `npm:@libsql/client@^0.18.0/web`
 * → `@libsql/client`.
 */
export function specifierName(specifier: string): string {
  const bare = specifier.replace(/^(npm|jsr):\/?/, "");
  const parts = bare.split("/");
  const name = bare.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return packageName(name);
}

/** The npm packages of a lock, by name. */
export function lockedNames(lock: Lockfile): Set<string> {
  return new Set(Object.keys(lock.npm ?? {}).map(packageName));
}

/**
 * The lock keys (`npm:…` or `jsr:…` prefixed) of every package that the given
 * requested specifiers need, following dependencies and optional dependencies.
 */
export function lockedClosure(
  lock: Lockfile,
  roots: Iterable<string>,
): Set<string> {
  const npm = lock.npm ?? {};
  const jsr = lock.jsr ?? {};
  const reached = new Set<string>();
  const pending: string[] = [];
  const visit = (key: string | undefined): void => {
    if (key !== undefined && !reached.has(key)) {
      reached.add(key);
      pending.push(key);
    }
  };
  const fromSpecifier = (specifier: string): string | undefined => {
    const version = lock.specifiers?.[specifier];
    if (version === undefined) return undefined;
    const kind = specifier.startsWith("jsr:") ? "jsr" : "npm";
    return `${kind}:${specifierName(specifier)}@${version}`;
  };
  // npm dependencies are written as a bare name when one version is pinned.
  const fromNpmDependency = (dependency: string): string | undefined => {
    if (dependency in npm) return `npm:${dependency}`;
    const keys = Object.keys(npm).filter((key) =>
      packageName(key) === dependency || key.startsWith(`${dependency}_`)
    );
    return keys.length === 1 ? `npm:${keys[0]}` : undefined;
  };
  for (const root of roots) visit(fromSpecifier(root));
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (key.startsWith("npm:")) {
      const entry = npm[key.slice(4)];
      for (
        const dependency of [
          ...entry?.dependencies ?? [],
          ...entry?.optionalDependencies ?? [],
        ]
      ) visit(fromNpmDependency(dependency));
    } else {
      for (const dependency of jsr[key.slice(4)]?.dependencies ?? []) {
        visit(fromSpecifier(dependency));
      }
    }
  }
  return reached;
}

/** Every package key of a lock, `npm:` or `jsr:` prefixed. */
export function lockedKeys(lock: Lockfile): Set<string> {
  return new Set([
    ...Object.keys(lock.npm ?? {}).map((key) => `npm:${key}`),
    ...Object.keys(lock.jsr ?? {}).map((key) => `jsr:${key}`),
  ]);
}
