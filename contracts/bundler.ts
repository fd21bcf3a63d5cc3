// Where every process finds a chain's ERC-4337 bundler (its JSON-RPC endpoint for user operations):
// the variable `BUNDLER_URL_<chainId>`, named like RPC_URL_<chainId> (rpc.ts). Browser-safe:
// callers pass their environment in, so nothing here reads `process`.
import { chains } from "./chains.ts";

/** The port `pnpm dev` serves the local chain's bundler on (DEV_BUNDLER_PORT overrides it). */
export const LOCAL_BUNDLER_PORT = 4337;

/** The bundler `pnpm dev` runs (Alto serves JSON-RPC under /rpc): the local chain's endpoint when none is set. */
export const LOCAL_BUNDLER_URL = `http://127.0.0.1:${LOCAL_BUNDLER_PORT}/rpc`;

type Env = Readonly<Record<string, string | undefined>>;

const PATTERN = /^BUNDLER_URL_(\d+)$/;

/** The environment variable holding chain `chainId`'s bundler URL. */
export const bundlerUrlEnv = (chainId: number) => `BUNDLER_URL_${chainId}`;

/** Chain `chainId`'s bundler URL from `env`; the local chain falls back to the dev stack's, any other to nothing. */
export function bundlerUrlOf(chainId: number, env: Env): string | undefined {
  const set = env[bundlerUrlEnv(chainId)];
  if (set) return set;
  return chainId === chains.local.chain.id ? LOCAL_BUNDLER_URL : undefined;
}

/** Every `BUNDLER_URL_<chainId>` set in `env`, by chain id. */
export function bundlerUrlsFrom(env: Env): Record<number, string> {
  const urls: Record<number, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = PATTERN.exec(key);
    if (match && value) urls[Number(match[1])] = value;
  }
  return urls;
}
