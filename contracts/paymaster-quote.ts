// The StablecoinPaymaster's quote, off chain: the EIP-712 typed data its quote signer signs and the
// `paymasterAndData` layout it reads (contracts/src/interfaces/IStablecoinPaymaster.sol). One home
// for the paymaster service, tests and wallets; checked against the contract's own `quoteDigest`
// in test/contracts/paymaster-gas.test.ts.
import { type Address, concat, getAddress, type Hex, numberToHex, size, slice, toHex } from "viem";
import type { PackedUserOperation } from "viem/account-abstraction";

/** What the quote signer prices, besides the operation. */
export interface PaymasterQuote {
  token: Address; // the stablecoin the sender pays in
  validUntil: number; // last unix second the quote may be used; never 0
  validAfter: number; // the quote is valid strictly after this unix second (EntryPoint rule)
  price: bigint; // token base units per 1e18 wei of gas cost, margin included
  maxTokenCost: bigint; // the most token base units the sender pays for the operation
}

/** The paymaster's gas limits, carried in `paymasterAndData` before the quote. */
export interface PaymasterGasLimits {
  verificationGasLimit: bigint;
  postOpGasLimit: bigint;
}

/** `price` is token base units per this many wei. */
export const PRICE_DENOMINATOR = 10n ** 18n;
const SIGNATURE_LENGTH = 65;
const ADDRESS_LENGTH = 20;
/** The quote's numbers after its token, in order, with their widths in bytes (the contract's uint48 and uint128). */
const QUOTE_NUMBERS = [
  ["validUntil", 6],
  ["validAfter", 6],
  ["price", 16],
  ["maxTokenCost", 16],
] as const;
const QUOTE_LENGTH = QUOTE_NUMBERS.reduce((length, [, bytes]) => length + bytes, ADDRESS_LENGTH);

/** Token base units for `gasCost` wei at `price`, rounded up as the contract rounds. */
export function tokenCost(gasCost: bigint, price: bigint): bigint {
  return (gasCost * price + PRICE_DENOMINATOR - 1n) / PRICE_DENOMINATOR;
}

/**
 * A well-formed signature that recovers to no quote signer: what a stub quote carries during gas
 * estimation, where the paymaster counts it as a failed signature (tryRecover) instead of reverting.
 */
export const STUB_QUOTE_SIGNATURE: Hex =
  "0xfffffffffffffffffffffffffffffff0000000000000000000000000000000007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1c";

/**
 * `paymasterData` (what follows the paymaster and its gas limits, ERC-4337 v0.7+): token |
 * validUntil (6) | validAfter (6) | price (16) | maxTokenCost (16) | signature (65). Without a
 * signature it is the part the quote signer signs over with the operation.
 */
export function encodePaymasterData(quote: PaymasterQuote, signature: Hex = "0x"): Hex {
  if (signature !== "0x" && size(signature) !== SIGNATURE_LENGTH) {
    throw new Error(`a quote signature has ${SIGNATURE_LENGTH} bytes, got ${size(signature)}`);
  }
  return concat([quote.token, ...QUOTE_NUMBERS.map(([name, bytes]) => numberToHex(quote[name], { size: bytes })), signature]);
}

/**
 * The quote in `paymasterData` (encodePaymasterData's layout): what a wallet shows before the
 * sender signs, since the signed operation carries it and the paymaster takes no more than its
 * `maxTokenCost`.
 */
export function decodePaymasterData(paymasterData: Hex): { quote: PaymasterQuote; signature: Hex } {
  if (size(paymasterData) < QUOTE_LENGTH)
    throw new Error(`paymasterData carries a quote of ${QUOTE_LENGTH} bytes, got ${size(paymasterData)}`);
  const numbers = {} as Record<(typeof QUOTE_NUMBERS)[number][0], bigint>;
  let at = ADDRESS_LENGTH;
  for (const [name, bytes] of QUOTE_NUMBERS) {
    numbers[name] = BigInt(slice(paymasterData, at, at + bytes));
    at += bytes;
  }
  const { validUntil, validAfter, price, maxTokenCost } = numbers;
  return {
    quote: {
      token: getAddress(slice(paymasterData, 0, ADDRESS_LENGTH)),
      validUntil: Number(validUntil),
      validAfter: Number(validAfter),
      price,
      maxTokenCost,
    },
    signature: size(paymasterData) === QUOTE_LENGTH ? "0x" : slice(paymasterData, QUOTE_LENGTH),
  };
}

/**
 * `paymasterAndData`: paymaster | verification gas (16) | postOp gas (16) | paymasterData. Without
 * a signature it is the prefix the quote signer signs over (the signature is excluded from the
 * digest anyway).
 */
export function encodePaymasterAndData(paymaster: Address, gas: PaymasterGasLimits, quote: PaymasterQuote, signature: Hex = "0x"): Hex {
  return concat([
    paymaster,
    numberToHex(gas.verificationGasLimit, { size: 16 }),
    numberToHex(gas.postOpGasLimit, { size: 16 }),
    encodePaymasterData(quote, signature),
  ]);
}

/**
 * The typed data the quote signer signs for `userOp` (whose `paymasterAndData` must already carry
 * the final paymaster gas limits) and `quote`, on `chainId`, for the paymaster at `paymaster`.
 */
export function quoteTypedData(chainId: number, paymaster: Address, userOp: PackedUserOperation, quote: PaymasterQuote) {
  const { paymasterAndData } = userOp;
  if (size(paymasterAndData) < 52) throw new Error("paymasterAndData must carry the paymaster and its gas limits");
  return {
    domain: { name: "StablecoinPaymaster", version: "1", chainId, verifyingContract: paymaster },
    types: {
      Quote: [
        { name: "op", type: "UserOp" },
        { name: "token", type: "address" },
        { name: "validUntil", type: "uint48" },
        { name: "validAfter", type: "uint48" },
        { name: "price", type: "uint128" },
        { name: "maxTokenCost", type: "uint128" },
      ],
      UserOp: [
        { name: "sender", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "initCode", type: "bytes" },
        { name: "callData", type: "bytes" },
        { name: "accountGasLimits", type: "bytes32" },
        { name: "paymasterVerificationGasLimit", type: "uint128" },
        { name: "paymasterPostOpGasLimit", type: "uint128" },
        { name: "preVerificationGas", type: "uint256" },
        { name: "gasFees", type: "bytes32" },
      ],
    },
    primaryType: "Quote",
    message: {
      op: {
        sender: userOp.sender,
        nonce: userOp.nonce,
        initCode: userOp.initCode,
        callData: userOp.callData,
        accountGasLimits: userOp.accountGasLimits,
        paymasterVerificationGasLimit: BigInt(slice(paymasterAndData, 20, 36)),
        paymasterPostOpGasLimit: BigInt(slice(paymasterAndData, 36, 52)),
        preVerificationGas: userOp.preVerificationGas,
        gasFees: userOp.gasFees,
      },
      token: quote.token,
      validUntil: quote.validUntil,
      validAfter: quote.validAfter,
      price: quote.price,
      maxTokenCost: quote.maxTokenCost,
    },
  } as const;
}

/** Two 128-bit values packed into a bytes32, high first: accountGasLimits and gasFees. */
export function packUint128Pair(high: bigint, low: bigint): Hex {
  return toHex((high << 128n) | low, { size: 32 });
}
