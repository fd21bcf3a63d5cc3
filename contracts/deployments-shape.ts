// The shape of the generated deployments module (contracts/generated/deployments.ts): what
// scripts/generate.ts writes and the helpers in deployed.ts read. Kept apart from both so the
// generator never depends on the module it writes.
import type { Address } from "viem";
import type { StablecoinSymbol } from "./chains.ts";

/** The contracts the generated module records per chain, by their Solidity names. */
export const DEPLOYED_CONTRACTS = [
  "P2PEscrow",
  "ArbitratorPool",
  "BlockhashRNG",
  "FallbackArbitrator",
  // ERC-4337, at their canonical addresses (account-abstraction.ts)
  "EntryPoint",
  "SimpleAccountFactory",
  "Simple7702Account",
  // Ours, against that EntryPoint (local chain only for now)
  "StablecoinPaymaster",
] as const;
export type ContractName = (typeof DEPLOYED_CONTRACTS)[number];

export interface ContractDeployment {
  address: Address;
  /** The block of the deployment transaction: nothing of the contract's happened before it. */
  startBlock: number;
}

export interface TokenDeployment {
  address: Address;
  decimals: number;
  permit: boolean;
  /** Deployed by us in place of a live token (local chain and testnets). */
  mock: boolean;
}

/** One chain's entry. */
export interface ChainDeployment {
  /** The registry's name for the chain the deployment was made for (contracts/chains.ts). */
  chain: string;
  contracts: Partial<Record<ContractName, ContractDeployment>>;
  tokens: Partial<Record<StablecoinSymbol, TokenDeployment>>;
}

/** Per chain id (a decimal string, as JSON keys are). */
export type Deployments = Readonly<Record<string, ChainDeployment>>;
