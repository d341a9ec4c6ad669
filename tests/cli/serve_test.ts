/**
 * The web viewer (`history serve`), driven by a real headless Chromium
 * through playwright-core: what a person sees and clicks. The server runs
 * in this process (`serveViewer`) on a free port of 127.0.0.1. Skipped, with
 * the reason in the test name, when /usr/bin/chromium is not installed
 * (`apt-get install chromium`).
 */
import assert from "node:assert/strict";
import { openHistory } from "../../mod.ts";
import { serveViewer } from "../../src/cli/viewer/serve.ts";
import { tempDir } from "../support/targets.ts";
import {
  chromiumInstalled,
  HOSTILE,
  launchChromium,
  SKIPPED,
} from "./browser.ts";
import {
  conversationTurns,
  PYDANTIC_FIXTURES,
} from "../support/pydantic_fixtures.ts";

Deno.test({
  name:
    `serveViewer() shows the session list, searches, and opens a transcript a person can read, in Chromium${SKIPPED}`,
  ignore: !chromiumInstalled,
  async fn() {
    await using dir = await tempDir();
    await using history = await openHistory({
      url: `file:${dir.path}/ironclaw.db`,
    });
    await history.getOrCreateSession("fixtures", { owner: "alice" });
    await history.saveMessages(
      "fixtures",
      PYDANTIC_FIXTURES.map((f) => structuredClone(f.message)),
    );
    await history.getOrCreateSession("hostile", {
      metadata: { title: HOSTILE },
    });
    await history.saveMessages("hostile", [{
      kind: "request",
      parts: [{ part_kind: "user-prompt", content: `${HOSTILE} & "quotes"` }],
    }]);
    await history.getOrCreateSession("weather", {
      metadata: { title: "Paris weather" },
    });
    await history.saveMessages("weather", conversationTurns());

    await using server = await serveViewer(history, {
      port: 0,
      sessionsPerPage: 2,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });

      // The list: newest first, two per page, with a link to the next page.
      await page.goto(server.url);
      assert.equal(await page.title(), "Sessions · ironclaw history");
      const rows = page.locator("tbody tr");
      assert.equal(await rows.count(), 2);
      assert.match(
        await rows.nth(0).innerText(),
        /^Paris weather\s+weather\s+—/,
      );
      assert.match(
        await rows.nth(1).innerText(),
        /^<img src=x[^\n]*\s+hostile\s/,
      );
      await page.getByRole("link", { name: "Next page →" }).click();
      assert.match(
        await page.locator("tbody").innerText(),
        /^What's the weather like in Lisbon this weekend\?\s+fixtures\s+alice/,
      );
      assert.equal(
        await page.getByRole("link", { name: "Next page →" }).count(),
        0,
      );

      // Search from the box.
      await page.getByRole("searchbox", { name: "Search messages" }).fill(
        "umbrella",
      );
      await page.keyboard.press("Enter");
      await page.waitForURL(/\?q=umbrella$/);
      const hits = page.locator("ol.hits li");
      assert.equal(await hits.count(), 1);
      assert.match(
        await hits.innerText(),
        /^Paris weather\s+weather\s+#4\s+MODEL/,
      );
      assert.equal(await hits.locator("mark").innerText(), "umbrella");

      // Click into the session: the transcript as a person reads it.
      await hits.locator("a.title").click();
      await page.waitForURL(/\/s\/weather#m4$/);
      assert.equal(await page.locator("h1").innerText(), "Paris weather");
      const messages = page.locator("article.msg");
      assert.equal(await messages.count(), 4);
      const [user, call, result, answer] = await Promise.all(
        [0, 1, 2, 3].map((i) => messages.nth(i).innerText()),
      );
      assert.match(user!, /^#1\s+USER\s+\d{4}-\d\d-\d\d /);
      assert.match(user!, /SYSTEM\s+You are a helpful weather assistant\./);
      assert.match(user!, /Will it rain in Paris tomorrow\?/);
      assert.match(
        call!,
        /^#2\s+MODEL\s[\s\S]*gpt-5\.2\s+214 in \/ 23 out tokens/,
      );
      assert.match(
        call!,
        /TOOL CALL\s+get_forecast\(\{"city":"Paris","day":"2026-08-21"\}\)\s*call_Xq81Lm0b/,
      );
      assert.match(result!, /^#3\s+TOOL/);
      assert.match(
        result!,
        /TOOL RESULT\s+get_forecast\s+Light rain expected in the afternoon, 17°C\./,
      );
      assert.match(answer!, /^#4\s+MODEL/);
      assert.match(
        answer!,
        /Yes: light rain is expected in Paris tomorrow afternoon, around 17°C\. Take an umbrella\./,
      );
      assert.match(
        await page.locator(".stats").innerText(),
        /2\s+RESPONSES\s+482\s+INPUT TOKENS\s+54\s+OUTPUT TOKENS\s+536\s+TOTAL TOKENS\s+gpt-5\.2\s+MODEL/,
      );

      // Thinking is folded: its summary shows, the full text opens on click.
      await page.goto(`${server.url}s/fixtures`);
      const thinking = page.locator("details.thinking").first();
      assert.match(
        await thinking.locator("summary").innerText(),
        /^THINKING\s/,
      );
      const full = thinking.locator(".md");
      assert.equal(await full.isVisible(), false);
      await thinking.locator("summary").click();
      assert.equal(await full.isVisible(), true);

      // Stored text is shown as text, never run as markup.
      await page.goto(`${server.url}s/hostile`);
      assert.equal(await page.locator("h1").innerText(), HOSTILE);
      assert.equal(
        await page.locator("article.msg .item.user").innerText(),
        `${HOSTILE} & "quotes"`,
      );
      assert.equal(await page.locator("main img, main script").count(), 0);
      assert.equal(await page.evaluate("typeof window.pwned"), "undefined");
      assert.deepEqual(dialogs, []);

      // A missing session is a 404 page.
      const missing = await page.goto(`${server.url}s/nope`);
      assert.equal(missing?.status(), 404);
      assert.equal(await page.locator("h1").innerText(), "No session “nope”");
    } finally {
      await browser.close();
    }
  },
});

Deno.test("viewer answers only GET and HEAD, and only to local host names", async () => {
  await using history = await openHistory({ url: ":memory:" });
  await using server = await serveViewer(history, { port: 0 });
  const post = await fetch(server.url, { method: "POST", body: "x" });
  await post.body?.cancel();
  assert.equal(post.status, 405);
  const head = await fetch(server.url, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  const rebound = await fetch(server.url.replace("127.0.0.1", "localhost"));
  assert.equal(rebound.status, 200);
  await rebound.body?.cancel();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  try {
    await conn.write(
      new TextEncoder().encode(
        "GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
      ),
    );
    const reply = await new Response(conn.readable).text();
    assert.match(reply, /^HTTP\/1\.1 403 /);
  } catch (error) {
    conn.close();
    throw error;
  }
});
