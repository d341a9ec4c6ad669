/**
 * Token usage added up in SQL over the `model` messages, at the JSON paths
 * the format names (`format.usage`), in total and per model name.
 *
 * One message must not be able to break the report of every session, so
 * the sums are safe for anything a save accepts (a message saved as JSON
 * text is stored byte for byte and may hold any number): a value counts
 * when it is a JSON number of magnitude at most 2^53 − 1
 * (`Number.MAX_SAFE_INTEGER`); anything else there (a string, `true`, an
 * object, a larger or non-finite number) counts as 0. The sums are taken
 * in floating point (SQLite's `TOTAL`), which cannot overflow, and are
 * exact while they stay below 2^53. The model name is read as text.
 *
 * @module
 */
import type { Row } from "@libsql/client/web";
import { type SQL, sql } from "drizzle-orm";
import { SessionNotFoundError } from "../errors.ts";
import type { UsagePaths } from "../formats/format.ts";
import { checkId } from "./checks.ts";
import { OWNED, ownerFilter, type Scope } from "./scope.ts";
import { compile, FROM_M, FROM_S, m, named, s, Shapes, when } from "./sql.ts";
import type { UsageOptions, UsageReport, UsageTotals } from "./types.ts";

/** Shape bit: one session only. */
const ONE_SESSION = 2;

/** The result columns of {@linkcode totalsBy}, as {@linkcode usageOf} reads them. */
const COLUMNS = {
  model: "model",
  responses: "responses",
  input: "input",
  output: "output",
  cacheRead: "cache_read",
  cacheWrite: "cache_write",
} as const;

function sqlString(text: string): string {
  return text.replace(/'/g, "''");
}

/** A JSON path of the message, as an SQL string literal. */
function at(path: string): SQL {
  return sql`json_extract(${m.content}, ${sql.raw(`'${sqlString(path)}'`)})`;
}

/**
 * The totals per model of the messages a shape selects, for one format's
 * paths. A path the format does not have adds up to 0.
 */
function totalsBy(paths: UsagePaths): Shapes<ReturnType<typeof compileTotals>> {
  return new Shapes((flags) => compileTotals(paths, flags));
}

/** The per-message columns the inner query extracts, by result column. */
const EXTRACTED = {
  input: "u_input",
  output: "u_output",
  cacheRead: "u_cache_read",
  cacheWrite: "u_cache_write",
} as const;

/** Largest token count that is added up: `Number.MAX_SAFE_INTEGER`. */
const MAX_COUNT = sql.raw(String(Number.MAX_SAFE_INTEGER));

function compileTotals(paths: UsagePaths, flags: number) {
  // The inner query reads each path once per message; the outer one adds
  // up only numbers in range, as floating point.
  const extract = (path: string | undefined, name: string) =>
    sql`${path ? at(path) : sql`NULL`} AS ${named(name)}`;
  const sum = (name: string) => {
    const x = named(name);
    return sql`TOTAL(CASE WHEN typeof(${x}) IN ('integer', 'real') AND abs(${x}) <= ${MAX_COUNT} THEN ${x} END)`;
  };
  const model = paths.model
    ? sql`COALESCE(CAST(${at(paths.model)} AS TEXT), '')`
    : sql`''`;
  const as = (name: string) => sql` AS ${named(name)}`;
  return compile<"format" | "owner" | "sessionId">((a) =>
    sql`SELECT ${named(COLUMNS.model)}, count(*)${as(COLUMNS.responses)}, ${
      sum(EXTRACTED.input)
    }${as(COLUMNS.input)}, ${sum(EXTRACTED.output)}${as(COLUMNS.output)}, ${
      sum(EXTRACTED.cacheRead)
    }${as(COLUMNS.cacheRead)}, ${sum(EXTRACTED.cacheWrite)}${
      as(COLUMNS.cacheWrite)
    } FROM (SELECT ${model}${as(COLUMNS.model)}, ${
      extract(paths.inputTokens, EXTRACTED.input)
    }, ${extract(paths.outputTokens, EXTRACTED.output)}, ${
      extract(paths.cacheReadTokens, EXTRACTED.cacheRead)
    }, ${
      extract(paths.cacheWriteTokens, EXTRACTED.cacheWrite)
    } FROM ${FROM_M} JOIN ${FROM_S} ON ${s.id} = ${m.sessionId} WHERE ${m.role} = 'model' AND ${s.format} = ${a.format}${
      ownerFilter(flags, s.ownerId, a.owner)
    }${
      when(flags & ONE_SESSION, sql` AND ${m.sessionId} = ${a.sessionId}`)
    }) GROUP BY 1 ORDER BY 1`
  );
}

/** The statements per format, compiled the first time the format adds up. */
const BY_PATHS = new WeakMap<object, ReturnType<typeof totalsBy>>();
const NO_PATHS: UsagePaths = {};

/**
 * `History.getUsage`.
 *
 * @param scope The view.
 * @param options One session, or an owner's sessions.
 * @returns Totals, and totals per model.
 */
export async function getUsage(
  scope: Scope<unknown>,
  options: UsageOptions,
): Promise<UsageReport> {
  const paths = scope.format.usage ?? NO_PATHS;
  let statements = BY_PATHS.get(paths);
  if (!statements) BY_PATHS.set(paths, statements = totalsBy(paths));
  const owner = scope.scopeOwner(options.owner);
  const { sessionId } = options;
  if (sessionId !== undefined) checkId(sessionId, "Session id");
  const flags = (owner === undefined ? 0 : OWNED) |
    (sessionId === undefined ? 0 : ONE_SESSION);
  const totals = statements.get(flags).bind({
    format: scope.format.name,
    owner: owner ?? null,
    sessionId: sessionId ?? null,
  });
  const results = await scope.batch(
    {
      totals,
      session: sessionId === undefined
        ? []
        : [scope.formatOf(sessionId, owner)],
    },
    "read",
    "add up usage",
  );
  if (sessionId !== undefined) {
    const session = results.session[0]!.rows[0];
    if (!session) throw new SessionNotFoundError(sessionId, "add up usage of");
    scope.checkFormat(sessionId, session);
  }
  const byModel: Record<string, UsageTotals> = {};
  let total: UsageTotals = zeroUsage();
  for (const row of results.totals.rows) {
    const totals = usageOf(row);
    const model = String(row[COLUMNS.model]);
    // Two names SQL tells apart may read back alike (text after a NUL is
    // lost on the way): add them up. defineProperty, so that a model named
    // "__proto__" is a key like any other.
    Object.defineProperty(byModel, model, {
      value: Object.hasOwn(byModel, model)
        ? addUsage(byModel[model]!, totals)
        : totals,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    total = addUsage(total, totals);
  }
  return { ...total, byModel };
}

function zeroUsage(): UsageTotals {
  return {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    totalTokens: 0,
  };
}

function usageOf(row: Row): UsageTotals {
  const inputTokens = Number(row[COLUMNS.input]);
  const outputTokens = Number(row[COLUMNS.output]);
  return {
    responses: Number(row[COLUMNS.responses]),
    inputTokens,
    outputTokens,
    cacheReadTokens: Number(row[COLUMNS.cacheRead]),
    cacheWriteTokens: Number(row[COLUMNS.cacheWrite]),
    totalTokens: inputTokens + outputTokens,
  };
}

function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    responses: a.responses + b.responses,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
