// The native coin's price in US dollars on each chain: what the paymaster's quotes and the order
// relay's fees turn gas into stablecoins at (docs/gas.md, "How prices are set"). Per chain, either a
// Chainlink price feed on that chain (an AggregatorV3 such as ETH / USD: the registry's, or
// PAYMASTER_NATIVE_PRICE_FEED_<chainId>), read for every quote, or a fixed price the operator sets
// (PAYMASTER_NATIVE_PRICE_USD_<chainId>; the local chain's ether, which has no market, by default). A feed older than PAYMASTER_PRICE_FEED_MAX_AGE_SECONDS, or
// one that answers nothing sensible, stops quoting: gas priced at a price the market has left is paid
// by the paymaster's operator (too low) or by the user (too high).
import { chains as registry } from "@p2p-escrow/contracts/chains";
import { type Address, createPublicClient, formatUnits, http, isAddress, type PublicClient, parseAbi } from "viem";

type Env = Readonly<Record<string, string | undefined>>;

/** Where a chain's price comes from. */
export type NativePriceSource = { fixedUsd: string } | { feed: Address };

/** The native coin's price in US dollars now, as a decimal string (`"3300"`, `"612.45"`). */
export type NativePrice = () => Promise<string>;

/** The chain's price cannot be had now (the feed is stale, broken or unreachable): nothing is priced. */
export class PriceUnavailable extends Error {}

const FIXED_PATTERN = /^PAYMASTER_NATIVE_PRICE_USD_(\d+)$/;
const FEED_PATTERN = /^PAYMASTER_NATIVE_PRICE_FEED_(\d+)$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** The local chain's ether has no market: the dev stack prices it like mainnet's, roughly. */
const LOCAL_NATIVE_PRICE_USD = "3300";

/** Chainlink's AggregatorV3Interface, the part a reader needs. */
const aggregatorAbi = parseAbi([
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
]);

/** Each registry chain's own source: its Chainlink feed, or the local chain's fixed price. */
function registrySources(): Record<number, NativePriceSource> {
  return Object.fromEntries(
    Object.values(registry).map(({ chain, nativeUsdFeed }) => [
      chain.id,
      nativeUsdFeed ? { feed: nativeUsdFeed } : { fixedUsd: LOCAL_NATIVE_PRICE_USD },
    ]),
  );
}

/**
 * Every chain's price source: the registry's (contracts/chains.ts `nativeUsdFeed`), replaced by
 * `PAYMASTER_NATIVE_PRICE_USD_<chainId>` or `PAYMASTER_NATIVE_PRICE_FEED_<chainId>`; malformed or
 * conflicting variables as problems.
 */
export function nativePriceSourcesFrom(env: Env): { sources: Record<number, NativePriceSource>; problems: string[] } {
  const sources = registrySources();
  const set = new Map<number, string>();
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(env)) {
    const fixed = FIXED_PATTERN.exec(key);
    const feed = FEED_PATTERN.exec(key);
    const value = raw?.trim();
    // Empty is unset, as for every other variable (parse-env.ts).
    if ((!fixed && !feed) || !value) continue;
    const chainId = Number((fixed ?? feed)![1]);
    if (set.has(chainId)) {
      problems.push(`  ${key}: chain ${chainId}'s price is already set by ${set.get(chainId)}; set one of the two`);
      continue;
    }
    if (fixed && !(DECIMAL.test(value) && Number(value) > 0)) {
      problems.push(`  ${key}: a positive decimal number of US dollars, not "${raw}"`);
      continue;
    }
    if (feed && !isAddress(value)) {
      problems.push(`  ${key}: the address of a Chainlink price feed (AggregatorV3), not "${raw}"`);
      continue;
    }
    set.set(chainId, key);
    sources[chainId] = fixed ? { fixedUsd: value } : { feed: value as Address };
  }
  return { sources, problems };
}

/**
 * The price `source` gives on the chain `client` reads. A feed is read at every call, and refused
 * when its answer is not positive or is older than `maxAgeSeconds` by the wall clock.
 */
export function nativePriceOf(source: NativePriceSource, client: PublicClient, maxAgeSeconds: number): NativePrice {
  if ("fixedUsd" in source) return async () => source.fixedUsd;
  const { feed } = source;
  let decimals: Promise<number> | undefined;
  return async () => {
    try {
      // A feed's decimals never change: read once (again after a failure).
      decimals ??= client.readContract({ address: feed, abi: aggregatorAbi, functionName: "decimals" });
      const [places, [, answer, , updatedAt]] = await Promise.all([
        decimals,
        client.readContract({ address: feed, abi: aggregatorAbi, functionName: "latestRoundData" }),
      ]);
      if (answer <= 0n) throw new PriceUnavailable(`The price feed ${feed} answers ${answer}`);
      const age = Math.floor(Date.now() / 1000) - Number(updatedAt);
      if (age > maxAgeSeconds) {
        throw new PriceUnavailable(`The price feed ${feed} was last updated ${age} s ago, more than ${maxAgeSeconds} s`);
      }
      return formatUnits(answer, places);
    } catch (error) {
      if (error instanceof PriceUnavailable) throw error;
      decimals = undefined;
      throw new PriceUnavailable(`The price feed ${feed} cannot be read: ${(error as Error).message.split("\n")[0]}`);
    }
  };
}

/** One chain a pricing service serves: its RPC URL and client, and its price. */
export interface PricedChain {
  chainId: number;
  url: string;
  client: PublicClient;
  nativePrice: NativePrice;
}

/**
 * The chains with an RPC URL and a price that `serves` accepts (a contract deployed there): the
 * ones the paymaster service or the order relay works on.
 */
export function pricedChains(
  rpcUrls: Record<number, string>,
  prices: Record<number, NativePriceSource>,
  maxAgeSeconds: number,
  serves: (chainId: number) => boolean,
): PricedChain[] {
  return Object.entries(rpcUrls).flatMap(([id, url]) => {
    const chainId = Number(id);
    const source = prices[chainId];
    if (!source || !serves(chainId)) return [];
    const client = createPublicClient({ transport: http(url, { timeout: 10_000, retryCount: 1 }) });
    return [{ chainId, url, client, nativePrice: nativePriceOf(source, client, maxAgeSeconds) }];
  });
}
