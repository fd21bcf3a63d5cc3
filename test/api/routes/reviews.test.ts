import { reviewTypedData } from "@p2p-escrow/protocol/review";
import { getAddress, type Hex, verifyTypedData } from "viem";
import type { LocalAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer, signIn } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";

type Actor = IndexedStack["chain"]["alice"];

let stack: IndexedStack;
const tokens = new Map<string, string>();

beforeAll(async () => {
  stack = await startIndexedStack();
  for (const actor of [stack.chain.alice, stack.chain.bob, stack.chain.carol]) tokens.set(actor.address, await signInAs(actor));
}, 120_000);
afterAll(async () => stack?.stop());

const tokenOf = (actor: Actor) => tokens.get(actor.address)!;
const signInAs = (actor: Actor) => signIn(stack.app, actor.account);

/** An order `buyer` paid `seller` for and both saw through: Completed on chain and indexed. */
async function completedOrder(buyer: Actor, seller: Actor): Promise<bigint> {
  const orderId = await stack.chain.createOrder(buyer, seller, 13n);
  await stack.chain.confirmDelivery(orderId);
  await buyer.escrow("buyerConfirmReceived", [orderId]);
  await stack.synced();
  return orderId;
}

interface ReviewFields {
  orderId: bigint;
  reviewee: string;
  rating: number;
  text: string;
  chainId?: number;
}

/** What the web app sends: the review signed by the reviewer's wallet as EIP-712 typed data. */
async function signedReview(reviewer: LocalAccount, fields: ReviewFields) {
  const chainId = fields.chainId ?? stack.chain.chainId;
  const content = {
    orderId: fields.orderId,
    reviewer: reviewer.address,
    reviewee: fields.reviewee as Hex,
    rating: fields.rating,
    text: fields.text,
  };
  const signature = await reviewer.signTypedData(reviewTypedData(chainId, content));
  return { chainId, orderId: fields.orderId.toString(), reviewee: fields.reviewee, rating: fields.rating, text: fields.text, signature };
}

const postReview = (token: string | null, payload: unknown) =>
  stack.app.inject({ method: "POST", url: "/reviews", headers: token ? bearer(token) : {}, payload: payload as object });

const rejectedUnchanged = (request: Parameters<typeof expectRejectedUnchanged>[3], status: number, code?: string) =>
  expectRejectedUnchanged(stack.app, stack.db, ["reviews"], request, status, code);

const reviewRequest = (reviewer: Actor | null, payload: object) => ({
  method: "POST" as const,
  url: "/reviews",
  headers: reviewer ? bearer(tokenOf(reviewer)) : {},
  payload,
});

async function allReviewsOf(address: string, limit: number) {
  const items = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await stack.app.inject({ method: "GET", url: `/profiles/${address}/reviews?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json().data;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("reviews of a finished order", () => {
  it("lets buyer and seller review each other, and serves reviews a client re-verifies with viem", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    const byAlice = await signedReview(alice.account, {
      orderId,
      reviewee: bob.address,
      rating: 5,
      text: "Fast delivery.\nWould buy again ✨",
    });
    const created = await postReview(tokenOf(alice), byAlice);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({ orderId: orderId.toString(), reviewer: alice.address, reviewee: bob.address, rating: 5 });
    expect(
      (await postReview(tokenOf(bob), await signedReview(bob.account, { orderId, reviewee: alice.address, rating: 4, text: "" })))
        .statusCode,
    ).toBe(201);

    const [listed] = (await stack.app.inject({ method: "GET", url: `/profiles/${bob.address}/reviews` })).json().data.items;
    expect(listed).toMatchObject({
      chainId: stack.chain.chainId,
      orderId: orderId.toString(),
      reviewer: alice.address,
      reviewee: bob.address,
      text: byAlice.text,
    });
    // The client rebuilds the typed data from the served fields alone.
    const verified = await verifyTypedData({
      address: listed.reviewer,
      ...reviewTypedData(listed.chainId, {
        orderId: BigInt(listed.orderId),
        reviewer: listed.reviewer,
        reviewee: listed.reviewee,
        rating: listed.rating,
        text: listed.text,
      }),
      signature: listed.signature,
    });
    expect(verified).toBe(true);

    const ofOrder = await stack.app.inject({ method: "GET", url: `/reviews/${stack.chain.chainId}/${orderId}` });
    expect(ofOrder.json().data.items.map((r: { reviewer: string }) => r.reviewer)).toEqual([alice.address, bob.address]);
  });

  it("tells the reviewee in a notification, and not the reviewer", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    expect(
      (await postReview(tokenOf(alice), await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 4, text: "ok" })))
        .statusCode,
    ).toBe(201);
    const reviewNotices = async (actor: Actor) =>
      (await stack.app.inject({ method: "GET", url: "/notifications", headers: bearer(tokenOf(actor)) }))
        .json()
        .data.items.filter((n: { kind: string; orderId: string }) => n.kind === "review.created" && n.orderId === orderId.toString());
    const [notice, ...more] = await reviewNotices(bob);
    expect(more).toEqual([]);
    expect(notice.payload).toEqual({
      chainId: stack.chain.chainId,
      orderId: orderId.toString(),
      reviewer: alice.address.toLowerCase(),
      reviewee: bob.address.toLowerCase(),
      rating: 4,
    });
    expect(await reviewNotices(alice)).toEqual([]);
  });

  it("counts the reviews into the reviewee's profile rating", async () => {
    const { carol, dave } = stack.chain;
    const dav = await signInAs(dave);
    for (const rating of [2, 5]) {
      const orderId = await completedOrder(carol, dave);
      expect(
        (await postReview(dav, await signedReview(dave.account, { orderId, reviewee: carol.address, rating, text: "ok" }))).statusCode,
      ).toBe(201);
    }
    const { rating } = (await stack.app.inject({ method: "GET", url: `/profiles/${carol.address}` })).json().data;
    expect(rating).toEqual({ count: 2, average: 3.5, histogram: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 } });
  });

  it("accepts a review after a cancellation, another terminal state", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await stack.chain.createOrder(alice, bob, 10n);
    await bob.escrow("cancelOrder", [orderId]);
    await stack.synced();
    const response = await postReview(
      tokenOf(alice),
      await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 3, text: "Cancelled politely" }),
    );
    expect(response.statusCode, response.body).toBe(201);
  });

  it("refuses a second review of the same order by the same party", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    expect(
      (await postReview(tokenOf(alice), await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 5, text: "first" })))
        .statusCode,
    ).toBe(201);
    const again = await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 1, text: "changed my mind" });
    await rejectedUnchanged(reviewRequest(alice, again), 409, "REVIEW_EXISTS");
    const texts = (await stack.app.inject({ method: "GET", url: `/reviews/${stack.chain.chainId}/${orderId}` }))
      .json()
      .data.items.map((r: { text: string }) => r.text);
    expect(texts).toEqual(["first"]);
  });

  it("refuses to review an order that is still open on chain", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await stack.chain.createOrder(alice, bob, 10n);
    await stack.synced();
    const response = await rejectedUnchanged(
      reviewRequest(alice, await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 5, text: "too early" })),
      409,
      "ORDER_NOT_FINISHED",
    );
    expect(response.json().error.details).toEqual({ status: "Created" });
  });

  it("answers 404 for an order nobody has indexed", async () => {
    const { alice, bob } = stack.chain;
    await rejectedUnchanged(
      reviewRequest(alice, await signedReview(alice.account, { orderId: 999_999n, reviewee: bob.address, rating: 5, text: "" })),
      404,
      "ORDER_NOT_FOUND",
    );
    await rejectedUnchanged(
      reviewRequest(alice, await signedReview(alice.account, { orderId: 1n, reviewee: bob.address, rating: 5, text: "", chainId: 999 })),
      404,
      "ORDER_NOT_FOUND",
    );
  });

  it("forbids a wallet that is not a party to the order", async () => {
    const { alice, bob, carol } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    await rejectedUnchanged(
      reviewRequest(carol, await signedReview(carol.account, { orderId, reviewee: bob.address, rating: 1, text: "never met" })),
      403,
      "NOT_ORDER_PARTY",
    );
  });

  it("refuses a reviewee other than the order's other party", async () => {
    const { alice, bob, carol } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    for (const reviewee of [carol.address, alice.address]) {
      const response = await rejectedUnchanged(
        reviewRequest(alice, await signedReview(alice.account, { orderId, reviewee, rating: 1, text: "" })),
        422,
        "REVIEWEE_NOT_COUNTERPARTY",
      );
      expect(response.json().error.details).toEqual({ counterparty: getAddress(bob.address) });
    }
  });

  it("refuses a signature that is not the caller's, or that covers other content", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    const genuine = await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 2, text: "slow" });
    const cases = [
      { ...genuine, rating: 5 },
      { ...genuine, text: "great" },
      // Signed for another chain's domain.
      {
        ...genuine,
        signature: (await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 2, text: "slow", chainId: 1 })).signature,
      },
      // The seller writing the buyer's review of himself.
      { ...genuine, signature: (await signedReview(bob.account, { orderId, reviewee: bob.address, rating: 2, text: "slow" })).signature },
      { ...genuine, signature: `0x${"00".repeat(65)}` },
    ];
    for (const payload of cases) await rejectedUnchanged(reviewRequest(alice, payload), 400, "REVIEW_SIGNATURE_INVALID");
  });

  it("rejects bad input without writing anything", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    const valid = await signedReview(alice.account, { orderId, reviewee: bob.address, rating: 4, text: "fine" });
    const { rating: _, ...missingRating } = valid;
    for (const payload of [
      missingRating,
      { ...valid, rating: "4" },
      { ...valid, orderId: Number(orderId) },
      { ...valid, rating: 0 },
      { ...valid, rating: 6 },
      { ...valid, rating: 4.5 },
      { ...valid, text: "x".repeat(2001) },
      { ...valid, text: "nul\u0000byte" },
      { ...valid, reviewee: "bob" },
      { ...valid, signature: "0x123" },
      { ...valid, signature: "0xnothex" },
      { ...valid, reviewer: bob.address },
    ]) {
      await rejectedUnchanged(reviewRequest(alice, payload), 400, "VALIDATION_FAILED");
    }
    // Any whole bytes may be a contract account's signature (ERC-1271): these are refused by the check, not the schema.
    await rejectedUnchanged(reviewRequest(alice, { ...valid, signature: "0x1234" }), 400, "REVIEW_SIGNATURE_INVALID");
    const oversized = oversizedJson(stack.config);
    await rejectedUnchanged(
      { method: "POST", url: "/reviews", headers: { ...bearer(tokenOf(alice)), ...oversized.headers }, payload: oversized.payload },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await rejectedUnchanged(reviewRequest(null, valid), 401, "UNAUTHENTICATED");
    await rejectedUnchanged(
      { ...reviewRequest(null, valid), headers: bearer(expiredToken(stack.config, alice.address)) },
      401,
      "TOKEN_EXPIRED",
    );
    // The same body still goes through once properly signed in: only the input was at fault.
    expect((await postReview(tokenOf(alice), valid)).statusCode).toBe(201);
  });

  it("accepts text of exactly 2000 characters", async () => {
    const { alice, bob } = stack.chain;
    const orderId = await completedOrder(alice, bob);
    const text = "é".repeat(2000);
    const response = await postReview(tokenOf(bob), await signedReview(bob.account, { orderId, reviewee: alice.address, rating: 4, text }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data.text).toBe(text);
  });
});

describe("listing a wallet's reviews", () => {
  it("pages through every review newest first without repeating one", async () => {
    const { bob } = stack.chain;
    const all = await allReviewsOf(bob.address, 100);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const paged = await allReviewsOf(bob.address.toLowerCase(), 2);
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
    const ids = all.map((r) => BigInt(r.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    expect(all.every((r) => r.reviewee === bob.address)).toBe(true);
  });

  it("is public, ignores an expired token, and answers an empty page for a wallet nobody reviewed", async () => {
    const { deployer } = stack.chain;
    const response = await stack.app.inject({ method: "GET", url: `/profiles/${deployer.address}/reviews` });
    expect(response.json()).toEqual({ success: true, data: { items: [], nextCursor: null } });
    const expired = bearer(expiredToken(stack.config, deployer.address));
    expect((await stack.app.inject({ method: "GET", url: `/profiles/${deployer.address}/reviews`, headers: expired })).statusCode).toBe(
      200,
    );
    expect((await stack.app.inject({ method: "GET", url: `/reviews/${stack.chain.chainId}/1`, headers: expired })).statusCode).toBe(200);
  });

  it("rejects a malformed address, limit or cursor", async () => {
    const base = `/profiles/${stack.chain.bob.address}/reviews`;
    for (const url of ["/profiles/0x12/reviews", `${base}?limit=0`, `${base}?limit=101`, `${base}?limit=ten`]) {
      expectError(await stack.app.inject({ method: "GET", url }), 400, "VALIDATION_FAILED");
    }
    for (const cursor of ["abc", "-1", "0", "1".repeat(30)]) {
      expectError(await stack.app.inject({ method: "GET", url: `${base}?cursor=${cursor}` }), 400, "CURSOR_INVALID");
    }
  });

  it("rejects a malformed order in the per-order listing", async () => {
    for (const url of ["/reviews/0/1", "/reviews/31337/one", "/reviews/31337/-1"]) {
      expectError(await stack.app.inject({ method: "GET", url }), 400, "VALIDATION_FAILED");
    }
  });
});
