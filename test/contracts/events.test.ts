import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import { escrowFixture, OrderStatus, Ruling, USDC } from "./fixture.ts";

interface RebuiltOrder {
  buyer: Address;
  seller: Address;
  token: Address;
  amount: bigint;
  status: number;
  arbitrator: Address | null;
  /** Dispute deposits the escrow holds for it. */
  deposits: bigint;
  paidOut: bigint;
}

const terminalByEvent: Record<string, number> = {
  OrderCancelled: OrderStatus.Cancelled,
  OrderExpired: OrderStatus.Expired,
  OrderCompleted: OrderStatus.Completed,
  DisputeSettled: OrderStatus.Settled,
};

describe("escrow events", () => {
  it("carry everything needed to rebuild every order without reading the contract", async () => {
    const f = await escrowFixture({ arbitrators: 3 });
    await f.send(f.escrow.write.setProtocolFee([50n, f.feeCollector.account.address]));
    const completed = await f.createOrder(USDC(10), "a");
    const cancelled = await f.createOrder(USDC(11), "b");
    const expired = await f.createOrder(USDC(12), "c");
    const resolved = await f.createOrder(USDC(130), "d");
    const settled = await f.createOrder(USDC(14), "e");
    const open = await f.createOrder(USDC(15), "f");
    const released = await f.createOrder(USDC(16), "g");
    const defaulted = await f.createOrder(USDC(17), "h");
    const escalated = await f.createOrder(USDC(18), "i");
    const awaiting = await f.createOrder(USDC(19), "j");

    await f.confirmDelivery(completed);
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, true]));
    await f.send(f.escrow.write.buyerConfirmReceived([completed], { account: f.buyer.account }));
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, false]));
    await f.send(f.escrow.write.cancelOrder([cancelled], { account: f.buyer.account }));
    const arbitrator = await f.disputeAndDraw(resolved);
    await f.send(f.escrow.write.resolveDispute([resolved, Ruling.Seller], { account: arbitrator }));
    await f.confirmDelivery(settled); // before delivery only the buyer may dispute
    await f.disputeAndDraw(settled, f.seller);
    await f.proposeSettlement(settled, f.seller, USDC(4));
    await f.send(f.escrow.write.acceptSettlement([settled, USDC(4)], { account: f.buyer.account }));
    await f.confirmDelivery(released);
    await f.confirmDelivery(defaulted);
    await f.openDispute(defaulted, f.seller);
    await f.openDispute(escalated, f.buyer);
    await f.payDisputeFee(escalated, f.seller);
    await f.openDispute(awaiting, f.buyer); // still open: its deposit stays in the escrow
    await f.passTime(f.params.buyerWindow + 1n); // past every response and draw window too
    await f.send(f.escrow.write.expireOrder([expired], { account: f.stranger.account }));
    await f.send(f.escrow.write.autoRelease([released], { account: f.stranger.account }));
    await f.send(f.escrow.write.resolveUnanswered([defaulted], { account: f.stranger.account }));
    // Past the fallback's own wait as well: escalating now applies the timeout outcome.
    await f.send(f.escrow.write.escalate([escalated], { account: f.stranger.account }));

    const logs = await f.publicClient.getContractEvents({
      abi: f.escrow.abi,
      address: f.escrow.address,
      fromBlock: 0n,
    });
    const orders = new Map<bigint, RebuiltOrder>();
    for (const log of logs) {
      const args = log.args as Record<string, unknown>;
      const orderId = args.orderId as bigint | undefined;
      const order = orderId === undefined ? undefined : orders.get(orderId);
      switch (log.eventName) {
        case "OrderCreated":
          orders.set(orderId!, {
            buyer: args.buyer as Address,
            seller: args.seller as Address,
            token: args.token as Address,
            amount: args.amount as bigint,
            status: OrderStatus.Created,
            arbitrator: null,
            deposits: 0n,
            paidOut: 0n,
          });
          break;
        case "DeliveryConfirmed":
          order!.status = OrderStatus.SellerConfirmed;
          break;
        case "DisputeOpened":
          order!.status = OrderStatus.Disputed;
          order!.deposits += args.fee as bigint;
          break;
        case "DisputeFeePaid":
          order!.deposits += args.fee as bigint;
          break;
        case "ArbitratorAssigned":
          order!.arbitrator = args.arbitrator as Address;
          break;
        case "OrderCancelled":
        case "OrderExpired":
          order!.status = terminalByEvent[log.eventName];
          order!.paidOut = order!.amount;
          break;
        case "OrderCompleted":
          order!.status = OrderStatus.Completed;
          order!.paidOut = (args.sellerAmount as bigint) + (args.protocolFee as bigint);
          break;
        case "DisputeSettled":
          order!.status = OrderStatus.Settled;
          order!.paidOut = (args.buyerPaid as bigint) + (args.sellerPaid as bigint) + (args.protocolFee as bigint);
          break;
        case "DisputeResolved":
          order!.status = args.ruling === Ruling.Buyer ? OrderStatus.ResolvedBuyer : OrderStatus.ResolvedSeller;
          order!.paidOut =
            (args.buyerPaid as bigint) + (args.sellerPaid as bigint) + (args.arbitratorFee as bigint) + (args.protocolFee as bigint);
          break;
      }
    }

    expect(orders.size).toBe(10);
    for (const [orderId, rebuilt] of orders) {
      const stored = await f.escrow.read.getOrder([orderId]);
      expect(rebuilt.status).toBe(stored.status);
      expect(rebuilt.buyer.toLowerCase()).toBe(stored.buyer.toLowerCase());
      expect(rebuilt.seller.toLowerCase()).toBe(stored.seller.toLowerCase());
      expect(rebuilt.amount).toBe(stored.amount);
      expect(rebuilt.token.toLowerCase()).toBe((await f.escrow.read.orderToken([orderId])).toLowerCase());
      const { arbitrator: storedArbitrator } = await f.escrow.read.getDispute([orderId]);
      expect(rebuilt.arbitrator ?? "0x0000000000000000000000000000000000000000").toBe(storedArbitrator);
      // Every terminal order paid out exactly its amount and the deposits it held; open ones nothing yet.
      const terminal =
        rebuilt.status !== OrderStatus.Created && rebuilt.status !== OrderStatus.SellerConfirmed && rebuilt.status !== OrderStatus.Disputed;
      expect(rebuilt.paidOut).toBe(terminal ? rebuilt.amount + rebuilt.deposits : 0n);
    }
    expect(orders.get(open)!.status).toBe(OrderStatus.Created);
    expect(orders.get(defaulted)!.status).toBe(OrderStatus.ResolvedSeller);
    expect(orders.get(escalated)!.status).toBe(OrderStatus.ResolvedBuyer); // the undelivered order's timeout: a refund

    // What the escrow holds is what the events say it owes: the open orders and their deposits, and the credits.
    const owed = [...orders.values()]
      .filter((o) => o.status === OrderStatus.Created || o.status === OrderStatus.SellerConfirmed || o.status === OrderStatus.Disputed)
      .reduce((sum, o) => sum + o.amount + o.deposits, 0n);
    const credits = logs
      .filter((l) => l.eventName === "PaymentCredited")
      .reduce((sum, l) => sum + (l.args as { amount: bigint }).amount, 0n);
    expect(await f.balanceOf(f.escrow.address)).toBe(owed + credits);

    const credited = logs.filter((l) => l.eventName === "PaymentCredited");
    expect(credited).toHaveLength(1);
    expect(await f.escrow.read.creditOf([f.usdc.address, f.seller.account.address])).toBe((credited[0].args as { amount: bigint }).amount);
  });
});
