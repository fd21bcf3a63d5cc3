"use client";
// A dispute as the escrow holds it now, read from the chain: its phase and that phase's deadline,
// the deposit each side owes and who has paid it, the standing settlement offer and whether it has
// lapsed, and what each side stands to gain or lose. The order page's actions are gated on this
// state (the contract judges by it), while the order's history comes from the API.
//
// Who pays (IP2PEscrow): the opener deposits the arbitration fee F when opening; the other side
// matches it within the response window or loses by default. The winner gets the order and its own
// deposit back; the loser's deposit pays the drawn arbitrator (or, with the fallback arbitrator,
// goes to the winner). A settlement, and the timeout outcome, return both deposits.
import { disputePhaseEnum, orderStatusEnum, resolutionEnum, rulingEnum } from "@p2p-escrow/contracts/deployments";
import { isOpenOrderStatus } from "@p2p-escrow/contracts/order-status";
import { type Address, zeroAddress } from "viem";
import { useReadContracts } from "wagmi";
import { escrowAbi, escrowAddress, fallbackArbitratorAbi } from "@/generated/contracts.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import type { Role } from "./use-order.ts";

export type DisputePhase = (typeof disputePhaseEnum)[number];
export type Resolution = (typeof resolutionEnum)[number];
export type Ruling = (typeof rulingEnum)[number];
type Party = "buyer" | "seller";

/** A settlement offer as the escrow stores it (getSettlementOffer), addresses lowercase. */
export interface ChainOffer {
  proposer: string;
  buyerAmount: bigint;
  expiresAt: number;
  step: number;
}

/** The escrow's record of a dispute (getDispute) with its deadline (deadlineOf) and standing offer, addresses lowercase. */
export interface ChainDispute {
  phase: DisputePhase;
  phaseSince: number;
  round: number;
  step: number;
  delivered: boolean;
  opener: string;
  arbitrator: string | null;
  /** Each side's deposit, in the order's token units. */
  fee: bigint;
  /** When the current phase's window closes (unix seconds); null when none runs (Escalated). */
  deadline: number | null;
  offer: ChainOffer | null;
}

/** The escrow's dispute rules on the order's chain. */
export interface DisputeRules {
  /** Seconds: after the fallback becomes due, a paid fallback waits this long before the timeout outcome applies instead. */
  drawWindow: number;
  /** The ERC-792 fallback arbitrator, or null when the fallback is the timeout outcome. */
  fallbackArbitrator: string | null;
  /** What escalating to it costs, in wei. */
  fallbackCost: bigint;
  maxRounds: number;
}

export interface OfferView extends ChainOffer {
  proposedBy: Party;
  /** Why it can no longer be accepted: its expiry passed, or the dispute moved on since it was made. */
  lapsed: "expired" | "moved-on" | null;
}

/** Everything the order page shows and gates on about a live dispute. */
export interface DisputeView {
  phase: DisputePhase;
  round: number;
  fee: bigint;
  opener: Party;
  /** The side that must match the opener's deposit. */
  responder: Party;
  /** Which deposits the escrow holds. */
  deposited: Record<Party, boolean>;
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
  /** Whether a draw may still be attempted. */
  canDraw: boolean;
  offer: OfferView | null;
  /** What each side receives if it wins, and loses if it loses, in token units. */
  stakes: Record<Party, { ifWins: bigint; ifLoses: bigint }>;
}

const BPS = 10_000n;

/** The seller's proceeds of `gross` under the order's protocol fee (the fee the escrow takes from whatever the seller receives). */
export const sellerNet = (gross: bigint, protocolFeeBps: number) => gross - (gross * BigInt(protocolFeeBps)) / BPS;

/** The dispute's view from the escrow's record, for a caller at unix time `now` (the chain's clock). */
export function disputeViewOf(
  order: Pick<OrderDetail["order"], "buyer" | "seller" | "amount" | "protocolFeeBps">,
  dispute: ChainDispute,
  rules: DisputeRules,
  now: number,
): DisputeView {
  const opener: Party = dispute.opener === order.buyer ? "buyer" : "seller";
  const responder: Party = opener === "buyer" ? "seller" : "buyer";
  const bothPaid = dispute.phase !== "AwaitingDeposit";
  const deposited = { buyer: bothPaid || opener === "buyer", seller: bothPaid || opener === "seller" };
  const drawing = dispute.phase === "Drawing";
  const fallbackAt = drawing ? dispute.deadline : null;
  const timeoutAt = drawing && fallbackAt !== null && rules.fallbackArbitrator ? fallbackAt + rules.drawWindow : null;
  const amount = BigInt(order.amount);
  const offer = dispute.offer;
  return {
    phase: dispute.phase,
    round: dispute.round,
    fee: dispute.fee,
    opener,
    responder,
    deposited,
    deadline: dispute.deadline,
    deadlinePassed: dispute.deadline !== null && now > dispute.deadline,
    arbitrator: dispute.arbitrator,
    fallbackAt,
    timeoutAt,
    timeoutWinner: dispute.delivered ? "seller" : "buyer",
    escalatesToFallback: rules.fallbackArbitrator !== null && (timeoutAt === null || now <= timeoutAt),
    escalationCost: rules.fallbackArbitrator !== null && (timeoutAt === null || now <= timeoutAt) ? rules.fallbackCost : 0n,
    canDraw: drawing && dispute.round < rules.maxRounds && !(dispute.deadline !== null && now > dispute.deadline),
    offer: offer && {
      ...offer,
      proposedBy: offer.proposer === order.buyer ? "buyer" : "seller",
      lapsed: now > offer.expiresAt ? "expired" : offer.step !== dispute.step ? "moved-on" : null,
    },
    stakes: {
      buyer: { ifWins: amount + (deposited.buyer ? dispute.fee : 0n), ifLoses: deposited.buyer ? dispute.fee : 0n },
      seller: {
        ifWins: sellerNet(amount, order.protocolFeeBps) + (deposited.seller ? dispute.fee : 0n),
        ifLoses: deposited.seller ? dispute.fee : 0n,
      },
    },
  };
}

/** Whether the caller must deposit to stay in the dispute (and can still do so). */
export const mustDeposit = (view: DisputeView, role: Role) =>
  view.phase === "AwaitingDeposit" && role === view.responder && !view.deadlinePassed;

/** How a closed dispute ended, from the DisputeResolved or DisputeSettled event on the order's timeline. */
export interface DisputeOutcome {
  /** A resolution of the Solidity enum, or "Settlement" for an accepted offer. */
  resolution: Resolution | "Settlement";
  winner: Party | null;
  buyerPaid: bigint;
  sellerPaid: bigint;
  arbitratorFee: bigint;
  protocolFee: bigint;
}

export function disputeOutcomeOf(timeline: OrderDetail["timeline"]): DisputeOutcome | null {
  const event = timeline.findLast((e) => e.name === "DisputeResolved" || e.name === "DisputeSettled");
  if (!event) return null;
  const a = event.args;
  const units = (value: unknown) => BigInt(String(value ?? 0));
  if (event.name === "DisputeSettled")
    return {
      resolution: "Settlement",
      winner: null,
      buyerPaid: units(a.buyerPaid),
      sellerPaid: units(a.sellerPaid),
      arbitratorFee: 0n,
      protocolFee: units(a.protocolFee),
    };
  const ruling = rulingEnum[Number(a.ruling)];
  return {
    resolution: resolutionEnum[Number(a.resolution)] ?? "Arbitrator",
    winner: ruling === "Buyer" ? "buyer" : ruling === "Seller" ? "seller" : null,
    buyerPaid: units(a.buyerPaid),
    sellerPaid: units(a.sellerPaid),
    arbitratorFee: units(a.arbitratorFee),
    protocolFee: units(a.protocolFee),
  };
}

const lower = (address: string) => address.toLowerCase();
const orNull = (address: string) => (address === zeroAddress ? null : lower(address));

/**
 * The order's dispute on chain, its deposit (what opening one asks now, before a dispute), and the
 * escrow's rules, refreshed while the order is open.
 */
export function useDispute(order: OrderDetail["order"], now: number) {
  const chainId = order.chainId;
  const id = BigInt(order.orderId);
  const escrow = { address: escrowAddress[chainId], abi: escrowAbi, chainId } as const;
  const state = useReadContracts({
    contracts: [
      { ...escrow, functionName: "getOrder", args: [id] },
      { ...escrow, functionName: "getDispute", args: [id] },
      { ...escrow, functionName: "getSettlementOffer", args: [id] },
      { ...escrow, functionName: "deadlineOf", args: [id] },
      { ...escrow, functionName: "arbitrationFeeOf", args: [id] },
    ],
    allowFailure: false,
    // The chain moves on by itself (a deposit, a draw, an offer): read again every few seconds while the order is open.
    query: { enabled: !!escrow.address, refetchInterval: isOpenOrderStatus(order.status) ? 4_000 : false },
  });
  // Fixed at deployment.
  const constants = useReadContracts({
    contracts: [
      { ...escrow, functionName: "drawWindow" },
      { ...escrow, functionName: "fallbackArbitrator" },
      { ...escrow, functionName: "maxRounds" },
    ],
    allowFailure: false,
    query: { enabled: !!escrow.address, staleTime: Number.POSITIVE_INFINITY },
  });
  const fallback = constants.data ? orNull(constants.data[1]) : null;
  const cost = useReadContracts({
    contracts: [
      {
        address: (fallback ?? zeroAddress) as Address,
        abi: fallbackArbitratorAbi,
        functionName: "arbitrationCost",
        args: ["0x"],
        chainId,
      },
    ],
    allowFailure: false,
    query: { enabled: fallback !== null },
  });

  let view: DisputeView | null = null;
  // Live while the chain says the order is disputed, which may be a moment before or after the API does.
  if (state.data && constants.data && orderStatusEnum[state.data[0].status] === "Disputed") {
    const [, d, offer, deadline] = state.data;
    const [drawWindow, , maxRounds] = constants.data;
    const phase = disputePhaseEnum[d.phase] ?? "None";
    const dispute: ChainDispute = {
      phase,
      phaseSince: d.phaseSince,
      round: d.round,
      step: d.step,
      delivered: d.delivered,
      opener: lower(d.opener),
      arbitrator: orNull(d.arbitrator),
      fee: d.fee,
      deadline: deadline === 0n ? null : Number(deadline),
      offer: offer.proposer === zeroAddress ? null : { ...offer, proposer: lower(offer.proposer) },
    };
    const rules: DisputeRules = {
      drawWindow: Number(drawWindow),
      fallbackArbitrator: fallback,
      fallbackCost: cost.data?.[0] ?? 0n,
      maxRounds: Number(maxRounds),
    };
    view = disputeViewOf(order, dispute, rules, now);
  }
  return {
    /** The live dispute, while the chain says the order is disputed. */
    view,
    /** The deposit opening a dispute asks now (before one), or the one fixed when it opened. */
    fee: state.data?.[4],
    refetch: () => Promise.all([state.refetch(), cost.refetch()]),
  };
}
