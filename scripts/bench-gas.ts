// Steady-state gas of the escrow's operations, measured on Hardhat's in-process chain: the order
// path, and a dispute's (each deposit, the draw, the ruling, a default, an escalation).
// "Steady state" means warm token balances: every account that receives already holds tokens
// and the escrow already holds other orders, as on a live deployment. The token is a plain
// ERC-20 with permit, which is USDC v2.2's cost model (it packs its blocklist bit into the
// balance slot); the blocklisting mock, which reads its blocklist separately, serves only the
// withdraw measurement, where a payout must fail first.
import { mkdir, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import { type Address, keccak256, toHex } from "viem";
import { chains } from "../contracts/chains.ts";
import { FIXTURE_AMOUNT, FIXTURE_FEES, FIXTURE_PRICE, paymasterGasFixture } from "./lib/account-abstraction/gas-fixture.ts";
import { mined, registerArbitrators, syntheticAddress } from "./lib/escrow-actions.ts";
import { deployEscrowStack } from "./lib/escrow-stack.ts";
import { deployFiatToken, mintFiatToken, singleIssuerRoles } from "./lib/fiat-token.ts";
import { signOrderAuthorization, signPermit } from "./lib/permit.ts";

const DRAW_POOL_SIZES = [10, 100, 1000] as const;
const DRAWS_PER_SIZE = 5;
const AMOUNT = 250_000_000n; // 250 USDC
/** The protocol fee's hard cap (bps): what the bench's buyer accepts. */
const MAX_PROTOCOL_FEE_BPS = 100n;
// The local chain's bounds for a 6-decimal stablecoin: the smallest order and dispute deposit.
const { minOrderAmount, maxOrderAmount, minArbitrationFee } = chains.local.stablecoins.USDC;

const { viem } = await network.connect();
const testClient = await viem.getTestClient();
const [owner, buyer, seller, stranger] = await viem.getWalletClients();

const usdc = await viem.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
const blocklisting = await viem.deployContract("MockBlocklistToken", ["Blocklisting USD", "BUSD", 6]);
const { escrow, pool, params, minStake } = await deployEscrowStack(viem, {
  owner: owner.account.address,
  stakeToken: usdc.address,
  stakeTokenDecimals: 6,
  rng: "deterministic",
});
for (const address of [usdc.address, blocklisting.address]) {
  const token = await viem.getContractAt("MockERC20", address);
  await mined(viem, escrow.write.configureToken([address, true, minOrderAmount, maxOrderAmount, minArbitrationFee]));
  for (const account of [buyer, seller, stranger]) {
    await mined(viem, token.write.mint([account.account.address, 10n ** 15n]));
  }
}

const gas: Record<string, number> = {};
const record = (name: string, value: bigint) => {
  gas[name] = Number(value);
};

let nonce = 0;
async function createOrder(tokenAddress: Address = usdc.address): Promise<bigint> {
  const productHash = keccak256(toHex(`listing-${nonce++}`));
  const token = await viem.getContractAt("MockERC20", tokenAddress);
  await mined(viem, token.write.approve([escrow.address, AMOUNT], { account: buyer.account }));
  const receipt = await mined(
    viem,
    escrow.write.createOrder([seller.account.address, token.address, AMOUNT, productHash, MAX_PROTOCOL_FEE_BPS], {
      account: buyer.account,
    }),
  );
  if (tokenAddress === usdc.address) record("createOrder", receipt.gasUsed);
  return (await escrow.read.nextOrderId()) - 1n;
}

async function confirmDelivery(orderId: bigint) {
  const deliveryHash = keccak256(toHex(`delivery-${orderId}`));
  const receipt = await mined(viem, escrow.write.sellerConfirmDelivery([orderId, deliveryHash], { account: seller.account }));
  record("sellerConfirmDelivery", receipt.gasUsed);
}

/** Approves the order's dispute deposit for `party` (a separate transaction, not measured). */
async function approveDeposit(party: typeof buyer, orderId: bigint) {
  const fee = await escrow.read.arbitrationFeeOf([orderId]);
  await mined(viem, usdc.write.approve([escrow.address, fee], { account: party.account }));
}

/** The buyer opens a dispute with its deposit, and the seller matches it; the draw starts. */
async function disputeWithDeposits(orderId: bigint) {
  await approveDeposit(buyer, orderId);
  record("openDispute", (await mined(viem, escrow.write.openDispute([orderId], { account: buyer.account }))).gasUsed);
  await approveDeposit(seller, orderId);
  record("payDisputeFee", (await mined(viem, escrow.write.payDisputeFee([orderId], { account: seller.account }))).gasUsed);
}

// Orders that stay open keep the escrow's balance slots non-zero, as they are in production.
await createOrder();
await createOrder();
await createOrder(blocklisting.address);

// createOrderWithPermit: one signature instead of an approve transaction.
{
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
  const { v, r, s } = await signPermit(buyer, {
    token: usdc,
    spender: escrow.address,
    value: AMOUNT,
    nonce: await usdc.read.nonces([buyer.account.address]),
    deadline,
  });
  const receipt = await mined(
    viem,
    escrow.write.createOrderWithPermit(
      [seller.account.address, usdc.address, AMOUNT, keccak256(toHex("permit")), MAX_PROTOCOL_FEE_BPS, deadline, v, r, s],
      { account: buyer.account },
    ),
  );
  record("createOrderWithPermit", receipt.gasUsed);
}

// Happy path.
{
  const orderId = await createOrder();
  await confirmDelivery(orderId);
  const receipt = await mined(viem, escrow.write.buyerConfirmReceived([orderId], { account: buyer.account }));
  record("buyerConfirmReceived", receipt.gasUsed);
}

// Cancel.
{
  const orderId = await createOrder();
  const receipt = await mined(viem, escrow.write.cancelOrder([orderId], { account: buyer.account }));
  record("cancelOrder", receipt.gasUsed);
}

// Auto-release after the buyer window.
{
  const orderId = await createOrder();
  await confirmDelivery(orderId);
  await testClient.increaseTime({ seconds: Number(params.buyerWindow) + 1 });
  await testClient.mine({ blocks: 1 });
  const receipt = await mined(viem, escrow.write.autoRelease([orderId], { account: stranger.account }));
  record("autoRelease", receipt.gasUsed);
}

// Draws at growing pool sizes, then a ruling.
const drawn: { orderId: bigint; arbitrator: Address }[] = [];
let registered = 0;
for (const size of DRAW_POOL_SIZES) {
  const newcomers = Array.from({ length: size - registered }, (_, i) => syntheticAddress(0xa4b, registered + i));
  await registerArbitrators(viem, pool, usdc, newcomers, minStake);
  registered = size;

  const draws: bigint[] = [];
  for (let i = 0; i < DRAWS_PER_SIZE; i++) {
    const orderId = await createOrder();
    await disputeWithDeposits(orderId);
    const receipt = await mined(viem, escrow.write.drawArbitrator([orderId], { account: stranger.account }));
    draws.push(receipt.gasUsed);
    drawn.push({ orderId, arbitrator: (await escrow.read.getDispute([orderId])).arbitrator });
  }
  const mean = draws.reduce((a, b) => a + b, 0n) / BigInt(draws.length);
  record(`drawArbitrator@${size}`, mean);
}

{
  const { orderId, arbitrator } = drawn[0];
  await mined(viem, usdc.write.mint([arbitrator, 1n])); // a warm balance for the fee
  // For the seller: the order and the seller's deposit to it, the buyer's deposit to the arbitrator.
  const receipt = await mined(viem, escrow.write.resolveDispute([orderId, 2], { account: arbitrator }));
  record("resolveDispute", receipt.gasUsed);
}

// A default: the seller never matches the buyer's deposit, and anyone ends the dispute after the response window.
{
  const orderId = await createOrder();
  await approveDeposit(buyer, orderId);
  await mined(viem, escrow.write.openDispute([orderId], { account: buyer.account }));
  await testClient.increaseTime({ seconds: Number(params.responseWindow) + 1 });
  await testClient.mine({ blocks: 1 });
  const receipt = await mined(viem, escrow.write.resolveUnanswered([orderId], { account: stranger.account }));
  record("resolveUnanswered", receipt.gasUsed);
}

// The fallback: nobody drew within the draw window, so anyone hands the case to the (free) fallback arbitrator.
{
  const orderId = await createOrder();
  await disputeWithDeposits(orderId);
  await testClient.increaseTime({ seconds: Number(params.drawWindow) + 1 });
  await testClient.mine({ blocks: 1 });
  const receipt = await mined(viem, escrow.write.escalate([orderId], { account: stranger.account, value: 0n }));
  record("escalate", receipt.gasUsed);
}

// Withdraw: a blocklisted seller's payout is credited, then withdrawn once it is unblocked.
{
  const orderId = await createOrder(blocklisting.address);
  await confirmDelivery(orderId);
  await mined(viem, blocklisting.write.setBlocklisted([seller.account.address, true]));
  await mined(viem, escrow.write.buyerConfirmReceived([orderId], { account: buyer.account }));
  await mined(viem, blocklisting.write.setBlocklisted([seller.account.address, false]));
  const receipt = await mined(viem, escrow.write.withdraw([blocklisting.address], { account: seller.account }));
  record("withdraw", receipt.gasUsed);
}

// Gas in stablecoins: the buy and the buyer's confirmation sent directly by an EOA, and the same
// calls as a SimpleAccount's user operation through the EntryPoint, sponsored by the paymaster and
// paid in the token (a chain of its own: scripts/lib/account-abstraction/gas-fixture.ts). Each is
// measured on its second run, with the sender, the paymaster's record of it and the token warm.
// A row's gasless figure is named for who paid the gas: the paymaster (sponsored) or a relayer (relayed).
type GaslessRow = { direct: number; overhead: number; charged: string } & ({ sponsored: number } | { relayed: number });
const gasless: Record<string, GaslessRow> = {};
{
  const f = await paymasterGasFixture();
  await f.fundBuyer();
  const account = await f.smartAccount(1n);
  const balance = () => f.usdc.read.balanceOf([account]);
  // An order that stays open, as on a live escrow: the escrow's token balance never returns to zero.
  await f.direct();
  for (let run = 0; run < 2; run++) {
    const directBuy = await f.direct();
    const directOrder = await f.lastOrderId();
    let before = await balance();
    const sponsoredBuy = await f.handle(await f.userOp(account, "paymaster"));
    const buyCharged = before - (await balance()) - FIXTURE_AMOUNT;
    const sponsoredOrder = await f.lastOrderId();
    await f.deliver(directOrder);
    await f.deliver(sponsoredOrder);
    const directConfirm = await f.direct(f.confirmReceived(directOrder));
    before = await balance();
    const sponsoredConfirm = await f.handle(await f.userOp(account, "paymaster", f.confirmReceived(sponsoredOrder)));
    const confirmCharged = before - (await balance());
    const row = (direct: bigint, sponsored: bigint, charged: bigint) => ({
      direct: Number(direct),
      sponsored: Number(sponsored),
      overhead: Number(sponsored - direct),
      charged: `${(Number(charged) / 1e6).toFixed(6)} USDC`,
    });
    gasless.createOrder = row(directBuy.gasUsed, sponsoredBuy.gasUsed, buyCharged);
    gasless.buyerConfirmReceived = row(directConfirm.gasUsed, sponsoredConfirm.gasUsed, confirmCharged);
  }
}

// Gas in stablecoins without an account: USDC's own EIP-3009 authorization. A buyer holding
// FiatToken v2.2 signs, and a relayer sends createOrderWithAuthorization and pays the gas, against
// the same buyer's createOrder sent directly on the same token (allowance in place). Second runs,
// warm; "charged" is what the relayer paid for the gas (at the fee the chain charged it) at the
// fixture's price: the least relayer fee that covers it.
{
  const [, , , , proxyAdmin, relayer] = await viem.getWalletClients();
  const issuer = owner.account.address;
  const { token: fiat } = await deployFiatToken(viem, { roles: singleIssuerRoles(proxyAdmin.account.address, issuer) });
  await mined(viem, escrow.write.configureToken([fiat.address, true, minOrderAmount, maxOrderAmount, minArbitrationFee]));
  const accounts = [buyer, seller, relayer].map((w) => w.account.address);
  await mintFiatToken(viem, fiat, { masterMinter: issuer, minter: issuer, allowance: 10n ** 15n, to: accounts, amount: 10n ** 12n });
  const publicClient = await viem.getPublicClient();
  const relayerFee = 1_000_000n; // 1 USDC: its size does not change the gas
  for (let run = 0; run < 2; run++) {
    await mined(viem, fiat.write.approve([escrow.address, AMOUNT], { account: buyer.account }));
    const direct = await mined(
      viem,
      escrow.write.createOrder([seller.account.address, fiat.address, AMOUNT, keccak256(toHex(`fiat-${run}`)), MAX_PROTOCOL_FEE_BPS], {
        account: buyer.account,
      }),
    );
    const request = {
      escrow: escrow.address,
      seller: seller.account.address,
      amount: AMOUNT,
      productHash: keccak256(toHex(`authorized-${run}`)),
      maxProtocolFeeBps: MAX_PROTOCOL_FEE_BPS,
      relayerFee,
      salt: keccak256(toHex(`salt-${run}`)),
      validAfter: 0n,
      validBefore: (await publicClient.getBlock()).timestamp + 3600n,
    };
    const auth = await signOrderAuthorization(buyer, fiat, request);
    const relayed = await mined(
      viem,
      escrow.write.createOrderWithAuthorization([request.seller, fiat.address, AMOUNT, request.productHash, MAX_PROTOCOL_FEE_BPS, auth], {
        account: relayer.account,
      }),
    );
    const spent = (relayed.gasUsed * relayed.effectiveGasPrice * FIXTURE_PRICE) / 10n ** 18n;
    gasless["createOrderWithAuthorization (relayed)"] = {
      direct: Number(direct.gasUsed),
      relayed: Number(relayed.gasUsed),
      overhead: Number(relayed.gasUsed - direct.gasUsed),
      charged: `${(Number(spent) / 1e6).toFixed(6)} USDC`,
    };
  }
}

const targets = [
  { name: "createOrder ≤ 100,000", ok: gas.createOrder <= 100_000 },
  {
    name: "sponsored createOrder overhead ≤ 60,000 (issue #15; see docs/gas.md for why it is not met)",
    ok: gasless.createOrder.overhead <= 60_000,
  },
  {
    name: "relayed createOrderWithAuthorization overhead ≤ 60,000",
    ok: gasless["createOrderWithAuthorization (relayed)"].overhead <= 60_000,
  },
  { name: "buyerConfirmReceived ≤ 60,000", ok: gas.buyerConfirmReceived <= 60_000 },
  {
    name: "drawArbitrator@1000 ≤ 2 × drawArbitrator@10",
    ok: gas["drawArbitrator@1000"] <= 2 * gas["drawArbitrator@10"],
  },
];

await mkdir(new URL("../bench/", import.meta.url), { recursive: true });
await writeFile(new URL("../bench/gas.json", import.meta.url), `${JSON.stringify(gas, null, 2)}\n`);
await writeFile(new URL("../bench/gas-in-stablecoins.json", import.meta.url), `${JSON.stringify(gasless, null, 2)}\n`);

console.log("\nSteady-state gas (warm token balances)\n");
console.table(Object.fromEntries(Object.entries(gas).map(([op, value]) => [op, { gas: value }])));
console.log(`drawArbitrator@1000 / drawArbitrator@10 = ${(gas["drawArbitrator@1000"] / gas["drawArbitrator@10"]).toFixed(2)}`);
const price = `${Number(FIXTURE_PRICE) / 1e6} USDC per native coin`;
const fees = `${Number(FIXTURE_FEES.maxFeePerGas) / 1e9} gwei max, ${Number(FIXTURE_FEES.maxPriorityFeePerGas) / 1e9} gwei priority`;
console.log(`\nGas in stablecoins: direct (EOA) against sponsored (user operation, paid in USDC at ${price}, fees ${fees})\n`);
console.table(gasless);
for (const t of targets) console.log(`${t.ok ? "meets" : "MISSES"} target: ${t.name}`);
console.log("\nwritten to bench/gas.json and bench/gas-in-stablecoins.json");
