// EIP-2612 permit typed data: what a wallet signs so that createOrderWithPermit can pull the
// payment without a separate approve transaction. The domain is the token's own, read from its
// EIP-5267 eip712Domain(): tokens differ in name and version (USDC signs under version "2").
// A token without eip712Domain() (USDC's FiatToken v2.2 has none) gives its name() and version(),
// checked against its DOMAIN_SEPARATOR().
import { type Address, domainSeparator, type Hex, parseSignature } from "viem";

export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** The EIP-712 domain a token signs permits under. */
export interface PermitDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

/** What eip712Domain() returns: (fields, name, version, chainId, verifyingContract, salt, extensions). */
export type Eip712DomainResult = readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]];

/** The permit domain from the token's eip712Domain(): an EIP-2612 domain has no salt. */
export const permitDomainOf = ([, name, version, chainId, verifyingContract]: Eip712DomainResult): PermitDomain => ({
  name,
  version,
  chainId: Number(chainId),
  verifyingContract,
});

/**
 * The permit domain of a token without EIP-5267, from its name() and version() (FiatToken v2.2:
 * version "2"). A wrong guess signs a permit the token rejects, so compare
 * `permitDomainSeparator` of the result with the token's DOMAIN_SEPARATOR() before signing.
 */
export const permitDomainFromParts = (name: string, version: string, chainId: number, verifyingContract: Address): PermitDomain => ({
  name,
  version,
  chainId,
  verifyingContract,
});

/** The EIP-712 separator of a permit domain, as a token's DOMAIN_SEPARATOR() reports it. */
export const permitDomainSeparator = (domain: PermitDomain): Hex => domainSeparator({ domain });

/** The token's functions that tell its EIP-712 domain; each rejects when the token lacks it. */
export interface TokenDomainReads {
  eip712Domain: () => Promise<Eip712DomainResult>;
  name: () => Promise<string>;
  version: () => Promise<string>;
  domainSeparator: () => Promise<Hex>;
}

/**
 * The EIP-712 domain `token` on `chainId` signs permits and EIP-3009 authorizations under: its
 * eip712Domain() if it has one, else its name() and version(), refused unless they hash to its
 * DOMAIN_SEPARATOR() (a wrong guess would sign something the token rejects).
 */
export async function tokenDomain(reads: TokenDomainReads, chainId: number, token: Address): Promise<PermitDomain> {
  const reported = await reads.eip712Domain().catch(() => null);
  if (reported) return permitDomainOf(reported);
  const [name, version, expected] = await Promise.all([reads.name(), reads.version(), reads.domainSeparator()]).catch(() => {
    throw new Error(`token ${token} reports no EIP-712 domain`);
  });
  const domain = permitDomainFromParts(name, version, chainId, token);
  if (permitDomainSeparator(domain) !== expected) {
    throw new Error(`token ${token}: domain ${JSON.stringify(domain)} does not match DOMAIN_SEPARATOR ${expected}`);
  }
  return domain;
}

export interface PermitMessage {
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** The typed data to sign (viem's signTypedData, wagmi's signTypedDataAsync). */
export const permitTypedData = (domain: PermitDomain, message: PermitMessage) => ({
  domain,
  types: PERMIT_TYPES,
  primaryType: "Permit" as const,
  message,
});

/** The (v, r, s) createOrderWithPermit takes, from the wallet's signature. */
export function permitSignatureParts(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { v, yParity, r, s } = parseSignature(signature);
  // A signature in the compact form carries only the y parity: v is 27 + yParity.
  return { v: Number(v ?? 27n + BigInt(yParity)), r, s };
}
