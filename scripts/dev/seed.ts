// Demo data for the local chain: funded dev accounts, registered arbitrators, and orders in
// several states, among them a dispute with both deposits in and its arbitrator drawn, one waiting
// for the seller's deposit, and one settled. Runs once per chain.
import { type Address, createPublicClient, http, keccak256, toHex } from "viem";
import { hardhat } from "viem/chains";
import { chains } from "../../contracts/chains.ts";
import { DEV_GASLESS_WALLETS } from "../../contracts/dev-accounts.ts";
import { devAccount, devActor } from "./accounts.ts";

const WHOLE = 10n ** 6n; // both local mocks use 6 decimals
/** The protocol fee's hard cap (bps): the demo buyers accept whatever fee is set. */
const MAX_PROTOCOL_FEE_BPS = 100n;

export async function seedDemoData(rpcUrl: string, log: (line: string) => void) {
  // Imported here, not at the top: the deploy stage has just regenerated the deployments module.
  const { escrowAbi, arbitratorPoolAbi, stablecoinAbi } = await import("../../contracts/generated/deployments.ts");
  const { addressOf, deploymentOf } = await import("../../contracts/deployed.ts");
  const { USDT, USDC } = deploymentOf(hardhat.id)?.tokens ?? {};
  if (!USDT || !USDC) throw new Error("no local deployment in contracts/generated/deployments.ts");
  const escrow = addressOf(hardhat.id, "P2PEscrow");
  const pool = addressOf(hardhat.id, "ArbitratorPool");

  const client = createPublicClient({ chain: hardhat, transport: http(rpcUrl) });
  const nextOrderId = await client.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" });
  if (nextOrderId > 1n) {
    log(`demo data already on chain (${nextOrderId - 1n} orders)`);
    return;
  }

  const [deployer, alice, bob, carol, dave, ...arbitrators] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => devActor(i, hardhat, rpcUrl));

  log("funding dev accounts with 100,000 mock USDT and USDC each, the stablecoin-only ones with 1,000");
  for (const user of [alice, bob, carol, dave, ...arbitrators]) {
    for (const token of [USDT.address, USDC.address]) {
      await deployer.write(token, stablecoinAbi, "mint", [user.account.address, 100_000n * WHOLE]);
    }
  }

  // The wallets that pay gas in stablecoins get tokens only: no native coin ever reaches them.
  for (const { index } of DEV_GASLESS_WALLETS) {
    for (const token of [USDT.address, USDC.address])
      await deployer.write(token, stablecoinAbi, "mint", [devAccount(index).address, 1_000n * WHOLE]);
  }

  const stake = chains.local.minArbitratorStake * 2n;
  log(`registering ${arbitrators.length} arbitrators with ${stake / WHOLE} USDT each`);
  for (const arbitrator of arbitrators) {
    await arbitrator.write(USDT.address, stablecoinAbi, "approve", [pool, stake]);
    await arbitrator.write(pool, arbitratorPoolAbi, "register", [stake]);
  }

  let listing = 0;
  const order = async (buyer: typeof alice, seller: typeof alice, token: Address, whole: bigint) => {
    const amount = whole * WHOLE;
    await buyer.write(token, stablecoinAbi, "approve", [escrow, amount]);
    await buyer.write(escrow, escrowAbi, "createOrder", [
      seller.account.address,
      token,
      amount,
      keccak256(toHex(`demo-listing-${++listing}`)),
      MAX_PROTOCOL_FEE_BPS,
    ]);
    return (await client.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })) - 1n;
  };
  const deliver = (seller: typeof alice, orderId: bigint) =>
    seller.write(escrow, escrowAbi, "sellerConfirmDelivery", [orderId, keccak256(toHex(`demo-delivery-${orderId}`))]);
  /** Approves the dispute deposit (each side's arbitration fee) in the order's token, then makes the call. */
  const withDeposit = async (party: typeof alice, orderId: bigint, functionName: "openDispute" | "payDisputeFee") => {
    const [fee, token] = await Promise.all([
      client.readContract({ address: escrow, abi: escrowAbi, functionName: "arbitrationFeeOf", args: [orderId] }),
      client.readContract({ address: escrow, abi: escrowAbi, functionName: "orderToken", args: [orderId] }),
    ]);
    await party.write(token, stablecoinAbi, "approve", [escrow, fee]);
    await party.write(escrow, escrowAbi, functionName, [orderId]);
  };

  log("creating demo orders");
  await order(alice, bob, USDC.address, 120n); // stays Created
  const confirmed = await order(carol, bob, USDT.address, 80n);
  await deliver(bob, confirmed);
  const completed = await order(alice, dave, USDC.address, 45n);
  await deliver(dave, completed);
  await alice.write(escrow, escrowAbi, "buyerConfirmReceived", [completed]);
  const cancelled = await order(carol, dave, USDT.address, 30n);
  await dave.write(escrow, escrowAbi, "cancelOrder", [cancelled]);
  const disputed = await order(alice, dave, USDC.address, 250n);
  await deliver(dave, disputed);
  await withDeposit(alice, disputed, "openDispute");
  await alice.write(escrow, escrowAbi, "submitEvidence", [disputed, "ipfs://demo-evidence-not-pinned"]);
  await withDeposit(dave, disputed, "payDisputeFee");
  // The blockhash RNG answers a few blocks after the request.
  for (let i = 0; i < 6; i++) await client.request({ method: "evm_mine", params: [] } as never);
  await deployer.write(escrow, escrowAbi, "drawArbitrator", [disputed]);
  const awaiting = await order(carol, dave, USDC.address, 40n);
  await withDeposit(carol, awaiting, "openDispute"); // dave has the response window to match it
  const settled = await order(carol, bob, USDC.address, 60n);
  await withDeposit(carol, settled, "openDispute");
  const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
  await carol.write(escrow, escrowAbi, "proposeSettlement", [settled, 20n * WHOLE, now + 24n * 3600n]);
  await bob.write(escrow, escrowAbi, "acceptSettlement", [settled, 20n * WHOLE]);
  log(
    `7 orders: Created, SellerConfirmed, Completed, Cancelled, Disputed (#${disputed}, both deposits in, arbitrator drawn), ` +
      `Disputed (#${awaiting}, awaiting the seller's deposit), Settled`,
  );
}
