import { describe, expect, it } from "vitest";
import { arbitrationFee, protocolFeeOf } from "../../contracts/escrow-math.ts";
import { escrowFixture, Ruling, USDC } from "./fixture.ts";

describe("the escrow's arithmetic, as readers mirror it", () => {
  it("asks the deposit the escrow asks, from the token's minimum through the rate to the cap", async () => {
    const f = await escrowFixture();
    const feeBps = await f.escrow.read.arbitratorFeeBps();
    const { minArbitrationFee } = await f.escrow.read.tokenConfig([f.usdc.address]);
    // 10 USDC: the 2 USDC minimum is the cap (20%); 39: the minimum; 40 and up: 5% of the order.
    for (const whole of [10, 11, 39, 40, 41, 100, 2_500, 10_000]) {
      const orderId = await f.createOrder(USDC(whole), `order-${whole}`);
      expect(arbitrationFee(USDC(whole), feeBps, minArbitrationFee), `${whole} USDC`).toBe(await f.escrow.read.arbitrationFeeOf([orderId]));
    }
  });

  it("takes the protocol fee the escrow takes from the seller's proceeds", async () => {
    const f = await escrowFixture({ arbitrators: 2 });
    await f.send(f.escrow.write.setProtocolFee([75n, f.feeCollector.account.address]));
    const orderId = await f.createOrder(USDC(123.45));
    const arbitrator = await f.disputeAndDraw(orderId);
    await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Seller], { account: arbitrator }));
    const [resolved] = await f.escrow.getEvents.DisputeResolved({ orderId }, { fromBlock: 0n });
    expect(resolved!.args.protocolFee).toBe(protocolFeeOf(USDC(123.45), 75n, true));
    expect(await f.balanceOf(f.feeCollector.account.address)).toBe(protocolFeeOf(USDC(123.45), 75n, true));
  });
});
