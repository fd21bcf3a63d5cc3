import { afterAll, expect, it } from "vitest";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { tableRows } from "../../scripts/lib/harness/indexed-tables.ts";
import { type RunningIndexer, startIndexer } from "../../scripts/lib/stack/indexer.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";

let chains: EscrowChain[] = [];
let postgres: RunningPostgres | undefined;
let indexer: RunningIndexer | undefined;

afterAll(async () => {
  await indexer?.stop();
  await Promise.all(chains.map((c) => c.node.stop()));
  await postgres?.stop();
});

it("indexes two chains at once and keeps their orders apart", async () => {
  chains = await Promise.all([startEscrowChain({ chainId: 31337 }), startEscrowChain({ chainId: 31338 })]);
  const [a, b] = chains;
  postgres = await startPostgres();
  await Promise.all([a.fund(), b.fund()]);
  for (let i = 0; i < 3; i++) await a.createOrder(a.alice, a.bob, 10n + BigInt(i));
  for (let i = 0; i < 2; i++) await b.createOrder(b.carol, b.dave, 70n);
  await b.dave.escrow("cancelOrder", [2n]);

  indexer = await startIndexer({
    databaseUrl: postgres.url,
    deploymentsFile: await writeIndexerDeployments([a, b]),
    rpcUrls: { [a.chainId]: a.node.url, [b.chainId]: b.node.url },
    schema: "two_chains",
    viewsSchema: "two_chains_views",
  });
  await indexer.waitForBlock(a.chainId, await a.client.getBlockNumber());
  await indexer.waitForBlock(b.chainId, await b.client.getBlockNumber());

  const orders = (await tableRows(postgres.url, "two_chains_views", "orders")).map((r) => JSON.parse(r));
  const onA = orders.filter((o) => o.chain_id === 31337);
  const onB = orders.filter((o) => o.chain_id === 31338);
  expect(onA.map((o) => [o.id, o.status, o.amount])).toEqual([
    ["31337:1", "Created", 10_000_000],
    ["31337:2", "Created", 11_000_000],
    ["31337:3", "Created", 12_000_000],
  ]);
  expect(onB.map((o) => [o.id, o.status, o.buyer])).toEqual([
    ["31338:1", "Created", b.carol.address.toLowerCase()],
    ["31338:2", "Cancelled", b.carol.address.toLowerCase()],
  ]);
  const configs = (await tableRows(postgres.url, "two_chains_views", "escrow_config")).map((r) => JSON.parse(r));
  expect(configs.map((c) => c.chain_id).sort()).toEqual([31337, 31338]);
});
