/**
 * What the viewer's browser tests share: Debian's Chromium (the tests are
 * skipped, saying why in their names, when it is missing), how it is
 * launched headless through playwright-core, and the hostile text they put
 * in titles and messages to prove nothing from the database runs as HTML.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Where `apt-get install chromium` puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser is there. */
export const chromiumInstalled: boolean = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Appended to a test's name when it is skipped, with the reason. */
export const SKIPPED: string = chromiumInstalled
  ? ""
  : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`;

// No sandbox (tests run as root), and nothing that reaches the network.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the headless browser; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ARGS,
    timeout: 30_000,
  });
}

/** Markup that would run script if the viewer ever emitted it as HTML. */
export const HOSTILE =
  `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;
