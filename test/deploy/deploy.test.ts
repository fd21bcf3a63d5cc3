import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_CONTRACTS } from "../../contracts/account-abstraction.ts";
import { devPrivateKey } from "../../scripts/dev/accounts.ts";
import { type HardhatNode, startHardhatNode } from "../../scripts/lib/stack/chain.ts";
import { localRpcUrlEnv } from "../../scripts/lib/stack/rpc-env.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

describe("pnpm run deploy", () => {
  let node: HardhatNode;
  let deploymentsDir: string;

  beforeAll(async () => {
    node = await startHardhatNode();
    deploymentsDir = await mkdtemp(path.join(tmpdir(), "deployments-"));
  });
  afterAll(() => node?.stop());

  const deploy = (...extra: string[]) =>
    run("node", ["scripts/deploy.ts", "--chain", "local", "--deployments-dir", deploymentsDir, ...extra], {
      cwd: ROOT,
      env: { ...process.env, ...localRpcUrlEnv(node.url) },
    });

  it("deploys the stack to a fresh node, and a second run deploys nothing", async () => {
    const client = createPublicClient({ transport: http(node.url) });

    const first = await deploy();
    // 9 for the escrow stack, 2 for the deterministic deployer (its signer's gas money, its presigned
    // transaction) and 3 for the ERC-4337 contracts at their canonical addresses.
    expect(first.stdout).toContain("14 transaction(s) sent");
    const record = JSON.parse(await readFile(path.join(deploymentsDir, "31337.json"), "utf8"));
    expect(Object.keys(record.contracts)).toEqual([
      "MockUSDT",
      "MockUSDC",
      "BlockhashRNG",
      "ArbitratorPool",
      "FallbackArbitrator",
      "P2PEscrow",
      "EntryPoint",
      "SimpleAccountFactory",
      "Simple7702Account",
    ]);
    expect(record.contracts.EntryPoint.address).toBe(DETERMINISTIC_CONTRACTS.EntryPoint.address);
    expect(record.tokens.USDT).toMatchObject({ decimals: 6, mock: true });
    expect(record.compiler.version).toBe("0.8.30");
    const blockAfterFirst = await client.getBlockNumber();

    const second = await deploy();
    expect(second.stdout).toContain("0 transaction(s) sent");
    expect(second.stdout).not.toContain("deploying…");
    expect(await client.getBlockNumber()).toBe(blockAfterFirst);
    expect(JSON.parse(await readFile(path.join(deploymentsDir, "31337.json"), "utf8"))).toEqual(record);

    const plan = await deploy("--dry-run");
    expect(plan.stdout).toContain("nothing to do");
  });

  it("refuses to deploy EntryPoint v0.8 on a public chain that lacks it: only the canonical one is used there", async () => {
    // A node serving Sepolia's chain id, where (unlike the real Sepolia) nothing is at the canonical addresses.
    const sepolia = await startHardhatNode({ chainId: 11155111, quiet: true });
    try {
      const attempt = run("node", ["scripts/deploy.ts", "--chain", "sepolia", "--deployments-dir", deploymentsDir], {
        cwd: ROOT,
        env: { ...process.env, RPC_URL_11155111: sepolia.url, DEPLOYER_PRIVATE_KEY: devPrivateKey(0) },
      });
      await expect(attempt).rejects.toMatchObject({ stderr: expect.stringContaining("it is not ours to deploy there") });
      // Refused before the first transaction: nothing of the stack was deployed either.
      expect(await createPublicClient({ transport: http(sepolia.url) }).getBlockNumber()).toBe(0n);
      expect(
        await createPublicClient({ transport: http(sepolia.url) }).getCode({ address: DETERMINISTIC_CONTRACTS.EntryPoint.address }),
      ).toBeUndefined();
    } finally {
      await sepolia.stop();
    }
  });

  it("refuses a mainnet deploy without the explicit confirmation flag", async () => {
    await expect(run("node", ["scripts/deploy.ts", "--chain", "ethereum"], { cwd: ROOT })).rejects.toMatchObject({
      stderr: expect.stringContaining("--confirm-mainnet"),
    });
  });
});
