/**
 * One Hrana pipeline request → its results: the stream it runs on, each
 * request in order (`execute`, `batch`, `sequence`, `describe`,
 * `store_sql`, `close_sql`, `close`, and `get_autocommit` in Hrana 3), and
 * the conditions that decide which batch steps run.
 *
 * @module
 */
import {
  errorMessage,
  type HranaErrorJson,
  HranaFailure,
  ProtocolError,
} from "./errors.ts";
import {
  checkSyntax,
  describe,
  execute,
  type ParsedStmt,
  type RunContext,
  runScript,
  type StmtResult,
} from "./execute.ts";
import { type HttpResponse, jsonResponse, protocolResponse } from "./http1.ts";
import { hasEnded, type HranaStream, type LibsqlDatabase } from "./streams.ts";
import { decodeValue, isRecord } from "./values.ts";

/** sqld limits for stored SQL texts per stream. */
const MAX_STORED_SQL = 50;
const MAX_STORED_SQL_LENGTH = 5 * 1024;

type StepOutcome = "ok" | "error" | "skipped";

type Condition =
  | { type: "ok" | "error"; step: number }
  | { type: "not"; cond: Condition }
  | { type: "and" | "or"; conds: Condition[] }
  | { type: "is_autocommit" };

/**
 * Runs a parsed pipeline body and answers it: HTTP 200 with one result per
 * request and the stream's next baton, or the HTTP error sqld gives for a
 * malformed pipeline or a refused baton.
 *
 * @param ctx The server's streams and limits.
 * @param body The parsed JSON body.
 * @param version The Hrana version of the endpoint (`/v2` or `/v3`).
 */
export async function runPipeline(
  ctx: RunContext,
  body: unknown,
  version: 2 | 3,
): Promise<HttpResponse> {
  if (!isRecord(body) || !Array.isArray(body.requests)) {
    return protocolResponse(
      "The pipeline body must be an object with a requests array",
    );
  }
  const baton = body.baton;
  if (baton !== undefined && baton !== null && typeof baton !== "string") {
    return protocolResponse("The baton must be a string or null");
  }
  const acquired = ctx.streams.acquire(baton);
  if ("refused" in acquired) return acquired.refused;
  const { stream } = acquired;
  const results: unknown[] = [];
  try {
    for (const request of body.requests) {
      if (hasEnded(stream)) {
        throw new ProtocolError(
          "Received a request after the stream was closed",
        );
      }
      results.push(await streamRequest(ctx, stream, request, version));
    }
  } catch (error) {
    ctx.streams.end(stream, "closed");
    if (error instanceof ProtocolError) {
      return protocolResponse(error.message);
    }
    return jsonResponse(500, {
      error: `Internal Error: ${errorMessage(error)}`,
    });
  }
  return jsonResponse(200, {
    baton: ctx.streams.release(stream),
    "base_url": null,
    results,
  });
}

async function streamRequest(
  ctx: RunContext,
  stream: HranaStream,
  request: unknown,
  version: 2 | 3,
): Promise<unknown> {
  if (!isRecord(request) || typeof request.type !== "string") {
    throw new ProtocolError("Each request must be an object with a type");
  }
  const type = request.type;
  try {
    const response = await dispatchRequest(ctx, stream, request, version);
    return { type: "ok", response: { type, ...response } };
  } catch (error) {
    if (error instanceof HranaFailure) {
      return { type: "error", error: error.toJson() };
    }
    throw error;
  }
}

async function dispatchRequest(
  ctx: RunContext,
  stream: HranaStream,
  request: Record<string, unknown>,
  version: 2 | 3,
): Promise<Record<string, unknown>> {
  switch (request.type) {
    case "execute": {
      const stmt = parseStmt(stream, request.stmt);
      return { result: await execute(ctx, stream, stmt) };
    }
    case "batch":
      return { result: await batch(ctx, stream, request.batch, version) };
    case "sequence":
      await runScript(ctx, stream, resolveSql(stream, request));
      return {};
    case "describe":
      return { result: describe(stream.db, resolveSql(stream, request)) };
    case "store_sql":
      storeSql(stream, request);
      return {};
    case "close_sql":
      stream.sqlTexts.delete(parseSqlId(request["sql_id"]));
      return {};
    case "get_autocommit":
      if (version < 3) break;
      return { "is_autocommit": !stream.db.inTransaction };
    case "close":
      ctx.streams.end(stream, "closed");
      return {};
  }
  throw new ProtocolError(
    `Unknown request type "${request.type}" for Hrana ${version}`,
  );
}

async function batch(
  ctx: RunContext,
  stream: HranaStream,
  rawBatch: unknown,
  version: 2 | 3,
): Promise<Record<string, unknown>> {
  if (!isRecord(rawBatch) || !Array.isArray(rawBatch.steps)) {
    throw new ProtocolError("A batch must be an object with a steps array");
  }
  const steps = rawBatch.steps.map((step: unknown, index) => {
    if (!isRecord(step)) {
      throw new ProtocolError(`Batch step ${index} must be an object`);
    }
    const condition = step.condition === undefined || step.condition === null
      ? undefined
      : parseCondition(step.condition, index, version);
    return { stmt: parseStmt(stream, step.stmt), condition };
  });
  // Like sqld, reject the whole batch up front when a step is not exactly
  // one syntactically valid statement.
  for (const step of steps) checkSyntax(stream.db, step.stmt.sql);

  const outcomes: StepOutcome[] = [];
  const stepResults: (StmtResult | null)[] = [];
  const stepErrors: (HranaErrorJson | null)[] = [];
  for (const step of steps) {
    const run = step.condition === undefined ||
      evaluateCondition(step.condition, outcomes, stream.db);
    if (!run) {
      outcomes.push("skipped");
      stepResults.push(null);
      stepErrors.push(null);
      continue;
    }
    try {
      stepResults.push(await execute(ctx, stream, step.stmt));
      stepErrors.push(null);
      outcomes.push("ok");
    } catch (error) {
      if (!(error instanceof HranaFailure)) throw error;
      stepResults.push(null);
      stepErrors.push(error.toJson());
      outcomes.push("error");
    }
  }
  return { "step_results": stepResults, "step_errors": stepErrors };
}

function parseSqlId(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ProtocolError("sql_id must be an integer");
  }
  return value;
}

/** Returns the SQL text of a request or statement (`sql` or `sql_id`). */
function resolveSql(
  stream: HranaStream,
  source: Record<string, unknown>,
): string {
  const { sql, "sql_id": sqlId } = source;
  const hasSql = sql !== undefined && sql !== null;
  const hasId = sqlId !== undefined && sqlId !== null;
  if (hasSql === hasId) {
    throw new ProtocolError("Exactly one of sql and sql_id must be given");
  }
  if (hasSql) {
    if (typeof sql !== "string") {
      throw new ProtocolError("sql must be a string");
    }
    return sql;
  }
  const id = parseSqlId(sqlId);
  const text = stream.sqlTexts.get(id);
  if (text === undefined) throw new ProtocolError(`SQL text ${id} not found`);
  return text;
}

function storeSql(stream: HranaStream, request: Record<string, unknown>): void {
  const id = parseSqlId(request["sql_id"]);
  const sql = request.sql;
  if (typeof sql !== "string") throw new ProtocolError("sql must be a string");
  if (stream.sqlTexts.has(id)) {
    throw new ProtocolError(`SQL text ${id} already exists`);
  }
  if (stream.sqlTexts.size >= MAX_STORED_SQL) {
    throw new HranaFailure(
      "SQL_STORE_TOO_MANY",
      `Cannot store more than ${MAX_STORED_SQL} SQL texts per stream`,
    );
  }
  if (sql.length > MAX_STORED_SQL_LENGTH) {
    throw new HranaFailure(
      "SQL_STORE_TOO_LARGE",
      `Cannot store SQL text longer than ${MAX_STORED_SQL_LENGTH} characters`,
    );
  }
  stream.sqlTexts.set(id, sql);
}

/** Reads a request's `stmt`: its SQL text and its decoded arguments. */
function parseStmt(stream: HranaStream, raw: unknown): ParsedStmt {
  if (!isRecord(raw)) throw new ProtocolError("stmt must be an object");
  const sql = resolveSql(stream, raw);
  const rawArgs = raw.args ?? [];
  const rawNamed = raw["named_args"] ?? [];
  if (!Array.isArray(rawArgs) || !Array.isArray(rawNamed)) {
    throw new ProtocolError("args and named_args must be arrays");
  }
  const args = rawArgs.map(decodeValue);
  const namedArgs = rawNamed.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      throw new ProtocolError("Each named argument needs a string name");
    }
    return { name: entry.name, value: decodeValue(entry.value) };
  });
  return { sql, args, namedArgs };
}

function parseCondition(
  raw: unknown,
  stepIndex: number,
  version: 2 | 3,
): Condition {
  if (!isRecord(raw)) throw new ProtocolError("A condition must be an object");
  switch (raw.type) {
    case "ok":
    case "error": {
      const step = raw.step;
      if (
        typeof step !== "number" || !Number.isInteger(step) || step < 0 ||
        step >= stepIndex
      ) {
        throw new ProtocolError(
          `Condition of step ${stepIndex} must reference an earlier step`,
        );
      }
      return { type: raw.type, step };
    }
    case "not":
      return {
        type: "not",
        cond: parseCondition(raw.cond, stepIndex, version),
      };
    case "and":
    case "or":
      if (!Array.isArray(raw.conds)) {
        throw new ProtocolError(`An "${raw.type}" condition needs conds`);
      }
      return {
        type: raw.type,
        conds: raw.conds.map((cond: unknown) =>
          parseCondition(cond, stepIndex, version)
        ),
      };
    case "is_autocommit":
      if (version >= 3) return { type: "is_autocommit" };
  }
  throw new ProtocolError(
    `Unknown condition type "${String(raw.type)}" for Hrana ${version}`,
  );
}

function evaluateCondition(
  condition: Condition,
  outcomes: readonly StepOutcome[],
  db: LibsqlDatabase,
): boolean {
  switch (condition.type) {
    case "ok":
      return outcomes[condition.step] === "ok";
    case "error":
      // sqld evaluates "error" as "not ok", so it holds for skipped steps.
      return outcomes[condition.step] !== "ok";
    case "not":
      return !evaluateCondition(condition.cond, outcomes, db);
    case "and":
      return condition.conds.every((c) => evaluateCondition(c, outcomes, db));
    case "or":
      return condition.conds.some((c) => evaluateCondition(c, outcomes, db));
    case "is_autocommit":
      return !db.inTransaction;
  }
}
