// How far the indexer deployment the API serves has got, read from the views schema itself: Ponder's
// `_ponder_meta` (backfill done) and `_ponder_checkpoint` (last block per chain) views of the
// deployment the views show. Not from an indexer's HTTP /status: during a rollout the views move
// from one deployment to another in one transaction (docs/indexer-rollout.md), and readiness then
// follows the data the API actually serves, with no indexer address to repoint. The chain's head
// comes from its RPC (RPC_URL_<chainId>); a chain without one reports no lag figure.
import { type Kysely, sql } from "kysely";
import { createPublicClient, http, type PublicClient } from "viem";
import type { Database } from "../db/database.ts";
import { blockOfCheckpoint, PONDER_CHECKPOINT_TABLE, PONDER_META_TABLE, timestampOfCheckpoint } from "../db/indexer-views/progress.ts";

const TIMEOUT_MS = 2_000;

export interface IndexedCheckpoint {
  chainId: number;
  blockNumber: number;
  /** Unix seconds of that block. */
  timestamp: number;
}

/** The shown deployment's progress, or an error when the views are not there (not published yet). */
export type IndexedProgress = { published: true; backfilled: boolean; chains: IndexedCheckpoint[] } | { published: false; error: string };

/** Reads the progress of the deployment the views in `viewsSchema` show. */
export async function indexedProgress(db: Kysely<Database>, viewsSchema: string): Promise<IndexedProgress> {
  try {
    const meta = await sql<{ value: { is_ready?: number } }>`select value from ${sql.table(`${viewsSchema}.${PONDER_META_TABLE}`)}
      where key = 'app'`.execute(db);
    const checkpoints = await sql<{ chain_id: string; latest_checkpoint: string }>`select chain_id::text, latest_checkpoint
      from ${sql.table(`${viewsSchema}.${PONDER_CHECKPOINT_TABLE}`)}`.execute(db);
    return {
      published: true,
      backfilled: meta.rows[0]?.value.is_ready === 1,
      chains: checkpoints.rows.map((r) => ({
        chainId: Number(r.chain_id),
        blockNumber: Number(blockOfCheckpoint(r.latest_checkpoint)),
        timestamp: timestampOfCheckpoint(r.latest_checkpoint),
      })),
    };
  } catch (error) {
    return { published: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface ChainLag {
  chainId: number;
  indexedBlock: number;
  headBlock: number | null;
  lagBlocks: number | null;
}

export interface IndexerStatus {
  /** The views schema shows a deployment (the views step or a rollout has published one). */
  published: boolean;
  /** That deployment's historical backfill is done. */
  backfilled: boolean;
  chains: ChainLag[];
  error?: string;
}

export function createIndexerStatus(db: Kysely<Database>, viewsSchema: string, rpcUrls: Record<number, string>) {
  const clients = new Map<number, PublicClient>();
  for (const [id, url] of Object.entries(rpcUrls))
    clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: TIMEOUT_MS, retryCount: 0 }) }));

  return async function indexerStatus(): Promise<IndexerStatus> {
    const progress = await indexedProgress(db, viewsSchema);
    if (!progress.published) return { published: false, backfilled: false, chains: [], error: progress.error };
    const chains = await Promise.all(
      progress.chains.map(async ({ chainId, blockNumber }): Promise<ChainLag> => {
        const client = clients.get(chainId);
        const head = client ? await client.getBlockNumber({ cacheTime: 0 }).then(Number, () => null) : null;
        return { chainId, indexedBlock: blockNumber, headBlock: head, lagBlocks: head === null ? null : Math.max(0, head - blockNumber) };
      }),
    );
    return { published: true, backfilled: progress.backfilled, chains };
  };
}
