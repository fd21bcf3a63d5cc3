// How far the indexer is behind each chain: its checkpoint from Ponder's /status, the head from the
// chain's RPC (RPC_URL_<chainId>). A chain without a configured RPC URL reports no lag figure.
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
  const clients = new Map<number, PublicClient>();
  for (const [id, url] of Object.entries(rpcUrls)) clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: TIMEOUT_MS, retryCount: 0 }) }));

  return async function indexerStatus(): Promise<IndexerStatus> {
    try {
      const [status, ready] = await Promise.all([
        fetch(`${indexerUrl}/status`, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
        fetch(`${indexerUrl}/ready`, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
      ]);
      if (!status.ok) return { reachable: true, backfilled: ready.ok, chains: [], error: `indexer /status answered ${status.status}` };
      const body = (await status.json()) as Record<string, { id: number; block: { number: number } }>;
      const chains = await Promise.all(
        Object.values(body).map(async ({ id, block }): Promise<ChainLag> => {
          const client = clients.get(id);
          const head = client ? await client.getBlockNumber().then(Number, () => null) : null;
          return { chainId: id, indexedBlock: block.number, headBlock: head, lagBlocks: head === null ? null : Math.max(0, head - block.number) };
        }),
      );
      return { reachable: true, backfilled: ready.ok, chains };
    } catch (error) {
      return { reachable: false, backfilled: false, chains: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
}
