// Every service's Prometheus endpoint, scraped from real processes: the indexer (`ponder start`)
// on a Hardhat node, the keeper sending a due call with its own key, and the API process started
// as the dev stack starts it, each on its internal listener.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { escrowAbi, orderStatusEnum } from "../../contracts/generated/deployments.ts";
import { devPrivateKey } from "../../scripts/dev/accounts.ts";
import { writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { startApi } from "../../scripts/lib/stack/api.ts";
import { type RunningKeeper, startKeeper } from "../../scripts/lib/stack/keeper.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { type IndexedStack, startIndexedStack } from "../api/indexed-stack.ts";
import { sampleValue, scrape } from "./scrape.ts";

const SELLER_WINDOW = 24n * 3600n;
/** The dev keeper's key: funded with ether, and used by nothing else in this file's stack. */
const keeperKey = devPrivateKey(DEV_ROLES.indexOf("keeper"));

let stack: IndexedStack;
let keeper: RunningKeeper | null = null;

beforeAll(async () => {
  stack = await startIndexedStack();
});
afterAll(async () => {
  await keeper?.stop();
  await stack?.stop();
});

describe("service metrics", () => {
  it("indexer: Ponder's own /metrics, and the lag behind each chain's head on /metrics/chain-lag", async () => {
    const { chain, indexer } = stack;
    const chainId = String(chain.chainId);
    await stack.synced();

    const ponder = await scrape(`${indexer.url}/metrics`);
    expect(sampleValue(ponder, "ponder_sync_block", { chain: "hardhat" }) ?? sampleValue(ponder, "ponder_sync_block")).toBeGreaterThan(0);

    const head = await chain.client.getBlockNumber();
    let lag = await scrape(`${indexer.url}/metrics/chain-lag`);
    const indexed = sampleValue(lag, "p2p_indexer_indexed_block", { chain_id: chainId })!;
    const headSeen = sampleValue(lag, "p2p_indexer_chain_head_block", { chain_id: chainId })!;
    expect(sampleValue(lag, "p2p_indexer_chain_head_up", { chain_id: chainId })).toBe(1);
    expect(headSeen).toBeGreaterThanOrEqual(Number(head));
    expect(sampleValue(lag, "p2p_indexer_lag_blocks", { chain_id: chainId })).toBe(headSeen - indexed);
    expect(indexed).toBe(await indexer.status.indexedBlock(chain.chainId)); // as Ponder's /status says

    // Blocks the indexer has not reached yet show as lag, and it falls back to 0 once they are indexed.
    await chain.passTime(60n);
    await stack.synced();
    await waitFor(
      async () => {
        lag = await scrape(`${indexer.url}/metrics/chain-lag`);
        return sampleValue(lag, "p2p_indexer_lag_blocks", { chain_id: chainId }) === 0;
      },
      { what: "the indexer's lag to read 0 once it caught up" },
    );
    expect(sampleValue(lag, "p2p_indexer_indexed_block", { chain_id: chainId })).toBe(Number(await chain.client.getBlockNumber()));
    expect(sampleValue(lag, "p2p_indexer_lag_seconds", { chain_id: chainId })).toBe(0);
  });

  it("keeper: /health, /ready, and /metrics with its actions, failures and account balance", async () => {
    const { chain } = stack;
    const chainId = String(chain.chainId);
    keeper = await startKeeper({
      baseEnv: { PATH: process.env.PATH },
      databaseUrl: stack.databaseUrl,
      rpcUrls: { [chain.chainId]: chain.node.url },
      deploymentsFile: await writeIndexerDeployments([chain]),
      privateKey: keeperKey,
      intervalMs: 200,
    });
    expect((await fetch(`${keeper.url}/health`)).status).toBe(200);
    const ready = await fetch(`${keeper.url}/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).database).toBe(true);

    const url = `${keeper.url}/metrics`;
    // The balance the chain holds now (a housekeeping call the keeper sends meanwhile moves it).
    const balanceReported = (address: `0x${string}`) =>
      waitFor(
        async () =>
          sampleValue(await scrape(url), "p2p_keeper_account_balance_wei", { chain_id: chainId }) ===
          Number(await chain.client.getBalance({ address })),
        { what: "the reported balance to equal the chain's" },
      );
    await waitFor(async () => sampleValue(await scrape(url), "p2p_keeper_leader") === 1, { what: "the keeper to lead" });
    // Leading comes before its first round ends: the round histogram has a series only after that.
    await waitFor(async () => (sampleValue(await scrape(url), "p2p_keeper_round_duration_seconds_count", { chain_id: chainId }) ?? 0) > 0, {
      what: "the keeper's first round to be counted",
    });
    let samples = await scrape(url);
    const address = samples.find((s) => s.name === "p2p_keeper_account_balance_wei")?.labels.address as `0x${string}`;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    await balanceReported(address);
    expect(sampleValue(samples, "p2p_keeper_failures_total", { chain_id: chainId, kind: "round" })).toBe(0);

    const overdue = await chain.createOrder(chain.alice, chain.bob, 14n);
    await chain.passTime(SELLER_WINDOW + 60n);
    const expired = orderStatusEnum.indexOf("Expired");
    await waitFor(
      async () =>
        (await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "getOrder", args: [overdue] })).status ===
        expired,
      { what: "the keeper to expire the order" },
    );
    await waitFor(
      async () =>
        sampleValue(await scrape(url), "p2p_keeper_actions_total", { chain_id: chainId, action: "expireOrder", outcome: "sent" }) === 1,
      { what: "the sent call to be counted" },
    );
    samples = await scrape(url);
    // The call's gas came out of the balance the keeper reports.
    await balanceReported(address);
    expect(sampleValue(samples, "p2p_keeper_failures_total", { chain_id: chainId, kind: "reverted" })).toBe(0);
  });

  it("API process: /metrics on its internal listener only, counting what the public port served", async () => {
    const api = await startApi({
      databaseUrl: stack.databaseUrl,
      rpcUrls: { [stack.chain.chainId]: stack.chain.node.url },
      jwtSecret: randomBytes(32).toString("hex"),
      siwe: { domain: "app.test", uri: "https://app.test" },
      ipfsRepoDir: await mkdtemp(path.join(tmpdir(), "metrics-ipfs-")),
      env: { LOG_LEVEL: "warn" },
    });
    try {
      expect((await fetch(`${api.url}/ready`)).status).toBe(200);
      expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
      const samples = await scrape(`${api.metricsUrl}/metrics`);
      expect(
        sampleValue(samples, "p2p_api_http_request_duration_seconds_count", { method: "GET", route: "/ready", status_code: "200" }),
      ).toBe(1);
      expect(sampleValue(samples, "p2p_api_http_errors_total", { route: "unmatched", code: "NOT_FOUND" })).toBe(1);
      expect(sampleValue(samples, "p2p_api_websocket_connections")).toBe(0);
    } finally {
      await api.stop();
    }
  });
});
