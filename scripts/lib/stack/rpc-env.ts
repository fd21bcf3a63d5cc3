// The environment every starter hands a process for its chains' JSON-RPC URLs. Every reader (the
// deploy script, the indexer, the API, the keeper, the web server) takes RPC_URL_<chainId>, named in
// @p2p-escrow/contracts/rpc.
import { chains } from "../../../contracts/chains.ts";
import { rpcUrlEnv as variableOf } from "../../../contracts/rpc.ts";

/** `rpcUrls` (chain id → URL) as environment variables. */
export function rpcUrlEnv(rpcUrls: Record<number, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rpcUrls).map(([chainId, url]) => [variableOf(Number(chainId)), url]));
}

/** The local chain's URL as environment variables (for the deploy script). */
export const localRpcUrlEnv = (url: string) => rpcUrlEnv({ [chains.local.chain.id]: url });
