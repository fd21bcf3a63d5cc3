import path from "node:path";
import type { Address, Hex } from "viem";
import { DETERMINISTIC_CONTRACTS, DETERMINISTIC_DEPLOYER } from "../../../contracts/account-abstraction.ts";
import { bundlerUrlEnv } from "../../../contracts/bundler.ts";
import { freePort } from "./ports.ts";
import { type Service, startService } from "./service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface BundlerOptions {
  /** The chain's node. */
  rpcUrl: string;
  /** Sends the bundles (handleOps) and is repaid by the EntryPoint; needs native gas. */
  executorPrivateKey: Hex;
  /** Deploys the bundler's simulation contracts through the deterministic deployer when it starts. */
  utilityPrivateKey: Hex;
  /** The canonical EntryPoint v0.8 unless given. */
  entryPoints?: readonly Address[];
  /** A free one unless given. */
  port?: number;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
  logFile?: string;
  detached?: boolean;
  timeoutMs?: number;
}

export interface RunningBundler extends Service {
  /** Its JSON-RPC endpoint (eth_sendUserOperation, eth_estimateUserOperationGas, …): BUNDLER_URL_<chainId>. */
  url: string;
  entryPoints: readonly Address[];
}

/**
 * Alto's command line for a local node. Safe mode (the ERC-7562 validation rules) traces every
 * validation with a JavaScript tracer through debug_traceCall, which Hardhat's node does not offer,
 * so it is off: this bundler serves a dev chain, where nothing adversarial reaches its mempool.
 * The rest follows an automining node: no gas-price floor, no wallet refills or monitoring.
 */
function altoArgs(options: BundlerOptions, port: number, entryPoints: readonly Address[]): string[] {
  return [
    "--entrypoints",
    entryPoints.join(","),
    "--rpc-url",
    options.rpcUrl,
    "--executor-private-keys",
    options.executorPrivateKey,
    "--utility-private-key",
    options.utilityPrivateKey,
    "--deterministic-deployer-address",
    DETERMINISTIC_DEPLOYER.address,
    "--safe-mode",
    "false",
    "--refilling-wallets",
    "false",
    "--utility-wallet-monitor",
    "false",
    "--port",
    String(port),
    // Our patch (patches/README.md): Alto itself always listens on every interface.
    "--host",
    "127.0.0.1",
    // The web app's dev wallets send user operations from the browser, another origin.
    "--enable-cors",
    "true",
    "--log-level",
    options.logLevel ?? "warn",
  ];
}

/**
 * Runs Pimlico's Alto (`@pimlico/alto`) against a node whose chain holds the EntryPoint and the
 * deterministic deployer (the deploy script puts both there). It is ready once it answers
 * eth_supportedEntryPoints with them; by then it has deployed its simulation contracts.
 */
export async function startBundler(options: BundlerOptions): Promise<RunningBundler> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}/rpc`;
  const entryPoints = options.entryPoints ?? [DETERMINISTIC_CONTRACTS.EntryPoint.address];
  const service = await startService({
    name: "the bundler (Alto)",
    command: path.join(ROOT, "node_modules/.bin/alto"),
    args: altoArgs(options, port, entryPoints),
    cwd: ROOT,
    env: { ...process.env },
    logFile: options.logFile,
    detached: options.detached,
    timeoutMs: options.timeoutMs,
    ready: async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_supportedEntryPoints", params: [] }),
      });
      if (!response.ok) return false;
      const { result } = (await response.json()) as { result?: string[] };
      return entryPoints.every((e) => result?.some((r) => r.toLowerCase() === e.toLowerCase()));
    },
  });
  return Object.assign(service, { url, entryPoints });
}

/** `bundlerUrls` (chain id → URL) as environment variables, BUNDLER_URL_<chainId>. */
export const bundlerUrlEnvOf = (bundlerUrls: Record<number, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(bundlerUrls).map(([chainId, url]) => [bundlerUrlEnv(Number(chainId)), url]));
