// The keeper's configuration, read from the environment and validated the way the API's is
// (config/env.ts): every problem is listed at once and the process does not start.
import { contractOn, type Deployments, deployments } from "@p2p-escrow/contracts/deployed";
import { readDeploymentsFile } from "@p2p-escrow/contracts/deployment-records";
import { rpcUrlEnv, rpcUrlsFrom } from "@p2p-escrow/contracts/rpc";
import { type Static, Type } from "@sinclair/typebox";
import { LogLevel, parseEnv } from "../config/parse-env.ts";
import { isDevAccountKey, isProduction } from "../config/production.ts";
import { ViewsSchemaEnv } from "../db/views-schema.ts";

export const KeeperEnvSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
  ...ViewsSchemaEnv,
  /** A funded key sends the due calls; without one the keeper only tells the parties. */
  KEEPER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" })),
  KEEPER_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5_000 }),
  /** A JSON file in the generated deployments' shape, read in their place (readDeploymentsFile). */
  KEEPER_DEPLOYMENTS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Due work read per kind and chain each round. */
  KEEPER_BATCH: Type.Integer({ minimum: 1, maximum: 1_000, default: 50 }),
  /** Its internal HTTP listener: /health, /ready and Prometheus' /metrics (docs/metrics.md). */
  KEEPER_HTTP_HOST: Type.String({ default: "127.0.0.1" }),
  KEEPER_HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9465 }),
  LOG_LEVEL: LogLevel,
});

export type KeeperEnv = Static<typeof KeeperEnvSchema>;

export interface KeeperChain {
  chainId: number;
  rpcUrl: string;
  escrow: `0x${string}`;
}

export interface KeeperConfig extends KeeperEnv {
  /** Chains with both an RPC URL (RPC_URL_<chainId>) and a deployed escrow. */
  chains: KeeperChain[];
}

export class KeeperConfigError extends Error {}

export function loadKeeperConfig(source: NodeJS.ProcessEnv = process.env): KeeperConfig {
  const { env: parsed, problems } = parseEnv(KeeperEnvSchema, source);

  let known: Deployments = deployments;
  if (parsed.KEEPER_DEPLOYMENTS_FILE) {
    try {
      known = readDeploymentsFile(parsed.KEEPER_DEPLOYMENTS_FILE);
    } catch (error) {
      problems.push(`  KEEPER_DEPLOYMENTS_FILE: cannot be read as JSON (${(error as Error).message})`);
    }
  }
  const chains: KeeperChain[] = [];
  for (const [id, rpcUrl] of Object.entries(rpcUrlsFrom(source))) {
    const chainId = Number(id);
    const escrow = contractOn(chainId, "P2PEscrow", known)?.address;
    if (!escrow || !/^0x[0-9a-fA-F]{40}$/.test(escrow))
      problems.push(`  ${rpcUrlEnv(chainId)}: no escrow deployment known for chain ${chainId}`);
    else chains.push({ chainId, rpcUrl, escrow });
  }
  // The dev mnemonic is public: on a real chain anyone could drain the keeper's gas money or front-run it.
  if (isProduction(source) && parsed.KEEPER_PRIVATE_KEY && /^0x[0-9a-fA-F]{64}$/.test(parsed.KEEPER_PRIVATE_KEY)) {
    if (isDevAccountKey(parsed.KEEPER_PRIVATE_KEY as `0x${string}`))
      problems.push("  KEEPER_PRIVATE_KEY: is a key of the public dev mnemonic; refused in production");
  }
  if (chains.length === 0 && problems.length === 0) problems.push("  RPC_URL_<chainId>: at least one chain is required");
  if (problems.length > 0) throw new KeeperConfigError(`invalid environment:\n${problems.join("\n")}`);
  return { ...parsed, chains };
}
