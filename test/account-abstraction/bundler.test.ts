// ERC-4337 end to end on a real `hardhat node`: the deploy script puts EntryPoint v0.8 and the
// reference accounts at their canonical addresses, Pimlico's Alto bundles the user operations, and
// accounts that never hold the native coin buy a listing on the escrow. Gas comes from each
// account's EntryPoint deposit for now (the stablecoin paymaster replaces that).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Address,
  concat,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  type SignedAuthorization,
  toHex,
} from "viem";
import { createBundlerClient, type SmartAccount, toSimple7702SmartAccount } from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_CONTRACTS, DETERMINISTIC_DEPLOYER, EIP7702_DELEGATION_PREFIX } from "../../contracts/account-abstraction.ts";
import { readRecord } from "../../contracts/deployment-records.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import {
  entryPointAbi,
  escrowAbi,
  orderStatusEnum,
  simple7702AccountAbi,
  simpleAccountAbi,
  simpleAccountFactoryAbi,
  stablecoinAbi,
} from "../../contracts/generated/deployments.ts";
import { devAccount, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { readJournal, saveJournal } from "../../scripts/dev/chain-journal.ts";
import { toSimpleAccount } from "../../scripts/lib/account-abstraction/simple-account.ts";
import { type RunningBundler, startBundler } from "../../scripts/lib/stack/bundler.ts";
import { type HardhatNode, startHardhatNode } from "../../scripts/lib/stack/chain.ts";
import { deployContracts } from "../../scripts/lib/stack/contracts.ts";

const role = (name: (typeof DEV_ROLES)[number]) => DEV_ROLES.indexOf(name);
const CREATED = orderStatusEnum.indexOf("Created");
const USDC = (whole: number) => BigInt(whole) * 10n ** 6n;
const { EntryPoint, SimpleAccountFactory, Simple7702Account } = DETERMINISTIC_CONTRACTS;

describe("user operations through the bundler", () => {
  let node: HardhatNode;
  let bundler: RunningBundler;
  let deploymentsDir: string;
  let escrow: Address;
  let usdc: Address;

  beforeAll(async () => {
    node = await startHardhatNode({ quiet: true });
    deploymentsDir = await mkdtemp(path.join(tmpdir(), "aa-deployments-"));
    await deployContracts({ rpcUrl: node.url, deploymentsDir });
    const record = (await readRecord(deploymentsDir, node.chainId))!;
    escrow = record.contracts.P2PEscrow.address;
    usdc = record.tokens.USDC.address;
    bundler = await startBundler({
      rpcUrl: node.url,
      executorPrivateKey: devPrivateKey(role("bundler")),
      utilityPrivateKey: devPrivateKey(role("bundler utility")),
    });
  }, 300_000);

  afterAll(async () => {
    await bundler?.stop();
    await node?.stop();
    if (deploymentsDir) await rm(deploymentsDir, { recursive: true, force: true });
  });

  const client = () => createPublicClient({ chain: hardhat, transport: http(node.url), pollingInterval: 50 });
  const deployer = () => createWalletClient({ account: devAccount(role("deployer")), chain: hardhat, transport: http(node.url) });
  const bundlerClient = () => createBundlerClient({ client: client(), transport: http(bundler.url), pollingInterval: 100 });

  async function send(hash: Promise<Hex>) {
    const receipt = await client().waitForTransactionReceipt({ hash: await hash });
    expect(receipt.status).toBe("success");
  }

  /** An account's starting point: tokens from the faucet, and gas money parked in the EntryPoint, never in its own balance. */
  async function fund(account: Address, tokens: bigint) {
    await send(deployer().writeContract({ address: usdc, abi: stablecoinAbi, functionName: "mint", args: [account, tokens] }));
    await send(
      deployer().writeContract({
        address: EntryPoint.address,
        abi: entryPointAbi,
        functionName: "depositTo",
        args: [account],
        value: parseEther("1"),
      }),
    );
  }

  /** Approve and createOrder in one user operation; returns the order the escrow recorded. */
  async function buyThrough(account: SmartAccount, extra: { authorization?: SignedAuthorization } = {}) {
    const seller = devAccount(role("bob (seller)")).address;
    const amount = USDC(25);
    const productHash = keccak256(toHex(`listing bought by ${account.address}`));
    const hash = await bundlerClient().sendUserOperation({
      account,
      ...extra,
      calls: [
        { to: usdc, data: encodeFunctionData({ abi: stablecoinAbi, functionName: "approve", args: [escrow, amount] }) },
        {
          to: escrow,
          data: encodeFunctionData({ abi: escrowAbi, functionName: "createOrder", args: [seller, usdc, amount, productHash, 100n] }),
        },
      ],
    });
    const { success, receipt } = await bundlerClient().waitForUserOperationReceipt({ hash, timeout: 60_000 });
    expect(success).toBe(true);
    // The bundle went through the EntryPoint, sent by the bundler's executor, not by the buyer.
    expect(getAddress(receipt.to!)).toBe(EntryPoint.address);
    expect(getAddress(receipt.from)).toBe(devAccount(role("bundler")).address);
    const [created] = parseEventLogs({ abi: escrowAbi, eventName: "OrderCreated", logs: receipt.logs });
    const order = await client().readContract({ address: escrow, abi: escrowAbi, functionName: "getOrder", args: [created.args.orderId] });
    return { order, seller, amount, productHash: created.args.productHash };
  }

  it("finds EntryPoint v0.8, the account factory and the 7702 account at their canonical addresses, wired to each other", async () => {
    const record = (await readRecord(deploymentsDir, node.chainId))!;
    for (const [name, { address, salt }] of Object.entries(DETERMINISTIC_CONTRACTS)) {
      expect(record.contracts[name]).toMatchObject({ address, salt });
      expect(await client().getCode({ address })).toMatch(/^0x[0-9a-f]{100,}$/);
    }
    expect(await client().getCode({ address: DETERMINISTIC_DEPLOYER.address })).not.toBeUndefined();
    const implementation = await client().readContract({
      address: SimpleAccountFactory.address,
      abi: simpleAccountFactoryAbi,
      functionName: "accountImplementation",
    });
    expect(await client().readContract({ address: implementation, abi: simpleAccountAbi, functionName: "entryPoint" })).toBe(
      EntryPoint.address,
    );
    expect(await client().readContract({ address: Simple7702Account.address, abi: simple7702AccountAbi, functionName: "entryPoint" })).toBe(
      EntryPoint.address,
    );
  });

  it("lets a SimpleAccount created by its first user operation approve and buy, with no native coin of its own", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimpleAccount({ client: client(), owner });
    expect(await client().getCode({ address: account.address })).toBeUndefined();
    await fund(account.address, USDC(100));

    const { order, seller, amount } = await buyThrough(account);

    expect(order).toMatchObject({ buyer: account.address, seller, amount, status: CREATED });
    expect(await client().readContract({ address: usdc, abi: stablecoinAbi, functionName: "balanceOf", args: [account.address] })).toBe(
      USDC(75),
    );
    expect(await client().getBalance({ address: account.address })).toBe(0n);
    expect(await client().readContract({ address: account.address, abi: simpleAccountAbi, functionName: "owner" })).toBe(owner.address);
  });

  it("lets an EOA delegate to Simple7702Account with EIP-7702 inside its first user operation and buy, with no native coin", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimple7702SmartAccount({ client: client(), owner, implementation: Simple7702Account.address });
    await fund(owner.address, USDC(100));
    const authorization = await owner.signAuthorization({ contractAddress: Simple7702Account.address, chainId: node.chainId, nonce: 0 });

    const { order, seller, amount } = await buyThrough(account, { authorization });

    expect(order).toMatchObject({ buyer: owner.address, seller, amount, status: CREATED });
    expect(await client().getCode({ address: owner.address })).toBe(
      concat([EIP7702_DELEGATION_PREFIX, Simple7702Account.address.toLowerCase() as Hex]),
    );
    expect(await client().getBalance({ address: owner.address })).toBe(0n);

    // Delegated now: the next operation needs no authorization.
    const second = await buyThrough(account);
    expect(second.order).toMatchObject({ buyer: owner.address, status: CREATED });
  });

  it("refuses a user operation signed by a key that does not own the account, and nothing changes on chain", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimpleAccount({ client: client(), owner });
    await fund(account.address, USDC(100));
    // Claims the owner's address but signs with another key: the EntryPoint refuses it at validation (AA24).
    const impostor = await toSimpleAccount({
      client: client(),
      owner: { ...privateKeyToAccount(generatePrivateKey()), address: owner.address },
    });
    expect(impostor.address).toBe(account.address);
    const nextOrderId = await client().readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" });

    await expect(buyThrough(impostor)).rejects.toThrow(/AA24/);
    expect(await client().readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })).toBe(nextOrderId);
    expect(await client().getCode({ address: account.address })).toBeUndefined();
  });

  it("journals the chain for the dev stack's restart byte for byte, the bundles' EIP-7702 authorizations included", async () => {
    const file = path.join(deploymentsDir, "chain-journal.json");
    await saveJournal(client(), file);
    const journal = (await readJournal(file))!;
    let delegations = 0;
    for (const [index, journaled] of journal.blocks.entries()) {
      const block = await client().getBlock({ blockNumber: BigInt(index + 1), includeTransactions: true });
      // A replayed transaction is the same transaction only if it hashes the same.
      expect(journaled.transactions.map((raw) => keccak256(raw))).toEqual(block.transactions.map((tx) => tx.hash));
      delegations += block.transactions.filter((tx) => tx.type === "eip7702").length;
    }
    expect(delegations).toBe(1);
  });
});
