// Where every process finds a chain's JSON-RPC endpoint: the variable `RPC_URL_<chainId>`, the same
// name for the deploy script, the indexer, the API, the keeper and the web server. Browser-safe:
// callers pass their environment in, so nothing here reads `process`.
import { chains } from "./chains.ts";

/** The node `hardhat node` and `pnpm dev` serve: the local chain's endpoint when none is set. */
export const LOCAL_RPC_URL = "http://127.0.0.1:8545";

type Env = Readonly<Record<string, string | undefined>>;

const PATTERN = /^RPC_URL_(\d+)$/;

/** The environment variable holding chain `chainId`'s RPC URL. */
export const rpcUrlEnv = (chainId: number) => `RPC_URL_${chainId}`;

/** Chain `chainId`'s RPC URL from `env`; the local chain falls back to the dev node, any other to nothing. */
export function rpcUrlOf(chainId: number, env: Env): string | undefined {
  const set = env[rpcUrlEnv(chainId)];
  if (set) return set;
  return chainId === chains.local.chain.id ? LOCAL_RPC_URL : undefined;
}

/** Every `RPC_URL_<chainId>` set in `env`, by chain id: the chains a process was told to reach. */
export function rpcUrlsFrom(env: Env): Record<number, string> {
  const urls: Record<number, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = PATTERN.exec(key);
    if (match && value) urls[Number(match[1])] = value;
  }
  return urls;
}
