/**
 * The size rules of `src/`: no file longer than {@linkcode MAX_FILE_LINES}
 * lines, no function, method or arrow function whose body is longer than
 * {@linkcode MAX_FUNCTION_LINES} lines, and every file opening with a module
 * doc comment (a JSDoc block with `@module` before its first statement).
 *
 * The rules are a `deno lint` plugin (this module's default export), so the
 * code is parsed by Deno's own TypeScript parser rather than by a scan of our
 * own. Run as a script, it lints `src/` with that plugin alone and prints one
 * line per finding; it exits with 1 when there is any:
 *
 * ```sh
 * deno run -A scripts/check_sizes.ts
 * ```
 *
 * @module
 */

/** The longest a file under `src/` may be, in lines. */
export const MAX_FILE_LINES = 600;
/** The longest a function body may be, in lines (from `{` to `}`). */
export const MAX_FUNCTION_LINES = 80;

/**
 * Files exempt from the two length rules, relative to the repository root,
 * each with the reason. Only generated files belong here: a hand-written file
 * that grows past a limit is split, not listed.
 */
export const GENERATED_FILES: Readonly<Record<string, string>> = {
  // The SQL of every drizzle migration, embedded as string literals by
  // `deno task migrations`; it grows with each migration, not with code.
  "src/db/migrations.ts": "written by scripts/embed_migrations.ts",
};

/** One broken rule. */
export interface SizeFinding {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The line the finding is about (1-based). */
  readonly line: number;
  /** Which rule: `file-length`, `function-length` or `module-doc`. */
  readonly rule: string;
  /** What is wrong, e.g. `buildSchemas is 459 lines (max 80)`. */
  readonly message: string;
}

const root = new URL("../", import.meta.url);

/** Whether `filename` (a path or a `file:` URL) is in {@linkcode GENERATED_FILES}. */
function isGenerated(filename: string): boolean {
  const path = filename.startsWith("file:")
    ? new URL(filename).pathname
    : filename;
  return Object.keys(GENERATED_FILES).some((file) =>
    path === new URL(file, root).pathname
  );
}

/** The 1-based line of the UTF-16 offset `at` in `text`. */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (
    let i = text.indexOf("\n");
    i !== -1 && i < at;
    i = text.indexOf("\n", i + 1)
  ) {
    line++;
  }
  return line;
}

/** The lines `text` holds; a final newline does not start another one. */
function lineCount(text: string): number {
  return lineAt(text, text.length) - (text.endsWith("\n") ? 1 : 0);
}

type FunctionNode =
  | Deno.lint.FunctionDeclaration
  | Deno.lint.FunctionExpression
  | Deno.lint.ArrowFunctionExpression;

/** A readable name for a function: its own, or the name it is bound to. */
function functionName(node: FunctionNode): string {
  if (node.type !== "ArrowFunctionExpression" && node.id) return node.id.name;
  const parent = node.parent;
  const key = parent.type === "MethodDefinition" ||
      parent.type === "Property" || parent.type === "PropertyDefinition"
    ? parent.key
    : parent.type === "VariableDeclarator"
    ? parent.id
    : undefined;
  if (key?.type === "Identifier") return key.name;
  if (key?.type === "PrivateIdentifier") return `#${key.name}`;
  return node.type === "ArrowFunctionExpression"
    ? "arrow function"
    : "function";
}

/** The lint plugin holding the three rules; `deno lint` loads it by URL. */
const plugin: Deno.lint.Plugin = {
  name: "sizes",
  rules: {
    "file-length": {
      create(context): Deno.lint.LintVisitor {
        return {
          Program(): void {
            if (isGenerated(context.filename)) return;
            const lines = lineCount(context.sourceCode.text);
            if (lines <= MAX_FILE_LINES) return;
            context.report({
              range: [0, 0],
              message: `file is ${lines} lines (max ${MAX_FILE_LINES})`,
            });
          },
        };
      },
    },
    "function-length": {
      create(context): Deno.lint.LintVisitor {
        if (isGenerated(context.filename)) return {};
        const text = context.sourceCode.text;
        const check = (node: FunctionNode): void => {
          // A declared overload or an abstract method has no body.
          const body = node.body;
          if (!body) return;
          const lines = lineAt(text, body.range[1]) -
            lineAt(text, body.range[0]) + 1;
          if (lines <= MAX_FUNCTION_LINES) return;
          context.report({
            node: body,
            message: `${functionName(node)} is ${lines} lines ` +
              `(max ${MAX_FUNCTION_LINES})`,
          });
        };
        return {
          FunctionDeclaration: check,
          FunctionExpression: check,
          ArrowFunctionExpression: check,
        };
      },
    },
    "module-doc": {
      create(context): Deno.lint.LintVisitor {
        return {
          Program(node): void {
            const first = node.body[0];
            const end = first ? first.range[0] : context.sourceCode.text.length;
            const docs = context.sourceCode.getAllComments().filter((c) =>
              c.range[1] <= end && c.type === "Block" &&
              c.value.startsWith("*") && /@module\b/.test(c.value)
            );
            if (docs.length > 0) return;
            context.report({
              range: [0, 0],
              message: "the file does not open with a module doc comment " +
                "(a /** … @module */ block before its first statement)",
            });
          },
        };
      },
    },
  },
};
export default plugin;

/**
 * Lints `paths` (relative to the repository root; `src/` by default) with
 * the plugin alone and returns what it finds, in file and line order.
 */
export async function checkSizes(
  paths: readonly string[] = ["src/"],
): Promise<SizeFinding[]> {
  const dir = await Deno.makeTempDir({ prefix: "check_sizes_" });
  try {
    // A config of its own, so that only these rules run, with no lock file
    // and no import map of the project involved.
    const config = `${dir}/deno.json`;
    await Deno.writeTextFile(
      config,
      JSON.stringify({
        lock: false,
        lint: { plugins: [import.meta.url], rules: { tags: [] } },
      }),
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["lint", "--config", config, "--json", ...paths],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    if (!stdout.trim().startsWith("{")) {
      throw new Error(
        `deno lint failed: ${new TextDecoder().decode(output.stderr)}`,
      );
    }
    return parseLintOutput(JSON.parse(stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

interface LintJson {
  diagnostics: {
    filename: string;
    range: { start: { line: number } };
    code: string;
    message: string;
  }[];
  errors: { file_path: string; message: string }[];
}

/** The findings in `deno lint --json` output; a file it cannot parse throws. */
function parseLintOutput(json: LintJson): SizeFinding[] {
  if (json.errors.length > 0) {
    throw new Error(
      json.errors.map((e) => `${e.file_path}: ${e.message}`).join("\n"),
    );
  }
  const prefix = new URL(root).pathname;
  return json.diagnostics
    .map((d) => ({
      file: new URL(d.filename).pathname.slice(prefix.length),
      line: d.range.start.line,
      rule: d.code.replace(/^sizes\//, ""),
      message: d.message,
    }))
    .sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line
    );
}

if (import.meta.main) {
  const findings = await checkSizes(
    Deno.args.length > 0 ? Deno.args : undefined,
  );
  const lines = findings.map((f) =>
    `${f.file}:${f.line}: ${f.rule}: ${f.message}\n`
  );
  lines.push(`${findings.length} finding(s)\n`);
  const bytes = new TextEncoder().encode(lines.join(""));
  for (let at = 0; at < bytes.length;) {
    at += await Deno.stdout.write(bytes.subarray(at));
  }
  Deno.exit(findings.length > 0 ? 1 : 0);
}
