// `pnpm bench:web`: the web app as a newcomer meets it, written to bench/web.json.
// 1. The first-load JavaScript of every route, gzipped, from the build's own manifests: the chunks a
//    route's HTML loads before anything is dynamically imported (target: marketplace ≤ 300 kB).
// 2. First visits under `pnpm dev` as it starts by default (the production build, `next start`):
//    the whole dev stack on free ports and its own state directory, then the marketplace, a product
//    page and an order page, each opened once in a fresh Chromium profile, timed from navigation
//    start to the load event and to network idle (target: ≤ 3 s each).
// --no-build keeps the existing build (it is rebuilt anyway when out of date, as `pnpm dev` does);
// --no-visits records the bundle sizes alone.
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { findChromium, launchBrowser } from "../test/web/browser.ts";
import { devSettings, startDevStack } from "./dev/stack.ts";
import { freePort } from "./lib/stack/ports.ts";
import { buildWeb, ensureWebBuild } from "./lib/stack/web.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const WEB = path.join(ROOT, "web");
const NEXT_DIR = path.join(WEB, ".next");
const TARGET_KB = 300;
const TARGET_FIRST_VISIT_MS = 3_000;

if (process.argv.includes("--no-build")) await ensureWebBuild({ onLine: (line) => console.log(line) });
else await buildWeb({ onLine: (line) => console.log(line) });

const json = async <T>(file: string): Promise<T> => JSON.parse(await readFile(path.join(NEXT_DIR, file), "utf8")) as T;
const build = await json<{ rootMainFiles: string[]; polyfillFiles: string[] }>("build-manifest.json");
const app = await json<Record<string, string[]>>("app-build-manifest.json").then(
  (m: unknown) => (m as { pages: Record<string, string[]> }).pages,
);

const gzipped = new Map<string, number>();
async function size(file: string): Promise<number> {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(await readFile(path.join(NEXT_DIR, file)), { level: 9 }).length);
  return gzipped.get(file)!;
}

/** "/(wallet)/listing/[id]/page" → "/listing/[id]". */
const routeOf = (entry: string) => entry.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";

const routes: Record<string, { firstLoadKb: number; files: number }> = {};
for (const [entry, files] of Object.entries(app)) {
  if (!entry.endsWith("/page")) continue;
  const all = new Set([
    ...build.rootMainFiles,
    ...files.filter((f) => f.endsWith(".js")),
    ...(app["/layout"] ?? []).filter((f) => f.endsWith(".js")),
  ]);
  let bytes = 0;
  for (const file of all) bytes += await size(file);
  routes[routeOf(entry)] = { firstLoadKb: Math.round((bytes / 1024) * 10) / 10, files: all.size };
}
const sorted = Object.fromEntries(Object.entries(routes).sort(([a], [b]) => a.localeCompare(b)));
const marketplace = sorted["/marketplace"]?.firstLoadKb ?? null;

interface FirstVisit {
  page: string;
  path: string;
  /** Navigation start to the load event, ms. */
  loadMs: number;
  /** Navigation start to no request for 500 ms, ms. */
  networkIdleMs: number;
  /** The machine's 1-minute load average right after: on a shared machine it explains the spread. */
  loadAverage: number;
}

/** The dev stack as `pnpm dev` starts it by default, then one first visit per page in a fresh profile. */
async function firstVisits(): Promise<FirstVisit[]> {
  const chromium = findChromium();
  if (!chromium) throw new Error("no Chromium found (set CHROMIUM_PATH, or run scripts/ensure-chromium.sh)");
  const stateDir = await mkdtemp(path.join(tmpdir(), "bench-web-"));
  await chmod(stateDir, 0o755); // the embedded server runs as the postgres user
  const ports = {
    chain: await freePort(),
    bundler: await freePort(),
    postgres: await freePort(),
    indexer: await freePort(),
    api: await freePort(),
    web: await freePort(),
  };
  // No bundler: these pages send no user operation, and Alto would only weigh on the measurement.
  const settings = { ...devSettings(), stateDir, journal: false, ports, bundler: false };
  console.log(`\nstarting the dev stack (web: next ${settings.webMode}) in ${stateDir}`);
  const stack = await startDevStack(settings, (line) => console.log(line));
  const browser = await launchBrowser(chromium);
  try {
    const listings = (await (await fetch(`${stack.api.url}/listings?limit=1`)).json()) as { data: { items: { id: string }[] } };
    const listing = listings.data.items[0];
    if (!listing) throw new Error("the dev stack has no demo listing");
    const pages = [
      { page: "marketplace", path: "/marketplace" },
      { page: "product", path: `/listing/${listing.id}` },
      // The first demo order, as a newcomer's browser first opens it: not yet connected.
      { page: "order", path: `/dashboard/orders/${stack.chain.chainId}/1` },
    ];
    const visits: FirstVisit[] = [];
    for (const { page, path: route } of pages) {
      const context = await browser.context();
      const tab = await context.newPage();
      const started = Date.now();
      await tab.goto(stack.web.url + route, { waitUntil: "load", timeout: 120_000 });
      const loadMs = Date.now() - started;
      await tab.waitForLoadState("networkidle", { timeout: 120_000 });
      const networkIdleMs = Date.now() - started;
      visits.push({ page, path: route, loadMs, networkIdleMs, loadAverage: Math.round(loadavg()[0]! * 10) / 10 });
      console.log(`${page.padEnd(12)} load ${loadMs} ms, network idle ${networkIdleMs} ms`);
      await context.close();
    }
    return visits;
  } finally {
    await browser.close();
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

const visits = process.argv.includes("--no-visits") ? null : await firstVisits();
const previous = await readFile(path.join(ROOT, "bench/web.json"), "utf8")
  .then((text) => JSON.parse(text) as { firstVisits?: unknown })
  .catch(() => ({}) as { firstVisits?: unknown });
const result = {
  measuredAt: new Date().toISOString(),
  method:
    "gzip -9 of the JS chunks each route's HTML loads (root main files + the route's app-build-manifest entry); dynamic imports excluded",
  target: { route: "/marketplace", maxKb: TARGET_KB, met: marketplace !== null && marketplace <= TARGET_KB },
  routes: sorted,
  firstVisits: visits
    ? {
        method:
          "`pnpm dev` as it starts by default (next start, production build), the whole stack on this machine; each page opened once in a fresh headless Chromium profile (playwright-core); ms from navigation start to the load event and to network idle (no request for 500 ms)",
        target: { maxMs: TARGET_FIRST_VISIT_MS, met: visits.every((v) => v.loadMs <= TARGET_FIRST_VISIT_MS) },
        pages: visits,
      }
    : (previous.firstVisits ?? null),
};
await writeFile(path.join(ROOT, "bench/web.json"), `${JSON.stringify(result, null, 2)}\n`);
for (const [route, r] of Object.entries(sorted)) console.log(`${route.padEnd(40)} ${r.firstLoadKb.toFixed(1).padStart(7)} kB`);
console.log(`\nmarketplace: ${marketplace} kB gzipped (target ≤ ${TARGET_KB} kB) → bench/web.json`);
if (visits) console.log(`first visits: ${visits.map((v) => `${v.page} ${v.loadMs} ms`).join(", ")} (target ≤ ${TARGET_FIRST_VISIT_MS} ms)`);
process.exit(0);
