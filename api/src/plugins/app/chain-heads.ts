// The latest block of each chain, for confirmation counts. Read from the chain's RPC (RPC_URL_<id>)
// at most about once a second per chain, however many requests ask; without an RPC URL, the
// checkpoint of the indexer deployment the views show stands in (a lower bound of the head).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createPublicClient, http, type PublicClient } from "viem";
import { type IndexedCheckpoint, indexedProgress } from "../../services/indexer-status.ts";

const TTL_MS = 1_000;
const TIMEOUT_MS = 2_000;

export interface ChainHeads {
  /** The chain's head block, or null when neither the RPC nor the indexer answers. */
  head(chainId: number): Promise<bigint | null>;
  /**
   * The chain's clock: its head block's time (unix seconds), by which its deadlines run; null when
   * neither the RPC nor the indexer answers. The indexer's checkpoint stands in without an RPC URL.
   */
  time(chainId: number): Promise<bigint | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    chainHeads: ChainHeads;
  }
}

interface Cached {
  at: number;
  value: Promise<bigint | null>;
}

export default fp(
  async function chainHeads(app: FastifyInstance) {
    const clients = new Map<number, PublicClient>();
    for (const [id, url] of Object.entries(app.config.rpcUrls)) {
      clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: TIMEOUT_MS, retryCount: 0 }) }));
    }
    const cache = new Map<number, Cached>();
    const clocks = new Map<number, Cached>();

    const checkpointOf = async (chainId: number): Promise<IndexedCheckpoint | undefined> => {
      const progress = await indexedProgress(app.db, app.config.INDEXER_VIEWS_SCHEMA);
      return progress.published ? progress.chains.find((c) => c.chainId === chainId) : undefined;
    };
    const fromIndexer = async (chainId: number): Promise<bigint | null> => {
      const checkpoint = await checkpointOf(chainId);
      return checkpoint === undefined ? null : BigInt(checkpoint.blockNumber);
    };

    const read = (chainId: number): Promise<bigint | null> => {
      const client = clients.get(chainId);
      const value = client ? client.getBlockNumber({ cacheTime: 0 }) : fromIndexer(chainId);
      return value.catch((err) => {
        app.log.warn({ err, chainId }, "chain head unavailable");
        return null;
      });
    };

    const readTime = (chainId: number): Promise<bigint | null> => {
      const client = clients.get(chainId);
      const value = client
        ? client.getBlock({ blockTag: "latest" }).then((block) => block.timestamp)
        : checkpointOf(chainId).then((checkpoint) => (checkpoint === undefined ? null : BigInt(checkpoint.timestamp)));
      return value.catch((err) => {
        app.log.warn({ err, chainId }, "chain clock unavailable");
        return null;
      });
    };

    /** One read per chain and TTL, however many requests ask: the promise itself is cached, so concurrent requests share one RPC call. */
    const cached = (store: Map<number, Cached>, chainId: number, read: (chainId: number) => Promise<bigint | null>) => {
      const now = Date.now();
      const hit = store.get(chainId);
      if (hit && now - hit.at < TTL_MS) return hit.value;
      const value = read(chainId);
      store.set(chainId, { at: now, value });
      return value;
    };

    app.decorate("chainHeads", {
      head: (chainId) => cached(cache, chainId, read),
      time: (chainId) => cached(clocks, chainId, readTime),
    } satisfies ChainHeads);
  },
  { name: "chain-heads" },
);
