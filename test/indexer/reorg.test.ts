import { afterAll, expect, it } from "vitest";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { snapshotTables, tableRows } from "../../scripts/lib/harness/indexed-tables.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";

let chain: EscrowChain | undefined;
let postgres: RunningPostgres | undefined;
const indexers: RunningIndexer[] = [];

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await chain?.node.stop();
  await postgres?.stop();
});

it("after a reorg, the tables equal a fresh index of the final chain", async () => {
  chain = await startEscrowChain();
  postgres = await startPostgres();
  await chain.fund();
  await chain.createOrder(chain.alice, chain.bob, 15n);
  const deploymentsFile = await writeIndexerDeployments([chain]);
  const start = (schema: string) =>
    startIndexer({ databaseUrl: postgres!.url, deploymentsFile, rpcUrls: { [chain!.chainId]: chain!.node.url }, schema });

  const live = await start("reorg_live");
  indexers.push(live);
  await live.waitForBlock(chain.chainId, await chain.client.getBlockNumber());

  // A branch that the chain will abandon: an order, its delivery, and a dispute.
  const fork = (await chain.rpc("evm_snapshot")) as string;
  const abandoned = await chain.createOrder(chain.carol, chain.dave, 300n);
  await chain.confirmDelivery(abandoned);
  await chain.openDispute(abandoned, chain.carol);
  const abandonedHead = await chain.client.getBlockNumber();
  await live.waitForBlock(chain.chainId, abandonedHead);
  const before = (await tableRows(postgres.url, "reorg_live", "orders")).map((r) => JSON.parse(r));
  expect(before.find((o) => o.order_id === Number(abandoned))).toMatchObject({ status: "Disputed", amount: 300_000_000 });

  // The canonical branch: the same order id for a different order, and a longer chain.
  await chain.rpc("evm_revert", [fork]);
  const replacement = await chain.createOrder(chain.alice, chain.dave, 17n);
  expect(replacement).toBe(abandoned);
  await chain.dave.escrow("cancelOrder", [replacement]);
  await chain.mine(5);
  const head = await chain.client.getBlockNumber();
  expect(head).toBeGreaterThan(abandonedHead);
  await live.waitForBlock(chain.chainId, head);

  const fresh = await start("reorg_fresh");
  indexers.push(fresh);
  await fresh.waitForBlock(chain.chainId, head);

  const reorged = await snapshotTables(postgres.url, "reorg_live");
  expect(reorged).toEqual(await snapshotTables(postgres.url, "reorg_fresh"));
  const orders = reorged.orders.map((r) => JSON.parse(r));
  expect(orders.find((o) => o.order_id === Number(replacement))).toMatchObject({ status: "Cancelled", amount: 17_000_000 });
  expect(reorged.disputes).toEqual([]);
});
