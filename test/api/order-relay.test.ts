// The order relay end to end on a real `hardhat node` with Circle's FiatToken v2.2 allowlisted in
// the escrow: a buyer that holds USDC and no native coin asks GET /relay/quote, signs the EIP-3009
// authorization, and POST /relay/orders has the relayer submit it. The attacks are the ones that
// would cost the relayer: a tampered or replayed authorization, a fee below the gas, the same
// authorization twice at once, a buyer relaying without end.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, createPublicClient, createTestClient, createWalletClient, type Hex, http, keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployments } from "../../contracts/deployed.ts";
import { chainDeploymentOf, readRecord } from "../../contracts/deployment-records.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { escrowAbi } from "../../contracts/generated/deployments.ts";
import { rpcUrlEnv } from "../../contracts/rpc.ts";
import { devAccount, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { mined } from "../../scripts/lib/escrow-actions.ts";
import { deployFiatToken, mintFiatToken, singleIssuerRoles } from "../../scripts/lib/fiat-token.ts";
import { type PermitToken, signOrderAuthorization } from "../../scripts/lib/permit.ts";
import { type HardhatNode, startHardhatNode } from "../../scripts/lib/stack/chain.ts";
import { deployContracts } from "../../scripts/lib/stack/contracts.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { build, type TestApp } from "./helper.ts";

const units = (whole: number) => BigInt(Math.round(whole * 1e6));
const PER_HOUR = 3;
const relayerAddress = devAccount(DEV_ROLES.indexOf("order relayer")).address;

let node: HardhatNode;
let postgres: RunningPostgres;
let api: TestApp;
let deploymentsDir: string;
let viem: HardhatViemHelpers;
let escrow: Address;
let usdt: Address;
let usdc: PermitToken & { address: Address };
let chainId: number;

beforeAll(async () => {
  node = await startHardhatNode({ quiet: true });
  chainId = node.chainId;
  deploymentsDir = await mkdtemp(path.join(tmpdir(), "order-relay-"));
  await deployContracts({ rpcUrl: node.url, deploymentsDir });
  const record = (await readRecord(deploymentsDir, chainId))!;
  // The API reads the generated deployments: a fresh local deploy lands on the same addresses.
  expect(chainDeploymentOf(record).contracts).toEqual(deployments[String(chainId)].contracts);
  escrow = record.contracts.P2PEscrow.address;
  usdt = record.tokens.USDT.address;

  // Hardhat's `local` network reads this node's URL when Hardhat loads: only now.
  process.env[rpcUrlEnv(chainId)] = node.url;
  const hre = await import("hardhat");
  ({ viem } = await hre.network.connect({ network: "local" }));
  const [owner, proxyAdmin] = await viem.getWalletClients();
  const issuer = owner.account.address;
  const { token } = await deployFiatToken(viem, { roles: singleIssuerRoles(proxyAdmin.account.address, issuer) });
  usdc = token;
  await mined(viem, (await viem.getContractAt("P2PEscrow", escrow)).write.configureToken([token.address, true, units(10), 0n, units(1)]));
  await mintFiatToken(viem, token, { masterMinter: issuer, minter: issuer, allowance: units(1e9), to: [], amount: 0n });

  postgres = await startPostgres();
  api = await build(postgres, {
    [rpcUrlEnv(chainId)]: node.url,
    RELAYER_PRIVATE_KEY: devPrivateKey(DEV_ROLES.indexOf("order relayer")),
    RELAY_ORDERS_PER_SENDER_PER_HOUR: String(PER_HOUR),
    // The limit per address is rate-limits.test.ts's: these tests all come from one.
    RATE_LIMIT_RELAY_PER_MINUTE: "1000",
  });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
  await node?.stop();
  if (deploymentsDir) await rm(deploymentsDir, { recursive: true, force: true });
});

const client = () => createPublicClient({ chain: hardhat, transport: http(node.url), pollingInterval: 50 });
const balanceOf = async (owner: Address) => (await viem.getContractAt("FiatTokenV2_2", usdc.address)).read.balanceOf([owner]);

/** A new wallet holding `amount` of USDC and no native coin. */
async function usdcOnlyBuyer(amount: bigint) {
  const account = privateKeyToAccount(generatePrivateKey());
  const fiat = await viem.getContractAt("FiatTokenV2_2", usdc.address);
  await mined(viem, fiat.write.mint([account.address, amount]));
  return createWalletClient({ account, chain: hardhat, transport: http(node.url) });
}

type Buyer = Awaited<ReturnType<typeof usdcOnlyBuyer>>;

async function quote(token: Address = usdc.address, chain = chainId) {
  return api.app.inject({ method: "GET", url: `/relay/quote?chainId=${chain}&token=${token}` });
}

/** The buyer's signed order of `amount` from the seller, paying `relayerFee`, as POST /relay/orders takes it. */
async function signedOrder(buyer: Buyer, amount: bigint, relayerFee: bigint, label = "listing") {
  const now = (await client().getBlock()).timestamp;
  const request = {
    escrow,
    seller: devAccount(DEV_ROLES.indexOf("bob (seller)")).address,
    amount,
    productHash: keccak256(toHex(label)),
    maxProtocolFeeBps: 100n,
    relayerFee,
    salt: keccak256(toHex(`${label}-${buyer.account.address}-${Math.random()}`)),
    validAfter: 0n,
    validBefore: now + 3_600n,
  };
  const auth = await signOrderAuthorization(buyer, usdc, request);
  const text = (value: bigint | number | string) => String(value);
  return {
    chainId,
    token: usdc.address,
    seller: request.seller,
    amount: text(amount),
    productHash: request.productHash,
    maxProtocolFeeBps: text(request.maxProtocolFeeBps),
    auth: {
      buyer: auth.buyer,
      v: auth.v,
      r: auth.r,
      s: auth.s,
      relayerFee: text(auth.relayerFee),
      validAfter: text(auth.validAfter),
      validBefore: text(auth.validBefore),
      salt: auth.salt,
    },
  };
}

type Order = Awaited<ReturnType<typeof signedOrder>>;
const relay = (order: Order) => api.app.inject({ method: "POST", url: "/relay/orders", payload: order });
const relayerNonce = () => client().getTransactionCount({ address: relayerAddress, blockTag: "pending" });

async function quotedFee(): Promise<bigint> {
  const response = await quote();
  expect(response.statusCode).toBe(200);
  return BigInt(response.json().data.relayerFee);
}

describe("the order relay for buyers who hold only USDC", () => {
  it("quotes a fee in the token for USDC, and refuses a token without EIP-3009, one the escrow does not take, and an unknown chain", async () => {
    const response = await quote();
    expect(response.statusCode).toBe(200);
    const { relayer, relayerFee, gas } = response.json().data;
    expect(relayer).toBe(relayerAddress);
    expect(BigInt(relayerFee)).toBeGreaterThan(0n);
    expect(BigInt(gas)).toBeGreaterThan(0n);

    expect((await quote(usdt)).json().error.code).toBe("RELAY_TOKEN_UNSUPPORTED");
    expect((await quote(relayerAddress)).json().error.code).toBe("RELAY_TOKEN_UNSUPPORTED");
    const unknown = await quote(usdc.address, 4_242);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe("RELAY_CHAIN_UNSUPPORTED");
  });

  it("opens the order for a buyer with no native coin, paying the relayer a fee that covers what it spent on gas", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(units(40) + fee);
    const relayerUsdcBefore = await balanceOf(relayerAddress);
    const relayerEthBefore = await client().getBalance({ address: relayerAddress });

    const response = await relay(await signedOrder(buyer, units(40), fee));
    expect(response.statusCode).toBe(202);
    const { transactionHash, relayer } = response.json().data;
    expect(relayer).toBe(relayerAddress);
    const receipt = await client().waitForTransactionReceipt({ hash: transactionHash as Hex });
    expect(receipt.status).toBe("success");

    const orderId = (await client().readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })) - 1n;
    const order = await client().readContract({ address: escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] });
    expect(order.buyer).toBe(buyer.account.address);
    expect(order.amount).toBe(units(40));
    expect(await balanceOf(buyer.account.address)).toBe(0n);
    expect(await client().getBalance({ address: buyer.account.address })).toBe(0n);
    // The relayer's gas, at the dev price of the native coin (3,300 USDC), against the fee it took.
    const spentWei = relayerEthBefore - (await client().getBalance({ address: relayerAddress }));
    const spentUsdc = (spentWei * 3_300n * 10n ** 6n) / 10n ** 18n;
    expect((await balanceOf(relayerAddress)) - relayerUsdcBefore).toBe(fee);
    expect(spentUsdc).toBeLessThanOrEqual(fee);
    // The buyer signs an exact fee: whatever the quote overestimates is the relayer's gain. Kept to
    // the price margin and the room for a colder buy than this one.
    expect(fee).toBeLessThan((spentUsdc * 3n) / 2n);
  });

  it("refuses a dust order below the token's minimum, sending nothing and moving nothing", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(units(1) + fee);
    const nonceBefore = await relayerNonce();
    const response = await relay(await signedOrder(buyer, units(1), fee, "dust"));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "RELAY_WOULD_REVERT" });
    expect(response.json().error.details.reason).toMatch(/^EscrowAmountBelowMinimum/);
    expect(await relayerNonce()).toBe(nonceBefore);
    expect(await balanceOf(buyer.account.address)).toBe(units(1) + fee);
  });

  it("refuses an authorization a relayer redirected to another seller, sending nothing", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(units(20) + fee);
    const order = await signedOrder(buyer, units(20), fee);
    const nonceBefore = await relayerNonce();
    const response = await relay({ ...order, seller: relayerAddress });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "RELAY_WOULD_REVERT", details: { reason: "FiatTokenV2: invalid signature" } });
    expect(await relayerNonce()).toBe(nonceBefore);
    expect(await balanceOf(buyer.account.address)).toBe(units(20) + fee);
  });

  it("refuses a fee below what the gas costs, naming the fee required", async () => {
    const buyer = await usdcOnlyBuyer(units(20) + 1n);
    const nonceBefore = await relayerNonce();
    const response = await relay(await signedOrder(buyer, units(20), 1n));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("RELAY_FEE_TOO_LOW");
    expect(BigInt(response.json().error.details.required)).toBeGreaterThan(1n);
    expect(await relayerNonce()).toBe(nonceBefore);
  });

  it("sends an authorization once: the same one again while pending is a duplicate, and once mined it would revert", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(units(20) + fee);
    const order = await signedOrder(buyer, units(20), fee);
    // Held in the mempool, the first submission leaves the second's simulation passing.
    const test = createTestClient({ mode: "hardhat", chain: hardhat, transport: http(node.url) });
    await test.setAutomine(false);
    try {
      expect((await relay(order)).statusCode).toBe(202);
      const again = await relay(order);
      expect(again.json().error).toMatchObject({ code: "RELAY_DUPLICATE" });
      expect(again.statusCode).toBe(409);
    } finally {
      await test.setAutomine(true);
      await test.mine({ blocks: 1 });
    }
    const nonceBefore = await relayerNonce();
    const replay = await relay(order);
    expect(replay.statusCode).toBe(422);
    expect(replay.json().error).toMatchObject({
      code: "RELAY_WOULD_REVERT",
      details: { reason: "FiatTokenV2: authorization is used or canceled" },
    });
    expect(await relayerNonce()).toBe(nonceBefore);
    expect(await balanceOf(buyer.account.address)).toBe(0n);
  });

  it("relays a few orders per buyer and hour, then refuses with the time to wait", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(BigInt(PER_HOUR + 1) * (units(10) + fee));
    for (let i = 0; i < PER_HOUR; i++) {
      const response = await relay(await signedOrder(buyer, units(10), fee, `limited-${i}`));
      expect(response.statusCode).toBe(202);
      await client().waitForTransactionReceipt({ hash: response.json().data.transactionHash });
    }
    const refused = await relay(await signedOrder(buyer, units(10), fee, "limited-last"));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("RELAY_SENDER_LIMITED");
    expect(refused.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("sends orders of several buyers at once, each with its own nonce", async () => {
    const fee = await quotedFee();
    const buyers = await Promise.all([1, 2, 3].map(() => usdcOnlyBuyer(units(10) + fee)));
    const orders = await Promise.all(buyers.map((buyer) => signedOrder(buyer, units(10), fee, "concurrent")));
    const responses = await Promise.all(orders.map(relay));
    expect(responses.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    const receipts = await Promise.all(responses.map((r) => client().waitForTransactionReceipt({ hash: r.json().data.transactionHash })));
    expect(receipts.map((r) => r.status)).toEqual(["success", "success", "success"]);
  });

  it("refuses a malformed authorization before reading the chain", async () => {
    const fee = await quotedFee();
    const buyer = await usdcOnlyBuyer(units(10) + fee);
    const order = await signedOrder(buyer, units(10), fee);
    const response = await relay({ ...order, auth: { ...order.auth, v: 29 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("VALIDATION_FAILED");
  });
});

describe("the native coin's price from a Chainlink feed", () => {
  const PRICE_DECIMALS = 8;
  const dollars = (whole: number) => BigInt(whole) * 10n ** BigInt(PRICE_DECIMALS);
  const wallNow = () => BigInt(Math.floor(Date.now() / 1000));
  let feedApi: TestApp;
  const deployFeed = () => viem.deployContract("MockPriceFeed", [PRICE_DECIMALS, dollars(3_300)]);
  let feed: Awaited<ReturnType<typeof deployFeed>>;

  beforeAll(async () => {
    feed = await deployFeed();
    feedApi = await build(postgres, {
      [rpcUrlEnv(chainId)]: node.url,
      RELAYER_PRIVATE_KEY: devPrivateKey(DEV_ROLES.indexOf("order relayer")),
      [`PAYMASTER_NATIVE_PRICE_FEED_${chainId}`]: feed.address,
      PAYMASTER_PRICE_FEED_MAX_AGE_SECONDS: "3600",
    });
  }, 120_000);
  afterAll(() => feedApi?.close());

  const feedQuote = () => feedApi.app.inject({ method: "GET", url: `/relay/quote?chainId=${chainId}&token=${usdc.address}` });
  const setPrice = async (answer: bigint, updatedAt = wallNow()) => mined(viem, feed.write.setAnswer([answer, updatedAt]));

  it("prices the relay's fee at the feed's answer, read for every quote", async () => {
    await setPrice(dollars(3_300));
    const atFirst = BigInt((await feedQuote()).json().data.relayerFee);
    await setPrice(dollars(6_600));
    const doubled = BigInt((await feedQuote()).json().data.relayerFee);
    // The price of gas may move by a block's base fee between the two quotes; the coin's doubled.
    expect(Number(doubled) / Number(atFirst)).toBeGreaterThan(1.8);
    expect(Number(doubled) / Number(atFirst)).toBeLessThan(2.2);
  });

  it("stops quoting while the feed is stale or answers no positive price, and quotes again once it is fresh", async () => {
    await setPrice(dollars(3_300), wallNow() - 7_200n);
    const stale = await feedQuote();
    expect(stale.statusCode).toBe(503);
    expect(stale.json().error.code).toBe("RELAY_PRICE_UNAVAILABLE");
    expect(stale.json().error.message).toMatch(/last updated \d+ s ago/);

    await setPrice(0n);
    expect((await feedQuote()).json().error.code).toBe("RELAY_PRICE_UNAVAILABLE");

    await setPrice(dollars(3_300));
    expect((await feedQuote()).statusCode).toBe(200);
  });

  it("refuses to relay an order while the feed is stale, sending nothing", async () => {
    await setPrice(dollars(3_300));
    const fee = BigInt((await feedQuote()).json().data.relayerFee);
    const buyer = await usdcOnlyBuyer(units(10) + fee);
    const order = await signedOrder(buyer, units(10), fee, "stale-feed");
    await setPrice(dollars(3_300), wallNow() - 7_200n);
    const nonceBefore = await relayerNonce();
    const response = await feedApi.app.inject({ method: "POST", url: "/relay/orders", payload: order });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("RELAY_PRICE_UNAVAILABLE");
    expect(await relayerNonce()).toBe(nonceBefore);
  });
});
