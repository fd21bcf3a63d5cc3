import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Address, createPublicClient, getAddress, http, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_CONTRACTS } from "../../contracts/account-abstraction.ts";
import { chains } from "../../contracts/chains.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { entryPointAbi, stablecoinPaymasterAbi } from "../../contracts/generated/deployments.ts";
import { devAccount, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { LOCAL_PAYMASTER_PARAMS, localQuoteSigner, paymasterSetupFor } from "../../scripts/lib/paymaster.ts";
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
    // Without a cache, so each head read asks the node.
    const client = createPublicClient({ transport: http(node.url), cacheTime: 0 });

    const first = await deploy();
    // 9 for the escrow stack, 2 for the deterministic deployer (its signer's gas money, its presigned
    // transaction), 3 for the ERC-4337 contracts at their canonical addresses and 5 for the paymaster
    // (itself, a token each, its deposit, its stake).
    expect(first.stdout).toContain("19 transaction(s) sent");
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
      "StablecoinPaymaster",
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

  it("sets the paymaster up on the local chain: the canonical EntryPoint, both stablecoins, the dev quote signer, funded and staked", async () => {
    const local = await startHardhatNode({ quiet: true });
    try {
      const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
      await run("node", ["scripts/deploy.ts", "--chain", "local", "--deployments-dir", dir], {
        cwd: ROOT,
        env: { ...process.env, ...localRpcUrlEnv(local.url) },
      });
      const record = JSON.parse(await readFile(path.join(dir, "31337.json"), "utf8"));
      const client = createPublicClient({ transport: http(local.url) });
      const paymaster = { address: record.contracts.StablecoinPaymaster.address, abi: stablecoinPaymasterAbi } as const;
      const entryPoint = DETERMINISTIC_CONTRACTS.EntryPoint.address;
      const deployer = devAccount(DEV_ROLES.indexOf("deployer")).address;

      expect(await client.readContract({ ...paymaster, functionName: "entryPoint" })).toBe(entryPoint);
      expect(await client.readContract({ ...paymaster, functionName: "owner" })).toBe(deployer);
      expect(await client.readContract({ ...paymaster, functionName: "quoteSigner" })).toBe(localQuoteSigner());
      for (const { address } of Object.values(record.tokens as Record<string, { address: Address }>)) {
        expect(await client.readContract({ ...paymaster, functionName: "isTokenSupported", args: [address] })).toBe(true);
      }
      const limits = await client.readContract({ ...paymaster, functionName: "limits" });
      expect(limits).toEqual(LOCAL_PAYMASTER_PARAMS.limits);
      const info = await client.readContract({
        address: entryPoint,
        abi: entryPointAbi,
        functionName: "getDepositInfo",
        args: [paymaster.address],
      });
      expect(info).toMatchObject({
        deposit: LOCAL_PAYMASTER_PARAMS.deposit,
        staked: true,
        stake: LOCAL_PAYMASTER_PARAMS.stake,
        unstakeDelaySec: LOCAL_PAYMASTER_PARAMS.unstakeDelaySec,
      });
      // Recorded like the other contracts, its limits readable in the record.
      const [recordedEntryPoint, recordedOwner, recordedSigner] = record.contracts.StablecoinPaymaster.args
        .slice(0, 3)
        .map((a: string) => getAddress(a));
      expect([recordedEntryPoint, recordedOwner, recordedSigner]).toEqual([entryPoint, deployer, localQuoteSigner()]);
      expect(JSON.parse(record.contracts.StablecoinPaymaster.args[3])).toMatchObject({
        maxQuoteTtl: LOCAL_PAYMASTER_PARAMS.limits.maxQuoteTtl,
      });
    } finally {
      await local.stop();
    }
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

  it("deploys the paymaster on a public chain where the operator names its quote signer and stake, against the canonical EntryPoint there", async () => {
    // A node serving Sepolia's chain id with the canonical ERC-4337 contracts in place, as the real
    // Sepolia has them: a local deploy to the same node put them there.
    const sepolia = await startHardhatNode({ chainId: 11155111, quiet: true });
    try {
      await run("node", ["scripts/deploy.ts", "--chain", "local", "--deployments-dir", await mkdtemp(path.join(tmpdir(), "canonical-"))], {
        cwd: ROOT,
        env: { ...process.env, ...localRpcUrlEnv(sepolia.url) },
      });
      const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
      const quoteSigner = getAddress(devAccount(DEV_ROLES.indexOf("paymaster quote signer")).address);
      await run("node", ["scripts/deploy.ts", "--chain", "sepolia", "--deployments-dir", dir], {
        cwd: ROOT,
        env: {
          ...process.env,
          RPC_URL_11155111: sepolia.url,
          DEPLOYER_PRIVATE_KEY: devPrivateKey(0),
          PAYMASTER_QUOTE_SIGNER: quoteSigner,
          PAYMASTER_STAKE: "0.5",
          PAYMASTER_DEPOSIT: "2",
        },
      });
      const record = JSON.parse(await readFile(path.join(dir, "11155111.json"), "utf8"));
      const client = createPublicClient({ transport: http(sepolia.url) });
      const paymaster = { address: record.contracts.StablecoinPaymaster.address as Address, abi: stablecoinPaymasterAbi };
      expect(await client.readContract({ ...paymaster, functionName: "quoteSigner" })).toBe(quoteSigner);
      expect(await client.readContract({ ...paymaster, functionName: "entryPoint" })).toBe(DETERMINISTIC_CONTRACTS.EntryPoint.address);
      for (const symbol of ["USDT", "USDC"] as const) {
        expect(await client.readContract({ ...paymaster, functionName: "isTokenSupported", args: [record.tokens[symbol].address] })).toBe(
          true,
        );
      }
      const info = await client.readContract({
        address: DETERMINISTIC_CONTRACTS.EntryPoint.address,
        abi: entryPointAbi,
        functionName: "getDepositInfo",
        args: [paymaster.address],
      });
      expect(info).toMatchObject({ deposit: parseEther("2"), staked: true, stake: parseEther("0.5") });
    } finally {
      await sepolia.stop();
    }
  });

  it("asks a public chain's paymaster for its stake before sending anything, and deploys none without a quote signer", () => {
    const sepolia = chains.sepolia;
    expect(paymasterSetupFor(sepolia, {})).toBeNull();
    const signer = devAccount(0).address;
    expect(() => paymasterSetupFor(sepolia, { PAYMASTER_QUOTE_SIGNER: signer })).toThrow(/PAYMASTER_STAKE: required/);
    expect(() => paymasterSetupFor(sepolia, { PAYMASTER_QUOTE_SIGNER: signer, PAYMASTER_STAKE: "0" })).toThrow(
      /PAYMASTER_STAKE: more than 0/,
    );
    expect(() => paymasterSetupFor(sepolia, { PAYMASTER_QUOTE_SIGNER: "0x12", PAYMASTER_STAKE: "one" })).toThrow(
      /PAYMASTER_QUOTE_SIGNER: an address[\s\S]*PAYMASTER_STAKE: an amount/,
    );
    expect(paymasterSetupFor(sepolia, { PAYMASTER_QUOTE_SIGNER: signer, PAYMASTER_STAKE: "1" })).toMatchObject({
      quoteSigner: signer,
      params: { stake: parseEther("1"), deposit: 0n, limits: LOCAL_PAYMASTER_PARAMS.limits },
    });
  });

  it("refuses a mainnet deploy without the explicit confirmation flag", async () => {
    await expect(run("node", ["scripts/deploy.ts", "--chain", "ethereum"], { cwd: ROOT })).rejects.toMatchObject({
      stderr: expect.stringContaining("--confirm-mainnet"),
    });
  });
});
