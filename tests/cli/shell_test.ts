/**
 * Text the tool prints: {@linkcode inlineText} and {@linkcode quote} keep
 * any string on one line with nothing raw that could end it, move the
 * cursor or reorder it; {@linkcode shellWord} writes any argument so bash
 * reads back exactly that argument, on one printed line.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { quote } from "../../src/cli/output.ts";
import { commandLine, shellWord } from "../../src/cli/shell.ts";
import { inlineText } from "../../src/cli/transcript/text.ts";

const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings rich in what breaks lines: controls, bidi, separators, surrogates. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "\n",
      "\r",
      "\t",
      "\x1b",
      "\x00",
      "\x7f",
      "\u0085",
      "\u2028",
      "\u2029",
      "\u202e",
      "\u2066",
      "\u200f",
      "\u061c",
      "\ud800",
      "\udc00",
      "'",
      '"',
      "\\",
      "$",
      "`",
      " ",
      "😀",
    ),
    fc.string({ unit: "grapheme", maxLength: 1 }),
  ),
  maxLength: 30,
});

Deno.test("property: inlineText() and quote() leave nothing raw that could break a line, and change nothing else", () => {
  fc.assert(
    fc.property(hostile, (text) => {
      for (const shown of [inlineText(text), quote(text)]) {
        assert.doesNotMatch(shown, UNSAFE);
        assert(shown.isWellFormed(), "no lone surrogate is printed");
      }
      // Safe text is shown as it is.
      if (!UNSAFE.test(text) && text.isWellFormed()) {
        assert.equal(inlineText(text), text);
      }
      // quote() is a JSON string literal of the same text.
      assert.equal(JSON.parse(quote(text)), text);
    }),
  );
});

Deno.test("property: bash reads every shellWord() back as the argument, from one printed line", async () => {
  const words = fc.sample(
    hostile.filter((s) => s.isWellFormed() && !s.includes("\0")),
    { numRuns: 150, seed: 42 },
  );
  for (const w of words) {
    const printed = shellWord(w);
    assert(!/[\n\r]/.test(printed), `one line: ${printed}`);
    assert.doesNotMatch(printed, UNSAFE);
  }
  // One bash run prints each word NUL-terminated.
  const script = `printf '%s\\0' ${words.map(shellWord).join(" ")}`;
  const out = await new Deno.Command("bash", {
    args: ["-c", script],
    env: { LC_ALL: "C.UTF-8" },
    stdout: "piped",
  }).output();
  assert.equal(out.code, 0);
  const read = new TextDecoder().decode(out.stdout).split("\0").slice(0, -1);
  assert.deepEqual(read, words);
  assert.equal(
    commandLine(["history", "sessions", "--url", "my db.sqlite"]),
    "history sessions --url 'my db.sqlite'",
  );
});
