import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { runCommand } from "./command.ts";
import { freePort } from "./ports.ts";
import { rpcUrlEnv } from "./rpc-env.ts";
import { startService } from "./service.ts";

const WEB_DIR = path.resolve(import.meta.dirname, "../../../web");
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

/** `next build` of the web app into `distDir` (WEB_DIST_DIR; `.next` unless given). */
export function buildWeb({ distDir, onLine }: { distDir?: string; onLine?: (line: string) => void } = {}) {
  return runCommand(NEXT, ["build"], {
    cwd: WEB_DIR,
    // Under Vitest NODE_ENV=test, with which `next build` cannot prerender its error pages.
    env: { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...(distDir ? { WEB_DIST_DIR: distDir } : {}) },
    onLine,
  });
}
