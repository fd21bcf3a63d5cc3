// The web app's one chain config: the chains with a deployment in the generated module, with the
// registry's facts (confirmations, stablecoins, explorer) from contracts/chains.ts. Nothing here is
// hand-copied; a chain appears once it has been deployed to.
import { type ChainConfig, chainById, chains as registry } from "@p2p-escrow/contracts/chains";
import { deployedChainIds, type Stablecoin, stablecoinsOf } from "@p2p-escrow/contracts/deployed";
import type { Chain } from "viem";

export interface SupportedChain {
  id: number;
  name: string;
  chain: Chain;
  kind: ChainConfig["kind"];
  confirmations: number;
  /** The stablecoins the marketplace takes there, with their decimals and permit support. */
  tokens: Stablecoin[];
  stakeToken: string;
  minArbitratorStake: bigint;
  explorerUrl: string | null;
}

function supported(): SupportedChain[] {
  return deployedChainIds().flatMap((id) => {
    const config = chainById(id);
    if (!config) return [];
    return [
      {
        id: config.chain.id,
        name: config.name,
        chain: config.chain,
        kind: config.kind,
        confirmations: config.confirmations,
        tokens: stablecoinsOf(id),
        stakeToken: config.stakeToken,
        minArbitratorStake: config.minArbitratorStake,
        explorerUrl: config.explorer?.url ?? null,
      },
    ];
  });
}

export const supportedChains: readonly SupportedChain[] = supported();

/** The chain a newcomer lands on: the registry's default when deployed, else the first deployed one. */
export const defaultChain: SupportedChain = supportedChains.find((c) => c.id === registry.local.chain.id) ?? supportedChains[0]!;

export const chainInfo = (chainId: number): SupportedChain | undefined => supportedChains.find((c) => c.id === chainId);

export const tokenInfo = (chainId: number, token: string): Stablecoin | undefined =>
  chainInfo(chainId)?.tokens.find((t) => t.address.toLowerCase() === token.toLowerCase());

export const isLocalChain = (chainId: number) => chainInfo(chainId)?.kind === "local";
