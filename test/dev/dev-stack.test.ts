import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { DETERMINISTIC_CONTRACTS } from "../../contracts/account-abstraction.ts";
import { addressOf } from "../../contracts/deployed.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { escrowAbi } from "../../contracts/generated/deployments.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";
import { devAccount } from "../../scripts/dev/accounts.ts";
import { tableRows } from "../../scripts/lib/harness/indexed-tables.ts";
import { freePorts, portIsFree } from "../../scripts/lib/stack/ports.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What the dev stack's bundler answers eth_supportedEntryPoints with. */
async function supportedEntryPoints(port: number): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_supportedEntryPoints", params: [] }),
  });
  return ((await response.json()) as { result: string[] }).result;
}

interface DevRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDev(env: NodeJS.ProcessEnv): DevRun {
  const child = spawn("node", ["scripts/dev.ts"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const untilReady = (run: DevRun) =>
  waitFor(async () => run.output().includes("\nready\n") || run.child.exitCode !== null, {
    timeoutMs: 180_000,
    intervalMs: 250,
    what: "pnpm dev to be ready",
  });

describe("pnpm dev", () => {
  const runs: DevRun[] = [];
  afterEach(async () => {
    // Stop a run that a failed test left behind the way a user would, so that it takes its
    // (separately grouped) node, indexer and database down with it; force it only if it hangs.
    for (const run of runs.splice(0)) {
      if (run.child.exitCode !== null) continue;
      run.child.kill("SIGTERM");
      const stopped = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
      if (!stopped) run.child.kill("SIGKILL");
    }
  });

  async function environment(): Promise<{
    stateDir: string;
    chainPort: number;
    bundlerPort: number;
    postgresPort: number;
    apiPort: number;
    env: Record<string, string>;
  }> {
    const stateDir = await mkdtemp(path.join(tmpdir(), "dev-state-"));
    // The embedded server runs as the postgres user, which must reach its data directory.
    await chmod(stateDir, 0o755);
    const [chainPort, bundlerPort, postgresPort, indexerPort, apiPort, webPort] = (await freePorts(6)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      stateDir,
      chainPort,
      bundlerPort,
      postgresPort,
      apiPort,
      env: {
        DEV_BUNDLER_PORT: String(bundlerPort),
        DEV_API_PORT: String(apiPort),
        DEV_STATE_DIR: stateDir,
        DEV_CHAIN_PORT: String(chainPort),
        DEV_POSTGRES_PORT: String(postgresPort),
        DEV_INDEXER_PORT: String(indexerPort),
        DEV_WEB_PORT: String(webPort),
        // `next dev`: these tests are about the stages around the web app, and a production build
        // (the default) is what the browser tests start, through the same stage.
        DEV_WEB_MODE: "dev",
      },
    };
  }

  it("reaches ready with demo data on chain, indexed and listed, stops cleanly, and picks the same chain up again", async () => {
    const { env, chainPort, bundlerPort, postgresPort, apiPort } = await environment();
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${chainPort}`) });
    const escrow = addressOf(31337, "P2PEscrow");

    const first = startDev(env);
    runs.push(first);
    await untilReady(first);
    expect(first.output()).toContain("\nready\n");
    expect(await client.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })).toBe(8n);
    const dispute = await client.readContract({ address: escrow, abi: escrowAbi, functionName: "getDispute", args: [5n] });
    expect(dispute.arbitrator).not.toBe("0x0000000000000000000000000000000000000000");
    const head = await client.getBlock();
    const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${postgresPort}/p2p_escrow`;
    const indexed = (await tableRows(databaseUrl, INDEXER_VIEWS_SCHEMA, "orders")).map((r) => JSON.parse(r).status);
    expect(indexed.sort()).toEqual(["Cancelled", "Completed", "Created", "Disputed", "Disputed", "SellerConfirmed", "Settled"]);
    const listings = (await (await fetch(`http://127.0.0.1:${apiPort}/listings`)).json()) as { data: { items: { title: string }[] } };
    expect(listings.data.items).toHaveLength(4);
    expect(first.output()).toContain("✔ keeper");
    expect(await supportedEntryPoints(bundlerPort)).toEqual([DETERMINISTIC_CONTRACTS.EntryPoint.address]);
    // It deployed its simulation contracts from its utility account while starting.
    const bundlerUtility = devAccount(DEV_ROLES.indexOf("bundler utility")).address;
    const utilityNonce = await client.getTransactionCount({ address: bundlerUtility });
    expect(utilityNonce).toBeGreaterThan(0);

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    for (const port of [chainPort, bundlerPort, postgresPort, apiPort]) expect(await portIsFree(port)).toBe(true);

    const second = startDev(env);
    runs.push(second);
    await untilReady(second);
    expect(second.output()).toContain("replayed from the chain journal");
    expect(second.output()).toContain("demo data already on chain (7 orders)");
    expect(second.output()).toContain("0 transaction(s) sent");
    expect(second.output()).toContain("demo listings already there");
    expect((await client.getBlock({ blockNumber: head.number })).hash).toBe(head.hash);
    // The bundler's simulation contracts came back with the replayed chain: it started without sending anything.
    expect(await supportedEntryPoints(bundlerPort)).toEqual([DETERMINISTIC_CONTRACTS.EntryPoint.address]);
    expect(await client.getTransactionCount({ address: bundlerUtility })).toBe(utilityNonce);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    // Two whole stacks started one after the other (build, deploy, seed, Ponder, API, keeper, next dev).
  }, 300_000);

  it("names the failed stage and leaves nothing running when the chain port is taken", async () => {
    const { env, chainPort, postgresPort } = await environment();
    const blocker = createServer().listen(chainPort, "127.0.0.1");
    try {
      const run = startDev(env);
      runs.push(run);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`stage "chain" failed: port ${chainPort} is already in use`);
      expect(run.output()).toContain("■ postgres stopped");
      expect(await portIsFree(postgresPort)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("keeps the chain journal intact when replaying it fails", async () => {
    const { env, stateDir } = await environment();
    const journal = path.join(stateDir, "chain-journal.json");
    const broken = JSON.stringify({
      chainId: 31337,
      genesisTimestamp: Math.floor(Date.now() / 1000) - 3600,
      blocks: [{ timestamp: Math.floor(Date.now() / 1000) - 3000, transactions: ["0xdeadbeef"] }],
    });
    await writeFile(journal, broken);

    const run = startDev(env);
    runs.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('stage "chain" failed: replaying');
    expect(run.output()).toContain("pnpm dev --fresh");
    expect(await readFile(journal, "utf8")).toBe(broken);
  });
});
