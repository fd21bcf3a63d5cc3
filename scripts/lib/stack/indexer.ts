import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { type PonderStatus, ponderStatus } from "../../../indexer/status.ts";
import { WaitAborted, waitFor } from "../wait-for.ts";
import { freePort } from "./ports.ts";
import { rpcUrlEnv } from "./rpc-env.ts";
import { startService } from "./service.ts";

const INDEXER_DIR = path.resolve(import.meta.dirname, "../../../indexer");

export interface IndexerOptions {
  databaseUrl: string;
  rpcUrls: Record<number, string>; // chain id → RPC URL
  /** Ponder's schema for its tables: a restart with the same one resumes from its checkpoint. */
  schema: string;
  /** Where Ponder publishes views onto the tables once the backfill is done. */
  viewsSchema?: string;
  /** JSON read in place of the generated deployments (INDEXER_DEPLOYMENTS_FILE). */
  deploymentsFile?: string;
  /** A free one unless given. */
  port?: number;
  /** Where its HTTP server listens: loopback unless given. */
  hostname?: string;
  /**
   * Without a log file, "warn", since the output is kept in memory; with one, Ponder's own default
   * (or PONDER_LOG_LEVEL from the environment).
   */
  logLevel?: "error" | "warn" | "info" | "debug";
  logFile?: string;
  detached?: boolean;
  /**
   * When the start resolves: "listening" (the HTTP server answers while the backfill runs),
   * "backfilled" (Ponder's /ready; the default), or "head" (backfilled, and every chain indexed up
   * to the block its node was at when the indexer started).
   */
  until?: "listening" | "backfilled" | "head";
  timeoutMs?: number;
}

export interface RunningIndexer {
  url: string;
  /** Ponder's /health, /ready and /status. */
  status: PonderStatus;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the indexer's checkpoint on `chainId` reaches `blockNumber`. */
  waitForBlock: (chainId: number, blockNumber: bigint, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>;
}

/** The indexer's environment: the one place it is built. */
function indexerEnv(options: IndexerOptions): NodeJS.ProcessEnv {
  const logLevel = options.logLevel ?? (options.logFile ? undefined : "warn");
  return {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PONDER_TELEMETRY_DISABLED: "true",
    ...(logLevel ? { PONDER_LOG_LEVEL: logLevel } : {}),
    ...(options.deploymentsFile ? { INDEXER_DEPLOYMENTS_FILE: options.deploymentsFile } : {}),
    ...rpcUrlEnv(options.rpcUrls),
  };
}

/** The head of each chain's node, by chain id. */
async function heads(rpcUrls: Record<number, string>) {
  const entries = Object.entries(rpcUrls).map(async ([chainId, url]) => {
    const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
    return [Number(chainId), await client.getBlockNumber()] as const;
  });
  return new Map(await Promise.all(entries));
}

/** Runs `ponder start` for the given chains against a real PostgreSQL. */
export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const port = options.port ?? (await freePort());
  const hostname = options.hostname ?? "127.0.0.1";
  // Asked on loopback whatever it listens on (0.0.0.0 and :: include it).
  const url = `http://127.0.0.1:${port}`;
  const status = ponderStatus(url);
  const until = options.until ?? "backfilled";
  // Blocks after the finalized one are indexed in realtime, after /ready: "head" waits for those too.
  const head = until === "head" ? await heads(options.rpcUrls) : undefined;
  const args = ["start", "--schema", options.schema, "--port", String(port), "--hostname", hostname];
  if (options.viewsSchema) args.push("--views-schema", options.viewsSchema);
  const indexer = await startService({
    name: "Ponder",
    command: path.join(INDEXER_DIR, "node_modules/.bin/ponder"),
    args,
    cwd: INDEXER_DIR,
    env: indexerEnv(options),
    logFile: options.logFile,
    detached: options.detached,
    timeoutMs: options.timeoutMs ?? 120_000,
    intervalMs: until === "listening" ? 50 : 100,
    ready: async () => {
      if (until === "listening") return status.listening();
      if (!(await status.backfilled())) return false;
      if (!head) return true;
      const checkpoints = await status.checkpoints();
      return checkpoints.ok && checkpoints.chains.every((c) => c.blockNumber >= Number(head.get(c.chainId) ?? 0n));
    },
  });

  return {
    url,
    status,
    process: indexer.process,
    output: indexer.output,
    exited: indexer.exited,
    async waitForBlock(chainId, blockNumber, timeoutMs = 60_000) {
      await waitFor(
        async () => {
          if (indexer.process.exitCode !== null) throw new WaitAborted(`indexer exited with ${indexer.process.exitCode}`);
          const indexed = await status.indexedBlock(chainId);
          return indexed !== undefined && BigInt(indexed) >= blockNumber;
        },
        { timeoutMs, intervalMs: 50, what: `the indexer to reach block ${blockNumber} on chain ${chainId}` },
      ).catch((error) => {
        throw new Error(`${error.message}\n--- indexer output ---\n${indexer.output().slice(-4000)}`);
      });
    },
    stop: async () => void (await indexer.stop()),
    kill: async () => void (await indexer.kill()),
  };
}
