import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { rpcUrlEnv } from "../../../contracts/rpc.ts";
import { stopProcess } from "../stop-process.ts";
import { WaitAborted, waitFor } from "../wait-for.ts";
import { freePort } from "./hardhat-node.ts";

const INDEXER_DIR = path.resolve(import.meta.dirname, "../../../indexer");

export interface IndexerOptions {
  databaseUrl: string;
  deploymentsFile: string;
  rpcUrls: Record<number, string>; // chain id → RPC URL
  schema: string;
  viewsSchema?: string;
  logLevel?: "error" | "warn" | "info" | "debug";
}

export interface RunningIndexer {
  url: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the indexer's checkpoint on `chainId` reaches `blockNumber`. */
  waitForBlock: (chainId: number, blockNumber: bigint, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
  kill: () => Promise<void>;
}

/** Runs `ponder start` for the given chains against a real PostgreSQL. */
export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    INDEXER_DEPLOYMENTS_FILE: options.deploymentsFile,
    PONDER_TELEMETRY_DISABLED: "true",
    PONDER_LOG_LEVEL: options.logLevel ?? "warn",
  };
  for (const [chainId, url] of Object.entries(options.rpcUrls)) env[rpcUrlEnv(Number(chainId))] = url;
  const args = ["start", "--schema", options.schema, "--port", String(port), "--hostname", "127.0.0.1"];
  if (options.viewsSchema) args.push("--views-schema", options.viewsSchema);
  const child = spawn(path.join(INDEXER_DIR, "node_modules/.bin/ponder"), args, {
    cwd: INDEXER_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;


  return {
    url,
    process: child,
    output: () => output,
    exited,
    async waitForBlock(chainId, blockNumber, timeoutMs = 60_000) {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new WaitAborted(`indexer exited with ${child.exitCode}`);
          const response = await fetch(`${url}/status`);
          if (!response.ok) return false;
          const status = (await response.json()) as Record<string, { id: number; block: { number: number } }>;
          return Object.values(status).some((s) => s.id === chainId && BigInt(s.block.number) >= blockNumber);
        },
        { timeoutMs, intervalMs: 50, what: `the indexer to reach block ${blockNumber} on chain ${chainId}` },
      ).catch((error) => {
        throw new Error(`${error.message}\n--- indexer output ---\n${output.slice(-4000)}`);
      });
    },
    stop: () => stopProcess(child),
    kill: () => stopProcess(child, "SIGKILL"),
  };
}

/** Every row of `table` in `schema`, ordered by its text form so runs compare as equal. */
export async function tableRows(databaseUrl: string, schema: string, table: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} t ORDER BY 1`,
    );
    return rows.map((r) => r.row as string);
  } finally {
    await client.end();
  }
}

export const INDEXED_TABLES = [
  "escrow_config",
  "orders",
  "order_events",
  "disputes",
  "evidence",
  "arbitrators",
  "arbitrator_earnings",
  "user_stats",
  "daily_volume",
] as const;

/** Rows of every indexed table, for comparing one index with another. */
export async function snapshotTables(databaseUrl: string, schema: string) {
  const snapshot: Record<string, string[]> = {};
  for (const table of INDEXED_TABLES) snapshot[table] = await tableRows(databaseUrl, schema, table);
  return snapshot;
}
