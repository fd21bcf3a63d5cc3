// The dispute's decisions as plain functions: what the escrow's record means for each side (who has
// deposited, who must, what each stands to gain or lose, when the fallback takes over, whether an
// offer lapsed), which actions each phase allows at the chain's time, the settlement form's
// proposal, and how a closed dispute ended.
import { describe, expect, it, vi } from "vitest";
import {
  type ChainDispute,
  type DisputeRules,
  disputeOutcomeOf,
  disputeViewOf,
  mustDeposit,
  sellerNet,
} from "@/components/orders/use-dispute.ts";
import { DEFAULT_OFFER_HOURS, type EscrowWrites, orderActionsFor, settlementProposal } from "@/components/orders/use-order-actions.ts";
import type { OrderDetail } from "@/lib/api/types.ts";

const BUYER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const SELLER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const ARBITRATOR = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
const FALLBACK = "0x00000000000000000000000000000000000000fb";
const TOKEN = "0x00000000000000000000000000000000000000aa";
const AMOUNT = 12_500_000n;
const FEE = 2_000_000n;
const T0 = 1_800_000_000;
const DAY = 86_400;

const order = {
  chainId: 31337,
  orderId: "7",
  buyer: BUYER,
  seller: SELLER,
  arbitrator: null,
  token: TOKEN,
  amount: String(AMOUNT),
  protocolFeeBps: 50,
  status: "Disputed",
  deadline: null,
} as unknown as OrderDetail["order"];

const RULES: DisputeRules = { drawWindow: DAY, fallbackArbitrator: FALLBACK, fallbackCost: 0n, maxRounds: 3 };

function dispute(patch: Partial<ChainDispute> = {}): ChainDispute {
  return {
    phase: "AwaitingDeposit",
    phaseSince: T0,
    round: 0,
    step: 1,
    delivered: false,
    opener: BUYER,
    arbitrator: null,
    fee: FEE,
    deadline: T0 + 2 * DAY,
    offer: null,
    ...patch,
  };
}

const view = (patch: Partial<ChainDispute> = {}, now = T0, rules = RULES) => disputeViewOf(order, dispute(patch), rules, now);
const actionsAt = (patch: Partial<ChainDispute>, role: Parameters<typeof orderActionsFor>[1], now: number, rules = RULES) =>
  orderActionsFor({ order }, role, now, { dispute: disputeViewOf(order, dispute(patch), rules, now) });
const labels = (...args: Parameters<typeof actionsAt>) => actionsAt(...args).map((a) => a.label);

describe("a dispute awaiting the other side's deposit", () => {
  it("holds the opener's deposit only, and asks the other side to match it by the response deadline or lose by default", () => {
    const v = view();
    expect(v.opener).toBe("buyer");
    expect(v.responder).toBe("seller");
    expect(v.deposited).toEqual({ buyer: true, seller: false });
    expect(mustDeposit(v, "seller")).toBe(true);
    expect(mustDeposit(v, "buyer")).toBe(false);
    expect(mustDeposit(view({}, T0 + 2 * DAY + 1), "seller")).toBe(false);
  });

  it("lets the other side pay the deposit, after approving it, until the deadline; then anyone closes it for the opener", () => {
    const [pay] = actionsAt({}, "seller", T0);
    expect(pay).toMatchObject({ label: "Pay the deposit ({fee})", vars: { fee: "2000000 units" }, deposit: FEE });
    expect(labels({}, "buyer", T0)).toEqual([]);
    expect(labels({}, null, T0 + 2 * DAY + 1)).toEqual(["Close the unanswered dispute: the buyer wins by default"]);
    expect(labels({ opener: SELLER, delivered: true }, "buyer", T0 + 2 * DAY + 1)).toEqual([
      "Close the unanswered dispute: the seller wins by default",
    ]);
  });

  it("says what each side stands to gain and lose: the winner the order and its deposit back (the seller less the protocol fee), the loser its deposit", () => {
    const v = view({ phase: "Ruling", arbitrator: ARBITRATOR });
    expect(v.stakes.buyer).toEqual({ ifWins: AMOUNT + FEE, ifLoses: FEE });
    expect(v.stakes.seller).toEqual({ ifWins: sellerNet(AMOUNT, 50) + FEE, ifLoses: FEE });
    expect(sellerNet(AMOUNT, 50)).toBe(AMOUNT - 62_500n);
    // Before the responder deposits, it has no deposit to lose (it would lose the order by default).
    expect(view().stakes.seller).toEqual({ ifWins: sellerNet(AMOUNT, 50), ifLoses: 0n });
  });
});

describe("drawing an arbitrator", () => {
  const drawing = { phase: "Drawing" as const, deadline: T0 + DAY };

  it("lets anyone draw until the draw deadline, and then hand the case to the fallback arbitrator, paying its cost", async () => {
    expect(labels(drawing, null, T0 + DAY)).toEqual(["Draw the arbitrator"]);
    const paid = { ...RULES, fallbackCost: 5n };
    const [escalate] = actionsAt(drawing, null, T0 + DAY + 1, paid);
    expect(escalate?.label).toBe("Hand the case to the fallback arbitrator");
    const writes = { escalate: { writeContractAsync: vi.fn(async () => "0xhash" as const) } };
    await escalate!.send(writes as unknown as EscrowWrites);
    expect(writes.escalate.writeContractAsync).toHaveBeenCalledWith({ args: [7n], chainId: 31337, value: 5n });
  });

  it("shows the fallback's deadline, after which the timeout outcome applies, for free", () => {
    const v = view(drawing, T0);
    expect([v.fallbackAt, v.timeoutAt]).toEqual([T0 + DAY, T0 + 2 * DAY]);
    expect(view(drawing, T0 + 2 * DAY + 1).escalatesToFallback).toBe(false);
    expect(labels(drawing, "buyer", T0 + 2 * DAY + 1)).toEqual([
      "End the dispute as the timeout would: the buyer is refunded, deposits returned",
    ]);
    expect(labels({ ...drawing, delivered: true }, "buyer", T0 + 2 * DAY + 1)).toEqual([
      "End the dispute as the timeout would: the seller is paid, deposits returned",
    ]);
  });

  it("ends with the timeout outcome at the draw deadline when the deployment has no fallback arbitrator", () => {
    const none = { ...RULES, fallbackArbitrator: null };
    const v = view(drawing, T0, none);
    expect(v.timeoutAt).toBeNull();
    expect(v.escalatesToFallback).toBe(false);
    expect(labels(drawing, null, T0 + DAY + 1, none)).toEqual([
      "End the dispute as the timeout would: the buyer is refunded, deposits returned",
    ]);
  });

  it("draws no more once every round was used: the fallback is due at once", () => {
    const exhausted = { phase: "Drawing" as const, round: 3, deadline: T0 };
    expect(view(exhausted, T0).canDraw).toBe(false);
    expect(labels(exhausted, null, T0 + 1)).toEqual(["Hand the case to the fallback arbitrator"]);
  });
});

describe("ruling", () => {
  const ruling = { phase: "Ruling" as const, arbitrator: ARBITRATOR, deadline: T0 + 7 * DAY };

  it("lets the drawn arbitrator rule inside its window only; after it, anyone replaces the arbitrator", async () => {
    expect(labels(ruling, "arbitrator", T0 + 7 * DAY)).toEqual(["Rule for the buyer (refund)", "Rule for the seller (pay)"]);
    expect(labels(ruling, "arbitrator", T0 + 7 * DAY + 1)).toEqual(["Replace the late arbitrator"]);
    expect(labels(ruling, "seller", T0)).toEqual([]);
    const writes = { resolve: { writeContractAsync: vi.fn(async () => "0xhash" as const) } };
    const [, forSeller] = actionsAt(ruling, "arbitrator", T0);
    await forSeller!.send(writes as unknown as EscrowWrites);
    expect(writes.resolve.writeContractAsync).toHaveBeenCalledWith({ args: [7n, 2], chainId: 31337 });
  });

  it("offers nothing to send while the fallback arbitrator has the case", () => {
    expect(labels({ phase: "Escalated", deadline: null }, "buyer", T0)).toEqual([]);
  });
});

describe("settlement offers", () => {
  const offer = { proposer: SELLER, buyerAmount: 2_500_000n, expiresAt: T0 + DAY, step: 3 };
  const ruling = { phase: "Ruling" as const, arbitrator: ARBITRATOR, deadline: T0 + 7 * DAY, step: 3, offer };

  it("lets the other party accept a standing offer before it expires, and its proposer withdraw it", async () => {
    const [accept] = actionsAt(ruling, "buyer", T0);
    expect([accept?.label, accept?.vars]).toEqual(["Accept the offer: {buyer} to the buyer", { buyer: "2500000 units" }]);
    const writes = { accept: { writeContractAsync: vi.fn(async () => "0xhash" as const) } };
    await accept!.send(writes as unknown as EscrowWrites);
    expect(writes.accept.writeContractAsync).toHaveBeenCalledWith({ args: [7n, 2_500_000n], chainId: 31337 });
    expect(labels(ruling, "seller", T0)).toEqual(["Withdraw your offer"]);
    expect(view(ruling, T0).offer?.lapsed).toBeNull();
  });

  it("shows an offer as lapsed once it expired or the dispute moved on, and then it cannot be accepted", () => {
    expect(view(ruling, T0 + DAY + 1).offer?.lapsed).toBe("expired");
    expect(view({ ...ruling, step: 4 }, T0).offer?.lapsed).toBe("moved-on");
    expect(labels(ruling, "buyer", T0 + DAY + 1)).toEqual([]);
    expect(labels({ ...ruling, step: 4 }, "buyer", T0)).toEqual([]);
    // Its proposer can still withdraw it.
    expect(labels({ ...ruling, step: 4 }, "seller", T0)).toEqual(["Withdraw your offer"]);
  });

  it("turns the form into the buyer's share in token units and an expiry on the chain's clock, 24 hours by default", () => {
    const at = { decimals: 6, orderAmount: AMOUNT, now: T0 };
    expect(DEFAULT_OFFER_HOURS).toBe("24");
    expect(settlementProposal({ buyerAmount: "8", hours: DEFAULT_OFFER_HOURS }, at)).toEqual({
      buyerAmount: 8_000_000n,
      expiresAt: BigInt(T0 + DAY),
    });
    expect(settlementProposal({ buyerAmount: "1.5", hours: "0.5" }, at)).toEqual({
      buyerAmount: 1_500_000n,
      expiresAt: BigInt(T0 + 1_800),
    });
    expect(settlementProposal({ buyerAmount: "12.6", hours: "24" }, at)).toEqual({
      problem: "The buyer's share cannot exceed the order amount.",
    });
    expect(settlementProposal({ buyerAmount: "abc", hours: "24" }, at)).toEqual({ problem: "The amount is not valid." });
    expect(settlementProposal({ buyerAmount: "8", hours: "0" }, at)).toEqual({ problem: "The offer must stay open for some time." });
  });
});

describe("a closed dispute's outcome", () => {
  const event = (name: string, args: Record<string, unknown>) => ({
    name,
    actor: null,
    args,
    blockNumber: "9",
    timestamp: String(T0),
    transactionHash: "0x01",
    logIndex: 0,
  });

  it("names how it ended and what each side was paid, deposits included", () => {
    const timeline = [
      event("DisputeOpened", { fee: String(FEE) }),
      event("DisputeResolved", {
        ruling: 1,
        resolution: 0,
        buyerPaid: String(AMOUNT + FEE),
        sellerPaid: "0",
        arbitratorFee: String(FEE),
        protocolFee: "0",
      }),
    ];
    expect(disputeOutcomeOf(timeline)).toEqual({
      resolution: "Arbitrator",
      winner: "buyer",
      buyerPaid: AMOUNT + FEE,
      sellerPaid: 0n,
      arbitratorFee: FEE,
      protocolFee: 0n,
    });
    const byDefault = [
      event("DisputeResolved", { ruling: 2, resolution: 1, buyerPaid: "0", sellerPaid: "1", arbitratorFee: "0", protocolFee: "0" }),
    ];
    expect(disputeOutcomeOf(byDefault)).toMatchObject({ resolution: "Default", winner: "seller" });
    const timeout = [
      event("DisputeResolved", { ruling: 1, resolution: 3, buyerPaid: "1", sellerPaid: "1", arbitratorFee: "0", protocolFee: "0" }),
    ];
    expect(disputeOutcomeOf(timeout)).toMatchObject({ resolution: "Timeout" });
  });

  it("reports a settlement with both deposits returned, and nothing for an order never disputed", () => {
    const settled = [event("DisputeSettled", { buyerPaid: "10000000", sellerPaid: "6500000", protocolFee: "0" })];
    expect(disputeOutcomeOf(settled)).toEqual({
      resolution: "Settlement",
      winner: null,
      buyerPaid: 10_000_000n,
      sellerPaid: 6_500_000n,
      arbitratorFee: 0n,
      protocolFee: 0n,
    });
    expect(disputeOutcomeOf([event("OrderCompleted", {})])).toBeNull();
  });
});
