// "What happens next" on an order page, for each state and each reader (buyer, seller, arbitrator,
// visitor): what the reader can do, what the other side must do, and which deadline runs.
import { DISPUTE_PHASES } from "@p2p-escrow/contracts/dispute-phase";
import { ORDER_STATUSES, type OrderStatus } from "@p2p-escrow/contracts/order-status";
import { describe, expect, it } from "vitest";
import { type NextStep, nextStepFor, type Phrase, sayPhrase } from "@/components/orders/next-step.ts";
import type { Role } from "@/components/orders/use-order.ts";
import { fa } from "@/i18n/fa.ts";
import { translate } from "@/i18n/messages.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { DISPUTE, disputedOrder } from "./dispute-fixture.ts";

const { SELLER, ARBITRATOR, AMOUNT, FEE, PROTOCOL_FEE, T0, DAY } = DISPUTE;
const ROLES: Role[] = ["buyer", "seller", "arbitrator", null];
const units = (n: bigint) => `${n} u`;
const DEADLINE = T0 + 2 * DAY;
const BEFORE = T0;
const AFTER = DEADLINE + 1;

type Detail = Pick<OrderDetail, "order" | "dispute" | "stakes" | "delivery">;
type Dispute = NonNullable<OrderDetail["dispute"]>;

/** The order in `status`; with a dispute (patched) only when Disputed; closed ones with their payouts. */
function orderIn(
  status: OrderStatus,
  { dispute = {}, order = {} }: { dispute?: Partial<Dispute>; order?: Partial<OrderDetail["order"]> } = {},
): Detail {
  const base = disputedOrder(dispute, {
    status,
    deadline: String(DEADLINE),
    paidToBuyer: "0",
    paidToSeller: "0",
    paidToArbitrator: "0",
    protocolFee: "0",
    credited: "0",
    ...order,
  });
  return { ...base, dispute: status === "Disputed" ? base.dispute : null, delivery: null };
}

const step = (detail: Detail, role: Role, now: number = BEFORE) => nextStepFor(detail, role, now, units);
const text = (p: Phrase) => sayPhrase((t, vars) => translate("en", {}, t, vars), p);
const lines = (s: NextStep) => [s.title, ...s.you, ...(s.others ? [s.others] : [])].map(text);
const phrases = (s: NextStep) => [s.title, ...s.you, ...(s.others ? [s.others] : [])];

/** Every situation a reader can find an order in: each status, each dispute phase, before and after its deadline. */
function everySituation(): { name: string; detail: Detail; now: number }[] {
  const out: { name: string; detail: Detail; now: number }[] = [];
  for (const status of ORDER_STATUSES) {
    if (status === "Disputed") continue;
    for (const now of [BEFORE, AFTER])
      out.push({ name: `${status} at ${now === BEFORE ? "start" : "after deadline"}`, detail: orderIn(status), now });
  }
  for (const phase of DISPUTE_PHASES)
    for (const now of [BEFORE, AFTER])
      out.push({
        name: `Disputed/${phase} at ${now === BEFORE ? "start" : "after deadline"}`,
        detail: orderIn("Disputed", {
          dispute: { phase, deadline: phase === "Escalated" ? null : String(DEADLINE), arbitrator: phase === "Ruling" ? ARBITRATOR : null },
        }),
        now,
      });
  return out;
}

describe("the what-happens-next banner", () => {
  it("has a title and something to say to every reader in every state, in words with a Persian text and no unfilled placeholder", () => {
    const situations = everySituation();
    expect(situations.length).toBe(2 * (ORDER_STATUSES.length - 1 + DISPUTE_PHASES.length));
    for (const { name, detail, now } of situations)
      for (const role of ROLES) {
        const s = step(detail, role, now);
        const said = lines(s);
        expect(s.you.length + (s.others ? 1 : 0), `${name} as ${role}`).toBeGreaterThan(0);
        for (const line of said) expect(line, `${name} as ${role}`).not.toMatch(/\{\w+\}/);
        for (const p of phrases(s)) expect(fa, `${name} as ${role}: ${p.text}`).toHaveProperty([p.text]);
        if (s.deadline) expect(fa, s.deadline.label).toHaveProperty([s.deadline.label]);
      }
  });

  it("counts down the running deadline while it runs, and stops once it has passed or the order is closed", () => {
    for (const { name, detail, now } of everySituation())
      for (const role of ROLES) {
        const s = step(detail, role, now);
        const closed = !["Created", "SellerConfirmed", "Disputed"].includes(detail.order.status);
        const escalated = detail.dispute?.phase === "Escalated";
        if (now === BEFORE && !closed && !escalated)
          expect(s.deadline, `${name} as ${role}`).toEqual({ at: DEADLINE, label: expect.any(String) });
        else expect(s.deadline, `${name} as ${role}`).toBeNull();
      }
  });

  it("tells the seller of a new order to deliver or cancel, the buyer that the escrow holds the money, and a visitor that it is not a party", () => {
    const created = orderIn("Created");
    const seller = step(created, "seller");
    expect(seller.tone).toBe("act");
    expect(text(seller.title)).toBe("New order: deliver it");
    expect(seller.deadline?.label).toBe("Deliver within");
    expect(lines(seller).join(" ")).toContain(`the buyer gets the ${AMOUNT} u back`);
    const buyer = step(created, "buyer");
    expect(buyer.tone).toBe("wait");
    expect(lines(buyer)).toContain(`Your ${AMOUNT} u is held by the escrow, not by the seller.`);
    expect(buyer.deadline?.label).toBe("The seller must deliver within");
    expect(lines(step(created, null))).toContain("You are not a party to this order; you can follow it here.");
  });

  it("gives the buyer the refund once the seller missed the delivery deadline", () => {
    const s = step(orderIn("Created"), "buyer", AFTER);
    expect(s.tone).toBe("act");
    expect(lines(s)).toContain(`Claim your refund: the escrow returns ${AMOUNT} u to you.`);
  });

  it("asks the buyer of a delivered order to check it and confirm or dispute, and tells the seller to finish an upload the buyer still waits for", () => {
    const delivered = orderIn("SellerConfirmed");
    expect(text(step(delivered, "buyer").title)).toBe("Delivered: check it, then confirm");
    expect(step(delivered, "buyer").deadline?.label).toBe("Confirm or dispute within");
    expect(step(delivered, "seller").tone).toBe("act");
    expect(lines(step(delivered, "seller"))).toContain("Finish the delivery below: the buyer cannot open it until it is uploaded.");
    const uploaded = { ...delivered, delivery: { confirmations: 3, final: true, postedAt: "2027-01-01T00:00:00.000Z" } };
    expect(step(uploaded, "seller").tone).toBe("wait");
    expect(lines(step(uploaded, "buyer"))).toContain("Open the delivery below and check it against what you paid for.");
  });

  it("tells the seller, once the buyer's window has passed, what releasing the payment pays: the amount less the protocol fee", () => {
    const s = step(orderIn("SellerConfirmed"), "seller", AFTER);
    expect(s.tone).toBe("act");
    expect(lines(s)).toContain(`Release the payment to yourself: ${AMOUNT - PROTOCOL_FEE} u (${AMOUNT} u less the ${PROTOCOL_FEE} u fee).`);
  });

  it("asks the side a dispute was opened against for the deposit, naming the default winner, and tells the opener what the other side must do", () => {
    const opened = orderIn("Disputed");
    const seller = step(opened, "seller");
    expect(seller.tone).toBe("act");
    expect(text(seller.title)).toBe("The buyer opened a dispute");
    expect(lines(seller)).toContain(
      `Pay the deposit of ${FEE} u before the deadline to have an arbitrator decide. If you do not, the buyer wins by default.`,
    );
    expect(seller.term).toBe("disputeDeposit");
    const buyer = step(opened, "buyer");
    expect(text(buyer.title)).toBe("You opened a dispute");
    expect(buyer.others && text(buyer.others)).toBe(
      `The seller must match the deposit of ${FEE} u before the deadline, or the buyer wins by default.`,
    );
    expect(lines(step(opened, "buyer", AFTER))).toContain("Close the dispute: you win by default.");
  });

  it("translates the sides a sentence names", () => {
    const s = step(orderIn("Disputed"), "seller");
    const persian = sayPhrase((t, vars) => translate("fa", fa, t, vars), s.title);
    expect(persian).toBe("خریدار اختلاف باز کرد");
  });

  it("explains the arbitrator draw while it runs, and hands the case on once its time is out", () => {
    const drawing = orderIn("Disputed", { dispute: { phase: "Drawing", buyerDeposited: true, sellerDeposited: true } });
    expect(step(drawing, "buyer").term).toBe("arbitratorDraw");
    expect(step(drawing, "buyer").deadline?.label).toBe("The draw ends within");
    expect(lines(step(drawing, null, AFTER))).toContain(
      "No arbitrator was drawn in time: anyone can now hand the case to the fallback arbitrator.",
    );
  });

  it("asks the drawn arbitrator to rule before its deadline, and the parties to add evidence meanwhile", () => {
    const ruling = orderIn("Disputed", { dispute: { phase: "Ruling", arbitrator: ARBITRATOR, sellerDeposited: true } });
    const arbitrator = step(ruling, "arbitrator");
    expect(arbitrator.tone).toBe("act");
    expect(arbitrator.deadline?.label).toBe("Rule within");
    expect(lines(step(ruling, "seller"))).toContain("Add your evidence now; the arbitrator reads it before ruling.");
    expect(lines(step(ruling, "arbitrator", AFTER))).toContain("Your time to rule has passed: anyone can now replace you.");
  });

  it("shows a standing settlement offer to the side that can accept it, and its own offer to the side that made it", () => {
    const offer = {
      proposer: SELLER,
      buyerAmount: "5000000",
      sellerAmount: "7500000",
      expiresAt: String(T0 + DAY),
      step: 1,
      offeredAt: String(T0),
      lapsed: false,
    };
    const offered = orderIn("Disputed", { dispute: { offer } });
    expect(lines(step(offered, "buyer"))).toContain(
      "The seller offers a settlement: 5000000 u to the buyer, the rest to the seller. Accepting it ends the dispute now.",
    );
    expect(lines(step(offered, "seller"))).toContain("Your settlement offer stands: 5000000 u to the buyer, the rest to the seller.");
    expect(lines(step(offered, "buyer", T0 + DAY + 1)).join(" ")).not.toContain("offers a settlement");
  });

  it("says who received what once the order is closed, with the arbitrator's fee to the arbitrator and a review to the parties", () => {
    // As the indexer records it: the order's own part on the order, each side's whole payout (its
    // deposit back included) on the closed dispute. The banner says the latter, as the summary does.
    const closedOrder = orderIn("ResolvedBuyer", {
      order: { paidToBuyer: String(AMOUNT), paidToSeller: "0", paidToArbitrator: String(FEE), arbitrator: ARBITRATOR },
    });
    const ruled: Detail = {
      ...closedOrder,
      dispute: {
        ...disputedOrder().dispute!,
        ruling: "Buyer",
        resolution: "Arbitrator",
        buyerPaid: String(AMOUNT + FEE),
        sellerPaid: "0",
        arbitratorFee: String(FEE),
        protocolFee: "0",
        closedAt: String(DEADLINE),
      },
    };
    const buyer = step(ruled, "buyer");
    expect(buyer.tone).toBe("done");
    expect(text(buyer.title)).toBe("The dispute was decided for the buyer");
    expect(lines(buyer)).toContain(`The buyer received ${AMOUNT + FEE} u; the seller received 0 u (after a 0 u fee).`);
    expect(lines(buyer)).toContain("Nothing more to do. You can review the other side below.");
    expect(lines(step(ruled, "arbitrator"))).toContain(`Your arbitration fee: ${FEE} u.`);
    expect(text(step(orderIn("Completed"), null).title)).toBe("Completed: the seller was paid");
    expect(text(step(orderIn("Expired"), "seller").title)).toBe("Not delivered in time: the buyer was refunded");
  });
});
