import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { INDEXED_TABLES } from "../../scripts/lib/harness/indexed-tables.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

/** Row count and an md5 over the ordered rows of every indexed table. */
async function checksums(databaseUrl: string, schema: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const table of INDEXED_TABLES) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5
           FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} t`,
      );
      result[table] = rows[0];
    }
    return result;
  } finally {
    await client.end();
  }
}

// Each step below bounds its own wait (60 s for progress, 120 s per index to the head); the tests'
// timeouts only have to outlast those, even on a loaded machine.
const TEST_TIMEOUT_MS = 360_000;

describe("the indexer under failure", () => {
  let chain: EscrowChain | undefined;
  let postgres: RunningPostgres | undefined;
  const indexers: RunningIndexer[] = [];
  let following: RunningIndexer | undefined; // the resumed indexer, left following the chain

  afterAll(async () => {
    await Promise.all(indexers.map((i) => i.kill()));
    await chain?.node.stop();
    await postgres?.stop();
  });

  // Resolves as soon as Ponder answers HTTP, with the backfill under way.
  const start = async (schema: string) => {
    const indexer = await startIndexer({
      databaseUrl: postgres!.url,
      deploymentsFile: await writeIndexerDeployments([chain!]),
      rpcUrls: { [chain!.chainId]: chain!.node.url },
      schema,
      until: "listening",
    });
    indexers.push(indexer);
    return indexer;
  };

  it(
    "resumes after kill -9 mid-backfill with no duplicate row and no constraint error",
    async () => {
      chain = await startEscrowChain();
      postgres = await startPostgres();
      await chain.fund();
      await chain.bulkOrders(4_000, { perTransaction: 100 });
      const head = await chain.client.getBlockNumber();
      const firstBlock = BigInt(chain.record.contracts.P2PEscrow.blockNumber);

      const crashed = await start("crash");
      // Kill it once it has committed some of the backfill but not all of it.
      const reached = await waitFor(
        async () => {
          const block = await crashed.status.indexedBlock(chain!.chainId);
          return block !== undefined && BigInt(block) > firstBlock ? block : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 20, what: "backfill progress" },
      );
      await crashed.kill();
      expect(BigInt(reached)).toBeLessThan(head);

      following = await start("crash");
      const resumed = following;
      await resumed.waitForBlock(chain.chainId, head, 120_000);
      expect(resumed.output()).not.toMatch(/duplicate key|violates .* constraint/i);

      const clean = await start("clean");
      await clean.waitForBlock(chain.chainId, head, 120_000);
      const after = await checksums(postgres.url, "crash");
      expect(after.orders.rows).toBe(4_000);
      expect(after).toEqual(await checksums(postgres.url, "clean"));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "survives a PostgreSQL restart mid-run without losing a row",
    async () => {
      const live = following!;
      await chain!.createOrder(chain!.alice, chain!.dave, 13n);

      await postgres!.stop();
      await chain!.createOrder(chain!.carol, chain!.dave, 14n);
      const restarted = await startPostgresAgain(postgres!);
      await chain!.createOrder(chain!.alice, chain!.bob, 15n);
      const head = await chain!.client.getBlockNumber();

      // The indexer either recovers on its own or exits saying why; then a restart picks it up.
      let indexer = live;
      const outcome = await Promise.race([
        live.waitForBlock(chain!.chainId, head, 60_000).then(() => "recovered" as const),
        live.exited.then(() => "exited" as const),
      ]);
      if (outcome === "exited") {
        expect(live.output()).toMatch(/database|connect|terminat|ECONNREFUSED/i);
        indexer = await start("crash");
        await indexer.waitForBlock(chain!.chainId, head, 120_000);
      }
      const clean = await start("clean_after_restart");
      await clean.waitForBlock(chain!.chainId, head, 120_000);
      const rows = await checksums(restarted.url, "crash");
      expect(rows.orders.rows).toBe(4_003);
      expect(rows).toEqual(await checksums(restarted.url, "clean_after_restart"));
    },
    TEST_TIMEOUT_MS,
  );
});

/** Starts the same PostgreSQL data directory on the same port again. */
async function startPostgresAgain(previous: RunningPostgres) {
  const server = await startPostgres({ dataDir: previous.dataDir, port: previous.port });
  previous.stop = server.stop;
  return server;
}
