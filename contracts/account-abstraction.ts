// ERC-4337 (account abstraction) facts: where EntryPoint v0.8 and the reference accounts of
// `@account-abstraction/contracts@0.8.0` live. Each is deployed through the deterministic CREATE2
// deployer with a fixed salt, so it has one address on every chain: the deploy script puts it there
// on the local chain and only checks that it is there on public ones (never a deployment of ours).
// Browser-safe and data only; the bytecode stays in the package's artifacts.
import type { Address, Hex, TransactionSerializedLegacy } from "viem";

/**
 * The deterministic deployment proxy (Arachnid's): `to: proxy, data: salt ++ initCode` creates the
 * contract with CREATE2, so its address depends on the salt and the init code alone. Present on
 * every public chain; a fresh local node gets it from the presigned transaction below, which has no
 * chain id (pre-EIP-155) and so is valid on any chain, from a key nobody holds.
 */
export const DETERMINISTIC_DEPLOYER = {
  address: "0x4e59b44847b379578588920cA78FbF26c0B4956C",
  /** The one-off signer of the presigned transaction (recovered from it; nonce 0 creates the proxy). */
  signer: "0x3fAB184622Dc19b6109349B94811493BF2a45362",
  /** Gas 100,000 at 100 gwei: the signer must hold this much before the transaction is sent. */
  signerFunding: 100_000n * 100_000_000_000n,
  presignedTransaction:
    "0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222" as TransactionSerializedLegacy,
} as const satisfies { address: Address; signer: Address; signerFunding: bigint; presignedTransaction: TransactionSerializedLegacy };

/** The contracts of `@account-abstraction/contracts` the marketplace uses, by their artifact names. */
export const AA_CONTRACTS = ["EntryPoint", "SimpleAccountFactory", "Simple7702Account"] as const;
export type AaContractName = (typeof AA_CONTRACTS)[number];

export interface DeterministicContract {
  /** Where CREATE2 through the deterministic deployer puts it (checked against the package's bytecode in the tests). */
  address: Address;
  salt: Hex;
  /** Its constructor's arguments, part of its init code and so of its address. */
  args: readonly Address[];
  /** Deployed by the deploy script on the local chain only; elsewhere it must already be there. */
  required: "everywhere" | "where-present";
}

/** The EntryPoint version the package holds, and the one every user operation here targets. */
export const ENTRY_POINT_VERSION = "0.8" as const;

/**
 * The canonical addresses: the salts are the ones the eth-infinitism team deployed v0.8 with, and
 * the package's artifacts reproduce each address exactly. The escrow needs the EntryPoint on every
 * chain it offers gas in stablecoins; the factory (ERC-4337 accounts) and the EIP-7702 delegation
 * target serve the dev wallet locally, and are recorded elsewhere only where someone deployed them.
 */
const ENTRY_POINT = "0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108";

export const DETERMINISTIC_CONTRACTS = {
  EntryPoint: {
    address: ENTRY_POINT,
    salt: "0x0a59dbff790c23c976a548690c27297883cc66b4c67024f9117b0238995e35e9",
    args: [],
    required: "everywhere",
  },
  SimpleAccountFactory: {
    address: "0x13E9ed32155810FDbd067D4522C492D6f68E5944",
    salt: "0x0000000000000000000000000000000000000000000000000000000000000000",
    args: [ENTRY_POINT],
    required: "where-present",
  },
  // Its EntryPoint is a constant in its code, not a constructor argument.
  Simple7702Account: {
    address: "0xe6Cae83BdE06E4c305530e199D7217f42808555B",
    salt: "0x0000000000000000000000000000000000000000000000000000000000000000",
    args: [],
    required: "where-present",
  },
} as const satisfies Record<AaContractName, DeterministicContract>;

/** Where an EIP-7702 delegation points: the code is `0xef0100 ++ address`. */
export const EIP7702_DELEGATION_PREFIX = "0xef0100" as const;
