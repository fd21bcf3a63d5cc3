// `pnpm bench:web`: a production `next build` of the web app, then the first-load JavaScript of
// every route, gzipped, from the build's own manifests: the chunks a route's HTML loads before
// anything is dynamically imported. Written to bench/web.json (target: marketplace ≤ 300 kB).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildWeb } from "./lib/stack/web.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const WEB = path.join(ROOT, "web");
const NEXT_DIR = path.join(WEB, ".next");
const TARGET_KB = 300;

if (!process.argv.includes("--no-build")) await buildWeb({ onLine: (line) => console.log(line) });

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
const result = {
  measuredAt: new Date().toISOString(),
  method:
    "gzip -9 of the JS chunks each route's HTML loads (root main files + the route's app-build-manifest entry); dynamic imports excluded",
  target: { route: "/marketplace", maxKb: TARGET_KB, met: marketplace !== null && marketplace <= TARGET_KB },
  routes: sorted,
};
await writeFile(path.join(ROOT, "bench/web.json"), `${JSON.stringify(result, null, 2)}\n`);
for (const [route, r] of Object.entries(sorted)) console.log(`${route.padEnd(40)} ${r.firstLoadKb.toFixed(1).padStart(7)} kB`);
console.log(`\nmarketplace: ${marketplace} kB gzipped (target ≤ ${TARGET_KB} kB) → bench/web.json`);
