// Settings read from the server's environment at request time, so one `next build` serves any
// stack (ports differ between `pnpm dev`, the e2e tests and production). Server-only.
import { rpcUrlEnv, rpcUrlOf } from "@p2p-escrow/contracts/rpc";
import { supportedChains } from "./chains.ts";

export interface RuntimeConfig {
  /** The API's URL as the browser reaches it. */
  apiUrl: string;
  /** RPC URL per supported chain id, as the browser reaches it: RPC_URL_<chainId>, else the local dev node or the chain's public RPC. */
  rpcUrls: Record<number, string>;
  walletConnectProjectId: string | null;
  /** Whether the local chain and its dev wallets are offered (see localChainOffered). */
  localChain: boolean;
}

/**
 * WEB_LOCAL_CHAIN=1 offers the local chain and the dev wallets (the public test mnemonic's
 * accounts), WEB_LOCAL_CHAIN=0 hides them. Unset, they are offered only where the local chain is
 * configured: an RPC URL for it in RPC_URL_<id> (as `pnpm dev` sets), or no other chain
 * deployed at all. A production server pointing at real chains thus never offers them.
 */
export function localChainOffered(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.WEB_LOCAL_CHAIN?.trim().toLowerCase();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  if (flag) throw new Error(`WEB_LOCAL_CHAIN must be 1 or 0, not "${env.WEB_LOCAL_CHAIN}"`);
  const local = supportedChains.find((chain) => chain.kind === "local");
  if (!local) return false;
  return !!env[rpcUrlEnv(local.id)] || supportedChains.every((chain) => chain === local);
}

export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const rpcUrls: Record<number, string> = {};
  for (const chain of supportedChains) {
    const url = rpcUrlOf(chain.id, env) ?? chain.chain.rpcUrls.default.http[0];
    if (url) rpcUrls[chain.id] = url;
  }
  return {
    apiUrl: (env.WEB_API_URL ?? "http://127.0.0.1:4000").replace(/\/$/, ""),
    rpcUrls,
    walletConnectProjectId: env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || null,
    localChain: localChainOffered(env),
  };
}
