/**
 * The web viewer as a chat transcript, in a real headless Chromium (through
 * playwright-core): Markdown rendered and HTML shown as text, tool calls,
 * results and long text folded until clicked, each message's JSON one
 * click away, token usage, search hits with their session's title, paging,
 * sessions with ids a URL parser would rewrite, malformed paths answered
 * with 4xx, and a session whose data is broken in one place still shown
 * everywhere else. Skipped, with the reason in the test name, when
 * /usr/bin/chromium is not installed (`apt-get install chromium`).
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import type { Browser, Page } from "playwright-core";
import * as v from "valibot";
import {
  defineFormat,
  type History,
  type ModelMessage,
  openHistory,
} from "../../mod.ts";
import { serveViewer } from "../../src/cli/viewer/serve.ts";
import { tempDir } from "../support/targets.ts";
import {
  chromiumInstalled,
  HOSTILE,
  launchChromium,
  SKIPPED,
} from "./browser.ts";

/** Ids a URL parser would rewrite or misread if put in a path as they are. */
const WEIRD_IDS = [
  ".",
  "..",
  "...",
  "a/b",
  "/",
  "a\\b",
  "%",
  "%2e%2e",
  "%00",
  "?x",
  "#",
  "with space",
  "été 東京 🚀",
  "~tilde",
  "~",
  "s/../x",
];

const ts = "2026-08-20T14:03:10.118422Z";
const request = (parts: unknown[]) =>
  ({ kind: "request", parts }) as unknown as ModelMessage;
const response = (parts: unknown[], input: number, output: number) =>
  ({
    kind: "response",
    parts,
    model_name: "gpt-5.2",
    timestamp: ts,
    usage: { input_tokens: input, output_tokens: output },
  }) as unknown as ModelMessage;
const userPrompt = (content: string) => ({
  part_kind: "user-prompt",
  content,
  timestamp: ts,
});
const text = (content: string) => ({ part_kind: "text", content });

const ANSWER = `## The plan

Use **strong** words and \`inline code\`:

- first
- second

1. one
2. two

[bad](javascript:alert(1)) and [good](https://example.com/docs).`;

const LONG_ARGS = JSON.stringify({ path: "notes.md", text: "x".repeat(3000) });
const LONG_RESULT = Array.from(
  { length: 400 },
  (_, i) => `line ${i + 1} of the listing`,
).join("\n");
const LONG_TEXT = Array.from(
  { length: 60 },
  (_, i) => `Paragraph ${i + 1} of a long answer.`,
).join("\n\n");

async function seed(history: History, db: string): Promise<void> {
  await history.getOrCreateSession("chat", {
    owner: "alice",
    metadata: { title: "Markdown and tools" },
  });
  await history.saveMessages("chat", [
    request([userPrompt(`${HOSTILE} & "quotes" **bold**`)]),
    response(
      [
        { part_kind: "thinking", content: "Let me think about the plan." },
        {
          part_kind: "tool-call",
          tool_name: "write_file",
          args: LONG_ARGS,
          tool_call_id: "call_1",
        },
      ],
      1834,
      96,
    ),
    request([{
      part_kind: "tool-return",
      tool_name: "write_file",
      content: LONG_RESULT,
      tool_call_id: "call_1",
      timestamp: ts,
      outcome: "success",
    }]),
    response([text(ANSWER)], 2000, 120),
    response([text(LONG_TEXT)], 10, 10),
  ]);
  for (const id of WEIRD_IDS) {
    await history.getOrCreateSession(id);
    await history.saveMessages(id, [request([userPrompt(`Hello from ${id}`)])]);
  }
  await history.getOrCreateSession("long", { metadata: { title: "Long" } });
  const many = [];
  for (let i = 1; i <= 450; i++) {
    many.push(request([userPrompt(`Message ${i}`)]));
  }
  await history.saveMessages("long", many);
  for (const id of ["corrupt", "not-json"]) {
    await history.getOrCreateSession(id, { metadata: { title: id } });
    await history.saveMessages(id, [
      request([userPrompt(`first of ${id}`)]),
      response([text(`second of ${id}`)], 5, 5),
      request([userPrompt(`third of ${id}`)]),
    ]);
  }
  const acme = history.withFormat(defineFormat({
    name: "acme-chat",
    version: "1",
    schema: v.object({ say: v.string() }),
    roleOf: () => "user",
  }));
  await acme.getOrCreateSession("acme", { metadata: { title: "Acme" } });
  await acme.saveMessages("acme", [{ say: "hello from acme" }]);
  const raw = createClient({ url: `file:${db}` });
  try {
    await raw.execute({
      sql:
        `UPDATE chat_messages SET content = json_set(content, '$.parts[0].part_kind', 'bogus') WHERE session_id = ? AND seq = 2`,
      args: ["corrupt"],
    });
    await raw.execute({
      sql:
        `UPDATE chat_messages SET content = '{not json' WHERE session_id = ? AND seq = 2`,
      args: ["not-json"],
    });
  } finally {
    raw.close();
  }
}

async function withViewer(
  fn: (page: Page, url: string, history: History) => Promise<void>,
): Promise<void> {
  await using dir = await tempDir();
  const db = `${dir.path}/ironclaw.db`;
  await using history = await openHistory({ url: `file:${db}` });
  await seed(history, db);
  await using server = await serveViewer(history, {
    port: 0,
    sessionsPerPage: 100,
  });
  const browser: Browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await fn(page, server.url, history);
    assert.equal(await page.evaluate("typeof window.pwned"), "undefined");
    assert.deepEqual(dialogs, []);
  } finally {
    await browser.close();
  }
}

const isOpen = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((d) => (d as { open: boolean }).open);

Deno.test({
  name:
    `viewer renders Markdown, shows HTML as text, folds tools and long text, and links each message's JSON, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await withViewer(async (page, url, history) => {
      await page.goto(`${url}s/chat`);
      assert.equal(await page.locator("h1").innerText(), "Markdown and tools");

      // Markdown is rendered as elements…
      const answer = page.locator("#m4");
      assert.equal(await answer.locator("h2").innerText(), "The plan");
      assert.equal(await answer.locator("strong").innerText(), "strong");
      assert.equal(await answer.locator("p code").innerText(), "inline code");
      assert.equal(await answer.locator("ul > li").count(), 2);
      assert.equal(await answer.locator("ol > li").count(), 2);
      assert.match(
        await answer.locator("ol > li").nth(1).innerText(),
        /^2\.\s*two$/,
      );
      // …a javascript: link stays text; an https link is a link, without referrer.
      assert.equal(await page.locator('main a[href^="javascript"]').count(), 0);
      assert.match(
        await answer.innerText(),
        /\[bad\]\(javascript:alert\(1\)\)/,
      );
      const good = answer.getByRole("link", { name: "good" });
      assert.equal(await good.getAttribute("href"), "https://example.com/docs");
      assert.equal(
        await good.getAttribute("rel"),
        "noopener noreferrer nofollow",
      );

      // HTML in a message is shown as text: no element is injected.
      const prompt = page.locator("#m1 .item.user");
      assert.equal(await prompt.innerText(), `${HOSTILE} & "quotes" bold`);
      assert.equal(await prompt.locator("strong").innerText(), "bold");
      assert.equal(await page.locator("main img, main script").count(), 0);

      // Tokens of each response, and of the session, at a glance.
      assert.equal(
        await page.locator("#m2 .chip.tokens").innerText(),
        "1,834 in / 96 out tokens",
      );
      const stats = await page.locator(".stats").innerText();
      assert.match(stats, /3\s+RESPONSES/);
      assert.match(stats, /3,844\s+INPUT TOKENS/);
      assert.match(stats, /226\s+OUTPUT TOKENS/);
      assert.match(stats, /gpt-5\.2\s+MODEL/);

      // A tool call is folded: name, a preview and its size; opens on click.
      const call = page.locator("#m2 details.tool.call");
      assert.equal(await isOpen(page, "#m2 details.tool.call"), false);
      const callSummary = await call.locator("summary").innerText();
      assert.match(callSummary, /TOOL CALL\s+write_file\(\{"path":"notes\.md"/);
      assert.match(callSummary, /call_1\s*1 line · 3\.0 KB/);
      assert(callSummary.length < 400, callSummary);
      assert.equal(await call.locator("pre").isVisible(), false);
      await call.locator("summary").click();
      assert.equal(await call.locator("pre").isVisible(), true);
      assert.match(
        await call.locator("pre").innerText(),
        /^\{\n {2}"path": "notes\.md",/,
      );

      // So is a 400-line tool result.
      const result = page.locator("#m3 details.tool.result");
      assert.equal(await isOpen(page, "#m3 details.tool.result"), false);
      assert.match(
        await result.locator("summary").innerText(),
        /TOOL RESULT\s+write_file\s+line 1 of the listing line 2[^\n]*…\s*400 lines · \d+\.\d KB/,
      );
      assert.equal(await result.locator("pre").isVisible(), false);
      await result.locator("summary").click();
      assert.match(
        await result.locator("pre").innerText(),
        /line 400 of the listing$/,
      );

      // Thinking is folded too.
      assert.equal(await isOpen(page, "#m2 details.thinking"), false);
      assert.match(
        await page.locator("#m2 details.thinking summary").innerText(),
        /^THINKING\s+Let me think about the plan\./,
      );

      // A long text shows its first paragraphs; the rest opens on click.
      const long = page.locator("#m5");
      assert.equal(
        await long.locator(".md p").getByText("Paragraph 1 of a long answer.")
          .isVisible(),
        true,
      );
      const last = long.locator(".md p").getByText(
        "Paragraph 60 of a long answer.",
      );
      assert.equal(await last.isVisible(), false);
      assert.match(
        await long.locator("details.more summary").innerText(),
        /Show the rest · 119 lines/,
      );
      await long.locator("details.more summary").click();
      assert.equal(await last.isVisible(), true);

      // Each message's JSON is one click away, and its stored text one more.
      const raw = page.locator("#m1 details.raw");
      assert.equal(await isOpen(page, "#m1 details.raw"), false);
      assert.match(await raw.locator("summary").innerText(), /^JSON · \d+ B$/);
      await raw.locator("summary").click();
      assert.match(
        await raw.locator("pre").innerText(),
        /"part_kind": "user-prompt"/,
      );
      const [record] = await history.getMessageRecords("chat", { limit: 1 });
      const stored = await page.goto(
        new URL(await raw.getByRole("link").getAttribute("href") ?? "", url)
          .href,
      );
      assert.equal(
        stored?.headers()["content-type"],
        "application/json; charset=utf-8",
      );
      assert.equal(await stored?.text(), record!.json);
    });
  },
});

Deno.test({
  name:
    `viewer search hits show the session title and the words around the match, and open the message, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await withViewer(async (page, url) => {
      await page.goto(url);
      await page.getByRole("searchbox", { name: "Search messages" }).fill(
        "Message 321",
      );
      await page.keyboard.press("Enter");
      const hit = page.locator("ol.hits li").first();
      assert.equal(await hit.locator("a.title").innerText(), "Long");
      assert.match(await hit.innerText(), /Long\s+long\s+#321\s+USER/);
      assert.equal(await hit.locator(".snippet").innerText(), "Message 321");
      assert.deepEqual(await hit.locator("mark").allInnerTexts(), [
        "Message",
        "321",
      ]);
      await hit.locator("a.title").click();
      await page.waitForURL(/\/s\/long\?after=200#m321$/);
      assert.equal(
        await page.locator("article:target").getAttribute("id"),
        "m321",
      );
    });
  },
});

Deno.test({
  name:
    `viewer pages a long session with previous and next links, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await withViewer(async (page, url) => {
      await page.goto(`${url}s/long`);
      const where = page.locator("nav.pages .where").first();
      assert.equal(
        await where.innerText(),
        "Messages 1–200 of 450 · page 1 of 3",
      );
      assert.equal(await page.locator("article.msg").count(), 200);
      assert.equal(
        await page.getByRole("link", { name: "← Earlier messages" }).count(),
        0,
      );
      await page.getByRole("link", { name: "Later messages →" }).first()
        .click();
      assert.equal(
        await where.innerText(),
        "Messages 201–400 of 450 · page 2 of 3",
      );
      await page.getByRole("link", { name: "Later messages →" }).first()
        .click();
      assert.equal(
        await where.innerText(),
        "Messages 401–450 of 450 · page 3 of 3",
      );
      assert.equal(await page.locator("article.msg").count(), 50);
      assert.equal(
        await page.getByRole("link", { name: "Later messages →" }).count(),
        0,
      );
      await page.getByRole("link", { name: "⇤ First" }).first().click();
      assert.equal(
        await where.innerText(),
        "Messages 1–200 of 450 · page 1 of 3",
      );
    });
  },
});

Deno.test({
  name:
    `viewer opens every session from the list's link, whatever its id, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await withViewer(async (page, url) => {
      for (const id of WEIRD_IDS) {
        await page.goto(url);
        const link = page.locator("span.sid a").filter({
          has: page.locator(`xpath=self::*[. = ${xpathString(id)}]`),
        });
        assert.equal(await link.count(), 1, id);
        await link.click();
        await page.waitForLoadState();
        assert.equal(await page.locator(".facts b.mono").innerText(), id, id);
        assert.equal(
          await page.locator("#m1 .item.user").innerText(),
          `Hello from ${id}`,
          id,
        );
        const json = await page.locator("#m1 details.raw a").getAttribute(
          "href",
        );
        const reply = await fetch(new URL(json!, url));
        assert.equal(reply.status, 200, id);
        assert.match(await reply.text(), new RegExp(`Hello from`));
      }
    });
  },
});

/** An XPath string literal for any text. */
function xpathString(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

Deno.test({
  name:
    `viewer shows the rest of a session when one message is corrupt, not JSON, or in an unknown format, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await withViewer(async (page, url) => {
      const corrupt = await page.goto(`${url}s/corrupt`);
      assert.equal(corrupt?.status(), 200);
      assert.equal(
        await page.locator("#m1 .item.user").innerText(),
        "first of corrupt",
      );
      assert.equal(
        await page.locator("#m3 .item.user").innerText(),
        "third of corrupt",
      );
      const broken = page.locator("#m2.broken");
      assert.match(
        await broken.innerText(),
        /This message could not be shown\.[\s\S]*seq 2 is corrupt at "parts\.0/,
      );
      await broken.locator("details.raw summary").click();
      assert.match(
        await broken.locator("details.raw pre").innerText(),
        /"bogus"/,
      );

      const notJson = await page.goto(`${url}s/not-json`);
      assert.equal(notJson?.status(), 200);
      assert.equal(
        await page.locator("#m1 .item.user").innerText(),
        "first of not-json",
      );
      assert.equal(
        await page.locator("#m3 .item.user").innerText(),
        "third of not-json",
      );
      assert.match(
        await page.locator("#m2.broken").innerText(),
        /does not parse/,
      );
      assert.match(
        await page.locator("main").innerText(),
        /The usage could not be shown\./,
      );
      assert.equal(await page.locator("h1").innerText(), "not-json");

      const acme = await page.goto(`${url}s/acme`);
      assert.equal(acme?.status(), 200);
      assert.match(
        await page.locator(".notice").innerText(),
        /does not read the format “acme-chat@1”/,
      );
      assert.match(
        await page.locator("#m1").innerText(),
        /\{"say":"hello from acme"\}/,
      );
    });
  },
});

Deno.test("viewer answers malformed paths and queries with 4xx, never 5xx", async () => {
  await using dir = await tempDir();
  const db = `${dir.path}/ironclaw.db`;
  await using history = await openHistory({ url: `file:${db}` });
  await history.getOrCreateSession("weather");
  await history.saveMessages("weather", [request([userPrompt("hi")])]);
  await using server = await serveViewer(history, { port: 0 });
  const paths = [
    "/s/%",
    "/s/%zz",
    "/s/%E0%A4%A",
    "/s/%ED%A0%80",
    "/s/%C0%AF",
    "/s/%00",
    "/s/~%00",
    "/s/",
    "/s/~",
    "/s/a/b",
    "/s/weather/",
    "/s/weather/json/x",
    `/s/${"a".repeat(600)}`,
    "/s/weather?after=-1",
    "/s/weather?after=abc",
    "/s/weather?after=1e3",
    "/s/weather/json?seq=0",
    "/s/weather/json?seq=abc",
    "/s/weather/json?seq=2",
    "/s/nope",
    "/s/nope/json",
    "/?cursor=garbage",
    "/?cursor=%FF",
    `/?owner=${"o".repeat(600)}`,
    "/favicon.ico",
    "/%",
    "//",
  ];
  for (const path of paths) {
    const reply = await fetch(`${server.url}${path.slice(1)}`);
    await reply.body?.cancel();
    assert(
      reply.status >= 400 && reply.status < 500,
      `${path}: ${reply.status}`,
    );
  }
  for (const q of ['"', "*", "AND", "NEAR(", "a:b", "\0", "'", "-", "^x"]) {
    const reply = await fetch(`${server.url}?q=${encodeURIComponent(q)}`);
    await reply.body?.cancel();
    assert(reply.status < 500, `?q=${q}: ${reply.status}`);
  }
  for (const target of ["/s/%", "/s/a b", "/\u00e9", "*", "s/x", "/s/\\x"]) {
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: server.port,
    });
    try {
      await conn.write(
        new TextEncoder().encode(
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
        ),
      );
      const reply = await new Response(conn.readable).text();
      assert.match(
        reply,
        /^HTTP\/1\.1 4\d\d /,
        `${target}: ${reply.slice(0, 40)}`,
      );
    } catch (error) {
      conn.close();
      throw error;
    }
  }
  const ok = await fetch(`${server.url}s/weather/json?seq=1`);
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /"hi"/);
});
