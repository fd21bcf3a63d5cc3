// What every browser test file starts with: Chromium (required in CI, where browser tests never
// skip), and one stack and one browser for the file, stopped after it.

import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { screenshot } from "./app.ts";
import { type Browser, findChromium, launchBrowser } from "./browser.ts";
import { type Stack, type StackOptions, startStack } from "./stack.ts";

export const chromium = findChromium();
if (!chromium && process.env.CI)
  throw new Error("No Chromium found (install Debian's `chromium` package, or set CHROMIUM_PATH): browser tests never skip in CI");

/** Starts the file's stack and browser before its tests (call inside its describe); read them in tests. */
export function browserSuite(options: StackOptions = {}) {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    if (chromium) browser = await launchBrowser(chromium);
  }, 600_000);
  let before = new Set<Page>();
  beforeEach(() => {
    before = new Set(browser?.pages());
  });
  // Every page the test opened and left open when it fails is kept as an artifact named after the test, with the
  // alerts it showed printed: what the person saw is the first thing to look at.
  afterEach(async (test) => {
    if (test.task.result?.state !== "fail" || !browser) return;
    const name = test.task.name.slice(0, 30).replace(/\W+/g, "-");
    // A retry that passes hides the first attempt's error from the report: print it here.
    for (const error of test.task.result.errors ?? []) console.error(`attempt failed: ${error.message}`);
    for (const [i, page] of browser
      .pages()
      .filter((p) => !before.has(p) && p.url() !== "about:blank")
      .entries()) {
      await screenshot(page, `failed-${name}-${i}`).catch(() => undefined);
      const alerts = await page
        .getByRole("alert")
        .allTextContents()
        .catch(() => []);
      console.error(`page ${i} (${page.url()})${alerts.length > 0 ? ` showed: ${alerts.join(" | ")}` : ""}`);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} starts before the file's tests`);
    return value;
  };
  return {
    get stack(): Stack {
      return started(stack, "stack");
    },
    get browser(): Browser {
      return started(browser, "browser");
    },
  };
}
