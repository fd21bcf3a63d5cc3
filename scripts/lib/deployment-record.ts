import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Address, Hash, Hex } from "viem";
import type { StablecoinSymbol } from "../../contracts/chains.ts";

/** One contract as deployed on one chain. */
export interface DeployedContract {
  contract: string; // artifact name
  address: Address;
  blockNumber: number; // block of the deployment transaction: the indexer's start block
  transactionHash: Hash;
  args: string[]; // constructor arguments, stringified
  initCodeHash: Hex; // keccak256(creation bytecode ++ encoded args): a change means redeploy
}

/** What `deployments/<chainId>.json` holds. */
export interface DeploymentRecord {
  chainId: number;
  chain: string;
  compiler: { version: string; settings: unknown };
  contracts: Record<string, DeployedContract>; // keyed by step id: P2PEscrow, ArbitratorPool, BlockhashRNG, MockUSDT…
  tokens: Record<StablecoinSymbol, { address: Address; decimals: number; mock: boolean; permit: boolean }>;
  configuration: Record<string, Hash>; // configuration step → transaction hash of its last change
}

export const DEPLOYMENTS_DIR = path.resolve(import.meta.dirname, "../../deployments");

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
