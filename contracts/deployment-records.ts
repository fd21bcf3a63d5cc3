// Deployment records on disk: `deployments/<chainId>.json`, written by the deploy script, read by
// the generator, and the JSON files in the generated module's shape that tests hand the indexer
// and the keeper in its place. Node-only (file system): the browser reads deployed.ts. Imports
// nothing generated, so the generator can use it whatever state the generated module is in.
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Address, Hash, Hex } from "viem";
import type { StablecoinSymbol } from "./chains.ts";
import { type ChainDeployment, type ContractDeployment, DEPLOYED_CONTRACTS, type Deployments } from "./deployments-shape.ts";

/** One contract as deployed on one chain. */
export interface DeployedContract {
  contract: string; // artifact name
  address: Address;
  blockNumber: number; // block of the deployment transaction: the indexer's start block
  // The deployment transaction; null for a contract found at its canonical address, deployed by
  // others (then blockNumber is the block it was found in: nothing of ours used it before).
  transactionHash: Hash | null;
  args: string[]; // constructor arguments, stringified
  initCodeHash: Hex; // keccak256(creation bytecode ++ encoded args): a change means redeploy
  salt?: Hex; // set when created through the deterministic CREATE2 deployer (account-abstraction.ts)
}

/** What `deployments/<chainId>.json` holds. */
export interface DeploymentRecord {
  chainId: number;
  chain: string;
  compiler: { version: string; settings: unknown };
  contracts: Record<string, DeployedContract>; // keyed by step id: P2PEscrow, ArbitratorPool, BlockhashRNG, MockUSDT, EntryPoint…
  tokens: Record<StablecoinSymbol, { address: Address; decimals: number; mock: boolean; permit: boolean }>;
  configuration: Record<string, Hash>; // configuration step → transaction hash of its last change
}

// From import.meta.url, not import.meta.dirname: the indexer's config loads this module through
// Ponder's module runner, whose import.meta carries only the URL.
export const DEPLOYMENTS_DIR = fileURLToPath(new URL("../deployments", import.meta.url));

export function recordPath(dir: string, chainId: number) {
  return path.join(dir, `${chainId}.json`);
}

export async function readRecord(dir: string, chainId: number): Promise<DeploymentRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(dir, chainId), "utf8")) as DeploymentRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes atomically, so an interrupted deploy never leaves a half-written record. */
export async function writeRecord(dir: string, record: DeploymentRecord) {
  await mkdir(dir, { recursive: true });
  const target = recordPath(dir, record.chainId);
  const temporary = `${target}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, target);
}

export async function readAllRecords(dir: string): Promise<DeploymentRecord[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records = await Promise.all(
    names.filter((n) => /^\d+\.json$/.test(n)).map(async (n) => JSON.parse(await readFile(path.join(dir, n), "utf8"))),
  );
  return (records as DeploymentRecord[]).sort((a, b) => a.chainId - b.chainId);
}

/** A record as the generated module holds it: the contracts' addresses and start blocks, and the stablecoins. */
export function chainDeploymentOf(record: DeploymentRecord): ChainDeployment {
  const contracts: ChainDeployment["contracts"] = {};
  for (const name of DEPLOYED_CONTRACTS) {
    const deployed = record.contracts[name];
    if (deployed) contracts[name] = { address: deployed.address, startBlock: deployed.blockNumber } satisfies ContractDeployment;
  }
  return { chain: record.chain, contracts, tokens: record.tokens };
}

/** Records by chain id, in the generated module's shape. */
export const deploymentsOf = (records: readonly DeploymentRecord[]): Deployments =>
  Object.fromEntries(records.map((r) => [String(r.chainId), chainDeploymentOf(r)]));

/**
 * A JSON file in the generated module's shape (see deploymentsOf), which tests hand a process in
 * place of the generated module to point it at chains of their own making. Throws when the file
 * cannot be read or parsed.
 */
export const readDeploymentsFile = (file: string): Deployments => JSON.parse(readFileSync(file, "utf8")) as Deployments;
