// Deliveries against real indexed state, on a node that runs under Sepolia's chain id, so the stack
// takes Sepolia's facts from the registry: a change is final after 12 confirmations. The seller seals
// the delivery, confirms on chain with its hash, and only once that confirmation is final does the
// API take the delivery (if it hashes to the commitment) and serve it to the buyer.
import { randomBytes } from "node:crypto";
import {
  checkDelivery,
  commitProduct,
  type DeliveryOrder,
  deliveryHash,
  encodeProductOpening,
  type ProductOpening,
  type SealedEnvelope,
  seal,
  sealDelivery,
} from "@p2p-escrow/protocol";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { createWalletClient, type Hash, type Hex, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmationsAt, requiredConfirmations } from "../../../contracts/chains.ts";
import { escrowAbi, stablecoinAbi } from "../../../contracts/generated/deployments.ts";
import { waitFor } from "../../../scripts/lib/wait-for.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";
import { type Party, partyOf } from "../order-parties.ts";

const CHAIN_ID = 11_155_111; // Sepolia's
const REQUIRED = requiredConfirmations(CHAIN_ID);

let stack: IndexedStack;
let buyer: Party; // alice
let seller: Party; // bob
let stranger: Party; // carol
let unbound: Party; // dave: signed in, keys never bound

beforeAll(async () => {
  expect(REQUIRED).toBeGreaterThan(1); // else "final" would mean no more than "indexed"
  // The buyer bots poll the delivery route on every block on purpose; on a slow machine that can
  // pass the per-wallet rate limit, which is not what these tests are about.
  stack = await startIndexedStack({ RATE_LIMIT_WALLET_PER_MINUTE: "100000", RATE_LIMIT_IP_PER_MINUTE: "100000" }, { chainId: CHAIN_ID });
  const { alice, bob, carol, dave } = stack.chain;
  [buyer, seller, stranger, unbound] = await Promise.all([
    partyOf(stack, alice),
    partyOf(stack, bob),
    partyOf(stack, carol),
    partyOf(stack, dave, { bind: false }),
  ]);
}, 180_000);
afterAll(async () => stack?.stop());

interface TestOrder {
  orderId: bigint;
  /** The listing's secret: salt and deliverable, as only the seller knows them. */
  opening: ProductOpening;
  productHash: Hex;
}

/** A listing's secret opening and the indexed order paying for it. */
async function orderFor(buyerParty: Party, sellerParty: Party): Promise<TestOrder> {
  const { opening, productHash } = commitProduct(new TextEncoder().encode(`licence key ${randomBytes(8).toString("hex")}`));
  const orderId = await stack.chain.createOrder(buyerParty.actor, sellerParty.actor, 20n, undefined, productHash);
  await stack.synced();
  return { orderId, opening, productHash };
}

const deliveryOrder = (orderId: bigint): DeliveryOrder => ({ chainId: stack.chain.chainId, orderId });

/** What the seller's browser does first: the opening sealed to the buyer's bound key. */
const sealedFor = (order: TestOrder, to: Party = buyer, from: Party = seller) =>
  sealDelivery(order.opening, deliveryOrder(order.orderId), to.publicKeys.encryptionPublicKey, from.keys.encryption);

/** The seller confirms delivery on chain, committing to `envelope`; the confirmation's block. */
async function confirm(orderId: bigint, envelope: SealedEnvelope, by: Party = seller): Promise<bigint> {
  return (await by.actor.escrow("sellerConfirmDelivery", [orderId, deliveryHash(envelope)])).blockNumber;
}

const url = (orderId: bigint | string, chainId = stack.chain.chainId) => `/deliveries/${chainId}/${orderId}`;
const put = (from: Party, orderId: bigint, payload: object) =>
  stack.app.inject({ method: "PUT", url: url(orderId), headers: from.headers, payload });
const get = (from: Party, orderId: bigint) => stack.app.inject({ method: "GET", url: url(orderId), headers: from.headers });
/** The node's head, read now (viem would hand back a block number it read in the last 50 ms). */
const head = () => stack.chain.client.getBlockNumber({ cacheTime: 0 });
const orderDetail = async (from: Party, orderId: bigint) =>
  (await stack.app.inject({ method: "GET", url: `/orders/${stack.chain.chainId}/${orderId}`, headers: from.headers })).json().data;

/**
 * Mines until the change in `block` has the chain's required confirmations, and waits until the API
 * counts it final (as `party` reads the order).
 */
async function finalize(orderId: bigint, block: bigint, party: Party = seller) {
  const missing = REQUIRED - confirmationsAt(block, await head());
  if (missing > 0) await stack.chain.mine(missing);
  await stack.synced();
  // The API reads the head at most about once a second.
  await waitFor(async () => (await orderDetail(party, orderId)).delivery?.final === true, {
    timeoutMs: 10_000,
    what: `order ${orderId}'s delivery to be final`,
  });
}

/** Seals, confirms on chain and waits for finality: where the upload is allowed. */
async function committedOrder(buyerParty: Party = buyer, sellerParty: Party = seller) {
  const order = await orderFor(buyerParty, sellerParty);
  const envelope = sealedFor(order, buyerParty, sellerParty);
  await finalize(order.orderId, await confirm(order.orderId, envelope, sellerParty), sellerParty);
  return { ...order, envelope };
}

/** The deliveryHash the seller's DeliveryConfirmed event carries, read from the chain itself. */
async function onChainCommitment(orderId: bigint) {
  const [event] = await stack.chain.client.getContractEvents({
    address: stack.chain.escrow,
    abi: escrowAbi,
    eventName: "DeliveryConfirmed",
    args: { orderId },
    fromBlock: 0n,
  });
  return (event!.args as { deliveryHash: Hex }).deliveryHash;
}

const rejectedUnchanged = (request: InjectOptions, status: number, code?: string) =>
  expectRejectedUnchanged(stack.app, stack.db, ["deliveries"], request, status, code);

describe("deliveries", () => {
  it("lets the buyer open the delivery the seller committed to on chain and check it against both the delivery hash and the product hash", async () => {
    const { orderId, envelope, opening, productHash } = await committedOrder();
    const posted = await put(seller, orderId, { envelope });
    expect(posted.statusCode, posted.body).toBe(201);

    const fetched = await get(buyer, orderId);
    expect(fetched.statusCode, fetched.body).toBe(200);
    const { data } = fetched.json();
    expect(data).toMatchObject({
      chainId: stack.chain.chainId,
      orderId: orderId.toString(),
      seller: seller.actor.address,
      buyer: buyer.actor.address,
      envelope,
    });
    // The buyer checks it against the chain itself, not against what the API says.
    const checked = checkDelivery(data.envelope, buyer.keys.encryption, {
      deliveryHash: await onChainCommitment(orderId),
      productHash,
    });
    expect(checked).toMatchObject({ matchesCommitment: true, matchesProduct: true });
    expect(checked.opening).toEqual(opening);

    // The order shows the commitment and the delivery's progress.
    const detail = await orderDetail(buyer, orderId);
    expect(detail.order).toMatchObject({ status: "SellerConfirmed", deliveryHash: deliveryHash(envelope) });
    expect(detail.delivery).toEqual({ confirmations: expect.any(Number), final: true, postedAt: expect.any(String) });
    expect(detail.delivery.confirmations).toBeGreaterThanOrEqual(REQUIRED);

    // The server holds ciphertext only: neither the deliverable nor the salt.
    const row = await stack.db
      .selectFrom("deliveries")
      .select("envelope")
      .where("order_id", "=", orderId.toString())
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(Buffer.from(opening.deliverable).toString("base64"));
    expect(JSON.stringify(row).toLowerCase()).not.toContain(opening.salt.slice(2));
  });

  it("lets only the buyer fetch it: the seller and strangers are refused", async () => {
    const { orderId, envelope } = await committedOrder();
    expect((await put(seller, orderId, { envelope })).statusCode).toBe(201);
    expectError(await get(seller, orderId), 403, "NOT_A_PARTY");
    expectError(await get(stranger, orderId), 403, "NOT_A_PARTY");
  });

  it("answers 404 once final but before the seller has posted, and for an unknown order", async () => {
    const { orderId } = await committedOrder();
    expectError(await get(buyer, orderId), 404, "DELIVERY_NOT_FOUND");
    expect((await orderDetail(seller, orderId)).delivery).toMatchObject({ final: true, postedAt: null });
    expectError(await get(buyer, 999_999n), 404, "ORDER_NOT_FOUND");
    await rejectedUnchanged(
      {
        method: "PUT",
        url: url(999_999n),
        headers: seller.headers,
        // Long enough to hold an opening (its version and salt), so only the order is wrong.
        payload: { envelope: seal(randomBytes(40), buyer.publicKeys.encryptionPublicKey, seller.keys.encryption) },
      },
      404,
      "ORDER_NOT_FOUND",
    );
  });

  it("takes one delivery per order: a second is refused and the first stays", async () => {
    const { orderId, envelope } = await committedOrder();
    expect((await put(seller, orderId, { envelope })).statusCode).toBe(201);
    await rejectedUnchanged({ method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope } }, 409, "DELIVERY_EXISTS");
    expect((await get(buyer, orderId)).json().data.envelope).toEqual(envelope);
  });

  it("accepts a delivery during a dispute opened after the confirmation, never for an order the seller did not confirm", async () => {
    const disputed = await committedOrder();
    const fee = await stack.chain.client.readContract({
      address: stack.chain.escrow,
      abi: escrowAbi,
      functionName: "arbitrationFeeOf",
      args: [disputed.orderId],
    });
    await buyer.actor.write(stack.chain.tokens.USDC, stablecoinAbi, "approve", [stack.chain.escrow, fee]);
    await buyer.actor.escrow("openDispute", [disputed.orderId]);
    const cancelled = await orderFor(buyer, seller);
    await buyer.actor.escrow("cancelOrder", [cancelled.orderId]);
    await stack.synced();
    expect((await put(seller, disputed.orderId, { envelope: disputed.envelope })).statusCode).toBe(201);
    await rejectedUnchanged(
      { method: "PUT", url: url(cancelled.orderId), headers: seller.headers, payload: { envelope: sealedFor(cancelled) } },
      409,
      "DELIVERY_NOT_COMMITTED",
    );
    expectError(await get(buyer, cancelled.orderId), 409, "DELIVERY_NOT_COMMITTED");
  });

  it("refuses a deliverable larger than DELIVERY_MAX_BYTES", async () => {
    const { orderId } = await committedOrder();
    const envelope = seal(randomBytes(stack.config.DELIVERY_MAX_BYTES), buyer.publicKeys.encryptionPublicKey, seller.keys.encryption); // + the 16-byte MAC
    await rejectedUnchanged({ method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope } }, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses an envelope not sealed with the seller's bound key, and sellers or buyers without bound keys", async () => {
    const { orderId, opening } = await committedOrder();
    const forged = sealDelivery(opening, deliveryOrder(orderId), buyer.publicKeys.encryptionPublicKey, stranger.keys.encryption);
    await rejectedUnchanged(
      { method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope: forged } },
      400,
      "SENDER_KEY_MISMATCH",
    );

    const unboundSeller = await committedOrder(buyer, unbound);
    await rejectedUnchanged(
      { method: "PUT", url: url(unboundSeller.orderId), headers: unbound.headers, payload: { envelope: unboundSeller.envelope } },
      409,
      "KEYS_NOT_BOUND",
    );

    const unboundBuyer = await committedOrder(unbound, seller);
    await rejectedUnchanged(
      { method: "PUT", url: url(unboundBuyer.orderId), headers: seller.headers, payload: { envelope: unboundBuyer.envelope } },
      409,
      "KEYS_NOT_BOUND",
    );
  });

  describe("bad input", () => {
    let orderId: bigint;
    let envelope: SealedEnvelope;
    beforeAll(async () => {
      ({ orderId, envelope } = await committedOrder());
    });

    const putAs = (headers: Record<string, string>, payload: unknown, extra: Partial<InjectOptions> = {}): InjectOptions => ({
      method: "PUT",
      url: url(orderId),
      headers,
      payload: payload as object,
      ...extra,
    });

    it.each([
      ["a missing envelope", () => putAs(seller.headers, {}), 400, "VALIDATION_FAILED"],
      [
        "an envelope missing its nonce",
        () => putAs(seller.headers, { envelope: { ...envelope, nonce: undefined } }),
        400,
        "VALIDATION_FAILED",
      ],
      ["an envelope of the wrong type", () => putAs(seller.headers, { envelope: 42 }), 400, "VALIDATION_FAILED"],
      ["a malformed order id", () => ({ ...putAs(seller.headers, { envelope }), url: url("12x") }), 400, "VALIDATION_FAILED"],
      [
        "a body over the JSON limit",
        () => ({
          ...putAs(seller.headers, null),
          ...oversizedJson(stack.config),
          headers: { ...seller.headers, "content-type": "application/json" },
        }),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      ["no token", () => putAs({}, { envelope }), 401, "UNAUTHENTICATED"],
      ["an expired token", () => putAs(bearer(expiredToken(stack.config, seller.address)), { envelope }), 401, "TOKEN_EXPIRED"],
      ["a caller who is not the seller", () => putAs(stranger.headers, { envelope }), 403, "NOT_A_PARTY"],
      ["the buyer posting", () => putAs(buyer.headers, { envelope }), 403, "NOT_A_PARTY"],
    ] as const)("PUT refuses %s and stores nothing", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    const getAs = (headers: Record<string, string>, extra: Partial<InjectOptions> = {}): InjectOptions => ({
      method: "GET",
      url: url(orderId),
      headers,
      ...extra,
    });

    it.each([
      ["a malformed order id", () => ({ ...getAs(buyer.headers), url: url("abc") }), 400, "VALIDATION_FAILED"],
      ["a chain id of the wrong type", () => ({ ...getAs(buyer.headers), url: `/deliveries/x/${orderId}` }), 400, "VALIDATION_FAILED"],
      // A GET's body is never read; its oversized input is an id longer than any uint256.
      ["an order id longer than a uint256", () => ({ ...getAs(buyer.headers), url: url("9".repeat(79)) }), 400, "VALIDATION_FAILED"],
      ["no token", () => getAs({}), 401, "UNAUTHENTICATED"],
      ["an expired token", () => getAs(bearer(expiredToken(stack.config, buyer.address))), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => getAs(stranger.headers), 403, "NOT_A_PARTY"],
    ] as const)("GET refuses %s", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });
  });
});

// Property 1 of issue 12: a buyer can never obtain the sealed delivery while it can still cancel
// for a refund, and gets only what the seller committed to on chain.
describe("no goods before commitment", () => {
  interface Observed {
    /**
     * The answer came before the block that made the confirmation final was mined. (A request
     * started earlier but answered after it may see the final confirmation and no upload yet: 404.)
     */
    beforeFinal: boolean;
    status: number;
    code: string | undefined;
    envelope: unknown;
  }

  /**
   * The buyer's bot: fetches the delivery over and over, noting for each answer whether it came
   * before the confirmation could be final. `finalMined()` says whether that block is (being) mined.
   */
  function deliveryPoller(orderId: bigint, finalMined: () => boolean) {
    const observed: Observed[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const response: LightMyRequestResponse = await get(buyer, orderId);
        const beforeFinal = !finalMined();
        const body = response.json();
        observed.push({ beforeFinal, status: response.statusCode, code: body.error?.code, envelope: body.data?.envelope });
        // The bot's own polling interval.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    return {
      observed,
      /** Resolves once the bot has had `n` more answers. */
      answers: (n = 1) => {
        const target = observed.length + n;
        return waitFor(async () => observed.length >= target, { timeoutMs: 10_000, intervalMs: 10, what: "the buyer's bot to poll" });
      },
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  /**
   * The buyer's cancelOrder and the seller's sellerConfirmDelivery sent into the same block, the
   * `first` one ahead (earlier and with the higher tip): exactly one can succeed. Their receipts.
   */
  async function race(orderId: bigint, hash: Hex, first: "buyer" | "seller") {
    const { rpc, client, node, escrow } = stack.chain;
    const walletOf = (party: Party) => createWalletClient({ account: party.actor.account, chain: client.chain, transport: http(node.url) });
    const block = await client.getBlock();
    const fee = (tip: bigint) => ({ maxPriorityFeePerGas: tip, maxFeePerGas: block.baseFeePerGas! * 2n + tip, gas: 300_000n });
    const cancel = (tip: bigint) =>
      walletOf(buyer).writeContract({ address: escrow, abi: escrowAbi, functionName: "cancelOrder", args: [orderId], ...fee(tip) });
    const confirmDelivery = (tip: bigint) =>
      walletOf(seller).writeContract({
        address: escrow,
        abi: escrowAbi,
        functionName: "sellerConfirmDelivery",
        args: [orderId, hash],
        ...fee(tip),
      });
    await rpc("evm_setAutomine", [false]);
    let hashes: Hash[];
    try {
      hashes =
        first === "buyer"
          ? [await cancel(3_000_000_000n), await confirmDelivery(1_000_000_000n)]
          : [await confirmDelivery(3_000_000_000n), await cancel(1_000_000_000n)];
      await rpc("evm_mine");
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
    const [winner, loser] = await Promise.all(hashes.map((h) => client.waitForTransactionReceipt({ hash: h, pollingInterval: 50 })));
    expect(winner!.blockNumber).toBe(loser!.blockNumber);
    return { winner: winner!, loser: loser! };
  }

  it("a buyer bot polling the delivery route and racing cancelOrder against the seller's confirmation receives nothing before the confirmation is final", async () => {
    const order = await orderFor(buyer, seller);
    const envelope = sealedFor(order);
    let finalMined = false;
    const bot = deliveryPoller(order.orderId, () => finalMined);
    const uploads: LightMyRequestResponse[] = [];
    try {
      await bot.answers();
      // The seller, eager or careless, uploads before it has even confirmed: refused.
      uploads.push(await put(seller, order.orderId, { envelope }));

      const { winner, loser } = await race(order.orderId, deliveryHash(envelope), "seller");
      expect(winner.status).toBe("success");
      expect(loser.status).toBe("reverted"); // the buyer's cancel came too late
      await stack.synced();
      await bot.answers();

      // Confirmed but not final: block by block, the buyer still gets nothing and the seller cannot
      // upload, though the order is SellerConfirmed on chain and indexed.
      expect(await head()).toBe(winner.blockNumber);
      while (confirmationsAt(winner.blockNumber, await head()) < REQUIRED - 1) {
        uploads.push(await put(seller, order.orderId, { envelope }));
        await stack.chain.mine(1);
        await stack.synced();
        await bot.answers();
      }
      uploads.push(await put(seller, order.orderId, { envelope }));
      expect(await stack.db.selectFrom("deliveries").select("order_id").where("order_id", "=", order.orderId.toString()).execute()).toEqual(
        [],
      );

      // The block that makes the confirmation final.
      finalMined = true;
      await stack.chain.mine(1);
      await stack.synced();
      const accepted = await waitFor(
        async () => {
          const response = await put(seller, order.orderId, { envelope });
          return response.statusCode === 201 && response;
        },
        { timeoutMs: 10_000, what: "the API to take the delivery once the confirmation is final" },
      );
      expect(accepted.statusCode).toBe(201);
      await waitFor(async () => bot.observed.at(-1)?.status === 200, { timeoutMs: 10_000, what: "the buyer's bot to get the delivery" });
    } finally {
      await bot.stop();
    }

    for (const early of uploads) expect(early.statusCode, early.body).toBe(409);
    expect(uploads.map((u) => u.json().error.code)).toEqual([
      "DELIVERY_NOT_COMMITTED",
      ...uploads.slice(1).map(() => "DELIVERY_NOT_FINAL"),
    ]);
    const early = bot.observed.filter((o) => o.beforeFinal);
    expect(early.length).toBeGreaterThanOrEqual(REQUIRED);
    // Not a byte before the confirmation was final: no envelope, no 2xx.
    for (const o of early) {
      expect(o.status).toBe(409);
      expect(o.envelope).toBeUndefined();
    }
    expect(new Set(early.map((o) => o.code))).toEqual(new Set(["DELIVERY_NOT_COMMITTED", "DELIVERY_NOT_FINAL"]));
    const delivered = bot.observed.filter((o) => o.status === 200);
    expect(delivered.length).toBeGreaterThan(0);
    for (const o of delivered) {
      expect(o.beforeFinal).toBe(false);
      expect(o.envelope).toEqual(envelope);
    }
    // And by then the buyer can no longer cancel for a refund.
    await expect(buyer.actor.escrow("cancelOrder", [order.orderId])).rejects.toThrow(/reverted/);
  });

  it("leaves the buyer nothing to poll for when its cancel wins the race: the seller's confirmation reverts and no delivery is ever taken", async () => {
    const order = await orderFor(buyer, seller);
    const envelope = sealedFor(order);
    const bot = deliveryPoller(order.orderId, () => false);
    try {
      const { winner, loser } = await race(order.orderId, deliveryHash(envelope), "buyer");
      expect(winner.status).toBe("success");
      expect(loser.status).toBe("reverted");
      await stack.chain.mine(REQUIRED);
      await stack.synced();
      await bot.answers(3);
      await rejectedUnchanged(
        { method: "PUT", url: url(order.orderId), headers: seller.headers, payload: { envelope } },
        409,
        "DELIVERY_NOT_COMMITTED",
      );
    } finally {
      await bot.stop();
    }
    expect((await orderDetail(buyer, order.orderId)).order).toMatchObject({ status: "Cancelled", deliveryHash: null });
    for (const o of bot.observed) {
      expect(o.status).toBe(409);
      expect(o.code).toBe("DELIVERY_NOT_COMMITTED");
      expect(o.envelope).toBeUndefined();
    }
  });

  it("refuses an upload whose hash differs from the on-chain commitment, and stores nothing", async () => {
    const { orderId, envelope, opening } = await committedOrder();
    // Another deliverable altogether.
    const other = sealDelivery(
      { salt: opening.salt, deliverable: new TextEncoder().encode("not what was sold") },
      deliveryOrder(orderId),
      buyer.publicKeys.encryptionPublicKey,
      seller.keys.encryption,
    );
    // The very same opening, sealed again with a fresh random nonce: other bytes, so another hash.
    const resealed = seal(encodeProductOpening(opening), buyer.publicKeys.encryptionPublicKey, seller.keys.encryption);
    // The committed envelope with one ciphertext byte flipped.
    const bytes = Buffer.from(envelope.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 1;
    const flipped = { ...envelope, ciphertext: bytes.toString("base64") };
    for (const wrong of [other, resealed, flipped]) {
      const response = await rejectedUnchanged(
        { method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope: wrong } },
        409,
        "DELIVERY_HASH_MISMATCH",
      );
      expect(response.json().error.details).toEqual({ committed: deliveryHash(envelope), uploaded: deliveryHash(wrong) });
    }
    expectError(await get(buyer, orderId), 404, "DELIVERY_NOT_FOUND");
    expect((await put(seller, orderId, { envelope })).statusCode).toBe(201);
  });

  it("serves nothing but what the order's confirmation commits to, even when the stored delivery was altered in the database", async () => {
    const { orderId, envelope } = await committedOrder();
    expect((await put(seller, orderId, { envelope })).statusCode).toBe(201);
    const tampered = sealedFor(await orderFor(buyer, seller));
    await stack.db
      .updateTable("deliveries")
      .set({ envelope: JSON.stringify(tampered) })
      .where("chain_id", "=", stack.chain.chainId)
      .where("order_id", "=", orderId.toString())
      .execute();
    expectError(await get(buyer, orderId), 409, "DELIVERY_HASH_MISMATCH");
  });
});
