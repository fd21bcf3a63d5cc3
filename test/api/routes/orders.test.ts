import { commitProduct, encodeProductOpening, seal, toBase64 } from "@p2p-escrow/protocol";
import nacl from "tweetnacl";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escrowAbi, stablecoinAbi } from "../../../contracts/generated/deployments.ts";
import { devAccounts } from "../../../scripts/dev/accounts.ts";
import { waitFor } from "../../../scripts/lib/wait-for.ts";
import { expectError, expiredToken } from "../bad-input.ts";
import { bearer, signIn } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";

let stack: IndexedStack;
const tokens: Record<string, string> = {};
const orders: Record<string, string> = {};
let listing: { id: string; title: string; price: string };
let drawn: string; // the arbitrator drawn for the disputed order
let bystander: string; // an arbitrator not drawn

type Actor = IndexedStack["chain"]["alice"];

const signInActor = (actor: Actor) => {
  const key = devAccounts().find((a) => a.address === actor.address)!.privateKey;
  return signIn(stack.app, privateKeyToAccount(key));
};

async function createListingAs(token: string, title: string) {
  const keys = nacl.box.keyPair();
  const { opening, productHash } = commitProduct(new TextEncoder().encode(title));
  const response = await stack.app.inject({
    method: "POST",
    url: "/listings",
    headers: bearer(token),
    payload: {
      title,
      description: "",
      category: "software",
      price: "15",
      accepted: [{ chainId: stack.chain.chainId, token: stack.chain.tokens.USDC }],
      stock: null,
      productHash,
      sealedDeliverable: seal(encodeProductOpening(opening), toBase64(keys.publicKey), keys),
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

const get = (url: string, token?: string) => stack.app.inject({ method: "GET", url, headers: token ? bearer(token) : {} });

/** Every order id of a query, page by page. */
async function allOrders(token: string, query: string, limit = 100) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/orders?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token);
    expect(response.statusCode, response.body).toBe(200);
    const { items, nextCursor } = response.json().data;
    expect(items.length).toBeLessThanOrEqual(limit);
    ids.push(...items.map((o: { orderId: string }) => o.orderId));
    cursor = nextCursor;
  } while (cursor);
  return ids;
}

const ids = (...names: string[]) => names.map((n) => orders[n]);

beforeAll(async () => {
  stack = await startIndexedStack();
  const { alice, bob, carol, dave, arbitrators } = stack.chain;
  for (const [name, actor] of Object.entries({ alice, bob, carol, dave, a0: arbitrators[0]!, a1: arbitrators[1]!, a2: arbitrators[2]! })) {
    tokens[name] = await signInActor(actor);
  }
  const created = await createListingAs(tokens.bob!, "Steam key");
  listing = { id: created.id, title: created.title, price: created.price };
  const create = async (name: string, buyer: Actor, seller: Actor, whole: bigint, hash?: Hex) => {
    orders[name] = (await stack.chain.createOrder(buyer, seller, whole, stack.chain.tokens.USDC, hash)).toString();
  };
  await create("listed", alice, bob, 15n, created.productHash);
  await create("disputed", alice, bob, 16n);
  await create("carolFromBob", carol, bob, 17n);
  await create("aliceFromDave", alice, dave, 18n);
  await create("bobFromDave", bob, dave, 19n);
  const arbitrator = await stack.chain.disputeAndDraw(BigInt(orders.disputed!), alice);
  const index = arbitrators.indexOf(arbitrator);
  drawn = `a${index}`;
  bystander = `a${(index + 1) % 3}`;
  await stack.synced();
});
afterAll(async () => stack?.stop());

describe("my orders", () => {
  it("lists the caller's orders by role, newest first, with the listing each one names", async () => {
    expect(await allOrders(tokens.alice!, "role=buyer")).toEqual(ids("aliceFromDave", "disputed", "listed"));
    expect(await allOrders(tokens.alice!, "role=seller")).toEqual([]);
    expect(await allOrders(tokens.bob!, "role=seller")).toEqual(ids("carolFromBob", "disputed", "listed"));
    expect(await allOrders(tokens.bob!, "role=buyer")).toEqual(ids("bobFromDave"));
    expect(await allOrders(tokens.bob!, "")).toEqual(ids("bobFromDave", "carolFromBob", "disputed", "listed"));
    expect(await allOrders(tokens.dave!, "role=any")).toEqual(ids("bobFromDave", "aliceFromDave"));
    expect(await allOrders(tokens[drawn]!, "role=arbitrator")).toEqual(ids("disputed"));
    expect(await allOrders(tokens[drawn]!, "role=any")).toEqual(ids("disputed"));
    expect(await allOrders(tokens[bystander]!, "")).toEqual([]);

    const { items } = (await get("/orders?role=seller", tokens.bob)).json().data;
    const byId = Object.fromEntries(items.map((o: { orderId: string }) => [o.orderId, o]));
    expect(byId[orders.listed!]).toMatchObject({
      chainId: stack.chain.chainId,
      buyer: stack.chain.alice.address.toLowerCase(),
      seller: stack.chain.bob.address.toLowerCase(),
      token: stack.chain.tokens.USDC.toLowerCase(),
      amount: "15000000",
      status: "Created",
      arbitrator: null,
      listing,
    });
    expect(byId[orders.disputed!]).toMatchObject({
      status: "Disputed",
      listing: null,
      arbitrator: stack.chain.arbitrators[Number(drawn.slice(1))]!.address.toLowerCase(),
    });
  });

  it("pages with an opaque cursor, each order once, in every role", async () => {
    for (const [who, query] of [
      ["bob", ""],
      ["bob", "role=seller"],
      ["alice", "role=buyer"],
      ["dave", "role=any"],
    ] as const) {
      expect(await allOrders(tokens[who]!, query, 1)).toEqual(await allOrders(tokens[who]!, query, 100));
    }
    const first = (await get("/orders?limit=2", tokens.bob)).json().data;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it("filters by status and chain", async () => {
    expect(await allOrders(tokens.bob!, "status=Disputed")).toEqual(ids("disputed"));
    expect(await allOrders(tokens.bob!, "role=buyer&status=Disputed")).toEqual([]);
    expect(await allOrders(tokens.bob!, `chainId=${stack.chain.chainId}`)).toEqual(
      ids("bobFromDave", "carolFromBob", "disputed", "listed"),
    );
    expect(await allOrders(tokens.bob!, "chainId=1")).toEqual([]);
  });

  it("rejects malformed queries and callers without a live session", async () => {
    for (const query of ["role=owner", "limit=0", "limit=101", "status=Lost", "chainId=-1", "extra=1", `cursor=${"x".repeat(201)}`]) {
      expectError(await get(`/orders?${query}`, tokens.bob), 400, "VALIDATION_FAILED");
    }
    for (const forged of ["nope", "1:99999999999:1", "1:1", "-1:1:1"]) {
      expectError(await get(`/orders?cursor=${Buffer.from(forged).toString("base64url")}`, tokens.bob), 400, "INVALID_CURSOR");
    }
    expectError(await get("/orders"), 401, "UNAUTHENTICATED");
    expectError(await get("/orders", expiredToken(stack.config, stack.chain.bob.address)), 401, "TOKEN_EXPIRED");
    // A GET's body is never read, so the oversized input of a read is its query.
    expectError(await get(`/orders?cursor=${"A".repeat(4_000)}`, tokens.bob), 400, "VALIDATION_FAILED");
  });
});

describe("one order", () => {
  const detail = (name: string, who: string) => get(`/orders/${stack.chain.chainId}/${orders[name]}`, tokens[who]);

  it("shows its parties the order, its listing, its timeline and how final its last change is", async () => {
    for (const who of ["alice", "bob"]) {
      const response = await detail("listed", who);
      expect(response.statusCode, response.body).toBe(200);
      const { data } = response.json();
      expect(data.order).toMatchObject({
        orderId: orders.listed,
        status: "Created",
        amount: "15000000",
        deadline: expect.stringMatching(/^[0-9]+$/),
      });
      expect(data.listing).toMatchObject({ ...listing, category: "software", status: "active", images: [] });
      expect(data.timeline.map((e: { name: string }) => e.name)).toEqual(["OrderCreated"]);
      expect(data.dispute).toBeNull();
      expect(data.windows).toEqual({
        seller: expect.stringMatching(/^[1-9][0-9]*$/),
        buyer: expect.stringMatching(/^[1-9][0-9]*$/),
        response: String(48 * 3600),
        draw: String(24 * 3600),
        arbitration: expect.stringMatching(/^[1-9][0-9]*$/),
      });
      // The token's bounds, and what a dispute would cost each side: 5% of 15 USDC is under the
      // token's 2 USDC minimum deposit, which is under the 20% cap.
      expect(data.token).toMatchObject({
        token: stack.chain.tokens.USDC.toLowerCase(),
        decimals: 6,
        allowed: true,
        minAmount: "10000000",
        minArbitrationFee: "2000000",
        arbitrationFeeBps: 500,
      });
      expect(data.stakes).toEqual({
        fee: "2000000",
        protocolFee: "0",
        buyer: { deposit: "2000000", deposited: false, dueBy: null, ifWins: "17000000", ifLoses: "2000000" },
        seller: { deposit: "2000000", deposited: false, dueBy: null, ifWins: "17000000", ifLoses: "2000000" },
      });
      expect(BigInt(data.chainTime)).toBeGreaterThan(0n);
      expect(data.requiredConfirmations).toBe(1);
      // Nothing delivered yet: no commitment on chain, no delivery progress.
      expect(data.order.deliveryHash).toBeNull();
      expect(data.delivery).toBeNull();
    }

    await stack.chain.mine(3);
    const head = await stack.chain.client.getBlockNumber();
    // The head is cached for about a second.
    const data = await waitFor(
      async () => {
        const d = (await detail("listed", "alice")).json().data;
        return BigInt(d.headBlock) === head && d;
      },
      { timeoutMs: 5_000, what: "the cached chain head to move" },
    );
    // The change's own block counts as its first confirmation (contracts/chains.ts).
    expect(data.confirmations).toBe(Number(head - BigInt(data.order.blockNumber)) + 1);
    expect(data.confirmations).toBeGreaterThanOrEqual(4);
    expect(data.final).toBe(true);
  });

  it("shows a disputed order's dispute and full timeline to its arbitrator", async () => {
    const response = await detail("disputed", drawn);
    expect(response.statusCode, response.body).toBe(200);
    const { data } = response.json();
    const arbitrator = stack.chain.arbitrators[Number(drawn.slice(1))]!.address.toLowerCase();
    expect(data.order).toMatchObject({ status: "Disputed", arbitrator, disputeOpenedBy: stack.chain.alice.address.toLowerCase() });
    expect(data.dispute).toMatchObject({
      phase: "Ruling",
      step: 3,
      arbitrator,
      round: 0,
      replacedArbitrators: [],
      openedBy: stack.chain.alice.address.toLowerCase(),
      fee: "2000000",
      buyerDeposited: true,
      sellerDeposited: true,
      offer: null,
      resolution: null,
      closedAt: null,
    });
    // The drawn arbitrator must rule by its deadline, after which anyone may replace it.
    expect(data.dispute.due).toEqual({
      phase: "Ruling",
      actor: arbitrator,
      action: "resolveDispute",
      deadline: data.dispute.deadline,
      passed: false,
      afterwards: "replaceArbitrator",
    });
    expect(data.order.deadline).toBe(data.dispute.deadline);
    expect(data.stakes).toMatchObject({
      fee: "2000000",
      buyer: { deposited: true, dueBy: null },
      seller: { deposited: true, dueBy: null },
    });
    const names = data.timeline.map((e: { name: string }) => e.name);
    expect(names[0]).toBe("OrderCreated");
    expect(names).toEqual(expect.arrayContaining(["DisputeOpened", "ArbitratorAssigned"]));
    const positions = data.timeline.map(
      (e: { blockNumber: string; logIndex: number }) => BigInt(e.blockNumber) * 10_000n + BigInt(e.logIndex),
    );
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(data.listing).toBeNull();
  });

  it("refuses anyone who is not a party, and malformed or unknown orders", async () => {
    expectError(await detail("listed", "carol"), 403, "NOT_A_PARTY");
    expectError(await detail("disputed", bystander), 403, "NOT_A_PARTY");
    expectError(await get(`/orders/${stack.chain.chainId}/${orders.listed}`), 401, "UNAUTHENTICATED");
    expectError(
      await get(`/orders/${stack.chain.chainId}/${orders.listed}`, expiredToken(stack.config, stack.chain.alice.address)),
      401,
      "TOKEN_EXPIRED",
    );
    expectError(await get(`/orders/${stack.chain.chainId}/abc`, tokens.alice), 400, "VALIDATION_FAILED");
    expectError(await get(`/orders/0/${orders.listed}`, tokens.alice), 400, "VALIDATION_FAILED");
    expectError(await get(`/orders/${stack.chain.chainId}/999999`, tokens.alice), 404, "ORDER_NOT_FOUND");
    expectError(await get(`/orders/1/${orders.listed}`, tokens.alice), 404, "ORDER_NOT_FOUND");
    expectError(
      await get(`/orders/${stack.chain.chainId}/${orders.listed}?padding=${"x".repeat(4_000)}`, tokens.alice),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await get(`/orders/${stack.chain.chainId}/${"9".repeat(79)}`, tokens.alice), 400, "VALIDATION_FAILED");
  });

  it("tells anyone signed in whether the order is indexed and their part in it, always with 200", async () => {
    const access = async (path: string, who: string) => {
      const response = await get(`/orders/${stack.chain.chainId}/${path}/access`, tokens[who]);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data;
    };
    expect(await access(orders.listed!, "alice")).toEqual({ indexed: true, role: "buyer" });
    expect(await access(orders.listed!, "bob")).toEqual({ indexed: true, role: "seller" });
    expect(await access(orders.listed!, "carol")).toEqual({ indexed: true, role: null });
    expect(await access(orders.disputed!, drawn)).toEqual({ indexed: true, role: "arbitrator" });
    expect(await access("999999", "alice")).toEqual({ indexed: false, role: null });
    expectError(await get(`/orders/${stack.chain.chainId}/${orders.listed}/access`), 401, "UNAUTHENTICATED");
    expectError(await get(`/orders/${stack.chain.chainId}/abc/access`, tokens.alice), 400, "VALIDATION_FAILED");
  });

  it("stops showing the order to an arbitrator once replaced", async () => {
    const window = await stack.chain.client.readContract({
      address: stack.chain.escrow,
      abi: escrowAbi,
      functionName: "arbitrationWindow",
    });
    await stack.chain.passTime(window + 1n);
    await stack.chain.deployer.escrow("replaceArbitrator", [BigInt(orders.disputed!)]);
    await stack.synced();
    expectError(await detail("disputed", drawn), 403, "NOT_A_PARTY");
    const { data } = (await detail("disputed", "alice")).json();
    expect(data.dispute.replacedArbitrators).toEqual([stack.chain.arbitrators[Number(drawn.slice(1))]!.address.toLowerCase()]);
  });
});

describe("earnings", () => {
  const earnings = async (who: string) => {
    const response = await get("/orders/earnings", tokens[who]);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };
  const balanceOf = (actor: Actor) =>
    stack.chain.client.readContract({
      address: stack.chain.tokens.USDC,
      abi: stablecoinAbi,
      functionName: "balanceOf",
      args: [actor.address],
    });

  it("sums what closed sales paid the seller and what rulings paid the arbitrator, to the unit the chain moved", async () => {
    const { alice, bob, dave, arbitrators } = stack.chain;
    expect(await earnings("dave")).toEqual({ sales: [], arbitration: [] });

    const daveBefore = await balanceOf(dave);
    // Fresh orders: the earlier ones' windows closed when time was moved on above.
    for (const [buyer, whole] of [
      [alice, 18n],
      [bob, 19n],
    ] as const) {
      const id = await stack.chain.createOrder(buyer, dave, whole, stack.chain.tokens.USDC);
      await stack.chain.confirmDelivery(id);
      await buyer.escrow("buyerConfirmReceived", [id]);
    }
    const ruled = await stack.chain.createOrder(alice, bob, 20n, stack.chain.tokens.USDC);
    const arbitrator = await stack.chain.disputeAndDraw(ruled, alice);
    const [bobBefore, arbitratorBefore] = [await balanceOf(bob), await balanceOf(arbitrator)];
    await arbitrator.escrow("resolveDispute", [ruled, 2]); // for the seller
    await stack.synced();

    const usdc = stack.chain.tokens.USDC.toLowerCase();
    const chainId = stack.chain.chainId;
    expect(await earnings("dave")).toEqual({
      sales: [{ chainId, token: usdc, orders: 2, received: String((await balanceOf(dave)) - daveBefore) }],
      arbitration: [],
    });
    // Bob won the whole order; the deposit he got back with it was his own money, not a sale's.
    const deposit = 2_000_000n;
    const bobs = await earnings("bob");
    expect(bobs.sales).toEqual([{ chainId, token: usdc, orders: 1, received: String((await balanceOf(bob)) - bobBefore - deposit) }]);
    expect(bobs.sales[0].received).toBe("20000000");
    const name = `a${arbitrators.indexOf(arbitrator)}`;
    expect((await earnings(name)).arbitration).toEqual([
      { chainId, token: usdc, rulings: 1, fees: String((await balanceOf(arbitrator)) - arbitratorBefore) },
    ]);
    expect((await earnings(name)).arbitration[0].fees).toBe(String(deposit)); // the loser's deposit
    expect(await earnings("alice")).toEqual({ sales: [], arbitration: [] });
  });

  it("answers only a caller with a live session, and takes no query", async () => {
    expectError(await get("/orders/earnings"), 401, "UNAUTHENTICATED");
    expectError(await get("/orders/earnings?role=seller", tokens.bob), 400, "VALIDATION_FAILED");
  });
});
