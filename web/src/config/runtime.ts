// Settings read from the server's environment at request time, so one `next build` serves any
// stack (ports differ between `pnpm dev`, the e2e tests and production). Server-only.
import { rpcUrlOf } from "@p2p-escrow/contracts/rpc";
import { supportedChains } from "./chains.ts";

export interface RuntimeConfig {
  /** The API's URL as the browser reaches it. */
  apiUrl: string;
  /** RPC URL per supported chain id, as the browser reaches it: RPC_URL_<chainId>, else the local dev node or the chain's public RPC. */
  rpcUrls: Record<number, string>;
  walletConnectProjectId: string | null;
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
  };
}
