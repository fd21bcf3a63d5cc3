// Indexer benchmark. In one run, on one local chain and one PostgreSQL:
//   - backfill rate of the Ponder indexer vs a plain baseline that runs the same handlers over
//     the same events and writes the same tables (scripts/lib/indexer-baseline), checked equal
//     row for row, over at least 20,000 order events;
//   - realtime latency, from a transaction being mined to its order row being readable.
// Writes bench/indexer.json. Figures from a shared, noisy machine: compare the ratio.
import { mkdir, writeFile } from "node:fs/promises";
import pg from "pg";
import { keccak256, toHex } from "viem";
import { arbitratorPoolAbi, escrowAbi, stablecoinAbi } from "../contracts/generated/deployments.ts";
import { startEscrowChain, writeIndexerDeployments } from "./lib/harness/escrow-chain.ts";
import { INDEXED_TABLES, snapshotTables } from "./lib/harness/indexed-tables.ts";
import { startCountingRpcProxy } from "./lib/harness/rpc-proxy.ts";
import { prepareBaseline } from "./lib/indexer-baseline/index.ts";
import { startIndexer } from "./lib/stack/indexer.ts";
import { startPostgres } from "./lib/stack/postgres.ts";
import { waitFor } from "./lib/wait-for.ts";

const CREATED = 15_000;
const CANCELLED = 5_000;
const REALTIME_ORDERS = 200;
const GET_LOGS_CHUNK = 10; // the baseline's blocks per eth_getLogs and per write: each block holds up to 250 orders
const PONDER_SCHEMA = "bench_ponder";
const BASELINE_SCHEMA = "bench_baseline";

const log = (line: string) => console.log(line);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

log("starting a Hardhat node and PostgreSQL, deploying the stack");
const [chain, postgres] = await Promise.all([startEscrowChain(), startPostgres()]);
const proxies: { stop: () => Promise<void> }[] = [];
try {
  await chain.fund();
  log(`putting ${CREATED} orders on chain, and cancelling ${CANCELLED} of them`);
  const batcher = await chain.bulkOrders(CREATED, { perTransaction: 250 });
  for (let first = 1; first <= CANCELLED; first += 250) {
    const ids = Array.from({ length: Math.min(250, CANCELLED - first + 1) }, (_, i) => BigInt(first + i));
    await batcher.write("cancelOrders", [ids]);
  }
  // Bury the data under Ponder's finality depth for unknown chains (30 blocks), so all of it is
  // backfilled rather than followed block by block in realtime.
  const lastEventBlock = await chain.client.getBlockNumber();
  await chain.mine(31);
  const head = await chain.client.getBlockNumber();
  const fromBlock = BigInt(Math.min(chain.record.contracts.P2PEscrow.blockNumber, chain.record.contracts.ArbitratorPool.blockNumber));

  // --- Ponder backfill ---------------------------------------------------------------
  // Each side reaches the node through its own counting proxy, so both pay the same hop and the
  // JSON-RPC calls each made are recorded.
  const ponderRpc = await startCountingRpcProxy(chain.node.url);
  proxies.push(ponderRpc);
  const deploymentsFile = await writeIndexerDeployments([chain]);
  const t0 = performance.now();
  // Ponder serves /health once it has built the app and set up its tables, right before the
  // backfill starts: the backfill is timed from there to /ready (every finalized block indexed and
  // the tables' indexes built), the whole run from process start.
  const indexer = await startIndexer({
    databaseUrl: postgres.url,
    deploymentsFile,
    rpcUrls: { [chain.chainId]: ponderRpc.url },
    schema: PONDER_SCHEMA,
    logLevel: process.env.BENCH_PONDER_LOG_LEVEL as "info" | undefined,
    until: "listening",
  });
  const t0Backfill = performance.now();
  await indexer.waitForBlock(chain.chainId, lastEventBlock, 600_000);
  const ponderLastEventMs = performance.now() - t0Backfill;
  await waitFor(() => indexer.status.backfilled(), { timeoutMs: 600_000, intervalMs: 50, what: "Ponder's backfill to finish" });
  const ponderMs = performance.now() - t0Backfill;
  const ponderWallMs = performance.now() - t0;
  const ponderCalls = ponderRpc.counts();
  log(
    `ponder: backfilled in ${seconds(ponderMs)} s (last event's block at ${seconds(ponderLastEventMs)} s, ${seconds(ponderWallMs)} s from process start)`,
  );
  if (process.env.BENCH_PONDER_LOG_LEVEL) log(indexer.output());

  // --- Baseline: the same handlers, the same tables --------------------------------------
  const baselineRpc = await startCountingRpcProxy(chain.node.url);
  proxies.push(baselineRpc);
  const baseline = await prepareBaseline({ databaseUrl: postgres.url, schema: BASELINE_SCHEMA });
  const t1 = performance.now();
  const indexed = await baseline.index({
    rpcUrl: baselineRpc.url,
    chainId: chain.chainId,
    contracts: [
      { name: "P2PEscrow", address: chain.escrow, abi: escrowAbi },
      { name: "ArbitratorPool", address: chain.pool, abi: arbitratorPoolAbi },
    ],
    fromBlock,
    toBlock: head,
    chunkBlocks: GET_LOGS_CHUNK,
  });
  const baselineMs = performance.now() - t1;
  await baseline.close();
  const baselineCalls = baselineRpc.counts();
  log(`baseline: ${indexed.events} events, ${indexed.rows} row writes, in ${seconds(baselineMs)} s`);

  // The comparison is only fair if both wrote the same thing.
  const [ponderTables, baselineTables] = await Promise.all([
    snapshotTables(postgres.url, PONDER_SCHEMA),
    snapshotTables(postgres.url, BASELINE_SCHEMA),
  ]);
  const differing = INDEXED_TABLES.filter((table) => JSON.stringify(ponderTables[table]) !== JSON.stringify(baselineTables[table]));
  if (differing.length > 0) throw new Error(`the baseline's tables differ from Ponder's: ${differing.join(", ")}`);
  const rowCounts = Object.fromEntries(INDEXED_TABLES.map((table) => [table, ponderTables[table]!.length]));
  log(`both wrote the same rows: ${JSON.stringify(rowCounts)}`);

  // --- Realtime latency ------------------------------------------------------------------
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  log(`realtime: ${REALTIME_ORDERS} orders, each timed from its receipt to its row`);
  await indexer.waitForBlock(chain.chainId, await chain.client.getBlockNumber(), 120_000); // caught up first
  const nextId = await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "nextOrderId" });
  await chain.alice.write(chain.tokens.USDC, stablecoinAbi, "approve", [chain.escrow, 10n ** 30n]);
  const mined = new Map<bigint, number>();
  const seen = new Map<bigint, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const { rows } = await db.query(`SELECT order_id FROM ${PONDER_SCHEMA}.orders WHERE order_id >= $1`, [nextId.toString()]);
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

  // Both handled the same events (the deployment's configuration events, then the orders).
  const ponderRate = indexed.events / (ponderMs / 1000);
  const baselineRate = indexed.events / (baselineMs / 1000);
  const result = {
    orderEvents: CREATED + CANCELLED,
    events: indexed.events,
    blocks: Number(head - fromBlock + 1n),
    rows: rowCounts,
    ponder: {
      seconds: +seconds(ponderMs),
      eventsPerSecond: Math.round(ponderRate),
      secondsToLastEventBlock: +seconds(ponderLastEventMs),
      secondsFromProcessStart: +seconds(ponderWallMs),
      rpcCalls: ponderCalls,
    },
    baseline: {
      seconds: +seconds(baselineMs),
      eventsPerSecond: Math.round(baselineRate),
      getLogsChunkBlocks: GET_LOGS_CHUNK,
      rowWrites: indexed.rows,
      rpcCalls: baselineCalls,
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
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await chain.node.stop();
  await postgres.stop();
}
