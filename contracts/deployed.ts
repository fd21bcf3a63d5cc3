// What is deployed where, read through typed helpers instead of each package casting the generated
// module to a shape of its own. Every helper reads the generated deployments unless handed another
// set (a test's own chains, read with readDeploymentsFile from deployment-records.ts). Browser-safe.
import type { Address } from "viem";
import { chainById, STABLECOIN_SYMBOLS, type StablecoinSymbol } from "./chains.ts";
import type { ChainDeployment, ContractDeployment, ContractName, Deployments } from "./deployments-shape.ts";
import { deployments as generated } from "./generated/deployments.ts";

export type { ChainDeployment, ContractDeployment, ContractName, Deployments, TokenDeployment } from "./deployments-shape.ts";

/** The generated module, checked against the shape every helper reads. */
export const deployments: Deployments = generated;

/** The chain ids with a deployment, ascending. */
export const deployedChainIds = (from: Deployments = deployments): number[] =>
  Object.keys(from)
    .map(Number)
    .sort((a, b) => a - b);

/** What is deployed on chain `chainId`, or undefined. */
export const deploymentOf = (chainId: number, from: Deployments = deployments): ChainDeployment | undefined => from[String(chainId)];

/** Contract `name` on chain `chainId`, or undefined when it is not deployed there. */
export const contractOn = (chainId: number, name: ContractName, from: Deployments = deployments): ContractDeployment | undefined =>
  deploymentOf(chainId, from)?.contracts[name];

function requireContract(chainId: number, name: ContractName, from: Deployments): ContractDeployment {
  const deployed = contractOn(chainId, name, from);
  if (!deployed) throw new Error(`${name} is not deployed on chain ${chainId}`);
  return deployed;
}

/** Contract `name`'s address on chain `chainId`; throws when it is not deployed there. */
export const addressOf = (chainId: number, name: ContractName, from: Deployments = deployments): Address =>
  requireContract(chainId, name, from).address;

/** The block to read contract `name`'s events from on chain `chainId`; throws when it is not deployed there. */
export const startBlockOf = (chainId: number, name: ContractName, from: Deployments = deployments): number =>
  requireContract(chainId, name, from).startBlock;

/** Contract `name`'s address on every chain it is deployed on: the per-chain `address` wagmi's hooks take. */
export function addressesOf(name: ContractName, from: Deployments = deployments): Record<number, Address> {
  const out: Record<number, Address> = {};
  for (const chainId of deployedChainIds(from)) {
    const deployed = contractOn(chainId, name, from);
    if (deployed) out[chainId] = deployed.address;
  }
  return out;
}

/** A stablecoin the marketplace takes on one chain. */
export interface Stablecoin {
  chainId: number;
  symbol: StablecoinSymbol;
  address: Address;
  decimals: number;
  /** EIP-2612: one signed permit replaces the approve transaction. */
  permit: boolean;
  /** EIP-3009: a buyer without native coin can sign the payment and have a relayer submit it. */
  authorization: boolean;
}

/**
 * The stablecoins of registry chain `chainId`: its live tokens, and where a mock stands in (local
 * chain, testnets) the mock deployed there. A token with neither is left out; so is every token of a
 * chain the registry does not know.
 */
export function stablecoinsOf(chainId: number, from: Deployments = deployments): Stablecoin[] {
  const config = chainById(chainId);
  if (!config) return [];
  const deployed = deploymentOf(chainId, from)?.tokens ?? {};
  const out: Stablecoin[] = [];
  for (const symbol of STABLECOIN_SYMBOLS) {
    const coin = config.stablecoins[symbol];
    const address = coin.address ?? deployed[symbol]?.address;
    if (address) {
      const permit = deployed[symbol]?.permit ?? coin.permit;
      out.push({ chainId, symbol, address, decimals: coin.decimals, permit, authorization: coin.authorization });
    }
  }
  return out;
}

/** Stablecoin `token` (any letter case) on chain `chainId`, or undefined when the marketplace does not take it. */
export const findStablecoin = (chainId: number, token: string, from: Deployments = deployments): Stablecoin | undefined =>
  stablecoinsOf(chainId, from).find((s) => s.address.toLowerCase() === token.toLowerCase());
