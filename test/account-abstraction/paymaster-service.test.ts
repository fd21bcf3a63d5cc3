// The ERC-7677 paymaster service end to end: wallets that hold a stablecoin and no native coin at
// all send user operations through Pimlico's Alto on a real `hardhat node`, asking the API's
// POST /paymaster for the StablecoinPaymaster's quote the way viem's paymaster client (and a wallet's
// `paymasterService` capability) does. The gas is paid in the token. What the service refuses, and
// what a sender gains by editing a signed quote, are played against the same chain.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { JSON_RPC_ERROR_CODES } from "@p2p-escrow/protocol/json-rpc";
import {
  type Address,
  concat,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  formatUnits,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  slice,
  toHex,
} from "viem";
import {
  createBundlerClient,
  createPaymasterClient,
  formatUserOperationRequest,
  type SmartAccount,
  toSimple7702SmartAccount,
} from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_CONTRACTS } from "../../contracts/account-abstraction.ts";
import { deployments } from "../../contracts/deployed.ts";
import { chainDeploymentOf, readRecord } from "../../contracts/deployment-records.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { escrowAbi, orderStatusEnum, stablecoinAbi, stablecoinPaymasterAbi } from "../../contracts/generated/deployments.ts";
import { devAccount, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { toSimpleAccount } from "../../scripts/lib/account-abstraction/simple-account.ts";
import { type RunningBundler, startBundler } from "../../scripts/lib/stack/bundler.ts";
import { type HardhatNode, startHardhatNode } from "../../scripts/lib/stack/chain.ts";
import { deployContracts } from "../../scripts/lib/stack/contracts.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import type { TestApp } from "../api/helper.ts";
import { build } from "../api/helper.ts";

const role = (name: (typeof DEV_ROLES)[number]) => DEV_ROLES.indexOf(name);
const CREATED = orderStatusEnum.indexOf("Created");
const units = (whole: number) => BigInt(whole) * 10n ** 6n;
const { EntryPoint, Simple7702Account } = DETERMINISTIC_CONTRACTS;
const PRICE = 25;

let node: HardhatNode;
let bundler: RunningBundler;
let postgres: RunningPostgres;
let api: TestApp;
let apiUrl: string;
let deploymentsDir: string;
let escrow: Address;
let paymaster: Address;
let usdc: Address;
let usdt: Address;

beforeAll(async () => {
  node = await startHardhatNode({ quiet: true });
  deploymentsDir = await mkdtemp(path.join(tmpdir(), "paymaster-service-"));
  await deployContracts({ rpcUrl: node.url, deploymentsDir });
  const record = (await readRecord(deploymentsDir, node.chainId))!;
  // The API reads the generated deployments: a fresh local deploy lands on the same addresses.
  expect(chainDeploymentOf(record).contracts).toEqual(deployments[String(node.chainId)].contracts);
  escrow = record.contracts.P2PEscrow.address;
  paymaster = record.contracts.StablecoinPaymaster.address;
  usdc = record.tokens.USDC.address;
  usdt = record.tokens.USDT.address;
  [bundler, postgres] = await Promise.all([
    startBundler({
      rpcUrl: node.url,
      executorPrivateKey: devPrivateKey(role("bundler")),
      utilityPrivateKey: devPrivateKey(role("bundler utility")),
    }),
    startPostgres(),
  ]);
  api = await build(postgres, {
    [`RPC_URL_${node.chainId}`]: node.url,
    PAYMASTER_QUOTE_SIGNER_KEY: devPrivateKey(role("paymaster quote signer")),
  });
  apiUrl = await api.app.listen({ host: "127.0.0.1", port: 0 });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await Promise.all([bundler?.stop(), postgres?.stop()]);
  await node?.stop();
  if (deploymentsDir) await rm(deploymentsDir, { recursive: true, force: true });
});

const client = () => createPublicClient({ chain: hardhat, transport: http(node.url), pollingInterval: 50 });
const deployer = () => createWalletClient({ account: devAccount(role("deployer")), chain: hardhat, transport: http(node.url) });
const paymasterClient = () => createPaymasterClient({ transport: http(`${apiUrl}/paymaster`, { retryCount: 0 }) });
const bundlerClient = (token: Address) =>
  createBundlerClient({
    client: client(),
    transport: http(bundler.url),
    paymaster: paymasterClient(),
    paymasterContext: { token },
    pollingInterval: 100,
  });

const balanceOf = (token: Address, owner: Address) =>
  client().readContract({ address: token, abi: stablecoinAbi, functionName: "balanceOf", args: [owner] });

async function mint(token: Address, to: Address, amount: bigint) {
  const hash = await deployer().writeContract({ address: token, abi: stablecoinAbi, functionName: "mint", args: [to, amount] });
  expect((await client().waitForTransactionReceipt({ hash })).status).toBe("success");
}

type Call = { to: Address; data: Hex };
const approve = (token: Address, spender: Address, amount: bigint): Call => ({
  to: token,
  data: encodeFunctionData({ abi: stablecoinAbi, functionName: "approve", args: [spender, amount] }),
});
/** The buyer's calls for one listing: approve the escrow, create the order. */
const buyCalls = (token: Address, buyer: Address): Call[] => [
  approve(token, escrow, units(PRICE)),
  {
    to: escrow,
    data: encodeFunctionData({
      abi: escrowAbi,
      functionName: "createOrder",
      args: [devAccount(role("bob (seller)")).address, token, units(PRICE), keccak256(toHex(`listing for ${buyer}`)), 100n],
    }),
  },
];

/** Sends `calls` from `account` with the gas paid in `token`; returns what the paymaster charged and the order. */
async function sendPaid(account: SmartAccount, token: Address, calls: Call[], extra: object = {}) {
  const before = { sender: await balanceOf(token, account.address), paymaster: await balanceOf(token, paymaster) };
  const hash = await bundlerClient(token).sendUserOperation({ account, calls, ...extra });
  const { success, receipt, actualGasUsed } = await bundlerClient(token).waitForUserOperationReceipt({ hash, timeout: 60_000 });
  expect(success).toBe(true);
  const [charged] = parseEventLogs({ abi: stablecoinPaymasterAbi, eventName: "GasCharged", logs: receipt.logs });
  const [created] = parseEventLogs({ abi: escrowAbi, eventName: "OrderCreated", logs: receipt.logs });
  const after = { sender: await balanceOf(token, account.address), paymaster: await balanceOf(token, paymaster) };
  return { charged, created, actualGasUsed, spent: before.sender - after.sender, earned: after.paymaster - before.paymaster };
}

async function rpc(method: string, params: unknown[]) {
  const response = await fetch(`${apiUrl}/paymaster`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    id: number;
    result?: Record<string, Hex>;
    error?: { code: number; message: string; data: { code: string } };
  };
}

/** A user operation as a wallet would ask about it (EntryPoint v0.8, fees set, gas not yet estimated). */
async function draft(account: SmartAccount, calls: Call[]) {
  const fees = await client().estimateFeesPerGas();
  return formatUserOperationRequest({
    sender: account.address,
    nonce: await account.getNonce(),
    callData: await account.encodeCalls(calls),
    signature: await account.getStubSignature(),
    ...fees,
  });
}

const stub = async (account: SmartAccount, calls: Call[], token: Address, overrides: { entryPoint?: Address; chainId?: number } = {}) =>
  rpc("pm_getPaymasterStubData", [
    await draft(account, calls),
    overrides.entryPoint ?? EntryPoint.address,
    toHex(overrides.chainId ?? node.chainId),
    { token },
  ]);

describe("the paymaster service (ERC-7677)", () => {
  it("lets an EIP-7702 account holding only USDC buy twice, paying its gas in USDC: approving the paymaster inside the first operation", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimple7702SmartAccount({ client: client(), owner, implementation: Simple7702Account.address });
    await mint(usdc, owner.address, units(100));
    const authorization = await owner.signAuthorization({ contractAddress: Simple7702Account.address, chainId: node.chainId, nonce: 0 });

    // First operation: nothing approved yet, so the batch approves the paymaster first (deferred path).
    const first = await sendPaid(account, usdc, [approve(usdc, paymaster, maxUint256), ...buyCalls(usdc, owner.address)], {
      authorization,
    });
    expect(first.created.args.buyer).toBe(owner.address);
    expect(first.charged.args.sender).toBe(owner.address);
    expect(first.charged.args.tokenAmount).toBeGreaterThan(0n);
    // What left the wallet is the price and the gas, and the gas went to the paymaster.
    expect(first.spent).toBe(units(PRICE) + first.charged.args.tokenAmount);
    expect(first.earned).toBe(first.charged.args.tokenAmount);

    // Second operation: pre-charged, no approval of the paymaster in it.
    const second = await sendPaid(account, usdc, buyCalls(usdc, owner.address));
    expect(second.spent).toBe(units(PRICE) + second.charged.args.tokenAmount);
    const order = await client().readContract({
      address: escrow,
      abi: escrowAbi,
      functionName: "getOrder",
      args: [second.created.args.orderId],
    });
    expect(order).toMatchObject({ buyer: owner.address, status: CREATED, amount: units(PRICE) });
    expect(await client().getBalance({ address: owner.address })).toBe(0n);

    console.info(
      `gas in USDC (EIP-7702): first operation ${first.actualGasUsed} gas, ${formatUnits(first.charged.args.tokenAmount, 6)} USDC; ` +
        `second ${second.actualGasUsed} gas, ${formatUnits(second.charged.args.tokenAmount, 6)} USDC`,
    );
  });

  it("lets a SimpleAccount created by its first operation, holding only USDT (no permit), approve the paymaster and buy in that one operation", async () => {
    const account = await toSimpleAccount({ client: client(), owner: privateKeyToAccount(generatePrivateKey()) });
    await mint(usdt, account.address, units(100));

    const paid = await sendPaid(account, usdt, [approve(usdt, paymaster, maxUint256), ...buyCalls(usdt, account.address)]);

    expect(paid.created.args.buyer).toBe(account.address);
    expect(paid.spent).toBe(units(PRICE) + paid.charged.args.tokenAmount);
    expect(await client().getBalance({ address: account.address })).toBe(0n);
    expect(
      await client().readContract({ address: usdt, abi: stablecoinAbi, functionName: "allowance", args: [account.address, paymaster] }),
    ).toBe(maxUint256);
    console.info(`gas in USDT (SimpleAccount, created): ${paid.actualGasUsed} gas, ${formatUnits(paid.charged.args.tokenAmount, 6)} USDT`);
  });

  it("refuses to sponsor a call that is not the marketplace's: a stranger cannot move its tokens on the paymaster's gas", async () => {
    const account = await toSimpleAccount({ client: client(), owner: privateKeyToAccount(generatePrivateKey()) });
    await mint(usdc, account.address, units(100));
    const transfer = {
      to: usdc,
      data: encodeFunctionData({
        abi: stablecoinAbi,
        functionName: "transfer",
        args: [devAccount(role("carol (buyer)")).address, units(50)],
      }),
    };
    const approveStranger = approve(usdc, devAccount(role("carol (buyer)")).address, maxUint256);
    const approvePaymasterLater = [...buyCalls(usdc, account.address), approve(usdc, paymaster, maxUint256)];

    for (const calls of [[approve(usdc, paymaster, maxUint256), transfer], [approveStranger], approvePaymasterLater]) {
      const { error } = await stub(account, calls, usdc);
      expect(error).toMatchObject({ code: JSON_RPC_ERROR_CODES.refused, data: { code: "PAYMASTER_CALL_NOT_SPONSORED" } });
    }
  });

  it("refuses a sender that cannot pay: too small a balance, or no approval of the paymaster and none in the operation", async () => {
    const poor = await toSimpleAccount({ client: client(), owner: privateKeyToAccount(generatePrivateKey()) });
    await mint(usdc, poor.address, 1n);
    const tooPoor = await stub(poor, [approve(usdc, paymaster, maxUint256), ...buyCalls(usdc, poor.address)], usdc);
    expect(tooPoor.error?.data).toMatchObject({ code: "PAYMASTER_INSUFFICIENT_BALANCE", balance: "1" });

    const unapproved = await toSimpleAccount({ client: client(), owner: privateKeyToAccount(generatePrivateKey()) });
    await mint(usdc, unapproved.address, units(100));
    const { error } = await stub(unapproved, buyCalls(usdc, unapproved.address), usdc);
    expect(error?.data).toMatchObject({ code: "PAYMASTER_APPROVAL_MISSING", paymaster });
    expect(error?.message).toContain("approve(paymaster, max)");
  });

  it("refuses a token, a chain or an EntryPoint it does not serve, and answers malformed requests in JSON-RPC", async () => {
    const account = await toSimpleAccount({ client: client(), owner: privateKeyToAccount(generatePrivateKey()) });
    const calls = buyCalls(usdc, account.address);
    expect((await stub(account, calls, escrow)).error?.data.code).toBe("PAYMASTER_TOKEN_UNSUPPORTED");
    expect((await stub(account, calls, usdc, { chainId: 1 })).error?.data.code).toBe("PAYMASTER_CHAIN_UNSUPPORTED");
    expect((await stub(account, calls, usdc, { entryPoint: escrow })).error?.data.code).toBe("PAYMASTER_ENTRY_POINT_UNSUPPORTED");
    expect(
      (await rpc("pm_getPaymasterStubData", [{ sender: "0x01" }, EntryPoint.address, toHex(node.chainId), { token: usdc }])).error,
    ).toMatchObject({
      code: JSON_RPC_ERROR_CODES.invalidParams,
    });
    expect((await rpc("eth_sendTransaction", [])).error).toMatchObject({
      code: JSON_RPC_ERROR_CODES.methodNotFound,
      data: { code: "NOT_FOUND" },
    });

    const notJson = await fetch(`${apiUrl}/paymaster`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(await notJson.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: JSON_RPC_ERROR_CODES.parseError } });
  });

  it("answers PAYMASTER_UNAVAILABLE without a quote signer, and limits quote requests per IP address", async () => {
    const unsigned = await build(postgres, { [`RPC_URL_${node.chainId}`]: node.url, RATE_LIMIT_PAYMASTER_PER_MINUTE: "2" });
    try {
      const ask = () =>
        unsigned.app.inject({
          method: "POST",
          url: "/paymaster",
          payload: { jsonrpc: "2.0", id: "q", method: "pm_getPaymasterStubData", params: [] },
        });
      for (let i = 0; i < 2; i++) {
        const response = await ask();
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({
          id: "q",
          error: { code: JSON_RPC_ERROR_CODES.refused, data: { code: "PAYMASTER_UNAVAILABLE" } },
        });
      }
      const limited = await ask();
      expect(limited.statusCode).toBe(200);
      expect(limited.json()).toMatchObject({ error: { code: JSON_RPC_ERROR_CODES.rateLimited, data: { code: "RATE_LIMITED" } } });
    } finally {
      await unsigned.close();
    }
  });

  it("signs a quote the EntryPoint holds the sender to: a quote whose maximum the sender lowered is refused, and nothing is charged", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimpleAccount({ client: client(), owner });
    await mint(usdc, account.address, units(100));
    const bundle = bundlerClient(usdc);
    const prepared = await bundle.prepareUserOperation({
      account,
      calls: [approve(usdc, paymaster, maxUint256), ...buyCalls(usdc, account.address)],
    });
    // paymasterData: token (20) | validUntil (6) | validAfter (6) | price (16) | maxTokenCost (16) | signature.
    const data = prepared.paymasterData!;
    const lowered = concat([slice(data, 0, 48), toHex(1n, { size: 16 }), slice(data, 64)]);
    const signature = await account.signUserOperation({ ...prepared, paymasterData: lowered });
    const before = await balanceOf(usdc, account.address);

    await expect(bundle.sendUserOperation({ ...prepared, paymasterData: lowered, signature } as never)).rejects.toThrow(/AA34|signature/i);
    expect(await balanceOf(usdc, account.address)).toBe(before);
  });
});
