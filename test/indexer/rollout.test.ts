// A new indexer version rolled out under a serving API: version A runs as the dev stack runs it
// (`--views-schema indexer`), the API reads the views, orders keep coming; `scripts/indexer-rollout.ts`
// starts version B on its own schema, and switches the views to it once it has caught up. Readers
// never get an error or an older answer than before, and B serves alone once A is stopped.
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../api/src/app.ts";
import { liveSchema } from "../../api/src/db/indexer-views/switch.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { freePort } from "../../scripts/lib/stack/ports.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { rpcUrlEnv } from "../../scripts/lib/stack/rpc-env.ts";
import { type Service, startService } from "../../scripts/lib/stack/service.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { bearer, signIn, testConfig } from "../api/helper.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** One answer the API gave while the rollout ran. */
interface Read {
  at: number; // ms since the readers started
  ms: number;
  profile: number; // HTTP status of GET /profiles/:buyer
  orders: number; // HTTP status of GET /orders
  tradesAsBuyer: number | null;
  listed: number;
}

describe("rolling out a new indexer version", () => {
  let chain: EscrowChain | undefined;
  let postgres: RunningPostgres | undefined;
  let a: RunningIndexer | undefined;
  let rollout: Service | undefined;
  let app: FastifyInstance | undefined;

  afterAll(async () => {
    await rollout?.stop();
    await a?.stop();
    await app?.close();
    await chain?.node.stop();
    await postgres?.stop();
  });

  it("switches the views to version B once it has caught up, the API answering every read throughout with nothing going back", async () => {
    [chain, postgres] = await Promise.all([startEscrowChain(), startPostgres()]);
    const c = chain;
    await c.fund();
    // History for B to backfill: a bulk of other orders, and the buyer's first orders.
    await c.bulkOrders(200, { perTransaction: 200 });
    let placed = 0;
    const placeOrder = async () => {
      await c.createOrder(c.alice, c.bob, 10n);
      placed++;
    };
    for (let i = 0; i < 3; i++) await placeOrder();

    await postgres.createDatabase("rollout");
    const databaseUrl = postgres.urlFor("rollout");
    const deploymentsFile = await writeIndexerDeployments([c]);
    const rpcUrls = { [c.chainId]: c.node.url };
    a = await startIndexer({
      databaseUrl,
      deploymentsFile,
      rpcUrls,
      schema: "rollout_a",
      viewsSchema: INDEXER_VIEWS_SCHEMA,
      until: "head",
    });
    // The readers poll back to back, far past the per-wallet and per-IP limits: lifted, so every answer is the data's.
    const limits = { RATE_LIMIT_WALLET_PER_MINUTE: "1000000", RATE_LIMIT_IP_PER_MINUTE: "1000000" };
    app = await buildApp(await testConfig(databaseUrl, { ...rpcUrlEnv(rpcUrls), ...limits }));
    await app.ready();
    const api = app;
    const token = await signIn(api, c.alice.account);

    // Readers: back to back, what a client polling the buyer's profile and order list sees.
    const reads: Read[] = [];
    let reading = true;
    const began = performance.now();
    const readLoop = (async () => {
      while (reading) {
        const started = performance.now();
        const [profile, orders] = await Promise.all([
          api.inject({ method: "GET", url: `/profiles/${c.alice.address}` }),
          api.inject({ method: "GET", url: "/orders?role=buyer&limit=100", headers: bearer(token) }),
        ]);
        reads.push({
          at: started - began,
          ms: performance.now() - started,
          profile: profile.statusCode,
          orders: orders.statusCode,
          tradesAsBuyer: profile.json().data?.stats?.tradesAsBuyer ?? null,
          listed: orders.json().data?.items?.length ?? -1,
        });
      }
    })();
    // A writer: the chain moves on all through, so B has to chase A's head. Each order waits for A
    // to index it (the pace of a real indexer), and the buyer's list stays within one page.
    let writing = true;
    const writeLoop = (async () => {
      while (writing && placed < 80) {
        await placeOrder();
        await a!.waitForBlock(c.chainId, await c.client.getBlockNumber());
      }
    })();

    try {
      const rolloutStarted = performance.now();
      rollout = await startService({
        name: "the indexer rollout",
        command: process.execPath,
        args: ["scripts/indexer-rollout.ts", "--schema", "rollout_b", "--port", String(await freePort()), "--timeout-minutes", "6"],
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, INDEXER_DEPLOYMENTS_FILE: deploymentsFile, ...rpcUrlEnv(rpcUrls) },
        // Done when the views show B: asked of PostgreSQL, as the API sees it.
        ready: () => withClient(databaseUrl, async (client) => (await liveSchema(client, INDEXER_VIEWS_SCHEMA)) === "rollout_b"),
        timeoutMs: 360_000,
        intervalMs: 50,
      });
      const switchedAt = performance.now() - began;
      const catchUpMs = performance.now() - rolloutStarted;

      // A leaves; the orders placed from here on reach the API through B alone.
      writing = false;
      await writeLoop;
      await a.stop();
      await placeOrder();
      await placeOrder();
      await waitFor(async () => reads.at(-1)?.tradesAsBuyer === placed && reads.at(-1)?.listed === placed, {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: `the API to show all ${placed} of the buyer's orders through B`,
      });
      reading = false;
      await readLoop;

      expect(reads.filter((r) => r.profile !== 200 || r.orders !== 200)).toEqual([]);
      const counts = reads.map((r) => r.tradesAsBuyer);
      expect(counts).not.toContain(null);
      // Never an older answer than one already given: no read after the switch went back to a block before it.
      for (let i = 1; i < reads.length; i++) {
        expect(reads[i].tradesAsBuyer!, `read ${i} of ${reads.length}`).toBeGreaterThanOrEqual(reads[i - 1].tradesAsBuyer!);
        expect(reads[i].listed, `read ${i} of ${reads.length}`).toBeGreaterThanOrEqual(reads[i - 1].listed);
      }
      // The API was reading all along, right up to the switch and after it.
      expect(reads.filter((r) => r.at < switchedAt).length).toBeGreaterThan(10);
      expect(reads.filter((r) => r.at > switchedAt).length).toBeGreaterThan(10);
      expect(await withClient(databaseUrl, (client) => liveSchema(client, INDEXER_VIEWS_SCHEMA))).toBe("rollout_b");

      const around = reads.filter((r) => Math.abs(r.at - switchedAt) < 2_000);
      console.info(
        JSON.stringify({
          rollout: rollout.output().match(/\{"schema".*\}/)?.[0],
          catchUpMs: Math.round(catchUpMs),
          reads: reads.length,
          maxReadMs: Math.round(Math.max(...reads.map((r) => r.ms))),
          maxReadMsWithin2sOfSwitch: Math.round(Math.max(...around.map((r) => r.ms))),
          ordersPlacedDuringRollout: placed - 3 - 2,
        }),
      );
    } finally {
      reading = false;
      writing = false;
      await Promise.allSettled([readLoop, writeLoop]);
    }
  }, 900_000);
});

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
