// The decisions the order page's hooks make, as plain functions: who the caller is, which on-chain
// actions the order's state allows at the chain's time, and which delivery steps are open. A
// dispute's own actions are in dispute.test.ts.
import { describe, expect, it } from "vitest";
import { deliveryStepsFor, sellerStepStates } from "@/components/orders/use-delivery.ts";
import { roleIn } from "@/components/orders/use-order.ts";
import { orderActionsFor } from "@/components/orders/use-order-actions.ts";
import type { OrderDetail } from "@/lib/api/types.ts";

const BUYER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const SELLER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const ARBITRATOR = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
const TOKEN = "0x00000000000000000000000000000000000000aa";
const DEADLINE = 1_800_000_000;
const BEFORE = DEADLINE;
const AFTER = DEADLINE + 1;
const FEE = 2_000_000n;

function detail(status: string, arbitrator: string | null = null): Pick<OrderDetail, "order"> {
  const order = {
    chainId: 31337,
    orderId: "7",
    buyer: BUYER,
    seller: SELLER,
    arbitrator,
    token: TOKEN,
    amount: "12500000",
    protocolFeeBps: 0,
    status,
    deadline: String(DEADLINE),
  } as OrderDetail["order"];
  return { order };
}

const labels = (d: ReturnType<typeof detail>, role: Parameters<typeof orderActionsFor>[1], now: number) =>
  orderActionsFor(d, role, now, { fee: FEE }).map((a) => a.label);

describe("the caller's role", () => {
  it("is the part its address plays in the order, or none", () => {
    const { order } = detail("Disputed", ARBITRATOR);
    expect(roleIn(order, BUYER)).toBe("buyer");
    expect(roleIn(order, SELLER)).toBe("seller");
    expect(roleIn(order, ARBITRATOR)).toBe("arbitrator");
    expect(roleIn(order, "0x0000000000000000000000000000000000000001")).toBeNull();
    expect(roleIn(undefined, BUYER)).toBeNull();
    expect(roleIn(order, undefined)).toBeNull();
  });
});

describe("order actions", () => {
  it("let a party cancel a new order and only its buyer dispute it while the seller's window is open, and anyone claim the refund once it has passed", () => {
    expect(labels(detail("Created"), "buyer", BEFORE)).toEqual(["Cancel order", "Open dispute (deposit {fee})"]);
    expect(labels(detail("Created"), "seller", BEFORE)).toEqual(["Cancel order"]);
    expect(labels(detail("Created"), "seller", AFTER)).toEqual(["Cancel order", "Claim refund (seller missed the window)"]);
    expect(labels(detail("Created"), null, BEFORE)).toEqual([]);
    expect(labels(detail("Created"), null, AFTER)).toEqual(["Claim refund (seller missed the window)"]);
  });

  it("let a party dispute a delivered order within the buyer's window, and anyone release the payment after it", () => {
    expect(labels(detail("SellerConfirmed"), "seller", BEFORE)).toEqual(["Open dispute (deposit {fee})"]);
    expect(labels(detail("SellerConfirmed"), "buyer", AFTER)).toEqual(["Release payment (buyer window passed)"]);
    expect(labels(detail("Completed"), "buyer", AFTER)).toEqual([]);
  });

  it("show the deposit on the dispute button and ask for an allowance of it; offer no dispute until the deposit is known", () => {
    const [, open] = orderActionsFor(detail("Created"), "buyer", BEFORE, { fee: FEE });
    expect(open).toMatchObject({ vars: { fee: "2000000 units" }, deposit: FEE, txLabel: "Open dispute" });
    expect(orderActionsFor(detail("Created"), "buyer", BEFORE).map((a) => a.label)).toEqual(["Cancel order"]);
  });

  it("name each action's escrow call with the order id", () => {
    const [cancel, open] = orderActionsFor(detail("Created"), "buyer", BEFORE, { fee: FEE });
    expect(cancel!.call).toEqual({ functionName: "cancelOrder", args: [7n] });
    expect(open!.call).toEqual({ functionName: "openDispute", args: [7n] });
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
    // Without the seller's commitment on chain there is nothing to open, whatever else the API says.
    expect(deliveryStepsFor(state("Created", null, committed(true, "2026-12-02T00:00:00.000Z")), "buyer")).toMatchObject({
      buyerCanOpen: false,
    });
    expect(deliveryStepsFor(state("SellerConfirmed", HASH, { ...committed(true), postedAt: undefined } as never), "buyer")).toMatchObject({
      buyerCanOpen: false,
      buyerWaits: true,
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
