"use client";
// A dispute as the order's detail (GET /orders/:chainId/:orderId) describes it, judged at the
// chain's time: its phase and that phase's deadline, the deposit each side owes and who has paid
// it, the standing settlement offer and whether it has lapsed, what each side stands to gain or
// lose, and once closed, how it ended. The escrow's fallback arbitrator and what escalating to it
// costs are read from the chain, which alone knows them.
//
// Who pays (IP2PEscrow, docs/disputes.md): the opener deposits the arbitration fee F when opening;
// the other side matches it within the response window or loses by default. The winner gets the
// order and its own deposit back; the loser's deposit pays the drawn arbitrator (or, with the
// fallback arbitrator, goes to the winner). A settlement, and the timeout outcome, return both.
import { type DisputePhase, isDisputePhase, isResolution, type Resolution } from "@p2p-escrow/contracts/dispute-phase";
import { type Address, zeroAddress } from "viem";
import { useReadContracts } from "wagmi";
import { escrowAbi, escrowAddress, fallbackArbitratorAbi } from "@/generated/contracts.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import type { Role } from "./use-order.ts";

export type { DisputePhase, Resolution };

type Party = "buyer" | "seller";
type Detail = Pick<OrderDetail, "order" | "dispute" | "stakes" | "windows">;

/** The escrow's fallback on the order's chain, read from the chain. */
export interface FallbackTerms {
  /** The ERC-792 fallback arbitrator, or null when the fallback is the timeout outcome. */
  arbitrator: string | null;
  /** What escalating to it costs, in wei. */
  cost: bigint;
}

export interface OfferView {
  proposedBy: Party;
  /** Token units of the order to the buyer; the seller gets the rest. */
  buyerAmount: bigint;
  expiresAt: number;
  /** Why it can no longer be accepted: its expiry passed, or the dispute moved on since it was made. */
  lapsed: "expired" | "moved-on" | null;
}

/** Everything the order page shows and gates on about a dispute in progress. */
export interface DisputeView {
  phase: DisputePhase;
  round: number;
  /** Each side's deposit, in the order's token units. */
  fee: bigint;
  opener: Party;
  /** The side that must match the opener's deposit. */
  responder: Party;
  /** Which deposits the escrow holds. */
  deposited: Record<Party, boolean>;
  /** When the current phase's window closes (unix seconds); null when none runs (Escalated). */
  deadline: number | null;
  deadlinePassed: boolean;
  arbitrator: string | null;
  /** While drawing: when the fallback may take the case (the draw deadline). */
  fallbackAt: number | null;
  /** While drawing, with a fallback arbitrator: after this, escalating ends the dispute with the timeout outcome instead. */
  timeoutAt: number | null;
  /** Who the order's timeout favours: the seller once it had confirmed delivery, else the buyer. */
  timeoutWinner: Party;
  /** Whether escalating now goes to the fallback arbitrator (paying `escalationCost`) rather than ending with the timeout outcome. */
  escalatesToFallback: boolean;
  escalationCost: bigint;
  /** Whether a draw may still be attempted: only before the draw deadline (after it, only escalation). */
  canDraw: boolean;
  offer: OfferView | null;
  /** What each side receives if it wins a ruling, and loses if it loses one, in token units. */
  stakes: Record<Party, { ifWins: bigint; ifLoses: bigint }>;
}

const num = (value: string | null) => (value === null ? null : Number(value));

/** The dispute in progress at unix time `now` (the chain's clock), or null when the order has none open. */
export function disputeViewOf({ order, dispute, stakes, windows }: Detail, fallback: FallbackTerms, now: number): DisputeView | null {
  if (order.status !== "Disputed" || !dispute || dispute.closedAt !== null || !isDisputePhase(dispute.phase)) return null;
  const opener: Party = dispute.openedBy === order.buyer ? "buyer" : "seller";
  const deadline = num(dispute.deadline);
  const deadlinePassed = deadline !== null && now > deadline;
  const drawing = dispute.phase === "Drawing";
  const fallbackAt = drawing ? (num(dispute.fallbackAt) ?? deadline) : null;
  const timeoutAt = fallbackAt !== null && fallback.arbitrator && windows ? fallbackAt + Number(windows.draw) : null;
  // A paid fallback waits one more draw window for someone to pay it; after that, or without one, escalating ends it.
  const escalatesToFallback = fallback.arbitrator !== null && (timeoutAt === null || now <= timeoutAt);
  const offer = dispute.offer;
  const stake = (side: NonNullable<Detail["stakes"]>["buyer"] | undefined) => ({
    ifWins: BigInt(side?.ifWins ?? 0),
    ifLoses: side?.deposited ? BigInt(side.ifLoses) : 0n,
  });
  return {
    phase: dispute.phase,
    round: dispute.round,
    fee: BigInt(dispute.fee),
    opener,
    responder: opener === "buyer" ? "seller" : "buyer",
    deposited: { buyer: dispute.buyerDeposited, seller: dispute.sellerDeposited },
    deadline,
    deadlinePassed,
    arbitrator: dispute.arbitrator,
    fallbackAt,
    timeoutAt,
    timeoutWinner: order.deliveryConfirmedAt !== null ? "seller" : "buyer",
    escalatesToFallback,
    escalationCost: escalatesToFallback ? fallback.cost : 0n,
    canDraw: drawing && !deadlinePassed,
    offer: offer && {
      proposedBy: offer.proposer === order.buyer ? "buyer" : "seller",
      buyerAmount: BigInt(offer.buyerAmount),
      expiresAt: Number(offer.expiresAt),
      // The escrow accepts it up to and including expiresAt, and only at the step it was made in.
      lapsed: now > Number(offer.expiresAt) ? "expired" : offer.step !== dispute.step || offer.lapsed ? "moved-on" : null,
    },
    stakes: { buyer: stake(stakes?.buyer), seller: stake(stakes?.seller) },
  };
}

/** Whether the caller must deposit to stay in the dispute (and can still do so). */
export const mustDeposit = (view: DisputeView, role: Role) =>
  view.phase === "AwaitingDeposit" && role === view.responder && !view.deadlinePassed;

/** How a closed dispute ended: a resolution of the Solidity enum `Resolution`, or an accepted offer. */
export interface DisputeOutcome {
  resolution: Resolution | "Settlement";
  winner: Party | null;
  buyerPaid: bigint;
  sellerPaid: bigint;
  arbitratorFee: bigint;
  protocolFee: bigint;
}

/** The outcome of the order's dispute once it has closed, or null. */
export function disputeOutcomeOf({ order, dispute }: Pick<OrderDetail, "order" | "dispute">): DisputeOutcome | null {
  if (!dispute || dispute.closedAt === null) return null;
  const units = (value: string | null) => BigInt(value ?? 0);
  return {
    resolution:
      order.status === "Settled"
        ? "Settlement"
        : dispute.resolution && isResolution(dispute.resolution)
          ? dispute.resolution
          : "Arbitrator",
    winner: dispute.ruling === "Buyer" ? "buyer" : dispute.ruling === "Seller" ? "seller" : null,
    buyerPaid: units(dispute.buyerPaid),
    sellerPaid: units(dispute.sellerPaid),
    arbitratorFee: units(dispute.arbitratorFee),
    protocolFee: units(dispute.protocolFee),
  };
}

/**
 * The order's dispute in progress and, before one, the deposit opening one asks: from the order's
 * detail, with the escrow's fallback read from the chain (fixed at deployment).
 */
export function useDispute(detail: Detail, now: number) {
  const chainId = detail.order.chainId;
  const escrow = escrowAddress[chainId];
  const disputed = detail.order.status === "Disputed";
  const configured = useReadContracts({
    contracts: [{ address: escrow, abi: escrowAbi, functionName: "fallbackArbitrator", chainId }],
    allowFailure: false,
    query: { enabled: disputed && !!escrow, staleTime: Number.POSITIVE_INFINITY },
  });
  const arbitrator = configured.data && configured.data[0] !== zeroAddress ? configured.data[0].toLowerCase() : null;
  const cost = useReadContracts({
    contracts: [
      {
        address: (arbitrator ?? zeroAddress) as Address,
        abi: fallbackArbitratorAbi,
        functionName: "arbitrationCost",
        args: ["0x"],
        chainId,
      },
    ],
    allowFailure: false,
    query: { enabled: arbitrator !== null && detail.dispute?.phase === "Drawing" },
  });
  return {
    view: disputeViewOf(detail, { arbitrator, cost: cost.data?.[0] ?? 0n }, now),
    /** Each side's deposit: the one fixed when the dispute opened, or what opening one would ask now. */
    fee: detail.stakes ? BigInt(detail.stakes.fee) : undefined,
  };
}
