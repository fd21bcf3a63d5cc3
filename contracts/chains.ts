/**
 * The chain registry: every chain the marketplace runs on, and what each package needs to know
 * about it. The indexer, the API, the web app and the scripts all read chain facts from here.
 * A chain's RPC URL is not a fact of the chain but of the process: see rpc.ts.
 */
import type { Address, Chain } from "viem";
import { arbitrum, arbitrumSepolia, bsc, bscTestnet, hardhat, mainnet, sepolia } from "viem/chains";

/** The dollar stablecoins every chain offers, in the order they are shown. */
export const STABLECOIN_SYMBOLS = ["USDT", "USDC"] as const;
export type StablecoinSymbol = (typeof STABLECOIN_SYMBOLS)[number];

export interface StablecoinConfig {
  /** The live token; `null` where a mock is deployed instead (local chain and testnets). */
  address: Address | null;
  decimals: number;
  /** Whether the token implements EIP-2612 permit, so buyers can skip the approve transaction. */
  permit: boolean;
  /**
   * Whether the token implements EIP-3009 `receiveWithAuthorization` (USDC's gasless transfer), so
   * a buyer holding no native coin can have a relayer submit the order (createOrderWithAuthorization).
   */
  authorization: boolean;
  /** Per-order cap in token units; 0n means none. */
  maxOrderAmount: bigint;
  /** Smallest order in token units, so that a dispute is worth an arbitrator's time. */
  minOrderAmount: bigint;
  /** Smallest arbitration fee (each side's dispute deposit) in token units; at most a fifth of
   * the smallest order, which the escrow enforces. */
  minArbitrationFee: bigint;
}

export interface ChainConfig {
  name: string;
  chain: Chain;
  kind: "local" | "testnet" | "mainnet";
  /**
   * Confirmations after which a change on chain counts as final: the block it landed in is the first
   * (as wallets and viem count). Read through `requiredConfirmations` and `confirmationsAt`.
   */
  confirmations: number;
  stablecoins: Record<StablecoinSymbol, StablecoinConfig>;
  /** The stablecoin arbitrators stake. */
  stakeToken: StablecoinSymbol;
  /** Minimum arbitrator stake in stake-token units (500 tokens at the token's decimals). */
  minArbitratorStake: bigint;
  /**
   * Chainlink's feed of the native coin's price in US dollars (ETH / USD, BNB / USD): what gas paid
   * in stablecoins is priced at (docs/gas.md, "How prices are set"); null where the coin has no market.
   */
  nativeUsdFeed: Address | null;
  /** Block explorer, and the environment variable of its API key for source verification. */
  explorer: { name: string; url: string; apiKeyEnv: string } | null;
}

const tokens = (whole: number, decimals: number) => BigInt(whole) * 10n ** BigInt(decimals);

// Every chain asks the same dollar bounds of an order: at least $10, and a dispute fee of at
// least $2 a side, so that dust orders cannot buy arbitrators' time for free.
const orderBounds = (decimals: number) => ({
  maxOrderAmount: 0n,
  minOrderAmount: tokens(10, decimals),
  minArbitrationFee: tokens(2, decimals),
});

type TokenFeatures = Pick<StablecoinConfig, "permit" | "authorization">;
/** Tether's USDT, and bridged or pegged dollars: no permit, no EIP-3009. */
const PLAIN: TokenFeatures = { permit: false, authorization: false };
/** Circle's USDC (FiatToken v2 and later), and the mock that stands in for it: permit and EIP-3009. */
const CIRCLE: TokenFeatures = { permit: true, authorization: true };

const mock = (decimals: number, features: TokenFeatures): StablecoinConfig => ({
  address: null,
  decimals,
  ...features,
  ...orderBounds(decimals),
});

const live = (address: Address, decimals: number, features: TokenFeatures): StablecoinConfig => ({
  address,
  decimals,
  ...features,
  ...orderBounds(decimals),
});

const etherscan = (url: string) => ({ name: "Etherscan", url, apiKeyEnv: "ETHERSCAN_API_KEY" });

export const chains = {
  local: {
    name: "local",
    chain: hardhat,
    kind: "local",
    confirmations: 1,
    stablecoins: { USDT: mock(6, PLAIN), USDC: mock(6, CIRCLE) },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 6),
    nativeUsdFeed: null,
    explorer: null,
  },
  ethereum: {
    name: "ethereum",
    chain: mainnet,
    kind: "mainnet",
    confirmations: 12,
    stablecoins: {
      USDT: live("0xdAC17F958D2ee523a2206206994597C13D831ec7", 6, PLAIN),
      USDC: live("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6, CIRCLE),
    },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 6),
    nativeUsdFeed: "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419",
    explorer: etherscan("https://etherscan.io"),
  },
  bsc: {
    name: "bsc",
    chain: bsc,
    kind: "mainnet",
    confirmations: 15,
    stablecoins: {
      // Both of BNB Chain's dollar stablecoins use 18 decimals.
      USDT: live("0x55d398326f99059fF775485246999027B3197955", 18, PLAIN),
      USDC: live("0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", 18, PLAIN),
    },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 18),
    nativeUsdFeed: "0x0567F2323251f0Aab15c8dFb1967E4e8A7D42aeE",
    explorer: etherscan("https://bscscan.com"),
  },
  arbitrum: {
    name: "arbitrum",
    chain: arbitrum,
    kind: "mainnet",
    confirmations: 1,
    stablecoins: {
      USDT: live("0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9", 6, PLAIN),
      USDC: live("0xaf88d065e77c8cC2239327C5EDb3A432268e5831", 6, CIRCLE),
    },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 6),
    nativeUsdFeed: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612",
    explorer: etherscan("https://arbiscan.io"),
  },
  sepolia: {
    name: "sepolia",
    chain: sepolia,
    kind: "testnet",
    confirmations: 12,
    stablecoins: { USDT: mock(6, PLAIN), USDC: mock(6, CIRCLE) },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 6),
    nativeUsdFeed: "0x694AA1769357215DE4FAC081bf1f309aDC325306",
    explorer: etherscan("https://sepolia.etherscan.io"),
  },
  bscTestnet: {
    name: "bscTestnet",
    chain: bscTestnet,
    kind: "testnet",
    confirmations: 15,
    stablecoins: { USDT: mock(18, PLAIN), USDC: mock(18, CIRCLE) },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 18),
    nativeUsdFeed: "0x2514895c72f50D8bd4B4F9b1110F0D6bD2c97526",
    explorer: etherscan("https://testnet.bscscan.com"),
  },
  arbitrumSepolia: {
    name: "arbitrumSepolia",
    chain: arbitrumSepolia,
    kind: "testnet",
    confirmations: 1,
    stablecoins: { USDT: mock(6, PLAIN), USDC: mock(6, CIRCLE) },
    stakeToken: "USDT",
    minArbitratorStake: tokens(500, 6),
    nativeUsdFeed: "0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165",
    explorer: etherscan("https://sepolia.arbiscan.io"),
  },
} as const satisfies Record<string, ChainConfig>;

export type ChainName = keyof typeof chains;

export const chainNames = Object.keys(chains) as ChainName[];

export const defaultChain: ChainName = "local";

export function chainByName(name: string): ChainConfig {
  if (!(name in chains)) {
    throw new Error(`unknown chain "${name}"; known chains: ${chainNames.join(", ")}`);
  }
  return chains[name as ChainName];
}

export function chainById(chainId: number): ChainConfig | undefined {
  return Object.values(chains).find((c) => c.chain.id === chainId);
}

/** The confirmations a change counts as final after on `chainId`; 1 on a chain the registry does not know (a test's). */
export const requiredConfirmations = (chainId: number): number => chainById(chainId)?.confirmations ?? 1;

/**
 * The confirmations a change in block `block` has while the chain's head is `head`: its own block
 * counts as the first, so a change in the head block has one. A head behind the block (an RPC that
 * lags the indexer) gives none.
 */
export const confirmationsAt = (block: bigint, head: bigint): number => (head >= block ? Number(head - block) + 1 : 0);
