// One `next build` for every browser test file of a run (each used to build its own): Vitest calls
// this once, before the browser project's files start, and only when one of them is queued.
import { buildWeb } from "../../scripts/lib/stack/web.ts";
import { findChromium } from "./browser.ts";
import { WEB_E2E_DIST_DIR } from "./dist-dir.ts";

export default async function buildOnce() {
  // Nothing to build for a stack that is already running, or for tests that will skip.
  if (process.env.WEB_E2E_URL || process.env.WEB_E2E_SKIP_BUILD === "1" || !findChromium()) return;
  const started = Date.now();
  await buildWeb({ distDir: WEB_E2E_DIST_DIR });
  console.log(`browser tests: next build into web/${WEB_E2E_DIST_DIR} in ${Math.round((Date.now() - started) / 1000)} s`);
}
