// The dispute's decisions as plain functions: what the API's record means for each side (who has
// deposited, who must, what each stands to gain or lose, when the fallback takes over, whether an
// offer lapsed), which actions each phase allows at the chain's time, the settlement form's
// proposal, and how a closed dispute ended.
import { describe, expect, it } from "vitest";
import { disputeOutcomeOf, disputeViewOf, type FallbackTerms, mustDeposit } from "@/components/orders/use-dispute.ts";
import { DEFAULT_OFFER_HOURS, orderActionsFor, settlementProposal } from "@/components/orders/use-order-actions.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { DISPUTE, disputedOrder } from "./dispute-fixture.ts";

const { SELLER, ARBITRATOR, FALLBACK, AMOUNT, FEE, PROTOCOL_FEE, T0, DAY } = DISPUTE;

const FREE_FALLBACK: FallbackTerms = { arbitrator: FALLBACK, cost: 0n };
const NO_FALLBACK: FallbackTerms = { arbitrator: null, cost: 0n };
const detail = disputedOrder;
type Dispute = NonNullable<OrderDetail["dispute"]>;
type Detail = ReturnType<typeof disputedOrder>;

const view = (d: Detail, now: number = T0, fallback = FREE_FALLBACK) => {
  const v = disputeViewOf(d, fallback, now);
  if (!v) throw new Error("no dispute in progress");
  return v;
};
const actionsAt = (d: Detail, role: Parameters<typeof orderActionsFor>[1], now: number, fallback = FREE_FALLBACK) =>
  orderActionsFor(d, role, now, { dispute: disputeViewOf(d, fallback, now) });
const labels = (...args: Parameters<typeof actionsAt>) => actionsAt(...args).map((a) => a.label);

describe("a dispute awaiting the other side's deposit", () => {
  it("holds the opener's deposit only, and asks the other side to match it by the response deadline or lose by default", () => {
    const v = view(detail());
    expect(v.opener).toBe("buyer");
    expect(v.responder).toBe("seller");
    expect(v.deposited).toEqual({ buyer: true, seller: false });
    expect(mustDeposit(v, "seller")).toBe(true);
    expect(mustDeposit(v, "buyer")).toBe(false);
    expect(mustDeposit(view(detail(), T0 + 2 * DAY + 1), "seller")).toBe(false);
  });

  it("lets the other side pay the deposit, after approving it, until the deadline; then anyone closes it for the opener", () => {
    const [pay] = actionsAt(detail(), "seller", T0);
    expect(pay).toMatchObject({ label: "Pay the deposit ({fee})", vars: { fee: "2000000 units" }, deposit: FEE });
    expect(labels(detail(), "buyer", T0)).toEqual([]);
    expect(labels(detail(), null, T0 + 2 * DAY + 1)).toEqual(["Close the unanswered dispute: the buyer wins by default"]);
    const bySeller = detail({ openedBy: SELLER, buyerDeposited: false, sellerDeposited: true }, { deliveryConfirmedAt: String(T0 - DAY) });
    expect(labels(bySeller, "buyer", T0 + 2 * DAY + 1)).toEqual(["Close the unanswered dispute: the seller wins by default"]);
    expect(labels(bySeller, "buyer", T0)).toEqual(["Pay the deposit ({fee})"]);
  });

  it("says what each side stands to gain and lose: the winner the order and its deposit back (the seller less the protocol fee), the loser its deposit", () => {
    const v = view(detail({ phase: "Ruling", arbitrator: ARBITRATOR, sellerDeposited: true }));
    expect(v.stakes.buyer).toEqual({ ifWins: AMOUNT + FEE, ifLoses: FEE });
    expect(v.stakes.seller).toEqual({ ifWins: AMOUNT - PROTOCOL_FEE + FEE, ifLoses: FEE });
    // Before the responder deposits it has no deposit to lose: it would lose the order by default.
    expect(view(detail()).stakes.seller.ifLoses).toBe(0n);
  });

  it("is no dispute in progress once it has closed, or while the order is not disputed", () => {
    expect(disputeViewOf(detail({ closedAt: String(T0 + 1) }), FREE_FALLBACK, T0)).toBeNull();
    expect(disputeViewOf(detail({}, { status: "ResolvedBuyer" }), FREE_FALLBACK, T0)).toBeNull();
    expect(disputeViewOf({ ...detail(), dispute: null }, FREE_FALLBACK, T0)).toBeNull();
  });
});

describe("drawing an arbitrator", () => {
  const drawing = () =>
    detail({ phase: "Drawing", step: 2, sellerDeposited: true, deadline: String(T0 + DAY), fallbackAt: String(T0 + DAY) });

  it("lets anyone draw until the draw deadline, and then hand the case to the fallback arbitrator, paying its cost", async () => {
    expect(labels(drawing(), null, T0 + DAY)).toEqual(["Draw the arbitrator"]);
    const [escalate] = actionsAt(drawing(), null, T0 + DAY + 1, { arbitrator: FALLBACK, cost: 5n });
    expect(escalate?.label).toBe("Hand the case to the fallback arbitrator");
    expect(escalate!.call).toEqual({ functionName: "escalate", args: [7n], value: 5n });
  });

  it("shows the fallback's deadline, after which the timeout outcome applies, for free", () => {
    const v = view(drawing(), T0);
    expect([v.fallbackAt, v.timeoutAt]).toEqual([T0 + DAY, T0 + 2 * DAY]);
    expect(view(drawing(), T0 + 2 * DAY + 1).escalatesToFallback).toBe(false);
    const [end] = actionsAt(drawing(), "buyer", T0 + 2 * DAY + 1, { arbitrator: FALLBACK, cost: 5n });
    expect(end?.label).toBe("End the dispute as the timeout would: the buyer is refunded, deposits returned");
    expect(end!.call).toEqual({ functionName: "escalate", args: [7n], value: 0n });
    const delivered = { ...drawing(), order: { ...drawing().order, deliveryConfirmedAt: String(T0 - DAY) } };
    expect(labels(delivered, "buyer", T0 + 2 * DAY + 1)).toEqual([
      "End the dispute as the timeout would: the seller is paid, deposits returned",
    ]);
  });

  it("ends with the timeout outcome at the draw deadline when the deployment has no fallback arbitrator", () => {
    const v = view(drawing(), T0, NO_FALLBACK);
    expect(v.timeoutAt).toBeNull();
    expect(v.escalatesToFallback).toBe(false);
    expect(labels(drawing(), null, T0 + DAY + 1, NO_FALLBACK)).toEqual([
      "End the dispute as the timeout would: the buyer is refunded, deposits returned",
    ]);
  });

  it("draws no more once every round was used: the fallback is due at once", () => {
    const exhausted = detail({ phase: "Drawing", round: 3, sellerDeposited: true, deadline: String(T0), fallbackAt: String(T0) });
    expect(view(exhausted, T0 + 1).canDraw).toBe(false);
    expect(labels(exhausted, null, T0 + 1)).toEqual(["Hand the case to the fallback arbitrator"]);
  });
});

describe("ruling", () => {
  const ruling = (patch: Partial<Dispute> = {}) =>
    detail({ phase: "Ruling", step: 3, sellerDeposited: true, arbitrator: ARBITRATOR, deadline: String(T0 + 7 * DAY), ...patch });

  it("leaves the rulings to the dispute panel (they wait for the case and take a reason); after the window, anyone replaces the arbitrator", () => {
    expect(labels(ruling(), "arbitrator", T0 + 7 * DAY)).toEqual([]);
    expect(labels(ruling(), "arbitrator", T0 + 7 * DAY + 1)).toEqual(["Replace the late arbitrator"]);
    expect(labels(ruling(), "seller", T0)).toEqual([]);
  });

  it("offers nothing to send while the fallback arbitrator has the case", () => {
    expect(labels(ruling({ phase: "Escalated", arbitrator: null, deadline: null }), "buyer", T0)).toEqual([]);
  });

  describe("with a settlement offer", () => {
    const offer = (patch: Partial<NonNullable<Dispute["offer"]>> = {}) => ({
      proposer: SELLER,
      buyerAmount: "2500000",
      sellerAmount: "10000000",
      expiresAt: String(T0 + DAY),
      step: 3,
      offeredAt: String(T0),
      lapsed: false,
      ...patch,
    });

    it("lets the other party accept a standing offer before it expires, and its proposer withdraw it", async () => {
      const offered = ruling({ offer: offer() });
      const [accept] = actionsAt(offered, "buyer", T0);
      expect([accept?.label, accept?.vars]).toEqual(["Accept the offer: {buyer} to the buyer", { buyer: "2500000 units" }]);
      expect(accept!.call).toEqual({ functionName: "acceptSettlement", args: [7n, 2_500_000n] });
      expect(labels(offered, "seller", T0)).toEqual(["Withdraw your offer"]);
      expect(view(offered, T0).offer).toEqual({ proposedBy: "seller", buyerAmount: 2_500_000n, expiresAt: T0 + DAY, lapsed: null });
    });

    it("shows an offer as lapsed once it expired or the dispute moved on, and then it cannot be accepted", () => {
      // Accepted up to and including its expiry, by the chain's clock.
      expect(view(ruling({ offer: offer() }), T0 + DAY).offer?.lapsed).toBeNull();
      expect(view(ruling({ offer: offer() }), T0 + DAY + 1).offer?.lapsed).toBe("expired");
      expect(view(ruling({ step: 4, offer: offer() }), T0).offer?.lapsed).toBe("moved-on");
      expect(labels(ruling({ offer: offer() }), "buyer", T0 + DAY + 1)).toEqual([]);
      expect(labels(ruling({ step: 4, offer: offer() }), "buyer", T0)).toEqual([]);
      // Its proposer can still withdraw it.
      expect(labels(ruling({ step: 4, offer: offer() }), "seller", T0)).toEqual(["Withdraw your offer"]);
    });
  });
});

describe("the settlement form", () => {
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
  const closed = (patch: Partial<Dispute>, status: string) => {
    const d = detail({ closedAt: String(T0 + DAY), ...patch }, { status });
    return { order: d.order, dispute: d.dispute };
  };

  it("names how it ended, the winner, and what each side and the arbitrator were paid, deposits included", () => {
    const ruled = closed(
      {
        resolution: "Arbitrator",
        ruling: "Buyer",
        buyerPaid: String(AMOUNT + FEE),
        sellerPaid: "0",
        arbitratorFee: String(FEE),
        protocolFee: "0",
      },
      "ResolvedBuyer",
    );
    expect(disputeOutcomeOf(ruled)).toEqual({
      resolution: "Arbitrator",
      winner: "buyer",
      buyerPaid: AMOUNT + FEE,
      sellerPaid: 0n,
      arbitratorFee: FEE,
      protocolFee: 0n,
    });
    expect(disputeOutcomeOf(closed({ resolution: "Default", ruling: "Seller" }, "ResolvedSeller"))).toMatchObject({
      resolution: "Default",
      winner: "seller",
    });
    expect(disputeOutcomeOf(closed({ resolution: "Timeout", ruling: "Buyer" }, "ResolvedBuyer"))).toMatchObject({ resolution: "Timeout" });
  });

  it("reports a settlement, and nothing for a dispute still open or an order never disputed", () => {
    const settled = closed({ buyerPaid: "10000000", sellerPaid: "6437500", protocolFee: "62500" }, "Settled");
    expect(disputeOutcomeOf(settled)).toEqual({
      resolution: "Settlement",
      winner: null,
      buyerPaid: 10_000_000n,
      sellerPaid: 6_437_500n,
      arbitratorFee: 0n,
      protocolFee: 62_500n,
    });
    expect(disputeOutcomeOf(detail())).toBeNull();
    expect(disputeOutcomeOf({ ...detail(), dispute: null })).toBeNull();
  });
});
