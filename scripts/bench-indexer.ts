// Indexer benchmark. In one run, on one local chain and one PostgreSQL:
//   - backfill rate of the Ponder indexer vs a naive baseline (viem getLogs in chunks, decoded,
//     inserted into PostgreSQL in batches), over at least 20,000 order events;
//   - realtime latency, from a transaction being mined to its order row being readable.
// Writes bench/indexer.json. Figures from a shared, noisy machine: compare the ratio.
import { mkdir, writeFile } from "node:fs/promises";
import pg from "pg";
import { createPublicClient, http, keccak256, parseEventLogs, toHex } from "viem";
import { escrowAbi, stablecoinAbi } from "../contracts/generated/deployments.ts";
import { startEscrowChain, writeIndexerDeployments } from "./lib/harness/escrow-chain.ts";
import { startIndexer } from "./lib/stack/indexer.ts";
import { startPostgres } from "./lib/stack/postgres.ts";
import { waitFor } from "./lib/wait-for.ts";

const CREATED = 15_000;
const CANCELLED = 5_000;
const REALTIME_ORDERS = 200;
const GET_LOGS_CHUNK = 10; // blocks per eth_getLogs: each block holds up to 250 orders
const INSERT_BATCH = 1_000;

const log = (line: string) => console.log(line);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

log("starting a Hardhat node and PostgreSQL, deploying the stack");
const [chain, postgres] = await Promise.all([startEscrowChain(), startPostgres()]);
try {
  await chain.fund();
  log(`putting ${CREATED} orders on chain, and cancelling ${CANCELLED} of them`);
  const batcher = await chain.bulkOrders(CREATED, { perTransaction: 250 });
  for (let first = 1; first <= CANCELLED; first += 250) {
    const ids = Array.from({ length: Math.min(250, CANCELLED - first + 1) }, (_, i) => BigInt(first + i));
    await chain.deployer.write(batcher.address, batcher.abi, "cancelOrders", [ids]);
  }
  // Bury the data under Ponder's finality depth for unknown chains (30 blocks), so all of it is
  // backfilled rather than followed block by block in realtime.
  const lastEventBlock = await chain.client.getBlockNumber();
  await chain.mine(31);
  const head = await chain.client.getBlockNumber();
  const fromBlock = BigInt(chain.record.contracts.P2PEscrow.blockNumber);
  const events = CREATED + CANCELLED;

  // --- Ponder backfill ---------------------------------------------------------------
  const deploymentsFile = await writeIndexerDeployments([chain]);
  const t0 = performance.now();
  // Ponder serves /health once it has built the app and set up its tables, right before the
  // backfill starts: the backfill is timed from there, the whole run from process start.
  const indexer = await startIndexer({
    databaseUrl: postgres.url,
    deploymentsFile,
    rpcUrls: { [chain.chainId]: chain.node.url },
    schema: "bench_ponder",
    logLevel: process.env.BENCH_PONDER_LOG_LEVEL as "info" | undefined,
    until: "listening",
  });
  const t0Backfill = performance.now();
  await indexer.waitForBlock(chain.chainId, lastEventBlock, 600_000);
  const ponderMs = performance.now() - t0Backfill;
  const ponderWallMs = performance.now() - t0;
  log(`ponder: ${events} events backfilled in ${seconds(ponderMs)} s (${seconds(ponderWallMs)} s from process start)`);
  if (process.env.BENCH_PONDER_LOG_LEVEL) log(indexer.output());

  // --- Naive baseline ------------------------------------------------------------------
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  await db.query(`CREATE TABLE bench_baseline_events (
    chain_id integer, block_number bigint, log_index integer, event text, order_id numeric(78),
    args jsonb, PRIMARY KEY (chain_id, block_number, log_index))`);
  const client = createPublicClient({ transport: http(chain.node.url) });
  const t1 = performance.now();
  let inserted = 0;
  let pending: unknown[][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const values = pending.map((_, i) => `($${i * 6 + 1},$${i * 6 + 2},$${i * 6 + 3},$${i * 6 + 4},$${i * 6 + 5},$${i * 6 + 6})`);
    await db.query(`INSERT INTO bench_baseline_events VALUES ${values.join(",")}`, pending.flat());
    inserted += pending.length;
    pending = [];
  };
  for (let from = fromBlock; from <= head; from += BigInt(GET_LOGS_CHUNK)) {
    const to = from + BigInt(GET_LOGS_CHUNK) - 1n > head ? head : from + BigInt(GET_LOGS_CHUNK) - 1n;
    const logs = parseEventLogs({ abi: escrowAbi, logs: await client.getLogs({ address: chain.escrow, fromBlock: from, toBlock: to }) });
    for (const entry of logs) {
      const args = entry.args as Record<string, unknown>;
      pending.push([
        chain.chainId,
        entry.blockNumber.toString(),
        entry.logIndex,
        entry.eventName,
        "orderId" in args ? String(args.orderId) : null,
        JSON.stringify(args, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
      ]);
      if (pending.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
  const baselineMs = performance.now() - t1;
  const baselineEvents = Number(
    (await db.query("SELECT count(*) FROM bench_baseline_events WHERE event IN ('OrderCreated','OrderCancelled')")).rows[0].count,
  );
  log(`baseline: ${inserted} events (${baselineEvents} order events) in ${seconds(baselineMs)} s`);

  // --- Realtime latency ------------------------------------------------------------------
  log(`realtime: ${REALTIME_ORDERS} orders, each timed from its receipt to its row`);
  await indexer.waitForBlock(chain.chainId, await chain.client.getBlockNumber(), 120_000); // caught up first
  const nextId = await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "nextOrderId" });
  await chain.alice.write(chain.tokens.USDC, stablecoinAbi, "approve", [chain.escrow, 10n ** 30n]);
  const mined = new Map<bigint, number>();
  const seen = new Map<bigint, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const { rows } = await db.query("SELECT order_id FROM bench_ponder.orders WHERE order_id >= $1", [nextId.toString()]);
      const now = performance.now();
      for (const row of rows) if (!seen.has(BigInt(row.order_id))) seen.set(BigInt(row.order_id), now);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  for (let i = 0; i < REALTIME_ORDERS; i++) {
    // The smallest order the local chain takes (10 tokens), at any protocol fee up to the cap.
    const receipt = await chain.alice.escrow("createOrder", [
      chain.bob.address,
      chain.tokens.USDC,
      10_000_000n,
      keccak256(toHex(`rt-${i}`)),
      100n,
    ]);
    mined.set(nextId + BigInt(i), performance.now());
    void receipt;
    await new Promise((r) => setTimeout(r, 100));
  }
  await waitFor(async () => seen.size >= REALTIME_ORDERS, { timeoutMs: 60_000, what: "every realtime order to be indexed" });
  watching = false;
  await watcher;
  const latencies = [...mined].map(([id, t]) => seen.get(id)! - t).sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;

  await indexer.stop();
  await db.end();

  const ponderRate = events / (ponderMs / 1000);
  const baselineRate = baselineEvents / (baselineMs / 1000);
  const result = {
    orderEvents: events,
    blocks: Number(head - fromBlock + 1n),
    ponder: { seconds: +seconds(ponderMs), eventsPerSecond: Math.round(ponderRate), secondsFromProcessStart: +seconds(ponderWallMs) },
    baseline: {
      seconds: +seconds(baselineMs),
      eventsPerSecond: Math.round(baselineRate),
      getLogsChunkBlocks: GET_LOGS_CHUNK,
      insertBatch: INSERT_BATCH,
    },
    ponderToBaselineRatio: +(ponderRate / baselineRate).toFixed(3),
    realtime: { orders: REALTIME_ORDERS, p50Ms: Math.round(percentile(50)), p95Ms: Math.round(percentile(95)), pollingIntervalMs: 1000 },
  };
  await mkdir(new URL("../bench/", import.meta.url), { recursive: true });
  await writeFile(new URL("../bench/indexer.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${JSON.stringify(result, null, 2)}`);
  log(`\nponder / baseline backfill rate: ${result.ponderToBaselineRatio} (target ≥ 0.5)`);
  log(`realtime p50 ${result.realtime.p50Ms} ms, p95 ${result.realtime.p95Ms} ms (target p95 ≤ 1500 ms)`);
  log("written to bench/indexer.json");
} finally {
  await chain.node.stop();
  await postgres.stop();
}
