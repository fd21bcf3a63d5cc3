import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./ports.ts";
import { rpcUrlEnv } from "./rpc-env.ts";
import { startService } from "./service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface ApiOptions {
  databaseUrl: string;
  rpcUrls: Record<number, string>; // chain id → RPC URL
  jwtSecret: string;
  /** The web app's host and origin, which sign-in messages must name. */
  siwe: { domain: string; uri: string };
  /** Comma-separated; the API's default unless given. */
  corsOrigins?: string;
  ipfsRepoDir: string;
  /** A free one unless given. */
  port?: number;
  /** Its Prometheus listener (API_METRICS_PORT): a free one unless given. */
  metricsPort?: number;
  /** Further settings (LOG_LEVEL, rate limits, …). */
  env?: Record<string, string>;
  logFile?: string;
  detached?: boolean;
  /** How long it may take to answer /health: the service starter's default unless given. */
  timeoutMs?: number;
}

export interface RunningApi {
  url: string;
  /** Its internal listener: GET /metrics. */
  metricsUrl: string;
  process: ChildProcess;
  output: () => string;
  /** Resolves with its exit code once it has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>;
}

/** The API's environment: the one place it is built. */
function apiEnv(options: ApiOptions & { port: number; metricsPort: number }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    API_HOST: "127.0.0.1",
    API_PORT: String(options.port),
    API_METRICS_HOST: "127.0.0.1",
    API_METRICS_PORT: String(options.metricsPort),
    JWT_SECRET: options.jwtSecret,
    ...rpcUrlEnv(options.rpcUrls),
    IPFS_REPO_DIR: options.ipfsRepoDir,
    SIWE_DOMAIN: options.siwe.domain,
    SIWE_URI: options.siwe.uri,
    ...(options.corsOrigins ? { CORS_ORIGINS: options.corsOrigins } : {}),
    ...options.env,
  };
}

/** Runs the API server (`api/src/server.ts`) and resolves once its /health answers. */
export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const port = options.port ?? (await freePort());
  const metricsPort = options.metricsPort ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const api = await startService({
    name: "the API",
    command: process.execPath,
    args: ["api/src/server.ts"],
    cwd: ROOT,
    env: apiEnv({ ...options, port, metricsPort }),
    logFile: options.logFile,
    detached: options.detached,
    timeoutMs: options.timeoutMs,
    ready: async () => (await fetch(`${url}/health`)).ok,
  });
  return {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    process: api.process,
    output: api.output,
    exited: api.exited,
    stop: async () => void (await api.stop()),
    kill: async () => void (await api.kill()),
  };
}
