// The web app's one chain config: the chains with a deployment in the generated module, with the
// registry's facts (confirmations, stablecoins, explorer) from contracts/chains.ts. Nothing here is
// hand-copied; a chain appears once it has been deployed to.
import { type ChainConfig, chainById, chains as registry } from "@p2p-escrow/contracts/chains";
import { deployments } from "@p2p-escrow/contracts/deployments";
import type { Address, Chain } from "viem";

export interface SupportedToken {
  symbol: string;
  address: Address;
  decimals: number;
  /** EIP-2612: one signed permit replaces the approve transaction. */
  permit: boolean;
}

export interface SupportedChain {
  id: number;
  name: string;
  chain: Chain;
  kind: ChainConfig["kind"];
  confirmations: number;
  tokens: SupportedToken[];
  stakeToken: string;
  minArbitratorStake: bigint;
  explorerUrl: string | null;
}

type Deployed = { tokens: Record<string, { address: string; decimals: number; permit: boolean }> };

function supported(): SupportedChain[] {
  const out: SupportedChain[] = [];
  for (const [id, deployed] of Object.entries(deployments as Record<string, Deployed>)) {
    const config = chainById(Number(id));
    if (!config) continue;
    const tokens = Object.entries(config.stablecoins).flatMap(([symbol, coin]) => {
      const address = (coin.address ?? deployed.tokens[symbol]?.address) as Address | undefined;
      return address ? [{ symbol, address, decimals: coin.decimals, permit: deployed.tokens[symbol]?.permit ?? coin.permit }] : [];
    });
    out.push({
      id: config.chain.id,
      name: config.name,
      chain: config.chain,
      kind: config.kind,
      confirmations: config.confirmations,
      tokens,
      stakeToken: config.stakeToken,
      minArbitratorStake: config.minArbitratorStake,
      explorerUrl: config.explorer?.url ?? null,
    });
  }
  return out;
}

export const supportedChains: readonly SupportedChain[] = supported();

/** The chain a newcomer lands on: the registry's default when deployed, else the first deployed one. */
export const defaultChain: SupportedChain =
  supportedChains.find((c) => c.id === registry.local.chain.id) ?? supportedChains[0]!;

export const chainInfo = (chainId: number): SupportedChain | undefined => supportedChains.find((c) => c.id === chainId);

export const tokenInfo = (chainId: number, token: string): SupportedToken | undefined =>
  chainInfo(chainId)?.tokens.find((t) => t.address.toLowerCase() === token.toLowerCase());

export const isLocalChain = (chainId: number) => chainInfo(chainId)?.kind === "local";
