import assert from "node:assert/strict";
import type { ModelMessage } from "../../mod.ts";
import { transcriptEntry } from "../../src/cli/transcript/entry.ts";
import { renderEntry } from "../../src/cli/transcript/render.ts";
import {
  foldText,
  formatBytes,
  formatCount,
  sanitizeText,
  visibleLength,
} from "../../src/cli/transcript/text.ts";
import { firstUserText, sessionTitle } from "../../src/cli/transcript/title.ts";
import { parseArgs, splitCommand } from "../../src/cli/args.ts";
import { UsageError } from "../../src/cli/errors.ts";
import {
  conversationTurns,
  PYDANTIC_FIXTURES,
} from "../support/pydantic_fixtures.ts";

const AT = new Date(Date.UTC(2026, 7, 20, 14, 3, 12));

function entry(message: ModelMessage, seq = 1) {
  return transcriptEntry({
    seq,
    role: message.kind === "response" ? "model" : "user",
    createdAt: AT,
    message,
  });
}

Deno.test("renderEntry() shows roles, tool calls with arguments, results and usage", () => {
  const turns = conversationTurns();
  const lines = turns.flatMap((m, i) => renderEntry(entry(m, i + 1)));
  assert.deepEqual(lines.slice(0, 3), [
    "#1 user 2026-08-20 14:03:12Z",
    "  system: You are a helpful weather assistant.",
    "  Will it rain in Paris tomorrow?",
  ]);
  assert.equal(
    lines[3],
    "#2 model 2026-08-20 14:03:12Z gpt-5.2 · 214 in / 23 out tokens",
  );
  assert.equal(
    lines[4],
    '  → get_forecast({"city":"Paris","day":"2026-08-21"})  call_Xq81Lm0b',
  );
  assert.equal(
    lines[6],
    "  ← get_forecast: Light rain expected in the afternoon, 17°C.",
  );
});

Deno.test("renderEntry() colors only when asked, and never lets stored text emit escape sequences", () => {
  const message: ModelMessage = {
    kind: "request",
    parts: [{
      part_kind: "user-prompt",
      content: "evil \x1b[2J\x1b]0;title\x07 \u202eabc\r line\nsecond",
    }],
  };
  const plain = renderEntry(entry(message));
  assert.deepEqual(plain, [
    "#1 user 2026-08-20 14:03:12Z",
    "  evil \\u001b[2J\\u001b]0;title\\u0007 \\u202eabc\\u000d line",
    "  second",
  ]);
  const colored = renderEntry(entry(message), { color: true });
  assert(colored[0]!.startsWith("\x1b[1m#1\x1b[0m \x1b[36muser\x1b[0m "));
  // The only escape sequences are our own color codes.
  const ESC = "\x1b";
  for (const line of colored) {
    const uncolored = line.split(ESC).map((piece, i) =>
      i === 0 ? piece : piece.replace(/^\[\d+m/, "")
    ).join("");
    assert(!uncolored.includes(ESC), line);
    assert.notEqual(uncolored.length, 0);
  }
  assert.equal(visibleLength(colored[1]!), plain[1]!.length);
});

Deno.test("renderEntry() folds thinking to one line and shortens long tool output unless full", () => {
  const thinking =
    PYDANTIC_FIXTURES.find((f) =>
      f.name === "response: thinking and compaction"
    )!.message;
  const lines = renderEntry(entry(thinking));
  const folded = lines.filter((l) => l.startsWith("  thinking: "));
  assert(folded.length > 0);
  for (const line of folded) assert.doesNotMatch(line, /\n/);
  const long: ModelMessage = {
    kind: "request",
    parts: [{
      part_kind: "tool-return",
      tool_name: "dump",
      content: "x".repeat(5000),
    }],
  };
  assert.match(
    renderEntry(entry(long))[1]!,
    /… \(3,000 more characters; --full shows all\)$/,
  );
  assert.equal(renderEntry(entry(long), { full: true })[1]!.length, 5000 + 10);
});

Deno.test("transcriptEntry() describes every fixture part without throwing", () => {
  for (const fixture of PYDANTIC_FIXTURES) {
    const e = entry(fixture.message);
    for (const item of e.items) {
      assert.equal(typeof item.kind, "string", fixture.name);
    }
    assert(renderEntry(e).length >= 1, fixture.name);
  }
  const odd = transcriptEntry({
    seq: 1,
    role: "user",
    createdAt: AT,
    message: { some: "other format" },
  });
  assert.deepEqual(odd.items, [{
    kind: "note",
    text: '{"some":"other format"}',
  }]);
});

Deno.test("sessionTitle() prefers the metadata title, else the first user words", () => {
  assert.equal(sessionTitle({ title: "Trip" }, conversationTurns()), "Trip");
  assert.equal(
    sessionTitle({ title: "" }, conversationTurns()),
    "Will it rain in Paris tomorrow?",
  );
  assert.equal(sessionTitle({}, []), "");
  assert.equal(firstUserText([{ kind: "request", parts: [] }]), undefined);
  assert.equal(foldText("a\n\n b   c", 80), "a b c");
  assert.equal(foldText("abcdef", 4), "abc…");
  assert.equal(sanitizeText("tab\tok\nline"), "tab\tok\nline");
  assert.equal(formatCount(1234567), "1,234,567");
  assert.equal(formatBytes(2048), "2.0 KB");
});

Deno.test("parseArgs() reads flags, values and positionals, and rejects mistakes with UsageError", () => {
  const specs = {
    limit: { type: "integer", min: 1, max: 10, help: "" },
    session: { type: "string", multiple: true, help: "" },
    json: { type: "boolean", help: "" },
    help: { type: "boolean", short: "h", help: "" },
  } as const;
  const args = parseArgs(
    [
      "a",
      "--limit=3",
      "--session",
      "x",
      "--session",
      "y",
      "--json",
      "--",
      "--b",
    ],
    specs,
  );
  assert.deepEqual(args.positionals, ["a", "--b"]);
  assert.equal(args.integer("limit"), 3);
  assert.deepEqual(args.strings("session"), ["x", "y"]);
  assert.equal(args.boolean("json"), true);
  assert.equal(args.boolean("help"), false);
  assert.equal(parseArgs(["-h"], specs).boolean("help"), true);
  for (
    const [argv, message] of [
      [["--nope"], /unknown option "--nope"/],
      [["-x"], /unknown option "-x"/],
      [["--limit", "11"], /--limit must be an integer from 1 to 10/],
      [["--limit", "2.5"], /must be an integer/],
      [["--limit"], /--limit needs a value/],
      [["--json=yes"], /--json does not take a value/],
      [["--limit", "1", "--limit", "2"], /--limit was given more than once/],
    ] as const
  ) {
    assert.throws(
      () => parseArgs(argv, specs),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  }
  assert.deepEqual(
    splitCommand(["--url", "x.db", "show", "s1", "--json"], {
      url: { type: "string", help: "" },
    }),
    { command: "show", rest: ["--url", "x.db", "s1", "--json"] },
  );
});
