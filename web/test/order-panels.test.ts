// The decisions the order page's hooks make, as plain functions: who the caller is, which on-chain
// actions the order's state allows at the chain's time, and which delivery steps are open.
import { describe, expect, it, vi } from "vitest";
import { deliveryStepsFor, sellerStepStates } from "@/components/orders/use-delivery.ts";
import { roleIn } from "@/components/orders/use-order.ts";
import { type EscrowWrites, orderActionsFor, standingOffer } from "@/components/orders/use-order-actions.ts";
import type { OrderDetail } from "@/lib/api/types.ts";

const BUYER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const SELLER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const ARBITRATOR = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
const TOKEN = "0x00000000000000000000000000000000000000aa";
const DEADLINE = 1_800_000_000;
const BEFORE = DEADLINE;
const AFTER = DEADLINE + 1;

function detail(
  status: string,
  dispute: Partial<NonNullable<OrderDetail["dispute"]>> | null = null,
  arbitrator: string | null = null,
): Pick<OrderDetail, "order" | "dispute"> {
  const order = {
    chainId: 31337,
    orderId: "7",
    buyer: BUYER,
    seller: SELLER,
    arbitrator,
    token: TOKEN,
    status,
    deadline: String(DEADLINE),
  } as OrderDetail["order"];
  const full =
    dispute && ({ arbitrator: null, deadline: null, offerProposer: null, offerBuyerAmount: null, ...dispute } as OrderDetail["dispute"]);
  return { order, dispute: full };
}

const labels = (d: ReturnType<typeof detail>, role: Parameters<typeof orderActionsFor>[1], now: number) =>
  orderActionsFor(d, role, now).map((a) => a.label);

describe("the caller's role", () => {
  it("is the part its address plays in the order, or none", () => {
    const { order } = detail("Disputed", null, ARBITRATOR);
    expect(roleIn(order, BUYER)).toBe("buyer");
    expect(roleIn(order, SELLER)).toBe("seller");
    expect(roleIn(order, ARBITRATOR)).toBe("arbitrator");
    expect(roleIn(order, "0x0000000000000000000000000000000000000001")).toBeNull();
    expect(roleIn(undefined, BUYER)).toBeNull();
    expect(roleIn(order, undefined)).toBeNull();
  });
});

describe("order actions", () => {
  it("let a party cancel or dispute a new order while the seller's window is open, and anyone claim the refund once it has passed", () => {
    expect(labels(detail("Created"), "buyer", BEFORE)).toEqual(["Cancel order", "Open dispute"]);
    expect(labels(detail("Created"), "seller", AFTER)).toEqual(["Cancel order", "Claim refund (seller missed the window)"]);
    expect(labels(detail("Created"), null, BEFORE)).toEqual([]);
    expect(labels(detail("Created"), null, AFTER)).toEqual(["Claim refund (seller missed the window)"]);
  });

  it("let a party dispute a delivered order within the buyer's window, and anyone release the payment after it", () => {
    expect(labels(detail("SellerConfirmed"), "seller", BEFORE)).toEqual(["Open dispute"]);
    expect(labels(detail("SellerConfirmed"), "buyer", AFTER)).toEqual(["Release payment (buyer window passed)"]);
    expect(labels(detail("Completed"), "buyer", AFTER)).toEqual([]);
  });

  it("draw an arbitrator for a dispute without one, replace a late one, and let the arbitrator rule", () => {
    expect(labels(detail("Disputed", {}), "buyer", BEFORE)).toEqual(["Draw the arbitrator"]);
    const assigned = detail("Disputed", { arbitrator: ARBITRATOR, deadline: String(DEADLINE) }, ARBITRATOR);
    expect(labels(assigned, "arbitrator", BEFORE)).toEqual(["Rule for the buyer (refund)", "Rule for the seller (pay)"]);
    expect(labels(assigned, "seller", AFTER)).toEqual(["Replace the late arbitrator"]);
  });

  it("offer the standing settlement to the party that did not propose it", () => {
    const offered = detail(
      "Disputed",
      { arbitrator: ARBITRATOR, deadline: String(DEADLINE), offerProposer: SELLER, offerBuyerAmount: "2500000" },
      ARBITRATOR,
    );
    expect(standingOffer(offered)).toBe(2_500_000n);
    const accept = orderActionsFor(offered, "buyer", BEFORE);
    expect(accept.map((a) => [a.label, a.vars])).toEqual([["Accept the offer: {buyer} to the buyer", { buyer: "2500000 units" }]]);
    expect(labels(offered, "seller", BEFORE)).toEqual([]);
    expect(standingOffer(detail("Disputed", {}))).toBeNull();
  });

  it("send each action's transaction to the order's chain with the order id", async () => {
    const write = () => ({ writeContractAsync: vi.fn(async () => "0xhash" as const) });
    const writes = {
      cancel: write(),
      openDispute: write(),
      expire: write(),
      release: write(),
      draw: write(),
      replace: write(),
      resolve: write(),
      accept: write(),
    };
    const assigned = detail("Disputed", { arbitrator: ARBITRATOR, deadline: String(DEADLINE) }, ARBITRATOR);
    const [forBuyer, forSeller] = orderActionsFor(assigned, "arbitrator", BEFORE);
    expect([forBuyer?.txLabel, forSeller?.txLabel]).toEqual(["Rule for the buyer", "Rule for the seller"]);
    await forSeller!.send(writes as unknown as EscrowWrites);
    expect(writes.resolve.writeContractAsync).toHaveBeenCalledWith({ args: [7n, 2], chainId: 31337 });
    const [cancel] = orderActionsFor(detail("Created"), "buyer", BEFORE);
    await cancel!.send(writes as unknown as EscrowWrites);
    expect(writes.cancel.writeContractAsync).toHaveBeenCalledWith({ args: [7n], chainId: 31337 });
  });
});

describe("delivery steps", () => {
  const HASH = `0x${"d1".repeat(32)}`;
  const state = (status: string, deliveryHash: string | null, delivery: OrderDetail["delivery"] = null) => ({
    order: { status, deliveryHash },
    delivery,
  });
  const committed = (final: boolean, postedAt: string | null = null) => ({ confirmations: final ? 12 : 3, final, postedAt });

  it("let the seller deliver a new order, and finish one confirmed on chain but never uploaded", () => {
    expect(deliveryStepsFor(state("Created", null), "seller")).toMatchObject({ sellerCanDeliver: true, sellerCanFinish: false });
    expect(deliveryStepsFor(state("SellerConfirmed", HASH, committed(false)), "seller")).toMatchObject({
      sellerCanDeliver: false,
      sellerCanFinish: true,
    });
    expect(deliveryStepsFor(state("SellerConfirmed", HASH, committed(true, "2026-12-02T00:00:00.000Z")), "seller")).toMatchObject({
      sellerCanDeliver: false,
      sellerCanFinish: false,
    });
  });

  it("let the buyer open the delivery only once the confirmation is final and the delivery uploaded, and confirm receipt within its window", () => {
    expect(deliveryStepsFor(state("Created", null), "buyer")).toEqual({
      sellerCanDeliver: false,
      sellerCanFinish: false,
      buyerCanOpen: false,
      buyerWaits: false,
      buyerCanConfirm: false,
    });
    expect(deliveryStepsFor(state("SellerConfirmed", HASH, committed(false)), "buyer")).toMatchObject({
      buyerCanOpen: false,
      buyerWaits: true,
      buyerCanConfirm: true,
    });
    expect(deliveryStepsFor(state("SellerConfirmed", HASH, committed(true)), "buyer")).toMatchObject({
      buyerCanOpen: false,
      buyerWaits: true,
    });
    expect(deliveryStepsFor(state("Disputed", HASH, committed(true, "2026-12-02T00:00:00.000Z")), "buyer")).toMatchObject({
      buyerCanOpen: true,
      buyerWaits: false,
      buyerCanConfirm: false,
    });
    // A dispute opened before the seller confirmed: there is no delivery to wait for.
    expect(deliveryStepsFor(state("Disputed", null), "buyer")).toMatchObject({ buyerCanOpen: false, buyerWaits: false });
    expect(deliveryStepsFor(state("Completed", HASH, committed(true, "2026-12-02T00:00:00.000Z")), "arbitrator")).toEqual({
      sellerCanDeliver: false,
      sellerCanFinish: false,
      buyerCanOpen: false,
      buyerWaits: false,
      buyerCanConfirm: false,
    });
  });

  it("show the seller how far the delivery got: what this page is doing, then what the chain and the API say", () => {
    expect(sellerStepStates(state("Created", null), null, false)).toEqual({
      seal: "pending",
      confirm: "pending",
      finality: "pending",
      upload: "pending",
    });
    expect(sellerStepStates(state("Created", null), "confirm", false)).toMatchObject({ seal: "pending", confirm: "active" });
    expect(sellerStepStates(state("Created", null), "confirm", true)).toMatchObject({ confirm: "failed" });
    // After a reload: confirmed on chain, the wait for finality runs by itself, the upload is still to do.
    expect(sellerStepStates(state("SellerConfirmed", HASH, committed(false)), null, false)).toEqual({
      seal: "done",
      confirm: "done",
      finality: "active",
      upload: "pending",
    });
    expect(sellerStepStates(state("SellerConfirmed", HASH, committed(true)), "upload", true)).toMatchObject({
      finality: "done",
      upload: "failed",
    });
    expect(sellerStepStates(state("SellerConfirmed", HASH, committed(true, "2026-12-02T00:00:00.000Z")), null, false)).toEqual({
      seal: "done",
      confirm: "done",
      finality: "done",
      upload: "done",
    });
  });
});
