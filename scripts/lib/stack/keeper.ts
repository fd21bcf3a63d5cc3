import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Hex } from "viem";
import { freePort } from "./ports.ts";
import { hasSession } from "./postgres.ts";
import { rpcUrlEnv } from "./rpc-env.ts";
import { type Service, startService } from "./service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface KeeperOptions {
  databaseUrl: string;
  rpcUrls: Record<number, string>; // chain id → RPC URL
  /** Sends the due calls with this key; without one the keeper only notifies the parties. */
  privateKey?: Hex;
  /** JSON read in place of the generated deployments (KEEPER_DEPLOYMENTS_FILE). */
  deploymentsFile?: string;
  intervalMs?: number;
  /** How its database sessions are named (libpq's PGAPPNAME); a random name unless given. */
  applicationName?: string;
  /** Its HTTP listener (/health, /ready, /metrics; KEEPER_HTTP_PORT): a free one unless given. */
  httpPort?: number;
  logLevel?: string;
  /** The environment it starts from: this process's unless given. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Further settings, applied last (a test's invalid values, say). */
  env?: Record<string, string>;
  logFile?: string;
  detached?: boolean;
}

/** The keeper's environment: the one place it is built. */
function keeperEnv(options: KeeperOptions, applicationName: string, httpPort: number): NodeJS.ProcessEnv {
  return {
    ...(options.baseEnv ?? process.env),
    DATABASE_URL: options.databaseUrl,
    ...rpcUrlEnv(options.rpcUrls),
    ...(options.privateKey ? { KEEPER_PRIVATE_KEY: options.privateKey } : {}),
    ...(options.deploymentsFile ? { KEEPER_DEPLOYMENTS_FILE: options.deploymentsFile } : {}),
    ...(options.intervalMs ? { KEEPER_INTERVAL_MS: String(options.intervalMs) } : {}),
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
    KEEPER_HTTP_HOST: "127.0.0.1",
    KEEPER_HTTP_PORT: String(httpPort),
    // libpq's name for the keeper's database sessions, by which its readiness is seen.
    PGAPPNAME: applicationName,
    ...options.env,
  };
}

export interface RunningKeeper extends Service {
  /** Its HTTP listener: GET /health, /ready, /metrics. */
  url: string;
}

/**
 * Runs the keeper (`api/src/keeper/main.ts`). It counts as ready once its /health answers and it
 * holds a session on the database: it opens one for its leader lock as its first round begins,
 * after its configuration was accepted. Fails with ServiceExited when the keeper refuses to start.
 */
export async function startKeeper(options: KeeperOptions): Promise<RunningKeeper> {
  const applicationName = options.applicationName ?? `p2p-escrow-keeper-${randomBytes(4).toString("hex")}`;
  const httpPort = options.httpPort ?? (await freePort());
  const url = `http://127.0.0.1:${httpPort}`;
  const service = await startService({
    name: "the keeper",
    command: process.execPath,
    args: ["api/src/keeper/main.ts"],
    cwd: ROOT,
    env: keeperEnv(options, applicationName, httpPort),
    logFile: options.logFile,
    detached: options.detached,
    ready: async () => (await fetch(`${url}/health`)).ok && (await hasSession(options.databaseUrl, applicationName)),
  });
  return Object.assign(service, { url });
}
