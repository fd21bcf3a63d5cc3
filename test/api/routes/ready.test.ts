import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(data.indexer).toMatchObject({ reachable: true, backfilled: true });
    expect(data.indexer.chains).toEqual([expect.objectContaining({ chainId: stack.chain.chainId, lagBlocks: 0 })]);
    // The views the API reads are there, and hold the order.
    const row = await stack.db.selectFrom("orders").selectAll().where("order_id", "=", orderId.toString()).executeTakeFirst();
    expect(row).toMatchObject({ chain_id: stack.chain.chainId, status: "Created", buyer: stack.chain.alice.address.toLowerCase() });
  });

  it("reports not ready, with the figures, when the indexer falls further behind than allowed", async () => {
    await stack.indexer.stop();
    await stack.chain.mine(stack.config.READY_MAX_LAG_BLOCKS + 1);
    const response = await stack.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: "NOT_READY", details: { database: true, indexer: { reachable: false } } },
    });
  });
});
