// The variables each process reads its chains' JSON-RPC URLs from, in one place: the starters
// build every service's environment through these.

/** Per reader, the variable holding chain `chainId`'s URL. */
const VARIABLE = {
  indexer: (chainId: number) => `PONDER_RPC_URL_${chainId}`,
  api: (chainId: number) => `RPC_URL_${chainId}`, // the API and the keeper
  web: (chainId: number) => `WEB_RPC_URL_${chainId}`,
};

/** `rpcUrls` (chain id → URL) as the environment of `reader`. */
export function rpcUrlEnv(reader: keyof typeof VARIABLE, rpcUrls: Record<number, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rpcUrls).map(([chainId, url]) => [VARIABLE[reader](Number(chainId)), url]));
}

/** The deploy script's variable for the local chain (contracts/chains.ts reads it). */
export const localRpcUrlEnv = (url: string) => ({ LOCAL_RPC_URL: url });
