// The paymaster service's settings: part of the API's environment (config/env.ts), and the chains
// it quotes on, from the deployments (a StablecoinPaymaster), the RPC URLs and a price per chain
// (native-price.ts).
import { addressOf, contractOn, type Deployments, deployments, stablecoinsOf } from "@p2p-escrow/contracts/deployed";
import { Type } from "@sinclair/typebox";
import type { Address } from "viem";
import { type NativePriceSource, pricedChains } from "../native-price.ts";
import type { PaymasterChain } from "./quote-service.ts";

export const PaymasterEnv = {
  /**
   * The StablecoinPaymaster's quote signer (`quoteSigner()` on chain). Unset, POST /paymaster answers
   * PAYMASTER_UNAVAILABLE and wallets pay gas in the native coin as before.
   */
  PAYMASTER_QUOTE_SIGNER_KEY: Type.Optional(Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" })),
  /** Added to the price of gas: covers the EntryPoint's 10% penalty on unused gas and the price moving during a quote. */
  PAYMASTER_MARGIN_BPS: Type.Integer({ minimum: 0, maximum: 5_000, default: 1_500 }),
  /** How long a signed quote stands (the paymaster's `maxQuoteTtl` caps it). */
  PAYMASTER_QUOTE_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 3_600, default: 120 }),
  /**
   * How old the answer of a chain's price feed may be before quoting stops. The default is above
   * the longest heartbeat of the registry's feeds (a day, on Arbitrum): a feed that misses it is
   * broken. Between heartbeats a feed moves with the price (its deviation threshold, under 1%).
   */
  PAYMASTER_PRICE_FEED_MAX_AGE_SECONDS: Type.Integer({ minimum: 60, default: 90_000 }),
  /** Quote requests per IP address per minute: each one reads the chain. */
  RATE_LIMIT_PAYMASTER_PER_MINUTE: Type.Integer({ minimum: 1, default: 60 }),
};

/** The chains with a deployed paymaster, an RPC URL and a price: the ones the service quotes on. */
export function paymasterChainsFrom(
  rpcUrls: Record<number, string>,
  prices: Record<number, NativePriceSource>,
  maxPriceAgeSeconds: number,
  from: Deployments = deployments,
): Map<number, PaymasterChain> {
  const served = pricedChains(rpcUrls, prices, maxPriceAgeSeconds, (chainId) => !!contractOn(chainId, "StablecoinPaymaster", from));
  return new Map(
    served.map(({ chainId, client, nativePrice }) => {
      const paymaster = addressOf(chainId, "StablecoinPaymaster", from);
      const contracts: Address[] = [addressOf(chainId, "P2PEscrow", from), addressOf(chainId, "ArbitratorPool", from)];
      const targets = { contracts, tokens: stablecoinsOf(chainId, from).map((s) => s.address), paymaster };
      return [chainId, { client, paymaster, targets, nativePrice }];
    }),
  );
}
