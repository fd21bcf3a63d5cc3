import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { signPermit } from "../../scripts/lib/permit.ts";
import { escrowFixture, expectRevert, MAX_PROTOCOL_FEE_BPS, OrderStatus, Ruling, USDC } from "./fixture.ts";

describe("order lifecycles on the escrow", () => {
  it("pays the seller, less the protocol fee, when the buyer confirms receipt", async () => {
    const f = await escrowFixture();
    await f.send(f.escrow.write.setProtocolFee([100n, f.feeCollector.account.address]));
    const sellerBefore = await f.balanceOf(f.seller.account.address);

    const orderId = await f.createOrder(USDC(200));
    await f.confirmDelivery(orderId);
    await f.send(f.escrow.write.buyerConfirmReceived([orderId], { account: f.buyer.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.Completed);
    expect((await f.balanceOf(f.seller.account.address)) - sellerBefore).toBe(USDC(198));
    expect(await f.balanceOf(f.feeCollector.account.address)).toBe(USDC(2));
    expect(await f.balanceOf(f.escrow.address)).toBe(0n);
  });

  it("refunds the buyer in full when the seller cancels before delivery", async () => {
    const f = await escrowFixture();
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const orderId = await f.createOrder(USDC(75));
    await f.send(f.escrow.write.cancelOrder([orderId], { account: f.seller.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.Cancelled);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore);
  });

  it("lets anyone refund the buyer once the seller window passes without delivery", async () => {
    const f = await escrowFixture();
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const orderId = await f.createOrder();

    const deadline = await f.escrow.read.deadlineOf([orderId]);
    await expectRevert(f.escrow.write.expireOrder([orderId], { account: f.stranger.account }), "EscrowWindowOpen", [orderId, deadline]);
    await f.passTime(f.params.sellerWindow + 1n);
    await f.send(f.escrow.write.expireOrder([orderId], { account: f.stranger.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.Expired);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore);
    await expectRevert(f.escrow.write.openDispute([orderId], { account: f.buyer.account }), "EscrowInvalidStatus", [
      orderId,
      OrderStatus.Expired,
    ]);
  });

  it("releases the payment to the seller once the buyer window passes without a dispute", async () => {
    const f = await escrowFixture();
    const sellerBefore = await f.balanceOf(f.seller.account.address);
    const orderId = await f.createOrder(USDC(40));
    await f.confirmDelivery(orderId);
    await f.passTime(f.params.buyerWindow + 1n);

    await expectRevert(f.escrow.write.openDispute([orderId], { account: f.buyer.account }), "EscrowWindowClosed");
    await f.send(f.escrow.write.autoRelease([orderId], { account: f.stranger.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.Completed);
    expect((await f.balanceOf(f.seller.account.address)) - sellerBefore).toBe(USDC(40));
  });

  it("refunds the buyer in full and pays the arbitrator the seller's deposit when the arbitrator rules for the buyer", async () => {
    const f = await escrowFixture({ arbitrators: 3 });
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const sellerBefore = await f.balanceOf(f.seller.account.address);
    const orderId = await f.createOrder(USDC(100));
    const arbitrator = await f.disputeAndDraw(orderId);
    const fee = await f.escrow.read.arbitrationFeeOf([orderId]);
    expect(fee).toBe(USDC(5)); // 5% of the order, above the token's 2 USDC minimum

    await expectRevert(f.escrow.write.resolveDispute([orderId, Ruling.Buyer], { account: f.seller.account }), "EscrowUnauthorized", [
      orderId,
      f.seller.account.address,
    ]);
    await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Buyer], { account: arbitrator }));

    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedBuyer);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore);
    expect(await f.balanceOf(f.seller.account.address)).toBe(sellerBefore - fee);
    expect(await f.balanceOf(arbitrator)).toBe(fee);
    expect(await f.balanceOf(f.escrow.address)).toBe(0n);
    const record = await f.pool.read.getArbitrator([arbitrator]);
    expect(record.reputation).toBe(50); // a ruling gives back only what lapses took
    expect(record.openCases).toBe(0);
  });

  it("pays the seller the whole order and the buyer's deposit to the arbitrator when the arbitrator rules for the seller", async () => {
    const f = await escrowFixture({ arbitrators: 3 });
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const sellerBefore = await f.balanceOf(f.seller.account.address);
    const orderId = await f.createOrder(USDC(100));
    await f.confirmDelivery(orderId);
    const arbitrator = await f.disputeAndDraw(orderId, f.buyer);
    await f.send(f.escrow.write.submitEvidence([orderId, "ipfs://bafy-evidence"], { account: f.seller.account }));
    await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Seller], { account: arbitrator }));

    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedSeller);
    expect((await f.balanceOf(f.seller.account.address)) - sellerBefore).toBe(USDC(100));
    expect(buyerBefore - (await f.balanceOf(f.buyer.account.address))).toBe(USDC(105));
    expect(await f.balanceOf(arbitrator)).toBe(USDC(5));
  });

  it("ends the dispute for its opener when the other side never matches the deposit", async () => {
    const f = await escrowFixture({ arbitrators: 2 });
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const orderId = await f.createOrder(USDC(100));
    await f.openDispute(orderId, f.buyer);
    const deadline = await f.escrow.read.deadlineOf([orderId]);

    await expectRevert(f.escrow.write.resolveUnanswered([orderId], { account: f.stranger.account }), "EscrowWindowOpen", [
      orderId,
      deadline,
    ]);
    await f.passTime(f.params.responseWindow + 1n);
    await expectRevert(f.escrow.write.payDisputeFee([orderId], { account: f.seller.account }), "EscrowWindowClosed", [orderId, deadline]);
    await f.send(f.escrow.write.resolveUnanswered([orderId], { account: f.stranger.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedBuyer);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore);
    expect(await f.balanceOf(f.escrow.address)).toBe(0n);
  });

  it("splits a disputed order as the parties agreed and returns both deposits, with no arbitrator fee", async () => {
    const f = await escrowFixture({ arbitrators: 2 });
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const sellerBefore = await f.balanceOf(f.seller.account.address);
    const orderId = await f.createOrder(USDC(100));
    const arbitrator = await f.disputeAndDraw(orderId);

    await f.proposeSettlement(orderId, f.buyer, USDC(30));
    await expectRevert(f.escrow.write.acceptSettlement([orderId, USDC(30)], { account: f.buyer.account }), "EscrowUnauthorized");
    await expectRevert(f.escrow.write.acceptSettlement([orderId, USDC(31)], { account: f.seller.account }), "EscrowSettlementMismatch", [
      orderId,
      USDC(30),
      USDC(31),
    ]);
    await f.send(f.escrow.write.acceptSettlement([orderId, USDC(30)], { account: f.seller.account }));

    expect(await f.status(orderId)).toBe(OrderStatus.Settled);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore - USDC(70));
    expect((await f.balanceOf(f.seller.account.address)) - sellerBefore).toBe(USDC(70));
    expect(await f.balanceOf(arbitrator)).toBe(0n);
    expect(await f.balanceOf(f.escrow.address)).toBe(0n);
    expect((await f.pool.read.getArbitrator([arbitrator])).openCases).toBe(0);
  });

  it("lets an offer lapse at its expiry", async () => {
    const f = await escrowFixture();
    const orderId = await f.createOrder(USDC(100));
    await f.openDispute(orderId, f.buyer);
    const expiresAt = await f.proposeSettlement(orderId, f.seller, USDC(40), 600n);
    await f.passTime(601n);
    await expectRevert(f.escrow.write.acceptSettlement([orderId, USDC(40)], { account: f.buyer.account }), "EscrowSettlementLapsed", [
      orderId,
      expiresAt,
    ]);
  });

  it("replaces an arbitrator who misses the window, slashing twice the case's fee to the slash recipient", async () => {
    const f = await escrowFixture({ arbitrators: 4 });
    const orderId = await f.createOrder(USDC(100));
    const first = await f.disputeAndDraw(orderId);
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const sellerBefore = await f.balanceOf(f.seller.account.address);
    const recipientBefore = await f.balanceOf(f.owner.account.address);

    await expectRevert(f.escrow.write.replaceArbitrator([orderId], { account: f.stranger.account }), "EscrowWindowOpen");
    await f.passTime(f.params.arbitrationWindow + 1n);
    await expectRevert(f.escrow.write.resolveDispute([orderId, Ruling.Buyer], { account: first }), "EscrowWindowClosed");
    await f.send(f.escrow.write.replaceArbitrator([orderId], { account: f.stranger.account }));

    const penalised = await f.pool.read.getArbitrator([first]);
    const slashed = 2n * USDC(5); // two case fees, below the 10% of stake cap
    expect(penalised.reputation).toBe(40);
    expect(penalised.stake).toBe(f.minStake - slashed);
    expect((await f.balanceOf(f.owner.account.address)) - recipientBefore).toBe(slashed);
    expect(await f.balanceOf(f.buyer.account.address)).toBe(buyerBefore);
    expect(await f.balanceOf(f.seller.account.address)).toBe(sellerBefore);

    const second = await f.draw(orderId);
    expect(second).not.toBe(first);
    await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Seller], { account: second }));
    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedSeller);
  });

  it("hands a dispute nobody was drawn for to the fallback arbitrator, whose ruling gives the winner the loser's deposit", async () => {
    const f = await escrowFixture();
    const buyerBefore = await f.balanceOf(f.buyer.account.address);
    const orderId = await f.createOrder(USDC(100));
    await f.openDispute(orderId, f.buyer);
    await f.payDisputeFee(orderId, f.seller);
    const fallbackAt = await f.escrow.read.deadlineOf([orderId]);

    await expectRevert(f.escrow.write.escalate([orderId], { account: f.stranger.account }), "EscrowWindowOpen", [orderId, fallbackAt]);
    await f.passTime(f.params.drawWindow + 1n);
    await expectRevert(f.escrow.write.drawArbitrator([orderId], { account: f.stranger.account }), "EscrowWindowClosed", [
      orderId,
      fallbackAt,
    ]);
    await f.send(f.escrow.write.escalate([orderId], { account: f.stranger.account }));
    const [escalated] = await f.escrow.getEvents.DisputeEscalated({ orderId }, { fromBlock: 0n });
    await f.send(f.fallbackArbitrator!.write.giveRuling([escalated!.args.disputeId!, BigInt(Ruling.Buyer)]));

    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedBuyer);
    expect((await f.balanceOf(f.buyer.account.address)) - buyerBefore).toBe(USDC(5));
    expect(await f.balanceOf(f.escrow.address)).toBe(0n);
  });

  it("credits a blocklisted seller's payout and lets only the seller withdraw it, once the token lets it receive", async () => {
    const f = await escrowFixture();
    const orderId = await f.createOrder(USDC(60));
    await f.confirmDelivery(orderId);
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, true]));

    await f.send(f.escrow.write.buyerConfirmReceived([orderId], { account: f.buyer.account }));
    expect(await f.status(orderId)).toBe(OrderStatus.Completed);
    expect(await f.escrow.read.creditOf([f.usdc.address, f.seller.account.address])).toBe(USDC(60));

    // The seller's own address still cannot receive, so the token refuses and the credit stays put.
    await expect(f.escrow.write.withdraw([f.usdc.address], { account: f.seller.account })).rejects.toThrow(/reverted/);
    expect(await f.escrow.read.creditOf([f.usdc.address, f.seller.account.address])).toBe(USDC(60));
    await f.send(f.usdc.write.setBlocklisted([f.seller.account.address, false]));
    const before = await f.balanceOf(f.seller.account.address);
    await f.send(f.escrow.write.withdraw([f.usdc.address], { account: f.seller.account }));
    expect((await f.balanceOf(f.seller.account.address)) - before).toBe(USDC(60));
    expect(await f.escrow.read.creditOf([f.usdc.address, f.seller.account.address])).toBe(0n);
  });

  it("creates an order from a single permit signature without an approve transaction", async () => {
    const f = await escrowFixture();
    const amount = USDC(25);
    const deadline = (await f.publicClient.getBlock()).timestamp + 3600n;
    const { v, r, s } = await signPermit(f.buyer, {
      token: f.usdc,
      spender: f.escrow.address,
      value: amount,
      nonce: 0n,
      deadline,
    });
    await f.send(
      f.escrow.write.createOrderWithPermit(
        [f.seller.account.address, f.usdc.address, amount, keccak256(toHex("permit")), MAX_PROTOCOL_FEE_BPS, deadline, v, r, s],
        { account: f.buyer.account },
      ),
    );
    const order = await f.escrow.read.getOrder([1n]);
    expect(order.amount).toBe(amount);
    expect(order.status).toBe(OrderStatus.Created);
  });

  it("keeps disputes, rulings and withdrawals working while new orders are paused", async () => {
    const f = await escrowFixture({ arbitrators: 2 });
    const orderId = await f.createOrder();
    await f.send(f.escrow.write.pause());
    await expectRevert(
      f.escrow.write.createOrder([f.seller.account.address, f.usdc.address, USDC(10), toHex(0, { size: 32 }), MAX_PROTOCOL_FEE_BPS], {
        account: f.buyer.account,
      }),
      "EscrowPaused",
    );
    const arbitrator = await f.disputeAndDraw(orderId);
    await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Buyer], { account: arbitrator }));
    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedBuyer);
  });
});
