// GET /metrics/chain-lag: how far the indexer is behind each chain's head, for Prometheus. Ponder's
// own /metrics (a path it reserves) has the synced and indexed positions (`ponder_sync_block`,
// `ponder_indexing_timestamp`) but never the chain's head, so it cannot say how far behind it is;
// this adds the head, read from the chain's RPC at scrape time, next to the last indexed block.
// Series and alerts: docs/metrics.md.
import { db, publicClients } from "ponder:api";
import { sql } from "ponder";
import { Gauge, Registry } from "prom-client";
import type { PublicClient } from "viem";

const HEAD_TIMEOUT_MS = 2_000;

/**
 * Ponder's checkpoint string (ponder/src/utils/checkpoint.ts, also what its /status decodes): 10
 * digits of block timestamp, 16 of chain id, then 16 of block number.
 */
function decodeCheckpoint(checkpoint: string): { blockTimestamp: number; blockNumber: number } {
  return { blockTimestamp: Number(checkpoint.slice(0, 10)), blockNumber: Number(checkpoint.slice(26, 42)) };
}

const registry = new Registry();
const labelNames = ["chain", "chain_id"] as const;
const head = new Gauge({
  name: "p2p_indexer_chain_head_block",
  help: "The chain's latest block, from its RPC",
  labelNames,
  registers: [registry],
});
const indexed = new Gauge({ name: "p2p_indexer_indexed_block", help: "The last block indexed", labelNames, registers: [registry] });
const lagBlocks = new Gauge({
  name: "p2p_indexer_lag_blocks",
  help: "Blocks between the chain's head and the last indexed block",
  labelNames,
  registers: [registry],
});
const lagSeconds = new Gauge({
  name: "p2p_indexer_lag_seconds",
  help: "Seconds between the head block's timestamp and the last indexed block's",
  labelNames,
  registers: [registry],
});
const headUp = new Gauge({
  name: "p2p_indexer_chain_head_up",
  help: "1 when the chain's RPC answered this scrape",
  labelNames,
  registers: [registry],
});

interface CheckpointRow {
  chain_name: string;
  chain_id: string | number;
  latest_checkpoint: string;
}

let inflight: Promise<{ contentType: string; body: string }> | null = null;

/** Prometheus' text for the current lag of every indexed chain; concurrent scrapes share one reading. */
export function chainLagMetrics(): Promise<{ contentType: string; body: string }> {
  inflight ??= measure().finally(() => {
    inflight = null;
  });
  return inflight;
}

async function measure(): Promise<{ contentType: string; body: string }> {
  // The API's read-only connections have Ponder's own schema on their search path.
  const { rows } = await db.execute(sql`select chain_name, chain_id, latest_checkpoint from _ponder_checkpoint`);
  registry.resetMetrics();
  await Promise.all(
    (rows as unknown as CheckpointRow[]).map(async (row) => {
      const labels = { chain: row.chain_name, chain_id: String(row.chain_id) };
      const at = decodeCheckpoint(row.latest_checkpoint);
      indexed.set(labels, at.blockNumber);
      const client = (publicClients as Record<string, PublicClient | undefined>)[row.chain_name];
      const latest = await Promise.race([
        client?.getBlock({ blockTag: "latest" }),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HEAD_TIMEOUT_MS).unref()),
      ]).catch(() => undefined);
      headUp.set(labels, latest ? 1 : 0);
      if (!latest) return;
      head.set(labels, Number(latest.number));
      lagBlocks.set(labels, Math.max(0, Number(latest.number) - at.blockNumber));
      lagSeconds.set(labels, Math.max(0, Number(latest.timestamp) - at.blockTimestamp));
    }),
  );
  return { contentType: registry.contentType, body: await registry.metrics() };
}
