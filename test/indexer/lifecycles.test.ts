import { parseAbi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { tableRows } from "../../scripts/lib/harness/indexed-tables.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";

const M = 10n ** 6n;
const HOUR = 3600n;

describe("the indexer", () => {
  let chain: EscrowChain;
  let postgres: RunningPostgres;
  let indexer: RunningIndexer;
  const ids: Record<string, bigint> = {};

  beforeAll(async () => {
    [chain, postgres] = await Promise.all([startEscrowChain(), startPostgres()]);
    await chain.fund();
    const { alice, bob, carol, dave } = chain;

    ids.completed = await chain.createOrder(alice, bob, 100n);
    await bob.escrow("sellerConfirmDelivery", [ids.completed]);
    await alice.escrow("buyerConfirmReceived", [ids.completed]);

    ids.cancelled = await chain.createOrder(carol, dave, 30n, chain.tokens.USDT);
    await dave.escrow("cancelOrder", [ids.cancelled]);

    ids.expired = await chain.createOrder(alice, dave, 12n);
    ids.autoReleased = await chain.createOrder(carol, bob, 40n);
    await bob.escrow("sellerConfirmDelivery", [ids.autoReleased]);
    await chain.passTime(24n * HOUR + 1n);
    await carol.escrow("expireOrder", [ids.expired]);
    await chain.passTime(72n * HOUR + 1n);
    await dave.escrow("autoRelease", [ids.autoReleased]);

    ids.resolvedBuyer = await chain.createOrder(alice, bob, 100n);
    const first = await chain.disputeAndDraw(ids.resolvedBuyer, alice);
    await first.escrow("resolveDispute", [ids.resolvedBuyer, 1]);

    ids.resolvedSeller = await chain.createOrder(carol, dave, 200n);
    await dave.escrow("sellerConfirmDelivery", [ids.resolvedSeller]);
    const second = await chain.disputeAndDraw(ids.resolvedSeller, carol);
    await dave.escrow("submitEvidence", [ids.resolvedSeller, "ipfs://bafy-delivery-proof"]);
    await second.escrow("resolveDispute", [ids.resolvedSeller, 2]);

    ids.settled = await chain.createOrder(alice, dave, 50n);
    await chain.disputeAndDraw(ids.settled, dave);
    await alice.escrow("proposeSettlement", [ids.settled, 20n * M]);
    await dave.escrow("acceptSettlement", [ids.settled, 20n * M]);

    ids.replaced = await chain.createOrder(carol, bob, 80n);
    await chain.disputeAndDraw(ids.replaced, bob);
    await chain.passTime(7n * 24n * HOUR + 1n);
    await chain.deployer.escrow("replaceArbitrator", [ids.replaced]);
    const replacement = await chain.drawFor(ids.replaced);
    await replacement.escrow("resolveDispute", [ids.replaced, 2]);

    ids.credited = await chain.createOrder(alice, bob, 60n);
    await bob.escrow("sellerConfirmDelivery", [ids.credited]);
    await chain.deployer.write(chain.tokens.USDC, parseAbi(["function setBlocklisted(address, bool)"]), "setBlocklisted", [
      bob.address,
      true,
    ]);
    await alice.escrow("buyerConfirmReceived", [ids.credited]);

    indexer = await startIndexer({
      databaseUrl: postgres.url,
      deploymentsFile: await writeIndexerDeployments([chain]),
      rpcUrls: { [chain.chainId]: chain.node.url },
      schema: "lifecycles",
      viewsSchema: "lifecycles_views",
    });
    await indexer.waitForBlock(chain.chainId, await chain.client.getBlockNumber());
  });

  afterAll(async () => {
    await indexer?.stop();
    await chain?.node.stop();
    await postgres?.stop();
  });

  const rows = async <T>(table: string) => (await tableRows(postgres.url, "lifecycles_views", table)).map((r) => JSON.parse(r) as T); // numeric columns arrive as JSON numbers: fine for these amounts
  type OrderRow = Record<string, string | number | boolean | null>;
  const order = async (id: bigint) => (await rows<OrderRow>("orders")).find((o) => BigInt(o.order_id as string) === id)!;

  it("ends every lifecycle in the status and payouts the chain shows", async () => {
    const expected: Record<string, Partial<OrderRow>> = {
      completed: { status: "Completed", paid_to_seller: 100000000, auto_released: false },
      cancelled: { status: "Cancelled", paid_to_buyer: 30000000, cancelled_by: chain.dave.address.toLowerCase() },
      expired: { status: "Expired", paid_to_buyer: 12000000 },
      autoReleased: { status: "Completed", paid_to_seller: 40000000, auto_released: true },
      resolvedBuyer: { status: "ResolvedBuyer", ruling: "Buyer", paid_to_buyer: 95000000, paid_to_arbitrator: 5000000 },
      resolvedSeller: { status: "ResolvedSeller", ruling: "Seller", paid_to_seller: 190000000, paid_to_arbitrator: 10000000 },
      settled: { status: "Settled", paid_to_buyer: 20000000, paid_to_seller: 30000000, settlement_buyer_amount: 20000000 },
      replaced: { status: "ResolvedSeller", paid_to_seller: 76000000, paid_to_arbitrator: 4000000 },
      credited: { status: "Completed", paid_to_seller: 60000000, credited: 60000000 },
    };
    const all = await rows<OrderRow>("orders");
    expect(all).toHaveLength(Object.keys(expected).length);
    for (const [name, fields] of Object.entries(expected)) {
      expect(await order(ids[name]), name).toMatchObject(fields);
    }
    for (const row of all) {
      expect(row.chain_id).toBe(chain.chainId);
      expect(row.block_number).not.toBeNull();
      if (row.status !== "Disputed" && row.status !== "Created" && row.status !== "SellerConfirmed") expect(row.closed_at).not.toBeNull();
    }
  });

  it("keeps one timeline row per event, in chain order", async () => {
    const events = await rows<{ order_id: string; name: string; block_number: string; log_index: number }>("order_events");
    const timeline = (id: bigint) =>
      events
        .filter((e) => BigInt(e.order_id) === id)
        .sort((a, b) => Number(BigInt(a.block_number) - BigInt(b.block_number)) || a.log_index - b.log_index)
        .map((e) => e.name);
    expect(timeline(ids.completed)).toEqual(["OrderCreated", "DeliveryConfirmed", "OrderCompleted"]);
    expect(timeline(ids.replaced)).toEqual([
      "OrderCreated",
      "DisputeOpened",
      "RandomnessRequested",
      "ArbitratorAssigned",
      "ArbitratorReplaced",
      "RandomnessRequested",
      "ArbitratorAssigned",
      "DisputeResolved",
    ]);
    expect(timeline(ids.credited)).toEqual(["OrderCreated", "DeliveryConfirmed", "OrderCompleted", "PaymentCredited"]);
  });

  it("records disputes, evidence, arbitrators and their earnings", async () => {
    const disputes = await rows<Record<string, unknown>>("disputes");
    expect(disputes).toHaveLength(4);
    const replaced = disputes.find((d) => BigInt(d.order_id as string) === ids.replaced)!;
    expect(replaced).toMatchObject({ status: "Resolved", round: 1, ruling: "Seller" });
    expect(replaced.replaced_arbitrators as string[]).toHaveLength(1);
    expect(disputes.find((d) => BigInt(d.order_id as string) === ids.settled)).toMatchObject({
      status: "Settled",
      offer_buyer_amount: 20000000,
    });

    const evidence = await rows<Record<string, unknown>>("evidence");
    expect(evidence).toEqual([expect.objectContaining({ uri: "ipfs://bafy-delivery-proof", submitter: chain.dave.address.toLowerCase() })]);

    const arbitrators = await rows<Record<string, number | string>>("arbitrators");
    expect(arbitrators).toHaveLength(3);
    const sum = (key: string) => arbitrators.reduce((s, a) => s + Number(a[key]), 0);
    expect(sum("cases_assigned")).toBe(5);
    expect(sum("cases_resolved")).toBe(3);
    expect(sum("cases_missed")).toBe(1);
    expect(sum("cases_settled")).toBe(1);
    expect(sum("open_cases")).toBe(0);
    const missed = arbitrators.find((a) => Number(a.cases_missed) === 1)!;
    expect(missed).toMatchObject({ slashed: 50000000, stake: 450000000 });
    expect(missed.reputation).toBe(50 + 2 * Number(missed.cases_resolved) - 10);

    const earnings = await rows<{ amount: string }>("arbitrator_earnings");
    expect(earnings.reduce((s, e) => s + BigInt(e.amount), 0n)).toBe(19n * M);
  });

  it("aggregates per-user stats and daily volume per token", async () => {
    const stats = await rows<Record<string, number | string>>("user_stats");
    const of = (address: string) => stats.find((s) => s.address === address.toLowerCase())!;
    expect(of(chain.alice.address)).toMatchObject({ trades_as_buyer: 5, completed: 2, disputes_opened: 1, disputes_won: 1 });
    expect(of(chain.bob.address)).toMatchObject({ trades_as_seller: 5, disputes_lost: 1, disputes_won: 1, disputes_opened: 1 });
    const aliceVolume = Object.fromEntries(
      Object.entries(of(chain.alice.address).volume as unknown as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(aliceVolume).toEqual({ [chain.tokens.USDC.toLowerCase()]: "322000000" });
    const volume = await rows<{ token: string; volume_created: string; orders_created: number }>("daily_volume");
    const created = (token: string) =>
      volume.filter((v) => v.token === token.toLowerCase()).reduce((s, v) => s + BigInt(v.volume_created), 0n);
    expect(created(chain.tokens.USDC)).toBe(642n * M);
    expect(created(chain.tokens.USDT)).toBe(30n * M);
  });
});
