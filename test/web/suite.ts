// What every browser test file starts with: Chromium (required in CI, where browser tests never
// skip), and one stack and one browser for the file, stopped after it.
import { afterAll, beforeAll } from "vitest";
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
