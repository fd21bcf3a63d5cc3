// The escrow's arithmetic, mirrored for readers that show what a trade or a dispute costs before
// anyone sends a transaction: P2PEscrow's `_arbitrationFee` and `_sellerProceeds`
// (contracts/src/P2PEscrow.sol). The contract stays the authority; test/contracts checks these
// against it. Browser-safe.

const BPS = 10_000n;

/** The arbitration fee never exceeds this share of the order (bps), whatever the token's minimum. */
export const MAX_ARBITRATION_FEE_BPS = 2_000n;

/**
 * Each side's dispute deposit for an order of `amount` token units: `feeBps` of it, raised to the
 * token's `minFee`, capped at a fifth of the order.
 */
export function arbitrationFee(amount: bigint, feeBps: bigint, minFee: bigint): bigint {
  let fee = (amount * feeBps) / BPS;
  if (fee < minFee) fee = minFee;
  const cap = (amount * MAX_ARBITRATION_FEE_BPS) / BPS;
  return fee > cap ? cap : fee;
}

/**
 * The protocol fee taken from `gross`, what the seller receives of an order: the order's rate (fixed
 * at creation), and nothing once fees are switched off (no recipient).
 */
export function protocolFeeOf(gross: bigint, feeBps: bigint, feesOn: boolean): bigint {
  return feesOn ? (gross * feeBps) / BPS : 0n;
}
