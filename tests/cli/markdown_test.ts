/**
 * The viewer's Markdown renderer: what each construct becomes (a table of
 * cases), that HTML in a message is only ever text, that only `http(s)`
 * links are links, and — as properties over arbitrary text — that the
 * output holds no tag outside the allow-list, no attribute but
 * `href`/`rel`/`class`, only `http(s)` hrefs, and tags that nest.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  MARKDOWN_TAGS,
  markdownBlocks,
  markdownHtml,
} from "../../src/cli/viewer/markdown.ts";
import { inlineHtml, LINK_REL } from "../../src/cli/viewer/markdown_inline.ts";

const a = (href: string, text: string, cls = "") =>
  `<a href="${href}" rel="${LINK_REL}"${
    cls ? ` class="${cls}"` : ""
  }>${text}</a>`;

const CASES: readonly [string, string, string][] = [
  ["paragraph", "Hello", "<p>Hello</p>"],
  ["line breaks", "one\ntwo", "<p>one<br>two</p>"],
  ["paragraphs", "one\n\ntwo", "<p>one</p>\n<p>two</p>"],
  ["h1", "# Title", "<h1>Title</h1>"],
  ["h2 with closing hashes", "## Plan ##", "<h2>Plan</h2>"],
  ["h6", "###### six", "<h6>six</h6>"],
  ["no space, no heading", "#tag", "<p>#tag</p>"],
  ["setext h1", "Title\n===", "<h1>Title</h1>"],
  ["setext h2", "Title\n---", "<h2>Title</h2>"],
  ["emphasis", "*a* _b_", "<p><em>a</em> <em>b</em></p>"],
  ["strong", "**a** __b__", "<p><strong>a</strong> <strong>b</strong></p>"],
  ["strong in em", "*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>"],
  ["both", "***a***", "<p><em><strong>a</strong></em></p>"],
  ["strikethrough", "~~old~~ new", "<p><del>old</del> new</p>"],
  ["snake_case stays", "a_b_c", "<p>a_b_c</p>"],
  ["lone stars stay", "2 * 3 * 4", "<p>2 * 3 * 4</p>"],
  ["unclosed stays", "**open", "<p>**open</p>"],
  ["escapes", "\\*not\\* \\# \\[x]", "<p>*not* # [x]</p>"],
  ["code span", "`a < b`", "<p><code>a &#60; b</code></p>"],
  ["code span with backtick", "``a`b``", "<p><code>a`b</code></p>"],
  ["no emphasis in code", "`*a*`", "<p><code>*a*</code></p>"],
  ["unclosed backtick", "`open", "<p>`open</p>"],
  [
    "fenced code",
    "```ts\nif (a < b) {}\n```",
    '<pre><code class="language-ts">if (a &#60; b) {}</code></pre>',
  ],
  ["tilde fence", "~~~\nx\n~~~", "<pre><code>x</code></pre>"],
  [
    "unclosed fence runs to the end",
    "```\nx\ny",
    "<pre><code>x\ny</code></pre>",
  ],
  [
    "bad language dropped",
    '```a"b\nx\n```',
    "<pre><code>x</code></pre>",
  ],
  ["bullets", "- a\n- b", "<ul><li>a</li><li>b</li></ul>"],
  ["star bullets", "* a\n* b", "<ul><li>a</li><li>b</li></ul>"],
  [
    "numbered",
    "1. a\n2. b",
    '<ol><li><span class="n">1.</span> a</li><li><span class="n">2.</span> b</li></ol>',
  ],
  [
    "numbered from 3",
    "3) c\n4) d",
    '<ol><li><span class="n">3)</span> c</li><li><span class="n">4)</span> d</li></ol>',
  ],
  [
    "nested",
    "- a\n  - b\n- c",
    "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
  ],
  [
    "loose list",
    "- a\n\n- b",
    "<ul><li><p>a</p></li><li><p>b</p></li></ul>",
  ],
  ["lazy continuation", "- a\nb", "<ul><li>a<br>b</li></ul>"],
  [
    "list after text",
    "Steps:\n1. go",
    '<p>Steps:</p>\n<ol><li><span class="n">1.</span> go</li></ol>',
  ],
  ["a year is not a list", "In\n2024. we", "<p>In<br>2024. we</p>"],
  ["quote", "> a\n> b", "<blockquote><p>a<br>b</p></blockquote>"],
  [
    "nested quote",
    "> a\n> > b",
    "<blockquote><p>a</p>\n<blockquote><p>b</p></blockquote></blockquote>",
  ],
  ["rule", "a\n\n***\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"],
  [
    "table",
    "| a | b |\n|:-|-:|\n| 1 | 2 |",
    '<div class="table"><table><thead><tr><th class="al-left">a</th><th class="al-right">b</th></tr></thead><tbody><tr><td class="al-left">1</td><td class="al-right">2</td></tr></tbody></table></div>',
  ],
  [
    "table with escaped pipe",
    "a | b\n--|--\n`x\\|y` | z",
    '<div class="table"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td><code>x|y</code></td><td>z</td></tr></tbody></table></div>',
  ],
  [
    "link",
    "[docs](https://example.com/a?b=1&c=2)",
    `<p>${a("https://example.com/a?b=1&#38;c=2", "docs")}</p>`,
  ],
  [
    "link with title",
    '[x](http://example.com "t")',
    `<p>${a("http://example.com/", "x")}</p>`,
  ],
  [
    "link text with emphasis",
    "[**x**](https://e.com)",
    `<p>${a("https://e.com/", "<strong>x</strong>")}</p>`,
  ],
  [
    "autolink",
    "<https://e.com/x>",
    `<p>${a("https://e.com/x", "https://e.com/x")}</p>`,
  ],
  [
    "bare URL without its full stop",
    "see https://e.com/a_(b).",
    `<p>see ${a("https://e.com/a_(b)", "https://e.com/a_(b)")}.</p>`,
  ],
  [
    "image as a link, never loaded",
    "![chart](https://e.com/c.png)",
    `<p>${a("https://e.com/c.png", "image: chart", "image")}</p>`,
  ],
  [
    "javascript: stays text",
    "[x](javascript:alert(1))",
    "<p>[x](javascript:alert(1))</p>",
  ],
  [
    "data: stays text",
    "[x](data:text/html,<b>)",
    "<p>[x](data:text/html,&#60;b&#62;)</p>",
  ],
  ["relative stays text", "[x](/etc/passwd)", "<p>[x](/etc/passwd)</p>"],
  [
    "HTML is text",
    '<img src=x onerror="alert(1)">',
    "<p>&#60;img src=x onerror=&#34;alert(1)&#34;&#62;</p>",
  ],
  [
    "HTML block is text",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<p>&#60;div&#62;<br>&#60;script&#62;alert(1)&#60;/script&#62;<br>&#60;/div&#62;</p>",
  ],
  ["entities are text", "&amp; &lt;", "<p>&#38;amp; &#38;lt;</p>"],
  [
    "control characters shown",
    "a\u001b[2Jb\u202ec",
    "<p>a\\u001b[2Jb\\u202ec</p>",
  ],
  ["CRLF", "a\r\nb\r\n\r\nc", "<p>a<br>b</p>\n<p>c</p>"],
  ["empty", "", ""],
];

Deno.test("markdownHtml() renders each construct", async (t) => {
  for (const [name, input, expected] of CASES) {
    await t.step(name, () => assert.equal(markdownHtml(input), expected));
  }
});

Deno.test("markdownBlocks() counts the source lines of each block, so long text can fold after the first", () => {
  const blocks = markdownBlocks("# A\n\npara\ngraph\n\n```\n1\n2\n```");
  assert.deepEqual(blocks.map((b) => b.lines), [1, 3, 5]);
  assert.equal(
    blocks.map((b) => b.html).join("\n"),
    markdownHtml("# A\n\npara\ngraph\n\n```\n1\n2\n```"),
  );
});

Deno.test("markdownHtml() stays linear on input built to be slow", () => {
  const inputs = [
    "*a ".repeat(30_000),
    "[".repeat(50_000),
    "`".repeat(20_000) + "x",
    "> ".repeat(20_000) + "deep",
    "- ".repeat(20_000) + "deep",
    `# a${" ".repeat(50_000)}b`,
    `- a${" ".repeat(50_000)}\u2028`,
    `|${"-|".repeat(20_000)}x`,
    "_a ".repeat(30_000),
    "https://e.com/" + "(".repeat(30_000),
  ];
  for (const input of inputs) {
    const start = performance.now();
    markdownHtml(input);
    const ms = performance.now() - start;
    assert(ms < 2000, `${JSON.stringify(input.slice(0, 12))}…: ${ms} ms`);
  }
});

Deno.test("inlineHtml() without links writes no link (a link's own text)", () => {
  assert.equal(
    inlineHtml("[a](https://e.com) https://e.com", { links: false }),
    "[a](https://e.com) https://e.com",
  );
});

/** Pieces that make Markdown and HTML interesting. */
const PIECE = fc.oneof(
  fc.constantFrom(
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "](",
    ")",
    "(",
    "![",
    "<",
    ">",
    "> ",
    "# ",
    "## ",
    "- ",
    "1. ",
    "3) ",
    "  ",
    "    ",
    "\n",
    "\n\n",
    "|",
    "|---|",
    "---",
    "===",
    "\\",
    "&",
    '"',
    "'",
    "=",
    "a",
    "word",
    "http://e.com/x",
    "https://e.com/?a=\"b\"&c='d'",
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "data:text/html,",
    "<script>",
    "</p>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:x">',
    "\u0000",
    "\u001b",
    "\u202e",
    "\t",
  ),
  fc.string({ maxLength: 8 }),
);
const MARKDOWN = fc.array(PIECE, { maxLength: 60 }).map((p) => p.join(""));

const VOID = new Set(["br", "hr"]);
const ATTRIBUTES = new Set(["href", "rel", "class"]);

/** Every tag is allowed, has allowed attributes only, and tags nest. */
function assertSafe(html: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-z0-9]+)((?: [a-z]+="[^"<>]*")*)>/g;
  let end = 0;
  for (const match of html.matchAll(tag)) {
    assert(!html.slice(end, match.index).includes("<"), `stray < in ${html}`);
    assert(!html.slice(end, match.index).includes(">"), `stray > in ${html}`);
    end = match.index + match[0].length;
    const [, closing, name, attrs] = match as unknown as string[];
    assert(MARKDOWN_TAGS.has(name!), `tag <${name}> in ${html}`);
    for (const [, attr, value] of attrs!.matchAll(/ ([a-z]+)="([^"]*)"/g)) {
      assert(ATTRIBUTES.has(attr!), `attribute ${attr} in ${html}`);
      if (attr === "href") {
        assert.equal(name, "a");
        assert.match(value!, /^https?:\/\//);
      }
      if (attr === "rel") assert.equal(value, LINK_REL);
    }
    if (closing) assert.equal(stack.pop(), name, `misnested in ${html}`);
    else if (!VOID.has(name!)) stack.push(name!);
  }
  const rest = html.slice(end);
  assert(
    !rest.includes("<") && !rest.includes(">"),
    `stray bracket in ${html}`,
  );
  assert.deepEqual(stack, [], `unclosed in ${html}`);
}

Deno.test("markdownHtml() writes only allowed tags and attributes, http(s) links, well nested (property)", () => {
  fc.assert(
    fc.property(MARKDOWN, (text) => assertSafe(markdownHtml(text))),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(
      fc.string({ maxLength: 200 }),
      (text) => assertSafe(markdownHtml(text)),
    ),
    { numRuns: 1000 },
  );
});

Deno.test("markdownHtml() keeps every letter of the text (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom("alpha", "beta", "gamma"), { maxLength: 8 }),
      fc.array(fc.constantFrom("*", "_", "`", "# ", "- ", "> ", "\n", " "), {
        maxLength: 8,
      }),
      (words, marks) => {
        const text = words.map((w, i) => `${marks[i] ?? " "}${w}`).join(" ");
        const html = markdownHtml(text);
        for (const word of words) {
          assert(html.includes(word), `${word} in ${html}`);
        }
      },
    ),
    { numRuns: 500 },
  );
});
