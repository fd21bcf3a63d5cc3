import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundlerUrlEnv } from "../../../contracts/bundler.ts";
import { runCommand } from "./command.ts";
import { freePort } from "./ports.ts";
import { rpcUrlEnv } from "./rpc-env.ts";
import { startService } from "./service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const WEB_DIR = path.join(ROOT, "web");
const NEXT = path.join(WEB_DIR, "node_modules/.bin/next");

export interface WebOptions {
  /** `next dev` compiles each route on its first request; `next start` serves a `next build`. */
  mode: "dev" | "start";
  /** Next's output directory under web/ (WEB_DIST_DIR); `.next` unless given. */
  distDir?: string;
  /** The API and the chains' RPC URLs, as the browser reaches them. */
  apiUrl: string;
  rpcUrls: Record<number, string>;
  /** The case-key relay's address (CASE_RELAY_ADDRESS; the keeper's account), when one runs. */
  caseRelay?: string;
  /** Bundler URLs by chain id (BUNDLER_URL_<chainId>), where one runs: the stablecoin-only dev wallets send through them. */
  bundlerUrls?: Record<number, string>;
  /** A free one unless given. */
  port?: number;
  logFile?: string;
  detached?: boolean;
}

export interface RunningWeb {
  url: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** The web app's environment: the one place it is built. */
function webEnv(options: WebOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    // Next accepts only its own modes' values (a test runner's NODE_ENV=test breaks it).
    NODE_ENV: options.mode === "start" ? "production" : "development",
    ...(options.distDir ? { WEB_DIST_DIR: options.distDir } : {}),
    WEB_API_URL: options.apiUrl,
    ...rpcUrlEnv(options.rpcUrls),
    ...(options.caseRelay ? { CASE_RELAY_ADDRESS: options.caseRelay } : {}),
    ...Object.fromEntries(Object.entries(options.bundlerUrls ?? {}).map(([id, url]) => [bundlerUrlEnv(Number(id)), url])),
  };
}

/** Runs the web app on localhost and resolves once it answers HTTP. */
export async function startWeb(options: WebOptions): Promise<RunningWeb> {
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const web = await startService({
    name: "the web app",
    command: NEXT,
    args: [options.mode, "--port", String(port), "--hostname", "localhost"],
    cwd: WEB_DIR,
    env: webEnv(options),
    logFile: options.logFile,
    detached: options.detached,
    timeoutMs: 120_000,
    intervalMs: 250,
    // Answering is enough: `next dev` compiles each route on its first request.
    ready: async () => (await fetch(`${url}/_next/static/ready-probe`)).status > 0,
  });
  return { url, process: web.process, stop: async () => void (await web.stop()) };
}

/**
 * What a `next build` is made from, relative to the repository, besides the environment: the web
 * app and the workspace packages it bundles (the contracts registry with its generated
 * deployments, the protocol), and the lockfile.
 */
export const WEB_BUILD_INPUTS = ["web", "protocol", "contracts/generated", "contracts/package.json", "pnpm-lock.yaml"] as const;
/** The contracts registry's own modules (contracts/*.ts), which the app imports. */
const CONTRACT_MODULES = "contracts";
/** Not inputs: dependencies, build outputs, tests, and files the build itself rewrites. */
const NOT_INPUT = /(^|\/)(node_modules|\.next[^/]*|test|\.turbo)(\/|$)|\.tsbuildinfo$|(^|\/)next-env\.d\.ts$/;
/** The file a build leaves in its output directory: the fingerprint of the inputs it was made from. */
const STAMP = "inputs.sha256";

async function filesUnder(root: string, relative: string): Promise<string[]> {
  const full = path.join(root, relative);
  const entries = await readdir(full, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOTDIR") return null;
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries === null) return [relative];
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/**
 * A hash of everything a build is made from: the paths and contents of `inputs` under `root`, the
 * top-level modules of `root/contracts`, and the NEXT_PUBLIC_ variables (which a build inlines).
 */
export async function webBuildFingerprint({
  root = ROOT,
  inputs = WEB_BUILD_INPUTS,
  env = process.env,
}: {
  root?: string;
  inputs?: readonly string[];
  env?: NodeJS.ProcessEnv;
} = {}): Promise<string> {
  const files: string[] = [];
  for (const input of inputs) files.push(...(await filesUnder(root, input)));
  const contracts = await readdir(path.join(root, CONTRACT_MODULES), { withFileTypes: true }).catch(() => []);
  files.push(...contracts.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(CONTRACT_MODULES, e.name)));
  const hash = createHash("sha256");
  for (const file of [...new Set(files)].filter((f) => !NOT_INPUT.test(f)).sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update("\0");
  }
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b)))
    if (name.startsWith("NEXT_PUBLIC_")) hash.update(`${name}=${value}\0`);
  return hash.digest("hex");
}

const stampFile = (distDir = ".next") => path.join(WEB_DIR, distDir, STAMP);

/** Whether `distDir` holds a build made from the current inputs. */
export async function webBuildIsCurrent(distDir?: string): Promise<boolean> {
  const stamp = await readFile(stampFile(distDir), "utf8").catch(() => null);
  return stamp !== null && stamp.trim() === (await webBuildFingerprint());
}

/** `next build` of the web app into `distDir` (WEB_DIST_DIR; `.next` unless given), stamped with its inputs' fingerprint. */
export async function buildWeb({ distDir, onLine }: { distDir?: string; onLine?: (line: string) => void } = {}) {
  // Taken before the build: an edit made while it runs makes the next start build again.
  const fingerprint = await webBuildFingerprint();
  await runCommand(NEXT, ["build"], {
    cwd: WEB_DIR,
    // Under Vitest NODE_ENV=test, with which `next build` cannot prerender its error pages.
    env: { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...(distDir ? { WEB_DIST_DIR: distDir } : {}) },
    onLine,
  });
  await writeFile(stampFile(distDir), `${fingerprint}\n`);
}

/** Builds the web app into `distDir` unless it already holds a build of the current inputs; says which. */
export async function ensureWebBuild(options: { distDir?: string; onLine?: (line: string) => void } = {}): Promise<"built" | "up to date"> {
  if (await webBuildIsCurrent(options.distDir)) return "up to date";
  await buildWeb(options);
  return "built";
}
