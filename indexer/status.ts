// Ponder's own HTTP endpoints, read in one way by the API, the dev stack, the tests and the benchmarks:
//   GET /health  200 as soon as the HTTP server runs (Ponder starts it as the backfill begins);
//   GET /ready   200 once the historical backfill is done (started with --views-schema, as in development,
//                it has then published the views; production indexers leave that to the views step);
//   GET /status  each chain's indexed checkpoint, keyed by chain name.

/** How far the indexer has got on one chain. */
export interface IndexedCheckpoint {
  chainId: number;
  blockNumber: number; // last block indexed
  timestamp: number; // unix seconds of that block
}

/** What GET /status answered: every chain's checkpoint, or the HTTP status it failed with. */
export type IndexerCheckpoints = { ok: true; chains: IndexedCheckpoint[] } | { ok: false; httpStatus: number };

/** The body of Ponder's GET /status (ponder's internal `Status` type, which it does not export). */
type StatusBody = Record<string, { id: number; block: { number: number; timestamp: number } }>;

/**
 * A client for the indexer at `url`. Network errors propagate: callers tell "unreachable" from
 * "not yet" themselves.
 */
export function ponderStatus(url: string, { timeoutMs }: { timeoutMs?: number } = {}) {
  const get = (path: string) => fetch(`${url}${path}`, timeoutMs === undefined ? undefined : { signal: AbortSignal.timeout(timeoutMs) });

  async function checkpoints(): Promise<IndexerCheckpoints> {
    const response = await get("/status");
    if (!response.ok) return { ok: false, httpStatus: response.status };
    const body = (await response.json()) as StatusBody;
    return {
      ok: true,
      chains: Object.values(body).map(({ id, block }) => ({ chainId: id, blockNumber: block.number, timestamp: block.timestamp })),
    };
  }

  return {
    url,
    /** The HTTP server answers. */
    listening: async () => (await get("/health")).ok,
    /** The historical backfill is done. */
    backfilled: async () => (await get("/ready")).ok,
    checkpoints,
    /** The last block indexed on `chainId`, or undefined while there is none (or /status fails). */
    async indexedBlock(chainId: number): Promise<number | undefined> {
      const status = await checkpoints();
      return status.ok ? status.chains.find((c) => c.chainId === chainId)?.blockNumber : undefined;
    },
  };
}

export type PonderStatus = ReturnType<typeof ponderStatus>;
