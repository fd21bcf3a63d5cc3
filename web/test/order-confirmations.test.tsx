// @vitest-environment happy-dom
// What the confirmation of each irreversible order action says before it is sent: where the money
// goes, in the order's own figures (its amount, the protocol fee from its rate, the deposits).
import { describe, expect, it } from "vitest";
import type { Phrase } from "@/components/orders/next-step.ts";
import { disputeViewOf } from "@/components/orders/use-dispute.ts";
import { type ActionConfirmation, confirmRequestOf, orderActionsFor, receiptConfirmation } from "@/components/orders/use-order-actions.ts";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";
import { fa } from "@/i18n/fa.ts";
import { translate } from "@/i18n/messages.ts";
import { DISPUTE, disputedOrder } from "./dispute-fixture.ts";
import { render, textOf } from "./render.tsx";

const { SELLER, AMOUNT, FEE, PROTOCOL_FEE, T0, DAY } = DISPUTE;
const NO_FALLBACK = { arbitrator: null, cost: 0n };
const AFTER = T0 + 2 * DAY + 1;
type Role = Parameters<typeof orderActionsFor>[1];
type Detail = ReturnType<typeof disputedOrder>;

const english = (t: string, vars?: Record<string, string>) => translate("en", {}, t, vars);
const said = (c: ActionConfirmation | undefined) => {
  if (!c) throw new Error("no confirmation");
  return c.consequences.map((p: Phrase) => english(p.text, { ...p.vars, ...p.sides }));
};
const beforeDispute = (status: string): Detail => ({ ...disputedOrder({}, { status }), dispute: null });
/** A dispute in its ruling phase with the seller's standing offer of 5 tokens to the buyer. */
const offered = () =>
  disputedOrder({
    phase: "Ruling",
    sellerDeposited: true,
    arbitrator: DISPUTE.ARBITRATOR,
    offer: {
      proposer: SELLER,
      buyerAmount: "5000000",
      sellerAmount: "7500000",
      expiresAt: String(T0 + DAY),
      step: 1,
      offeredAt: String(T0),
      lapsed: false,
    },
  });
const confirmationOf = (d: Detail, role: Role, now: number, label: string | RegExp) => {
  const action = orderActionsFor(d, role, now, { dispute: disputeViewOf(d, NO_FALLBACK, now), fee: FEE }).find((a) =>
    typeof label === "string" ? a.txLabel === label : label.test(a.txLabel),
  );
  if (!action) throw new Error(`no action ${label}`);
  return action.confirm;
};

describe("confirming an irreversible action", () => {
  it("says cancelling refunds the whole order to the buyer", () => {
    const c = confirmationOf(beforeDispute("Created"), "seller", T0, "Cancel order");
    expect(c?.title).toBe("Cancel this order?");
    expect(said(c)).toEqual([
      `The escrow returns the whole ${AMOUNT} units to the buyer.`,
      "The order ends and the seller cannot deliver it.",
      "This cannot be undone.",
    ]);
  });

  it("says opening a dispute costs the deposit, what happens if the other side does not match it, and who pays the arbitrator", () => {
    const c = confirmationOf(beforeDispute("Created"), "buyer", T0, "Open dispute");
    expect(c?.danger).toBe(true);
    expect(said(c)).toEqual([
      `You pay a deposit of ${FEE} units now; the order's ${AMOUNT} units stays in the escrow.`,
      `The seller must pay the same deposit before its deadline, or you win by default and receive ${AMOUNT + FEE} units (your deposit included).`,
      "Otherwise an arbitrator decides: the winner gets its deposit back, and the loser's deposit pays the arbitrator.",
      "This cannot be undone.",
    ]);
  });

  it("says releasing the payment pays the seller the order less the protocol fee, and claiming the refund returns it all", () => {
    const release = confirmationOf(beforeDispute("SellerConfirmed"), null, AFTER, "Release payment");
    expect(said(release)[1]).toBe(
      `The escrow pays the seller ${AMOUNT - PROTOCOL_FEE} units: the order's ${AMOUNT} units less the ${PROTOCOL_FEE} units service fee.`,
    );
    const refund = confirmationOf(beforeDispute("Created"), "buyer", AFTER, "Claim refund");
    expect(said(refund)).toContain(`The escrow returns the whole ${AMOUNT} units to the buyer.`);
  });

  it("says confirming receipt pays the seller the order less the protocol fee and ends the chance to dispute", () => {
    expect(said(receiptConfirmation(beforeDispute("SellerConfirmed")))).toEqual([
      `The escrow pays the seller ${AMOUNT - PROTOCOL_FEE} units: the order's ${AMOUNT} units less the ${PROTOCOL_FEE} units service fee.`,
      "The order is complete: you can no longer open a dispute.",
      "This cannot be undone.",
    ]);
  });

  it("says what paying the dispute deposit risks and wins, and what closing an unanswered dispute gives the opener", () => {
    const d = disputedOrder();
    const pay = confirmationOf(d, "seller", T0, "Pay the dispute deposit");
    expect(said(pay)[1]).toBe(
      `If you win, you receive ${AMOUNT - PROTOCOL_FEE + FEE} units (your deposit included). If you lose, your deposit pays the arbitrator.`,
    );
    const close = confirmationOf(d, "buyer", AFTER, "Close the unanswered dispute");
    expect(said(close)[0]).toBe(
      `The seller did not pay its deposit in time, so the buyer wins by default and receives ${AMOUNT + FEE} units.`,
    );
  });

  it("says accepting a settlement splits the order as offered, the seller's share less the protocol fee, and returns both deposits", () => {
    const c = confirmationOf(offered(), "buyer", T0, "Accept settlement");
    const sellerFee = (7_500_000n * 50n) / 10_000n;
    expect(said(c)).toEqual([
      `The dispute ends now: the buyer receives 5000000 units, and the seller ${7_500_000n - sellerFee} units (7500000 units less the ${sellerFee} units service fee).`,
      "Both deposits are returned.",
      "This cannot be undone.",
    ]);
  });

  it("has a Persian text for every title, button and sentence", () => {
    const d = disputedOrder();
    const all = [
      confirmationOf(beforeDispute("Created"), "buyer", T0, "Cancel order"),
      confirmationOf(beforeDispute("Created"), "buyer", T0, "Open dispute"),
      confirmationOf({ ...beforeDispute("Created"), stakes: null }, "buyer", T0, "Open dispute"),
      confirmationOf(offered(), "buyer", T0, "Accept settlement"),
      confirmationOf(beforeDispute("Created"), "buyer", AFTER, "Claim refund"),
      confirmationOf(beforeDispute("SellerConfirmed"), "seller", AFTER, "Release payment"),
      confirmationOf(d, "seller", T0, "Pay the dispute deposit"),
      confirmationOf(d, "buyer", AFTER, "Close the unanswered dispute"),
      receiptConfirmation(d),
    ];
    const texts = all.flatMap((c) => (c ? [c.title, c.confirmLabel, ...c.consequences.map((p) => p.text)] : []));
    expect(texts.filter((text) => !(text in fa))).toEqual([]);
  });

  it("shows the money sentences in the confirmation dialog, in the reader's language", () => {
    const c = receiptConfirmation(beforeDispute("SellerConfirmed"));
    const t = (text: string, vars?: Record<string, string>) => translate("fa", fa, text, vars);
    const { get } = render(<ConfirmDialog request={confirmRequestOf(t, c)} onConfirm={() => {}} onCancel={() => {}} />, {
      locale: "fa",
      messages: fa,
    });
    expect(textOf(get('[data-testid="confirm-consequences"]'))).toContain(fa["This cannot be undone."]);
    expect(textOf(get("h2"))).toBe(fa["Confirm receipt and pay the seller?"]);
  });
});
