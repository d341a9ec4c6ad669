/**
 * Just enough of SQLite's tokenizer to do what sqld's parser does for the
 * server: split a script into statements (trigger bodies stay whole),
 * number the parameters the way SQLite does, and tell what a statement
 * does (its verb, and whether it is an EXPLAIN).
 *
 * @module
 */

interface Token {
  kind: "word" | "param" | "semicolon" | "open" | "close" | "other";
  text: string;
  start: number;
  end: number;
}

/** One statement of a script, as far as the server needs to know it. */
export interface SqlStatement {
  /** The statement text without the terminating semicolon. */
  text: string;
  /**
   * Parameter names by index (index 0 is SQLite's parameter 1): `null` for
   * a bare `?`, `?NNN` for numbered ones, `:a`/`@a`/`$a` for named ones.
   */
  params: (string | null)[];
  /** First keyword deciding what the statement does (after `WITH …`). */
  verb: string;
  explain: boolean;
}

const ID_START = /[\p{L}_]/u;
const ID_CHAR = /[\p{L}\p{N}_$]/u;

/** Splits SQL into tokens, skipping whitespace and comments. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token["kind"], start: number, end: number) =>
    tokens.push({ kind, text: sql.slice(start, end), start, end });
  let i = 0;
  while (i < sql.length) {
    const c = sql.charAt(i);
    const next = sql.charAt(i + 1);
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (c === "/" && next === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      // Literals and quoted identifiers; a doubled quote is an escape.
      const quote = c === "[" ? "]" : c;
      i++;
      for (;;) {
        const close = sql.indexOf(quote, i);
        if (close === -1) {
          i = sql.length;
          break;
        }
        i = close + 1;
        if (quote === "]" || sql.charAt(i) !== quote) break;
        i++;
      }
      push("other", start, i);
    } else if (c === "?") {
      i++;
      while (/[0-9]/.test(sql.charAt(i))) i++;
      push("param", start, i);
    } else if ((c === ":" || c === "@" || c === "$") && ID_CHAR.test(next)) {
      i++;
      while (i < sql.length && ID_CHAR.test(sql.charAt(i))) i++;
      push("param", start, i);
    } else if (ID_START.test(c)) {
      while (i < sql.length && ID_CHAR.test(sql.charAt(i))) i++;
      push("word", start, i);
    } else if (/[0-9.]/.test(c)) {
      i++;
      while (i < sql.length && /[0-9a-zA-Z_.]/.test(sql.charAt(i))) i++;
      push("other", start, i);
    } else {
      i++;
      push(
        c === ";"
          ? "semicolon"
          : c === "("
          ? "open"
          : c === ")"
          ? "close"
          : "other",
        start,
        i,
      );
    }
  }
  return tokens;
}

/**
 * Splits a script into statements at top-level semicolons. Inside
 * `CREATE TRIGGER … BEGIN … END` the body's semicolons do not split
 * (`BEGIN`/`CASE` … `END` nesting is tracked). Empty statements are dropped.
 */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  let trigger = false;
  let depth = 0;
  const finish = () => {
    if (current.length > 0) statements.push(describeTokens(sql, current));
    current = [];
    trigger = false;
    depth = 0;
  };
  for (const token of tokenize(sql)) {
    if (token.kind === "semicolon" && depth === 0) {
      finish();
      continue;
    }
    current.push(token);
    if (token.kind !== "word") continue;
    const word = token.text.toUpperCase();
    if (
      word === "TRIGGER" && current.length <= 3 &&
      current[0]?.text.toUpperCase() === "CREATE"
    ) {
      trigger = true;
    } else if (trigger && (word === "BEGIN" || word === "CASE")) {
      depth++;
    } else if (trigger && word === "END" && depth > 0) {
      depth--;
    }
  }
  finish();
  return statements;
}

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER. */
const MAX_PARAMS = 32_766;
const VERBS = new Set([
  "SELECT",
  "VALUES",
  "INSERT",
  "REPLACE",
  "UPDATE",
  "DELETE",
]);

function describeTokens(sql: string, tokens: Token[]): SqlStatement {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const text = first && last ? sql.slice(first.start, last.end) : "";

  // Number parameters the way SQLite does: `?` takes the next free index,
  // `?NNN` takes NNN, a named parameter reuses the index of its first use.
  const params: (string | null)[] = [];
  const indexByName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== "param") continue;
    if (token.text === "?") {
      params.push(null);
      continue;
    }
    const known = indexByName.get(token.text);
    if (known !== undefined) continue;
    const index = token.text.startsWith("?")
      ? Number(token.text.slice(1))
      : params.length + 1;
    if (index < 1 || index > MAX_PARAMS) continue; // SQLite rejects it.
    while (params.length < index) params.push(null);
    if (params[index - 1] === null) params[index - 1] = token.text;
    indexByName.set(token.text, index);
  }

  const words = tokens.filter((token) => token.kind === "word");
  const explain = words[0]?.text.toUpperCase() === "EXPLAIN";
  let verb = words[explain ? 1 : 0]?.text.toUpperCase() ?? "";
  if (verb === "WITH") {
    // The verb is the first top-level keyword after the CTE definitions.
    let level = 0;
    for (const token of tokens) {
      if (token.kind === "open") level++;
      else if (token.kind === "close") level--;
      else if (token.kind === "word" && level === 0) {
        const word = token.text.toUpperCase();
        if (VERBS.has(word)) {
          verb = word;
          break;
        }
      }
    }
  }
  if (verb === "REPLACE") verb = "INSERT";
  if (verb === "VALUES" || explain) verb = "SELECT";
  return { text, params, verb, explain };
}
