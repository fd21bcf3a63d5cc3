import { network } from "hardhat";
import { type Address, type Hash, isAddress, keccak256, toHex } from "viem";
import { expect } from "vitest";
import { mined, registerArbitrators, syntheticAddress } from "../../scripts/lib/escrow-actions.ts";
import { deployEscrowStack } from "../../scripts/lib/escrow-stack.ts";

export const USDC = (units: number) => BigInt(Math.round(units * 1e6));

export const OrderStatus = {
  None: 0,
  Created: 1,
  SellerConfirmed: 2,
  Completed: 3,
  Cancelled: 4,
  Expired: 5,
  Disputed: 6,
  ResolvedBuyer: 7,
  ResolvedSeller: 8,
  Settled: 9,
} as const;

export const Ruling = { None: 0, Buyer: 1, Seller: 2 } as const;

/** The protocol fee's hard cap (bps): the most a buyer can be asked to accept. */
export const MAX_PROTOCOL_FEE_BPS = 100n;

/**
 * A fresh in-process chain with a USDC-style token (permit, blocklist, 6 decimals), the escrow,
 * the pool, the fallback arbitrator and the production blockhash RNG, plus funded buyer, seller
 * and stranger. The token takes orders from 10 to 10,000 USDC and dispute deposits of at least 2.
 */
export async function escrowFixture({ arbitrators = 0 } = {}) {
  const connection = await network.connect();
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const [owner, buyer, seller, stranger, feeCollector] = await viem.getWalletClients();

  const usdc = await viem.deployContract("MockBlocklistToken", ["USD Coin", "USDC", 6]);
  const stack = await deployEscrowStack(viem, {
    owner: owner.account.address,
    stakeToken: usdc.address,
    stakeTokenDecimals: 6,
    rng: "blockhash",
  });
  const { escrow, pool } = stack;
  await mined(viem, escrow.write.configureToken([usdc.address, true, USDC(10), USDC(10_000), USDC(2)]));
  for (const account of [buyer, seller, stranger]) {
    await mined(viem, usdc.write.mint([account.account.address, USDC(1_000_000)]));
  }

  const arbitratorAddresses = Array.from({ length: arbitrators }, (_, i) => syntheticAddress(0xab, i));
  await registerArbitrators(viem, pool, usdc, arbitratorAddresses, stack.minStake);

  const balanceOf = (account: Address) => usdc.read.balanceOf([account]);

  async function createOrder(amount = USDC(100), listing = "listing-1") {
    await mined(viem, usdc.write.approve([escrow.address, amount], { account: buyer.account }));
    await mined(
      viem,
      escrow.write.createOrder([seller.account.address, usdc.address, amount, keccak256(toHex(listing)), MAX_PROTOCOL_FEE_BPS], {
        account: buyer.account,
      }),
    );
    return (await escrow.read.nextOrderId()) - 1n;
  }

  async function status(orderId: bigint) {
    return (await escrow.read.getOrder([orderId])).status;
  }

  async function passTime(seconds: bigint) {
    await testClient.increaseTime({ seconds: Number(seconds) });
    await testClient.mine({ blocks: 1 });
  }

  type Party = typeof buyer;

  /** The seller confirms delivery, committing to a hash of what it delivered. */
  async function confirmDelivery(orderId: bigint, deliveryHash = keccak256(toHex(`delivery-${orderId}`))) {
    await mined(viem, escrow.write.sellerConfirmDelivery([orderId, deliveryHash], { account: seller.account }));
  }

  /** `by` approves the order's dispute deposit (each side's arbitration fee); returns it. */
  async function approveDeposit(orderId: bigint, by: Party) {
    const fee = await escrow.read.arbitrationFeeOf([orderId]);
    await mined(viem, usdc.write.approve([escrow.address, fee], { account: by.account }));
    return fee;
  }

  /** `by` opens a dispute with its deposit; returns the deposit. */
  async function openDispute(orderId: bigint, by: Party = buyer) {
    const fee = await approveDeposit(orderId, by);
    await mined(viem, escrow.write.openDispute([orderId], { account: by.account }));
    return fee;
  }

  /** `by` matches the opener's deposit; the draw starts. */
  async function payDisputeFee(orderId: bigint, by: Party) {
    await approveDeposit(orderId, by);
    await mined(viem, escrow.write.payDisputeFee([orderId], { account: by.account }));
  }

  /** Opens a dispute, has the other side deposit too, waits out the RNG's lookahead and draws; returns the arbitrator. */
  async function disputeAndDraw(orderId: bigint, openedBy: Party = buyer) {
    await openDispute(orderId, openedBy);
    await payDisputeFee(orderId, openedBy === buyer ? seller : buyer);
    return draw(orderId);
  }

  async function draw(orderId: bigint): Promise<Address> {
    await testClient.mine({ blocks: Number(stack.params.rngLookahead) + 1 });
    await mined(viem, escrow.write.drawArbitrator([orderId], { account: stranger.account }));
    const { arbitrator } = await escrow.read.getDispute([orderId]);
    expect(arbitratorAddresses).toContain(arbitrator);
    return arbitrator;
  }

  /** `by` offers the buyer `buyerAmount` of the order, open for `forSeconds` of chain time; returns the expiry. */
  async function proposeSettlement(orderId: bigint, by: Party, buyerAmount: bigint, forSeconds = 3600n) {
    const expiresAt = (await publicClient.getBlock()).timestamp + forSeconds;
    await mined(viem, escrow.write.proposeSettlement([orderId, buyerAmount, expiresAt], { account: by.account }));
    return expiresAt;
  }

  const send = (hash: Promise<Hash>) => mined(viem, hash);

  return {
    connection,
    viem,
    publicClient,
    testClient,
    owner,
    buyer,
    seller,
    stranger,
    feeCollector,
    usdc,
    ...stack,
    arbitratorAddresses,
    balanceOf,
    createOrder,
    status,
    passTime,
    confirmDelivery,
    approveDeposit,
    openDispute,
    payDisputeFee,
    disputeAndDraw,
    draw,
    proposeSettlement,
    send,
  };
}

/** Asserts that `promise` reverts with the custom error `errorName` and exactly `args`. */
export async function expectRevert(promise: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a revert with ${errorName}`).toBeDefined();
  const revert = (error as { walk: (f: (e: unknown) => boolean) => unknown }).walk(
    (e) => (e as { name?: string }).name === "ContractFunctionRevertedError",
  ) as { data?: { errorName: string; args?: readonly unknown[] } } | undefined;
  expect(revert?.data?.errorName).toBe(errorName);
  // Addresses compare case-insensitively: wallet clients report them lowercase, decoders checksummed.
  const normalise = (values: readonly unknown[] | undefined) =>
    values?.map((v) => (typeof v === "string" && isAddress(v) ? v.toLowerCase() : v));
  if (args) expect(normalise(revert?.data?.args)).toEqual(normalise(args));
}
