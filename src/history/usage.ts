/**
 * Token usage added up in SQL over the `model` messages, at the JSON paths
 * the format names (`format.usage`), in total and per model name.
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

function compileTotals(paths: UsagePaths, flags: number) {
  const sum = (path: string | undefined) =>
    path ? sql`COALESCE(SUM(${at(path)}), 0)` : sql`0`;
  const model = paths.model ? sql`COALESCE(${at(paths.model)}, '')` : sql`''`;
  const as = (name: string) => sql` AS ${named(name)}`;
  return compile<"format" | "owner" | "sessionId">((a) =>
    sql`SELECT ${model}${as(COLUMNS.model)}, count(*)${
      as(COLUMNS.responses)
    }, ${sum(paths.inputTokens)}${as(COLUMNS.input)}, ${
      sum(paths.outputTokens)
    }${as(COLUMNS.output)}, ${sum(paths.cacheReadTokens)}${
      as(COLUMNS.cacheRead)
    }, ${sum(paths.cacheWriteTokens)}${
      as(COLUMNS.cacheWrite)
    } FROM ${FROM_M} JOIN ${FROM_S} ON ${s.id} = ${m.sessionId} WHERE ${m.role} = 'model' AND ${s.format} = ${a.format}${
      ownerFilter(flags, s.ownerId, a.owner)
    }${
      when(flags & ONE_SESSION, sql` AND ${m.sessionId} = ${a.sessionId}`)
    } GROUP BY 1 ORDER BY 1`
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
    byModel[String(row[COLUMNS.model])] = totals;
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
