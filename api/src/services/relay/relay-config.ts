// The order relay's settings: part of the API's environment (config/env.ts), and the chains it
// relays on, from the deployments (the escrow), the RPC URLs and the native coin's price, which it
// shares with the paymaster service (PAYMASTER_NATIVE_PRICE_USD_<chainId>, PAYMASTER_MARGIN_BPS).
import { addressOf, contractOn, type Deployments, deployments } from "@p2p-escrow/contracts/deployed";
import { Type } from "@sinclair/typebox";
import { createPublicClient, http } from "viem";
import type { RelayChain } from "./order-relay.ts";

export const RelayEnv = {
  /**
   * The key that submits relayed orders and pays their gas in the native coin, repaid by the fee
   * each buyer signs. Unset, /relay answers RELAY_UNAVAILABLE.
   */
  RELAYER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" })),
  /** Orders one buyer may have relayed per hour: bounds what a buyer who makes relays fail can cost the relayer. */
  RELAY_ORDERS_PER_SENDER_PER_HOUR: Type.Integer({ minimum: 1, default: 10 }),
  /** Relay requests per IP address per minute: each one reads the chain. */
  RATE_LIMIT_RELAY_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
};

/** The chains with a deployed escrow, an RPC URL and a native coin price: the ones the relay serves. */
export function relayChainsFrom(
  rpcUrls: Record<number, string>,
  prices: Record<number, string>,
  from: Deployments = deployments,
): Map<number, RelayChain> {
  const out = new Map<number, RelayChain>();
  for (const [id, url] of Object.entries(rpcUrls)) {
    const chainId = Number(id);
    const nativePriceUsd = prices[chainId];
    if (!contractOn(chainId, "P2PEscrow", from) || !nativePriceUsd) continue;
    out.set(chainId, {
      url,
      client: createPublicClient({ transport: http(url, { timeout: 10_000, retryCount: 1 }) }),
      escrow: addressOf(chainId, "P2PEscrow", from),
      nativePriceUsd,
    });
  }
  return out;
}
