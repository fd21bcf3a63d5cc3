// The API on top of real indexed state: a Hardhat node with the stack deployed, the Ponder indexer
// publishing its views into the API's database, and the API built on that same database.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { buildApp } from "../../api/src/app.ts";
import type { Config } from "../../api/src/config/env.ts";
import type { Database } from "../../api/src/db/database.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { rpcUrlEnv } from "../../scripts/lib/stack/rpc-env.ts";
import { freshDatabase, testConfig } from "./helper.ts";

export interface IndexedStack {
  chain: EscrowChain;
  indexer: RunningIndexer;
  app: FastifyInstance;
  db: Kysely<Database>;
  config: Config;
  databaseUrl: string;
  /** Resolves once the indexer has caught up with the chain's current head. */
  synced: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts node, PostgreSQL, indexer and API; the chain is funded and has three arbitrators. The node
 * runs under `chainId` (Hardhat's 31337 unless given): a registry chain's id gives the stack that
 * chain's facts, such as how many confirmations make a change final (contracts/chains.ts).
 */
export async function startIndexedStack(env: Record<string, string> = {}, { chainId }: { chainId?: number } = {}): Promise<IndexedStack> {
  const [chain, postgres] = await Promise.all([startEscrowChain({ chainId }), startPostgres()]);
  const stops: (() => Promise<unknown>)[] = [() => chain.node.stop(), () => postgres.stop()];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    await chain.fund();
    const databaseUrl = await freshDatabase(postgres);
    const rpcUrls = { [chain.chainId]: chain.node.url };
    // Resolves once the backfill is done: Ponder publishes its views then.
    const indexer = await startIndexer({
      databaseUrl,
      deploymentsFile: await writeIndexerDeployments([chain]),
      rpcUrls,
      schema: "ponder_api_test",
      viewsSchema: INDEXER_VIEWS_SCHEMA,
      timeoutMs: 90_000,
    });
    stops.push(() => indexer.stop());
    const config = await testConfig(databaseUrl, { ...rpcUrlEnv(rpcUrls), ...env });
    const app = await buildApp(config);
    await app.ready();
    stops.push(() => app.close());
    const synced = async () => indexer.waitForBlock(chain.chainId, await chain.client.getBlockNumber());
    return { chain, indexer, app, db: app.db, config, databaseUrl, synced, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
