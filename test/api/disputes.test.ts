// Disputes through the whole stack: a real chain, the indexer, PostgreSQL, the API and the keeper.
// The deposits and deadlines the escrow emits are indexed and served on the order route, and the
// keeper makes the time-based moves (a default for an unanswered deposit, the fallback for a
// dispute nobody was drawn for) by the chain's clock.
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { escrowAbi, orderStatusEnum } from "../../contracts/generated/deployments.ts";
import { devAccounts, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { startKeeper as startKeeperProcess } from "../../scripts/lib/stack/keeper.ts";
import type { Service } from "../../scripts/lib/stack/service.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { bearer, signIn } from "./helper.ts";
import { type IndexedStack, startIndexedStack } from "./indexed-stack.ts";

const M = 1_000_000n;
const HOUR = 3600n;
/** The on-chain (uint8) value of an order status. */
const Status = (name: (typeof orderStatusEnum)[number]) => orderStatusEnum.indexOf(name);

type Actor = IndexedStack["chain"]["alice"];

let stack: IndexedStack;
let deploymentsFile: string;
let keeper: Service | null = null;
const tokens = new Map<string, string>();

beforeAll(async () => {
  stack = await startIndexedStack();
  deploymentsFile = await writeIndexerDeployments([stack.chain]);
  const { alice, bob, carol, dave } = stack.chain;
  for (const actor of [alice, bob, carol, dave]) {
    const key = devAccounts().find((a) => a.address === actor.address)!.privateKey;
    tokens.set(actor.address, await signIn(stack.app, privateKeyToAccount(key)));
  }
});
afterEach(async () => {
  await keeper?.stop();
  keeper = null;
});
afterAll(async () => stack?.stop());

/** The keeper, with a key, on the stack's database and chain; it makes every call that is due. */
async function startKeeper() {
  keeper = await startKeeperProcess({
    baseEnv: { PATH: process.env.PATH },
    databaseUrl: stack.databaseUrl,
    rpcUrls: { [stack.chain.chainId]: stack.chain.node.url },
    deploymentsFile,
    privateKey: devPrivateKey(9),
    intervalMs: 200,
    logLevel: "debug",
  });
  return keeper;
}

/** The order as `who` reads it from the API, once the indexer has caught up. */
async function detail(orderId: bigint, who: Actor) {
  await stack.synced();
  const response = await stack.app.inject({
    method: "GET",
    url: `/orders/${stack.chain.chainId}/${orderId}`,
    headers: bearer(tokens.get(who.address)!),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

const statusOf = async (orderId: bigint) =>
  (await stack.chain.client.readContract({ address: stack.chain.escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] }))
    .status;

describe("a dispute through the stack", () => {
  it("serves who must deposit by when and what each side stands to pay, then both deposits and the fallback's deadline", async () => {
    const { chain } = stack;
    const { alice, bob } = chain;
    const orderId = await chain.createOrder(alice, bob, 100n);
    await chain.openDispute(orderId, alice);

    for (const reader of [alice, bob]) {
      const { order, dispute, stakes } = await detail(orderId, reader);
      expect(dispute).toMatchObject({
        phase: "AwaitingDeposit",
        step: 1,
        openedBy: alice.address.toLowerCase(),
        fee: String(5n * M), // 5% of the order, above the token's 2 USDC minimum
        buyerDeposited: true,
        sellerDeposited: false,
        feePaidAt: null,
        fallbackAt: null,
        offer: null,
      });
      expect(BigInt(dispute.responseDeadline) - BigInt(dispute.openedAt)).toBe(48n * HOUR);
      expect(dispute.deadline).toBe(dispute.responseDeadline);
      expect(order.deadline).toBe(dispute.responseDeadline);
      // Bob must match the deposit by the response deadline, or anyone may end the dispute for Alice.
      expect(dispute.due).toEqual({
        phase: "AwaitingDeposit",
        actor: bob.address.toLowerCase(),
        action: "payDisputeFee",
        deadline: dispute.responseDeadline,
        passed: false,
        afterwards: "resolveUnanswered",
      });
      expect(stakes).toEqual({
        fee: String(5n * M),
        protocolFee: "0",
        buyer: { deposit: String(5n * M), deposited: true, dueBy: null, ifWins: String(105n * M), ifLoses: String(5n * M) },
        seller: {
          deposit: String(5n * M),
          deposited: false,
          dueBy: dispute.responseDeadline,
          ifWins: String(105n * M),
          ifLoses: String(5n * M),
        },
      });
    }

    await chain.payDisputeFee(orderId);
    const { order, dispute, stakes, timeline } = await detail(orderId, bob);
    expect(dispute).toMatchObject({ buyerDeposited: true, sellerDeposited: true, step: 2 });
    // Nobody keeps the case past the fallback's time: a draw until then, the fallback after.
    expect(BigInt(dispute.fallbackAt) - BigInt(dispute.feePaidAt)).toBe(24n * HOUR);
    expect(dispute.due).toMatchObject({ phase: "Drawing", actor: null, action: "drawArbitrator", afterwards: "escalate" });
    expect(dispute.deadline).toBe(dispute.fallbackAt);
    expect(order.deadline).toBe(dispute.fallbackAt);
    expect(stakes.seller).toMatchObject({ deposited: true, dueBy: null });
    expect(timeline.map((e: { name: string }) => e.name)).toEqual(["OrderCreated", "DisputeOpened", "DisputeFeePaid", "RandomnessRequested"]);
  });

  it("has the keeper end a dispute whose deposit went unanswered past the response deadline, for its opener", async () => {
    const { chain } = stack;
    const { carol, dave } = chain;
    const orderId = await chain.createOrder(carol, dave, 30n);
    await chain.openDispute(orderId, carol);
    const running = await startKeeper();
    await chain.passTime(48n * HOUR + 60n); // the wall clock has not moved; the chain's has
    await waitFor(async () => (await statusOf(orderId)) === Status("ResolvedBuyer"), { what: "the keeper to end the dispute by default" });

    const { order, dispute, stakes } = await detail(orderId, carol);
    expect(order).toMatchObject({ status: "ResolvedBuyer", ruling: "Buyer", paidToBuyer: String(30n * M), deadline: null });
    expect(dispute).toMatchObject({
      phase: "AwaitingDeposit",
      resolution: "Default",
      ruling: "Buyer",
      sellerDeposited: false,
      buyerPaid: String(32n * M), // the order and Carol's own deposit (the 2 USDC minimum)
      sellerPaid: "0",
      arbitratorFee: "0",
      due: null,
    });
    expect(dispute.closedAt).not.toBeNull();
    expect(stakes).toBeNull();
    expect(await running.stop()).toBe(0);
    expect(running.output()).toMatch(/keeper call sent.*"action":"resolveUnanswered"/);
  });

  it("has the keeper hand a dispute nobody was drawn for to the free fallback arbitrator, whose ruling is served", async () => {
    const { chain } = stack;
    const { alice, dave } = chain;
    const orderId = await chain.createOrder(alice, dave, 40n);
    await chain.confirmDelivery(orderId);
    await chain.openDispute(orderId, alice);
    await chain.payDisputeFee(orderId);
    // The draw window passes before anyone draws (the keeper is not running yet).
    await chain.passTime(24n * HOUR + 60n);
    // The chain's clock is read at most about once a second.
    const before = await waitFor(
      async () => {
        const due = (await detail(orderId, alice)).dispute.due;
        return due?.passed && due;
      },
      { what: "the draw deadline to show as passed" },
    );
    expect(before).toMatchObject({ phase: "Drawing", passed: true, afterwards: "escalate" });

    const running = await startKeeper();
    const escalated = await waitFor(
      async () => {
        const d = await detail(orderId, alice);
        return d.dispute.phase === "Escalated" && d;
      },
      { what: "the keeper to escalate the dispute" },
    );
    expect(escalated.dispute).toMatchObject({
      step: 3,
      fallbackArbitrator: chain.fallbackArbitrator!.toLowerCase(),
      deadline: null,
      due: null,
      arbitrator: null,
    });
    expect(escalated.dispute.fallbackDisputeId).toMatch(/^[0-9]+$/);
    expect(escalated.order).toMatchObject({ status: "Disputed", deadline: null });
    expect(await running.stop()).toBe(0);
    expect(running.output()).toMatch(/keeper call sent.*"action":"escalate"/);

    // The deployment's fallback arbitrator rules for the seller: the order, its deposit and Alice's.
    await chain.fallbackRules(orderId, 2);
    const { order, dispute } = await detail(orderId, dave);
    expect(order).toMatchObject({ status: "ResolvedSeller", paidToSeller: String(40n * M), paidToArbitrator: "0" });
    expect(dispute).toMatchObject({ resolution: "FallbackArbitrator", ruling: "Seller", sellerPaid: String(44n * M), buyerPaid: "0" });
  });

  it("serves a settlement offer with its expiry, lapsed once the expiry passes or the dispute moves on", async () => {
    const { chain } = stack;
    const { bob, carol } = chain;
    const orderId = await chain.createOrder(carol, bob, 50n);
    await chain.openDispute(orderId, carol);

    const expiresAt = await chain.proposeSettlement(orderId, bob, 15n * M, 600n);
    const offered = await detail(orderId, carol);
    expect(offered.dispute.offer).toEqual({
      proposer: bob.address.toLowerCase(),
      buyerAmount: String(15n * M),
      sellerAmount: String(35n * M),
      expiresAt: String(expiresAt),
      step: 1,
      offeredAt: expect.stringMatching(/^[0-9]+$/),
      lapsed: false,
    });

    await chain.passTime(601n);
    // The chain's clock is read at most about once a second.
    await waitFor(async () => (await detail(orderId, carol)).dispute.offer.lapsed === true, { what: "the offer to show as expired" });

    // A fresh offer stands until the dispute moves on: Bob's deposit starts the draw.
    await chain.proposeSettlement(orderId, bob, 20n * M, 3600n);
    expect((await detail(orderId, carol)).dispute.offer).toMatchObject({ buyerAmount: String(20n * M), step: 1, lapsed: false });
    await chain.payDisputeFee(orderId);
    const movedOn = await detail(orderId, carol);
    expect(movedOn.dispute).toMatchObject({ step: 2, offer: { step: 1, lapsed: true } });

    // A withdrawn offer is gone.
    await chain.proposeSettlement(orderId, carol, 25n * M, 3600n);
    expect((await detail(orderId, bob)).dispute.offer).toMatchObject({ proposer: carol.address.toLowerCase(), step: 2, lapsed: false });
    await carol.escrow("withdrawSettlement", [orderId]);
    const withdrawn = await detail(orderId, bob);
    expect(withdrawn.dispute.offer).toBeNull();
    expect(withdrawn.timeline.map((e: { name: string }) => e.name)).toContain("SettlementWithdrawn");
  });
});
