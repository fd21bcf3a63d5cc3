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
    const completed = await f.createOrder(USDC(10), "a");
    const cancelled = await f.createOrder(USDC(11), "b");
    const expired = await f.createOrder(USDC(12), "c");
    const resolved = await f.createOrder(USDC(13), "d");
    const settled = await f.createOrder(USDC(14), "e");
    const open = await f.createOrder(USDC(15), "f");
    const released = await f.createOrder(USDC(16), "g");

    await f.send(f.escrow.write.sellerConfirmDelivery([completed], { account: f.seller.account }));
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, true]));
    await f.send(f.escrow.write.buyerConfirmReceived([completed], { account: f.buyer.account }));
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, false]));
    await f.send(f.escrow.write.cancelOrder([cancelled], { account: f.buyer.account }));
    const arbitrator = await f.disputeAndDraw(resolved);
    await f.send(f.escrow.write.resolveDispute([resolved, Ruling.Seller], { account: arbitrator }));
    await f.disputeAndDraw(settled, f.seller);
    await f.send(f.escrow.write.proposeSettlement([settled, USDC(4)], { account: f.seller.account }));
    await f.send(f.escrow.write.acceptSettlement([settled, USDC(4)], { account: f.buyer.account }));
    await f.send(f.escrow.write.sellerConfirmDelivery([released], { account: f.seller.account }));
    await f.passTime(f.params.buyerWindow + 1n);
    await f.send(f.escrow.write.expireOrder([expired], { account: f.stranger.account }));
    await f.send(f.escrow.write.autoRelease([released], { account: f.stranger.account }));

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
            paidOut: 0n,
          });
          break;
        case "DeliveryConfirmed":
          order!.status = OrderStatus.SellerConfirmed;
          break;
        case "DisputeOpened":
          order!.status = OrderStatus.Disputed;
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
          order!.paidOut = (args.buyerAmount as bigint) + (args.sellerAmount as bigint);
          break;
        case "DisputeResolved":
          order!.status = args.ruling === Ruling.Buyer ? OrderStatus.ResolvedBuyer : OrderStatus.ResolvedSeller;
          order!.paidOut = (args.winnerAmount as bigint) + (args.arbitratorFee as bigint);
          break;
      }
    }

    expect(orders.size).toBe(7);
    for (const [orderId, rebuilt] of orders) {
      const stored = await f.escrow.read.getOrder([orderId]);
      expect(rebuilt.status).toBe(stored.status);
      expect(rebuilt.buyer.toLowerCase()).toBe(stored.buyer.toLowerCase());
      expect(rebuilt.seller.toLowerCase()).toBe(stored.seller.toLowerCase());
      expect(rebuilt.amount).toBe(stored.amount);
      expect(rebuilt.token.toLowerCase()).toBe((await f.escrow.read.orderToken([orderId])).toLowerCase());
      const { arbitrator: storedArbitrator } = await f.escrow.read.getDispute([orderId]);
      expect(rebuilt.arbitrator ?? "0x0000000000000000000000000000000000000000").toBe(storedArbitrator);
      // Every terminal order paid out exactly its amount; open ones nothing yet.
      const terminal =
        rebuilt.status !== OrderStatus.Created && rebuilt.status !== OrderStatus.SellerConfirmed && rebuilt.status !== OrderStatus.Disputed;
      expect(rebuilt.paidOut).toBe(terminal ? rebuilt.amount : 0n);
    }
    expect(orders.get(open)!.status).toBe(OrderStatus.Created);

    const credited = logs.filter((l) => l.eventName === "PaymentCredited");
    expect(credited).toHaveLength(1);
    expect(await f.escrow.read.creditOf([f.usdc.address, f.seller.account.address])).toBe((credited[0].args as { amount: bigint }).amount);
  });
});
