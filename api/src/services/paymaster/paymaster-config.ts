// The paymaster service's settings: part of the API's environment (config/env.ts), and the chains
// it quotes on, from the deployments (a StablecoinPaymaster), the RPC URLs and a price per chain.
import { chains as registry } from "@p2p-escrow/contracts/chains";
import { addressOf, contractOn, type Deployments, deployments, stablecoinsOf } from "@p2p-escrow/contracts/deployed";
import { Type } from "@sinclair/typebox";
import { type Address, createPublicClient, http } from "viem";
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
  /** Quote requests per IP address per minute: each one reads the chain. */
  RATE_LIMIT_PAYMASTER_PER_MINUTE: Type.Integer({ minimum: 1, default: 60 }),
};

type Env = Readonly<Record<string, string | undefined>>;

const PRICE_PATTERN = /^PAYMASTER_NATIVE_PRICE_USD_(\d+)$/;

/** The variable holding chain `chainId`'s native coin price in US dollars, e.g. `3300` or `612.5`. */
export const nativePriceEnv = (chainId: number) => `PAYMASTER_NATIVE_PRICE_USD_${chainId}`;

/** The local chain's ether has no market: the dev stack prices it like mainnet's, roughly. */
export const LOCAL_NATIVE_PRICE_USD = "3300";

const DECIMAL = /^\d+(\.\d+)?$/;

/** Every `PAYMASTER_NATIVE_PRICE_USD_<chainId>`, with the local chain's default; malformed ones as problems. */
export function nativePricesFrom(env: Env): { prices: Record<number, string>; problems: string[] } {
  const prices: Record<number, string> = { [registry.local.chain.id]: LOCAL_NATIVE_PRICE_USD };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    const match = PRICE_PATTERN.exec(key);
    // Empty is unset, as for every other variable (parse-env.ts).
    if (!match || value === undefined || value.trim() === "") continue;
    if (DECIMAL.test(value.trim()) && Number(value) > 0) prices[Number(match[1])] = value.trim();
    else problems.push(`  ${key}: a positive decimal number of US dollars, not "${value}"`);
  }
  return { prices, problems };
}

/** The chains with a deployed paymaster, an RPC URL and a price: the ones the service quotes on. */
export function paymasterChainsFrom(
  rpcUrls: Record<number, string>,
  prices: Record<number, string>,
  from: Deployments = deployments,
): Map<number, PaymasterChain> {
  const out = new Map<number, PaymasterChain>();
  for (const [id, url] of Object.entries(rpcUrls)) {
    const chainId = Number(id);
    const paymaster = contractOn(chainId, "StablecoinPaymaster", from)?.address;
    const nativePriceUsd = prices[chainId];
    if (!paymaster || !nativePriceUsd) continue;
    const contracts: Address[] = [addressOf(chainId, "P2PEscrow", from), addressOf(chainId, "ArbitratorPool", from)];
    out.set(chainId, {
      client: createPublicClient({ transport: http(url, { timeout: 10_000, retryCount: 1 }) }),
      paymaster,
      targets: { contracts, tokens: stablecoinsOf(chainId, from).map((s) => s.address), paymaster },
      nativePriceUsd,
    });
  }
  return out;
}
