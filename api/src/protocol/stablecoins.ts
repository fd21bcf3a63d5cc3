// The stablecoins a listing may accept, per chain: the registry's live tokens, and on chains where
// a mock stands in (local, testnets) the mock's address from the generated deployments module.
// Browser-safe, so the web app offers exactly the choices the API accepts.
import { chains } from "@p2p-escrow/contracts/chains";
import { deployments } from "@p2p-escrow/contracts/deployments";

export interface Stablecoin {
  chainId: number;
  symbol: string;
  /** Lowercase. */
  address: string;
  decimals: number;
}

type DeployedTokens = Record<string, { address: string; decimals: number } | undefined>;

function deployedTokens(chainId: number): DeployedTokens {
  const deployed = (deployments as Record<string, { tokens?: DeployedTokens } | undefined>)[String(chainId)];
  return deployed?.tokens ?? {};
}

function collect(): Stablecoin[] {
  const out: Stablecoin[] = [];
  for (const config of Object.values(chains)) {
    const chainId = config.chain.id;
    const mocks = deployedTokens(chainId);
    for (const [symbol, coin] of Object.entries(config.stablecoins)) {
      const address = coin.address ?? mocks[symbol]?.address;
      if (address) out.push({ chainId, symbol, address: address.toLowerCase(), decimals: coin.decimals });
    }
  }
  return out;
}

export const stablecoins: readonly Stablecoin[] = collect();

const byKey = new Map(stablecoins.map((s) => [`${s.chainId}:${s.address}`, s]));

/** The stablecoin `token` is on `chainId`, or undefined when listings may not accept it. */
export const findStablecoin = (chainId: number, token: string): Stablecoin | undefined => byKey.get(`${chainId}:${token.toLowerCase()}`);

/** Every chain id the marketplace knows, for queries that must name the chain (indexes lead with it). */
export const knownChainIds: readonly number[] = Object.values(chains).map((c) => c.chain.id);
