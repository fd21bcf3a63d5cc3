import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../api/src/app.ts";
import { switchViews } from "../../../api/src/db/indexer-views/switch.ts";
import { rpcUrlEnv } from "../../../scripts/lib/stack/rpc-env.ts";
import { testConfig } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";

let stack: IndexedStack;

beforeAll(async () => {
  stack = await startIndexedStack();
});
afterAll(async () => stack?.stop());

describe("readiness", () => {
  it("reports ready with the indexer's lag once it has caught up with the chain", async () => {
    const orderId = await stack.chain.createOrder(stack.chain.alice, stack.chain.bob, 15n);
    await stack.synced();
    const response = await stack.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode, response.body).toBe(200);
    const { data } = response.json();
    expect(data.database).toBe(true);
    expect(data.indexer).toMatchObject({ published: true, backfilled: true });
    expect(data.indexer.chains).toEqual([expect.objectContaining({ chainId: stack.chain.chainId, lagBlocks: 0 })]);
    // The views the API reads are there, and hold the order.
    const row = await stack.db.selectFrom("orders").selectAll().where("order_id", "=", orderId.toString()).executeTakeFirst();
    expect(row).toMatchObject({ chain_id: stack.chain.chainId, status: "Created", buyer: stack.chain.alice.address.toLowerCase() });
  });

  it("reads the indexer's progress from the views it serves: not ready (and its reads answer 503) before a deployment is published there, ready once one is", async () => {
    // A second API process reading another views schema, which nothing has published yet.
    const viewsSchema = "indexer_ready_test";
    const app = await buildApp(
      await testConfig(stack.databaseUrl, { ...rpcUrlEnv(stack.config.rpcUrls), INDEXER_VIEWS_SCHEMA: viewsSchema }),
    );
    try {
      const before = await app.inject({ method: "GET", url: "/ready" });
      expect(before.statusCode).toBe(503);
      expect(before.json()).toMatchObject({ error: { code: "NOT_READY", details: { database: true, indexer: { published: false } } } });
      // A request over the views that reaches it anyway is told to come back, not served a 500.
      const listings = await app.inject({ method: "GET", url: "/listings" });
      expect(listings.statusCode, listings.body).toBe(503);
      expect(listings.headers["retry-after"]).toBeDefined();
      expect(listings.json()).toMatchObject({ success: false, error: { code: "NOT_READY" } });

      // What the views step does: publish the running deployment there. No indexer address involved.
      const client = new pg.Client({ connectionString: stack.databaseUrl });
      await client.connect();
      try {
        expect(await switchViews(client, { schema: "ponder_api_test", viewsSchema })).toMatchObject({ switched: true });
      } finally {
        await client.end();
      }
      const after = await app.inject({ method: "GET", url: "/ready" });
      expect(after.statusCode, after.body).toBe(200);
      expect(after.json().data.indexer).toMatchObject({ published: true, backfilled: true });
      expect((await app.inject({ method: "GET", url: "/listings" })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("reports not ready, with the figures, when the indexer falls further behind than allowed", async () => {
    await stack.indexer.stop();
    await stack.chain.mine(stack.config.READY_MAX_LAG_BLOCKS + 1);
    const response = await stack.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: "NOT_READY", details: { database: true, indexer: { published: true } } },
    });
    const [chain] = response.json().error.details.indexer.chains;
    expect(chain.lagBlocks).toBeGreaterThan(stack.config.READY_MAX_LAG_BLOCKS);
  });
});
