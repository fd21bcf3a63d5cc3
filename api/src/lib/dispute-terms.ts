// A dispute as the API shows it: the indexed row, what it waits for (who must act by when), the
// standing offer and whether it lapsed, and what a dispute costs each side. Deadlines run by the
// chain's clock; the arithmetic is the escrow's own (@p2p-escrow/contracts/escrow-math).
import { arbitrationFee, protocolFeeOf } from "@p2p-escrow/contracts/escrow-math";
import { isOpenOrderStatus } from "@p2p-escrow/contracts/order-status";
import type { Dispute, DisputeStakes, IndexedOrder } from "@p2p-escrow/protocol/schemas/order";
import type { TokenTerms } from "@p2p-escrow/protocol/schemas/token";
import type { Static } from "@sinclair/typebox";
import type { Selectable } from "kysely";
import type { ApiShapedDatabase } from "../db/api-shape.ts";
import type { EscrowParams } from "../plugins/app/escrow-terms.ts";

export type DisputeRow = Selectable<ApiShapedDatabase["disputes"]>;
type Order = Pick<Static<typeof IndexedOrder>, "buyer" | "seller" | "amount" | "status" | "protocolFeeBps">;

/** What the dispute waits for in its phase; null when Escalated or closed. */
function dueOf(row: DisputeRow, order: Order, now: bigint | null): Dispute["due"] {
  if (row.closedAt !== null || row.deadline === null) return null;
  const passed = now !== null && now > BigInt(row.deadline);
  const base = { deadline: row.deadline, passed };
  switch (row.phase) {
    case "AwaitingDeposit":
      return {
        ...base,
        phase: row.phase,
        actor: row.openedBy === order.buyer ? order.seller : order.buyer,
        action: "payDisputeFee",
        afterwards: "resolveUnanswered",
      };
    case "Drawing":
      return { ...base, phase: row.phase, actor: null, action: "drawArbitrator", afterwards: "escalate" };
    case "Ruling":
      return { ...base, phase: row.phase, actor: row.arbitrator, action: "resolveDispute", afterwards: "replaceArbitrator" };
    default:
      return null;
  }
}

/** The dispute row in the API's shape, at the chain's time `now` (null when unknown). */
export function disputeView(row: DisputeRow, order: Order, now: bigint | null): Dispute {
  const { offerProposer, offerBuyerAmount, offerExpiresAt, offerStep, offeredAt, ...rest } = row;
  const offer =
    offerProposer !== null && offerBuyerAmount !== null && offerExpiresAt !== null && offerStep !== null && offeredAt !== null
      ? {
          proposer: offerProposer,
          buyerAmount: offerBuyerAmount,
          sellerAmount: (BigInt(order.amount) - BigInt(offerBuyerAmount)).toString(),
          expiresAt: offerExpiresAt,
          step: offerStep,
          offeredAt,
          // The escrow accepts it up to and including expiresAt, at the step it was made in.
          lapsed: row.closedAt !== null || offerStep !== row.step || (now !== null && now > BigInt(offerExpiresAt)),
        }
      : null;
  return { ...rest, phase: row.phase as Dispute["phase"], offer, due: dueOf(row, order, now) };
}

/**
 * What a dispute over `order` costs each side: the deposit fixed at opening, or while none is
 * open what opening one would ask now. Null once the order is closed, or while the escrow's or the
 * token's terms are not known.
 */
export function disputeStakes(
  order: Order,
  dispute: DisputeRow | null,
  escrow: EscrowParams | null,
  token: TokenTerms | null,
): Static<typeof DisputeStakes> {
  if (!isOpenOrderStatus(order.status) || !escrow) return null;
  const amount = BigInt(order.amount);
  let fee: bigint;
  if (dispute) fee = BigInt(dispute.fee);
  else if (token) fee = arbitrationFee(amount, BigInt(escrow.arbitratorFeeBps), BigInt(token.minArbitrationFee));
  else return null;
  const protocolFee = protocolFeeOf(amount, BigInt(order.protocolFeeBps), escrow.feesOn);
  // Only the side that has not matched the opener's deposit owes one, until the response deadline.
  const responseDeadline = dispute?.phase === "AwaitingDeposit" && dispute.closedAt === null ? dispute.responseDeadline : null;
  const side = (deposited: boolean, winnings: bigint) => ({
    deposit: fee.toString(),
    deposited,
    dueBy: deposited ? null : responseDeadline,
    ifWins: (winnings + fee).toString(),
    ifLoses: fee.toString(),
  });
  return {
    fee: fee.toString(),
    protocolFee: protocolFee.toString(),
    buyer: side(dispute?.buyerDeposited ?? false, amount),
    seller: side(dispute?.sellerDeposited ?? false, amount - protocolFee),
  };
}
