// The keeper's configuration, read from the environment and validated the way the API's is
// (config/env.ts): every problem is listed at once and the process does not start.
import { readFileSync } from "node:fs";
import { type Static, Type } from "@sinclair/typebox";
import { deployments } from "@p2p-escrow/contracts/deployments";
import { LogLevel, parseEnv, rpcUrlsFrom } from "../config/parse-env.ts";
import { ViewsSchemaEnv } from "../db/views-schema.ts";

export const KeeperEnvSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
  ...ViewsSchemaEnv,
  /** A funded key sends the due calls; without one the keeper only tells the parties. */
  KEEPER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" })),
  KEEPER_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5_000 }),
  /** JSON of `{ [chainId]: { contracts: { escrow: { address } } } }` in place of the generated deployments. */
  KEEPER_DEPLOYMENTS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Due work read per kind and chain each round. */
  KEEPER_BATCH: Type.Integer({ minimum: 1, maximum: 1_000, default: 50 }),
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

type DeploymentsShape = Record<string, { contracts: { escrow: { address: string } } }>;

export function loadKeeperConfig(source: NodeJS.ProcessEnv = process.env): KeeperConfig {
  const { env: parsed, problems } = parseEnv(KeeperEnvSchema, source);

  let known: DeploymentsShape = deployments as unknown as DeploymentsShape;
  if (parsed.KEEPER_DEPLOYMENTS_FILE) {
    try {
      known = JSON.parse(readFileSync(parsed.KEEPER_DEPLOYMENTS_FILE, "utf8")) as DeploymentsShape;
    } catch (error) {
      problems.push(`  KEEPER_DEPLOYMENTS_FILE: cannot be read as JSON (${(error as Error).message})`);
    }
  }
  const chains: KeeperChain[] = [];
  for (const [chainId, rpcUrl] of Object.entries(rpcUrlsFrom(source))) {
    const escrow = known[chainId]?.contracts?.escrow?.address;
    if (!escrow || !/^0x[0-9a-fA-F]{40}$/.test(escrow)) problems.push(`  RPC_URL_${chainId}: no escrow deployment known for chain ${chainId}`);
    else chains.push({ chainId: Number(chainId), rpcUrl, escrow: escrow as `0x${string}` });
  }
  if (chains.length === 0 && problems.length === 0) problems.push("  RPC_URL_<chainId>: at least one chain is required");
  if (problems.length > 0) throw new KeeperConfigError(`invalid environment:\n${problems.join("\n")}`);
  return { ...parsed, chains };
}
