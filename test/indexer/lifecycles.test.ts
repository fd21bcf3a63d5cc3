import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { parseAbi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arbitratorPoolAbi, escrowAbi } from "../../contracts/generated/deployments.ts";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { snapshotTables, tableRows } from "../../scripts/lib/harness/indexed-tables.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";

const M = 10n ** 6n;
const BASELINE_CLI = path.resolve(import.meta.dirname, "../../scripts/lib/indexer-baseline/cli.ts");
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
    await chain.confirmDelivery(ids.completed);
    await alice.escrow("buyerConfirmReceived", [ids.completed]);

    ids.cancelled = await chain.createOrder(carol, dave, 30n, chain.tokens.USDT);
    await dave.escrow("cancelOrder", [ids.cancelled]);

    ids.expired = await chain.createOrder(alice, dave, 12n);
    ids.autoReleased = await chain.createOrder(carol, bob, 40n);
    await chain.confirmDelivery(ids.autoReleased);
    await chain.passTime(24n * HOUR + 1n);
    await carol.escrow("expireOrder", [ids.expired]);
    await chain.passTime(72n * HOUR + 1n);
    await dave.escrow("autoRelease", [ids.autoReleased]);

    ids.resolvedBuyer = await chain.createOrder(alice, bob, 100n);
    const first = await chain.disputeAndDraw(ids.resolvedBuyer, alice);
    await first.escrow("resolveDispute", [ids.resolvedBuyer, 1]);

    ids.resolvedSeller = await chain.createOrder(carol, dave, 200n);
    await chain.confirmDelivery(ids.resolvedSeller);
    const second = await chain.disputeAndDraw(ids.resolvedSeller, carol);
    await dave.escrow("submitEvidence", [ids.resolvedSeller, "ipfs://bafy-delivery-proof"]);
    await second.escrow("resolveDispute", [ids.resolvedSeller, 2]);

    // Before delivery only the buyer may dispute: the sellers below dispute delivered orders.
    ids.settled = await chain.createOrder(alice, dave, 50n);
    await chain.confirmDelivery(ids.settled);
    await chain.disputeAndDraw(ids.settled, dave);
    await chain.proposeSettlement(ids.settled, alice, 20n * M);
    await dave.escrow("acceptSettlement", [ids.settled, 20n * M]);

    ids.replaced = await chain.createOrder(carol, bob, 80n);
    await chain.confirmDelivery(ids.replaced);
    await chain.disputeAndDraw(ids.replaced, bob);
    await chain.passTime(7n * 24n * HOUR + 1n);
    await chain.deployer.escrow("replaceArbitrator", [ids.replaced]);
    const replacement = await chain.drawFor(ids.replaced);
    await replacement.escrow("resolveDispute", [ids.replaced, 2]);

    // Dave never matches Carol's deposit: once the response window has passed, anyone ends it for her.
    ids.defaulted = await chain.createOrder(carol, dave, 25n);
    await chain.openDispute(ids.defaulted, carol);
    await chain.passTime(48n * HOUR + 1n);
    await alice.escrow("resolveUnanswered", [ids.defaulted]);

    // Nobody draws within the draw window: the case goes to the (free) fallback arbitrator, which rules.
    ids.escalated = await chain.createOrder(alice, dave, 30n);
    await chain.confirmDelivery(ids.escalated);
    await chain.openDispute(ids.escalated, alice);
    await chain.payDisputeFee(ids.escalated);
    await chain.passTime(24n * HOUR + 1n);
    await chain.deployer.escrow("escalate", [ids.escalated]);
    await chain.fallbackRules(ids.escalated, 2);

    ids.credited = await chain.createOrder(alice, bob, 60n);
    await chain.confirmDelivery(ids.credited);
    const blocklist = parseAbi(["function setBlocklisted(address, bool)"]);
    await chain.deployer.write(chain.tokens.USDC, blocklist, "setBlocklisted", [bob.address, true]);
    await alice.escrow("buyerConfirmReceived", [ids.credited]);
    await chain.deployer.write(chain.tokens.USDC, blocklist, "setBlocklisted", [bob.address, false]);
    await bob.escrow("withdraw", [chain.tokens.USDC]);

    // The replaced arbitrator's penalty queued behind the redraw: with no draw open, anyone applies it.
    await chain.deployer.write(chain.pool, arbitratorPoolAbi, "applyQueuedWeights", [chain.arbitrators.map((a) => a.address)]);

    // An offer made while the deposit was awaited lapses when the deposit moves the dispute on;
    // the draw stays open.
    ids.offered = await chain.createOrder(carol, bob, 45n);
    await chain.openDispute(ids.offered, carol);
    await chain.proposeSettlement(ids.offered, carol, 10n * M);
    await carol.escrow("withdrawSettlement", [ids.offered]);
    await chain.proposeSettlement(ids.offered, carol, 12n * M);
    await chain.payDisputeFee(ids.offered);

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

  it("ends every lifecycle in the status and payouts the chain shows, deposits apart", async () => {
    const expected: Record<string, Partial<OrderRow>> = {
      completed: { status: "Completed", paid_to_seller: 100000000, auto_released: false },
      cancelled: { status: "Cancelled", paid_to_buyer: 30000000, cancelled_by: chain.dave.address.toLowerCase() },
      expired: { status: "Expired", paid_to_buyer: 12000000 },
      autoReleased: { status: "Completed", paid_to_seller: 40000000, auto_released: true },
      // The winner takes the whole order; the arbitrator's fee is the loser's deposit (5%, at least 2 USDC).
      resolvedBuyer: { status: "ResolvedBuyer", ruling: "Buyer", paid_to_buyer: 100000000, paid_to_arbitrator: 5000000 },
      resolvedSeller: { status: "ResolvedSeller", ruling: "Seller", paid_to_seller: 200000000, paid_to_arbitrator: 10000000 },
      settled: { status: "Settled", paid_to_buyer: 20000000, paid_to_seller: 30000000, settlement_buyer_amount: 20000000 },
      replaced: { status: "ResolvedSeller", paid_to_seller: 80000000, paid_to_arbitrator: 4000000 },
      defaulted: { status: "ResolvedBuyer", ruling: "Buyer", paid_to_buyer: 25000000, paid_to_arbitrator: 0 },
      escalated: { status: "ResolvedSeller", ruling: "Seller", paid_to_seller: 30000000, paid_to_arbitrator: 0, deadline: null },
      credited: { status: "Completed", paid_to_seller: 60000000, credited: 60000000 },
      offered: { status: "Disputed", paid_to_buyer: 0, closed_at: null },
    };
    const all = await rows<OrderRow>("orders");
    expect(all).toHaveLength(Object.keys(expected).length);
    for (const [name, fields] of Object.entries(expected)) {
      expect(await order(ids[name]), name).toMatchObject(fields);
    }
    for (const row of all) {
      expect(row.chain_id).toBe(chain.chainId);
      expect(row.block_number).not.toBeNull();
      if (row.status !== "Disputed" && row.status !== "Created" && row.status !== "SellerConfirmed") {
        expect(row.closed_at).not.toBeNull();
        // What the order's own amount paid out: the buyer, the seller and the protocol fee.
        expect(Number(row.paid_to_buyer) + Number(row.paid_to_seller) + Number(row.protocol_fee)).toBe(Number(row.amount));
      }
    }
    // An open dispute's order carries its phase's deadline: the fallback's, while the draw waits.
    const offered = await order(ids.offered);
    const offeredDispute = (await rows<Record<string, unknown>>("disputes")).find((d) => BigInt(d.order_id as string) === ids.offered)!;
    expect(offered.deadline).toBe(offeredDispute.fallback_at);
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
      "DeliveryConfirmed",
      "DisputeOpened",
      "DisputeFeePaid",
      "RandomnessRequested",
      "ArbitratorAssigned",
      "ArbitratorReplaced",
      "RandomnessRequested",
      "ArbitratorAssigned",
      "DisputeResolved",
    ]);
    expect(timeline(ids.defaulted)).toEqual(["OrderCreated", "DisputeOpened", "DisputeResolved"]);
    expect(timeline(ids.escalated)).toEqual([
      "OrderCreated",
      "DeliveryConfirmed",
      "DisputeOpened",
      "DisputeFeePaid",
      "RandomnessRequested",
      "DisputeEscalated",
      "DisputeResolved",
    ]);
    expect(timeline(ids.offered)).toEqual([
      "OrderCreated",
      "DisputeOpened",
      "SettlementProposed",
      "SettlementWithdrawn",
      "SettlementProposed",
      "DisputeFeePaid",
      "RandomnessRequested",
    ]);
    expect(timeline(ids.credited)).toEqual(["OrderCreated", "DeliveryConfirmed", "OrderCompleted", "PaymentCredited"]);
  });

  it("records each dispute's phase, deposits, deadlines, offer and end", async () => {
    const disputes = await rows<Record<string, unknown>>("disputes");
    expect(disputes).toHaveLength(7);
    const of = (name: string) => disputes.find((d) => BigInt(d.order_id as string) === ids[name])!;
    const lower = (a: string) => a.toLowerCase();

    const replaced = of("replaced");
    expect(replaced).toMatchObject({ phase: "Ruling", round: 1, ruling: "Seller", resolution: "Arbitrator", step: 5 });
    expect(replaced).toMatchObject({ fee: 4000000, buyer_deposited: true, seller_deposited: true, arbitrator_fee: 4000000 });
    expect(replaced.replaced_arbitrators as string[]).toHaveLength(1);
    // Deposits included: the seller won the order and its deposit back.
    expect(replaced).toMatchObject({ seller_paid: 84000000, buyer_paid: 0, deadline: null });

    expect(of("settled")).toMatchObject({
      offer_buyer_amount: 20000000,
      offer_proposer: lower(chain.alice.address),
      offer_step: 3,
      step: 3,
      // Both deposits (2.5 USDC each) came back with the split.
      buyer_paid: 22500000,
      seller_paid: 32500000,
      arbitrator_fee: 0,
      resolution: null,
    });

    const defaulted = of("defaulted");
    expect(defaulted).toMatchObject({
      phase: "AwaitingDeposit",
      resolution: "Default",
      ruling: "Buyer",
      opened_by: lower(chain.carol.address),
      fee: 2000000, // 5% of 25 USDC is below the token's 2 USDC minimum
      buyer_deposited: true,
      seller_deposited: false,
      buyer_paid: 27000000,
      seller_paid: 0,
    });
    expect(Number(defaulted.response_deadline) - Number(defaulted.opened_at)).toBe(48 * 3600);

    const escalated = of("escalated");
    expect(escalated).toMatchObject({
      phase: "Escalated",
      step: 3,
      resolution: "FallbackArbitrator",
      ruling: "Seller",
      fallback_arbitrator: lower(chain.fallbackArbitrator!),
      buyer_paid: 0,
      seller_paid: 34000000, // the order, its own deposit and the loser's
      arbitrator_fee: 0,
      deadline: null,
    });
    expect(Number(escalated.fallback_at) - Number(escalated.fee_paid_at)).toBe(24 * 3600);
    expect(escalated.escalated_at).not.toBeNull();

    // The offer was made at step 1; the seller's deposit moved the dispute to step 2, so it lapsed.
    expect(of("offered")).toMatchObject({
      phase: "Drawing",
      step: 2,
      offer_proposer: lower(chain.carol.address),
      offer_buyer_amount: 12000000,
      offer_step: 1,
      closed_at: null,
      resolution: null,
    });
  });

  it("records evidence, arbitrators, their weights, earnings and the pool", async () => {
    const evidence = await rows<Record<string, unknown>>("evidence");
    expect(evidence).toEqual([expect.objectContaining({ uri: "ipfs://bafy-delivery-proof", submitter: chain.dave.address.toLowerCase() })]);

    const arbitrators = await rows<Record<string, number | string | boolean>>("arbitrators");
    expect(arbitrators).toHaveLength(3);
    const sum = (key: string) => arbitrators.reduce((s, a) => s + Number(a[key]), 0);
    expect(sum("cases_assigned")).toBe(5);
    expect(sum("cases_resolved")).toBe(3);
    expect(sum("cases_missed")).toBe(1);
    expect(sum("cases_settled")).toBe(1);
    expect(sum("open_cases")).toBe(0);
    const missed = arbitrators.find((a) => Number(a.cases_missed) === 1)!;
    // Twice the case's 4 USDC fee, well under the 10%-of-stake cap, went to the slash recipient.
    expect(missed).toMatchObject({ slashed: 8000000, stake: 492000000 });
    // Its rulings (if any) came before the miss, and no ruling lifts reputation past the starting 50.
    expect(missed.reputation).toBe(40);
    // Weight is stake × reputation / 100, and nothing below the minimum stake: the slash took the
    // missed arbitrator under it.
    const minStake = 500n * M;
    for (const a of arbitrators) {
      const stake = BigInt(a.stake as number);
      expect(a.weight_queued, `${a.address}`).toBe(false);
      expect(BigInt(a.weight as number), `${a.address}`).toBe(stake < minStake ? 0n : (stake * BigInt(a.reputation as number)) / 100n);
    }
    expect(missed.weight).toBe(0);

    const earnings = await rows<{ amount: string; rulings: number }>("arbitrator_earnings");
    expect(earnings.reduce((s, e) => s + BigInt(e.amount), 0n)).toBe(19n * M);
    expect(earnings.reduce((s, e) => s + e.rulings, 0)).toBe(3);

    const [pool] = await rows<Record<string, unknown>>("pool_config");
    expect(pool).toMatchObject({
      pool: chain.pool.toLowerCase(),
      escrow: chain.escrow.toLowerCase(),
      slash_recipient: chain.deployer.address.toLowerCase(),
      open_draws: 1, // the offered order's
    });
  });

  it("records the escrow's windows, its tokens' bounds and credits withdrawn", async () => {
    const [config] = await rows<Record<string, unknown>>("escrow_config");
    expect(config).toMatchObject({
      response_window: 48 * 3600,
      draw_window: 24 * 3600,
      fallback_arbitrator: chain.fallbackArbitrator!.toLowerCase(),
    });
    const tokens = await rows<Record<string, unknown>>("token_configs");
    expect(tokens.map((t) => t.token).sort()).toEqual([chain.tokens.USDC, chain.tokens.USDT].map((t) => t.toLowerCase()).sort());
    for (const t of tokens) expect(t).toMatchObject({ allowed: true, min_amount: 10000000, max_amount: 0, min_arbitration_fee: 2000000 });

    const credits = await rows<Record<string, unknown>>("credits");
    expect(credits).toEqual([
      expect.objectContaining({
        contract: "P2PEscrow",
        account: chain.bob.address.toLowerCase(),
        token: chain.tokens.USDC.toLowerCase(),
        credited: 60000000,
        withdrawn: 60000000,
        balance: 0,
      }),
    ]);
  });

  it("aggregates per-user stats and daily volume per token", async () => {
    const stats = await rows<Record<string, number | string>>("user_stats");
    const of = (address: string) => stats.find((s) => s.address === address.toLowerCase())!;
    expect(of(chain.alice.address)).toMatchObject({
      trades_as_buyer: 6,
      completed: 2,
      disputes_opened: 2,
      disputes_won: 1,
      disputes_lost: 1,
    });
    expect(of(chain.bob.address)).toMatchObject({ trades_as_seller: 6, disputes_lost: 1, disputes_won: 1, disputes_opened: 1 });
    // Carol won the default she opened, lost the ruling she opened and the one Bob opened against her.
    expect(of(chain.carol.address)).toMatchObject({ disputes_opened: 3, disputes_won: 1, disputes_lost: 2 });
    const aliceVolume = Object.fromEntries(
      Object.entries(of(chain.alice.address).volume as unknown as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(aliceVolume).toEqual({ [chain.tokens.USDC.toLowerCase()]: "352000000" });
    const volume = await rows<{ token: string; volume_created: string; orders_created: number }>("daily_volume");
    const created = (token: string) =>
      volume.filter((v) => v.token === token.toLowerCase()).reduce((s, v) => s + BigInt(v.volume_created), 0n);
    expect(created(chain.tokens.USDC)).toBe(742n * M);
    expect(created(chain.tokens.USDT)).toBe(30n * M);
  });

  // The indexer benchmark's baseline (scripts/lib/indexer-baseline) is only a fair comparison if it
  // writes what Ponder writes: here, over every lifecycle and every handler.
  it("is written row for row by the benchmark's baseline from the same events", async () => {
    const range = {
      databaseUrl: postgres.url,
      schema: "lifecycles_baseline",
      rpcUrl: chain.node.url,
      chainId: chain.chainId,
      contracts: [
        { name: "P2PEscrow", address: chain.escrow, abi: escrowAbi },
        { name: "ArbitratorPool", address: chain.pool, abi: arbitratorPoolAbi },
      ],
      fromBlock: String(Math.min(chain.record.contracts.P2PEscrow.blockNumber, chain.record.contracts.ArbitratorPool.blockNumber)),
      toBlock: String(await chain.client.getBlockNumber()),
      chunkBlocks: 10,
    };
    await promisify(execFile)(process.execPath, [BASELINE_CLI, JSON.stringify(range)]);
    expect(await snapshotTables(postgres.url, "lifecycles_baseline")).toEqual(await snapshotTables(postgres.url, "lifecycles"));
  });
});
