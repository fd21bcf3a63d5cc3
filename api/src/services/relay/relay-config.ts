// The order relay's settings: part of the API's environment (config/env.ts), and the chains it
// relays on, from the deployments (the escrow), the RPC URLs and the native coin's price, which it
// shares with the paymaster service (native-price.ts, PAYMASTER_MARGIN_BPS).
import { addressOf, contractOn, type Deployments, deployments } from "@p2p-escrow/contracts/deployed";
import { Type } from "@sinclair/typebox";
import { type NativePriceSource, pricedChains } from "../native-price.ts";
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
  prices: Record<number, NativePriceSource>,
  maxPriceAgeSeconds: number,
  from: Deployments = deployments,
): Map<number, RelayChain> {
  const served = pricedChains(rpcUrls, prices, maxPriceAgeSeconds, (chainId) => !!contractOn(chainId, "P2PEscrow", from));
  return new Map(served.map(({ chainId, ...chain }) => [chainId, { ...chain, escrow: addressOf(chainId, "P2PEscrow", from) }]));
}
