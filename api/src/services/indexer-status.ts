// How far the indexer is behind each chain: its checkpoint from Ponder's /status, the head from the
// chain's RPC (RPC_URL_<chainId>). A chain without a configured RPC URL reports no lag figure.
import { ponderStatus } from "@p2p-escrow/indexer/status";
import { createPublicClient, http, type PublicClient } from "viem";

const TIMEOUT_MS = 2_000;

export interface ChainLag {
  chainId: number;
  indexedBlock: number;
  headBlock: number | null;
  lagBlocks: number | null;
}

export interface IndexerStatus {
  reachable: boolean;
  /** Ponder's own readiness: the historical backfill is done. */
  backfilled: boolean;
  chains: ChainLag[];
  error?: string;
}

export function createIndexerStatus(indexerUrl: string, rpcUrls: Record<number, string>) {
  const ponder = ponderStatus(indexerUrl, { timeoutMs: TIMEOUT_MS });
  const clients = new Map<number, PublicClient>();
  for (const [id, url] of Object.entries(rpcUrls))
    clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: TIMEOUT_MS, retryCount: 0 }) }));

  return async function indexerStatus(): Promise<IndexerStatus> {
    try {
      const [status, backfilled] = await Promise.all([ponder.checkpoints(), ponder.backfilled()]);
      if (!status.ok) return { reachable: true, backfilled, chains: [], error: `indexer /status answered ${status.httpStatus}` };
      const chains = await Promise.all(
        status.chains.map(async ({ chainId, blockNumber }): Promise<ChainLag> => {
          const client = clients.get(chainId);
          const head = client ? await client.getBlockNumber().then(Number, () => null) : null;
          return { chainId, indexedBlock: blockNumber, headBlock: head, lagBlocks: head === null ? null : Math.max(0, head - blockNumber) };
        }),
      );
      return { reachable: true, backfilled, chains };
    } catch (error) {
      return { reachable: false, backfilled: false, chains: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
}
