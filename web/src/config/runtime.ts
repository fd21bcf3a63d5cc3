// Settings read from the server's environment at request time, so one `next build` serves any
// stack (ports differ between `pnpm dev`, the e2e tests and production). Server-only.
import { bundlerUrlsFrom } from "@p2p-escrow/contracts/bundler";
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
  /**
   * The case-key relay's wallet (CASE_RELAY_ADDRESS, the same variable the API reads): a party's
   * page seals a disputed order's keys to it, checked against the keys this wallet bound, so the
   * API cannot name another relay. Null: no relay, parties share with the arbitrator directly.
   */
  caseRelay: string | null;
  /**
   * ERC-4337 bundler URL per chain id (BUNDLER_URL_<chainId>), as the browser reaches it: where the
   * local chain's stablecoin-only dev wallets send their user operations. Only what is set.
   */
  bundlerUrls: Record<number, string>;
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

/** CASE_RELAY_ADDRESS, lowercase; a malformed value stops the server rather than disabling the relay silently. */
export function caseRelayOf(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.CASE_RELAY_ADDRESS?.trim();
  if (!value) return null;
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new Error(`CASE_RELAY_ADDRESS must be an address, not "${value}"`);
  return value.toLowerCase();
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
    caseRelay: caseRelayOf(env),
    bundlerUrls: bundlerUrlsFrom(env),
  };
}
