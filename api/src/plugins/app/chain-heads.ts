// The latest block of each chain, for confirmation counts. Read from the chain's RPC (RPC_URL_<id>)
// at most about once a second per chain, however many requests ask; without an RPC URL, the
// indexer's checkpoint from its /status stands in (a lower bound of the head).
import { ponderStatus } from "@p2p-escrow/indexer/status";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createPublicClient, http, type PublicClient } from "viem";

const TTL_MS = 1_000;
const TIMEOUT_MS = 2_000;

export interface ChainHeads {
  /** The chain's head block, or null when neither the RPC nor the indexer answers. */
  head(chainId: number): Promise<bigint | null>;
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

    const indexer = ponderStatus(app.config.INDEXER_URL, { timeoutMs: TIMEOUT_MS });
    const fromIndexer = async (chainId: number): Promise<bigint | null> => {
      const block = await indexer.indexedBlock(chainId);
      return block === undefined ? null : BigInt(block);
    };

    const read = (chainId: number): Promise<bigint | null> => {
      const client = clients.get(chainId);
      const value = client ? client.getBlockNumber({ cacheTime: 0 }) : fromIndexer(chainId);
      return value.catch((err) => {
        app.log.warn({ err, chainId }, "chain head unavailable");
        return null;
      });
    };

    app.decorate("chainHeads", {
      head(chainId) {
        const now = Date.now();
        const cached = cache.get(chainId);
        if (cached && now - cached.at < TTL_MS) return cached.value;
        // The promise itself is cached, so concurrent requests share one RPC call.
        const value = read(chainId);
        cache.set(chainId, { at: now, value });
        return value;
      },
    } satisfies ChainHeads);
  },
  { name: "chain-heads" },
);
