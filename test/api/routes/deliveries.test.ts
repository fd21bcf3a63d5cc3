import { randomBytes } from "node:crypto";
import { productHash } from "@p2p-escrow/protocol/product";
import { open, seal } from "@p2p-escrow/protocol/sealing";
import type { InjectOptions } from "fastify";
import { type Hex, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escrowAbi } from "../../../contracts/generated/deployments.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";
import { type Party, partyOf } from "../order-parties.ts";

let stack: IndexedStack;
let buyer: Party; // alice
let seller: Party; // bob
let stranger: Party; // carol
let unbound: Party; // dave: signed in, keys never bound

beforeAll(async () => {
  stack = await startIndexedStack();
  const { alice, bob, carol, dave } = stack.chain;
  [buyer, seller, stranger, unbound] = await Promise.all([
    partyOf(stack, alice),
    partyOf(stack, bob),
    partyOf(stack, carol),
    partyOf(stack, dave, { bind: false }),
  ]);
}, 180_000);
afterAll(async () => stack?.stop());

/** A listing's secret and the order paying for it, indexed. */
async function orderFor(buyerParty: Party, sellerParty: Party) {
  const salt = toHex(randomBytes(32));
  const deliverable = new TextEncoder().encode(`licence key ${randomBytes(8).toString("hex")}`);
  const orderId = await stack.chain.createOrder(buyerParty.actor, sellerParty.actor, 5n, undefined, productHash(salt, deliverable));
  await stack.synced();
  return { orderId, salt, deliverable };
}

/** The product hash the order committed to, read from its OrderCreated event on chain. */
async function onChainProductHash(orderId: bigint): Promise<Hex> {
  const [event] = await stack.chain.client.getContractEvents({
    address: stack.chain.escrow,
    abi: escrowAbi,
    eventName: "OrderCreated",
    args: { orderId },
    fromBlock: 0n,
  });
  return (event!.args as { productHash: Hex }).productHash;
}

const url = (orderId: bigint | string, chainId = stack.chain.chainId) => `/deliveries/${chainId}/${orderId}`;
const put = (from: Party, orderId: bigint, payload: object) =>
  stack.app.inject({ method: "PUT", url: url(orderId), headers: from.headers, payload });
const get = (from: Party, orderId: bigint) => stack.app.inject({ method: "GET", url: url(orderId), headers: from.headers });
const sealedFor = (recipient: Party, from: Party, bytes: Uint8Array) =>
  seal(bytes, recipient.publicKeys.encryptionPublicKey, from.keys.encryption);

const rejectedUnchanged = (request: InjectOptions, status: number, code?: string) =>
  expectRejectedUnchanged(stack.app, stack.db, ["deliveries"], request, status, code);

describe("deliveries", () => {
  it("lets the buyer open the seller's sealed deliverable and match it to the order's on-chain product hash", async () => {
    const { orderId, salt, deliverable } = await orderFor(buyer, seller);
    const posted = await put(seller, orderId, { envelope: sealedFor(buyer, seller, deliverable) });
    expect(posted.statusCode, posted.body).toBe(201);

    const fetched = await get(buyer, orderId);
    expect(fetched.statusCode, fetched.body).toBe(200);
    const { data } = fetched.json();
    expect(data).toMatchObject({
      chainId: stack.chain.chainId,
      orderId: orderId.toString(),
      seller: seller.actor.address,
      buyer: buyer.actor.address,
    });
    const plaintext = open(data.envelope, buyer.keys.encryption);
    expect(plaintext).not.toBeNull();
    expect(productHash(salt, plaintext!)).toBe(await onChainProductHash(orderId));
    // The server holds ciphertext only.
    const row = await stack.db
      .selectFrom("deliveries")
      .select("envelope")
      .where("order_id", "=", orderId.toString())
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(Buffer.from(deliverable).toString("base64"));
  });

  it("lets only the buyer fetch it: the seller and strangers are refused", async () => {
    const { orderId, deliverable } = await orderFor(buyer, seller);
    expect((await put(seller, orderId, { envelope: sealedFor(buyer, seller, deliverable) })).statusCode).toBe(201);
    expectError(await get(seller, orderId), 403, "NOT_A_PARTY");
    expectError(await get(stranger, orderId), 403, "NOT_A_PARTY");
  });

  it("answers 404 before the seller has posted, and for an unknown order", async () => {
    const { orderId } = await orderFor(buyer, seller);
    expectError(await get(buyer, orderId), 404, "DELIVERY_NOT_FOUND");
    expectError(await get(buyer, 999_999n), 404, "ORDER_NOT_FOUND");
    await rejectedUnchanged(
      { method: "PUT", url: url(999_999n), headers: seller.headers, payload: { envelope: sealedFor(buyer, seller, new Uint8Array([1])) } },
      404,
      "ORDER_NOT_FOUND",
    );
  });

  it("takes one delivery per order: a second is refused and the first stays", async () => {
    const { orderId, deliverable } = await orderFor(buyer, seller);
    const first = sealedFor(buyer, seller, deliverable);
    expect((await put(seller, orderId, { envelope: first })).statusCode).toBe(201);
    await rejectedUnchanged(
      { method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope: sealedFor(buyer, seller, new Uint8Array([9])) } },
      409,
      "DELIVERY_EXISTS",
    );
    expect((await get(buyer, orderId)).json().data.envelope).toEqual(first);
  });

  it("accepts a delivery during a dispute but not once the order was cancelled", async () => {
    const disputed = await orderFor(buyer, seller);
    await buyer.actor.escrow("openDispute", [disputed.orderId]);
    const cancelled = await orderFor(buyer, seller);
    await buyer.actor.escrow("cancelOrder", [cancelled.orderId]);
    await stack.synced();
    expect((await put(seller, disputed.orderId, { envelope: sealedFor(buyer, seller, disputed.deliverable) })).statusCode).toBe(201);
    await rejectedUnchanged(
      {
        method: "PUT",
        url: url(cancelled.orderId),
        headers: seller.headers,
        payload: { envelope: sealedFor(buyer, seller, cancelled.deliverable) },
      },
      409,
      "ORDER_CLOSED",
    );
  });

  it("refuses a deliverable larger than DELIVERY_MAX_BYTES", async () => {
    const { orderId } = await orderFor(buyer, seller);
    const envelope = sealedFor(buyer, seller, randomBytes(stack.config.DELIVERY_MAX_BYTES)); // + the 16-byte MAC
    await rejectedUnchanged({ method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope } }, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses an envelope not sealed with the seller's bound key, and sellers or buyers without bound keys", async () => {
    const { orderId, deliverable } = await orderFor(buyer, seller);
    const forged = seal(deliverable, buyer.publicKeys.encryptionPublicKey, stranger.keys.encryption);
    await rejectedUnchanged(
      { method: "PUT", url: url(orderId), headers: seller.headers, payload: { envelope: forged } },
      400,
      "SENDER_KEY_MISMATCH",
    );

    const unboundSeller = await orderFor(buyer, unbound);
    const fromUnbound = seal(deliverable, buyer.publicKeys.encryptionPublicKey, unbound.keys.encryption);
    await rejectedUnchanged(
      { method: "PUT", url: url(unboundSeller.orderId), headers: unbound.headers, payload: { envelope: fromUnbound } },
      409,
      "KEYS_NOT_BOUND",
    );

    const unboundBuyer = await orderFor(unbound, seller);
    const toUnbound = seal(deliverable, unbound.publicKeys.encryptionPublicKey, seller.keys.encryption);
    await rejectedUnchanged(
      { method: "PUT", url: url(unboundBuyer.orderId), headers: seller.headers, payload: { envelope: toUnbound } },
      409,
      "KEYS_NOT_BOUND",
    );
  });

  describe("bad input", () => {
    let orderId: bigint;
    let envelope: ReturnType<typeof seal>;
    beforeAll(async () => {
      const order = await orderFor(buyer, seller);
      orderId = order.orderId;
      envelope = sealedFor(buyer, seller, order.deliverable);
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
