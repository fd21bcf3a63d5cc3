import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Address, createPublicClient, createWalletClient, defineChain, type Hash, http, isAddressEqual, keccak256, toHex } from "viem";
import { chainDeploymentOf, type DeploymentRecord } from "../../../contracts/deployment-records.ts";
import { arbitratorPoolAbi, escrowAbi, fallbackArbitratorAbi, stablecoinAbi } from "../../../contracts/generated/deployments.ts";
import { devAccount, devActor } from "../../dev/accounts.ts";
import { type HardhatNode, startHardhatNode } from "../stack/chain.ts";
import { deployContracts } from "../stack/contracts.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const WHOLE = 10n ** 6n;
/** The protocol fee's hard cap (bps): the most a buyer can be asked to accept. */
const MAX_PROTOCOL_FEE_BPS = 100n;
/** Hardhat's node funds this many accounts of the dev mnemonic. */
const FUNDED_ACCOUNTS = 20;

/** A Hardhat node with the stack deployed by the real deploy script, and helpers to drive it. */
export async function startEscrowChain({ chainId = 31337, timeoutMs }: { chainId?: number; timeoutMs?: number } = {}) {
  const node = await startHardhatNode({ chainId, timeoutMs });
  const dir = await mkdtemp(path.join(tmpdir(), "escrow-chain-"));
  await deployContracts({ rpcUrl: node.url, deploymentsDir: dir }).catch(async (error) => {
    await node.stop();
    throw error;
  });
  const record = JSON.parse(await readFile(path.join(dir, `${chainId}.json`), "utf8")) as DeploymentRecord;
  return escrowChain(node, record);
}

export type EscrowChain = Awaited<ReturnType<typeof escrowChain>>;

function escrowChain(node: HardhatNode, record: DeploymentRecord) {
  const chain = defineChain({
    id: record.chainId,
    name: `test-${record.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [node.url] } },
  });
  // No cache for reads such as the block number: viem keeps one for the polling interval by default,
  // and a head read just after a transaction must count that transaction's block, or waiting for the
  // indexer to reach "the head" waits for the block before it.
  const client = createPublicClient({ chain, transport: http(node.url), pollingInterval: 50, cacheTime: 0 });
  const escrow = record.contracts.P2PEscrow.address;
  const pool = record.contracts.ArbitratorPool.address;
  const fallbackArbitrator = record.contracts.FallbackArbitrator?.address;
  const tokens = { USDT: record.tokens.USDT.address, USDC: record.tokens.USDC.address };

  const send = async (hash: Promise<Hash>) => {
    const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const actors = new Map<number, ReturnType<typeof makeActor>>();
  const makeActor = (index: number) => {
    const { account, address, write } = devActor(index, chain, node.url);
    return { account, address, write, escrow: (fn: string, args: readonly unknown[] = []) => write(escrow, escrowAbi, fn, args) };
  };
  const actor = (index: number) => {
    if (!actors.has(index)) actors.set(index, makeActor(index));
    return actors.get(index)!;
  };
  /** The dev account at `address` as an actor. */
  const actorOf = (address: Address) => {
    for (let index = 0; index < FUNDED_ACCOUNTS; index++) {
      const candidate = actor(index);
      if (isAddressEqual(candidate.address, address)) return candidate;
    }
    throw new Error(`${address} is not one of the node's dev accounts`);
  };
  type Actor = ReturnType<typeof actor>;
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: escrow, abi: escrowAbi, functionName, args } as never) as Promise<T>;
  const orderOf = (orderId: bigint) => read<{ buyer: Address; seller: Address; status: number }>("getOrder", [orderId]);
  /** Approves the order's token for the deposit a dispute on it asks of each side. */
  const approveDeposit = async (by: Actor, orderId: bigint) => {
    const [fee, token] = await Promise.all([read<bigint>("arbitrationFeeOf", [orderId]), read<Address>("orderToken", [orderId])]);
    await by.write(token, stablecoinAbi, "approve", [escrow, fee]);
    return fee;
  };
  const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never) as Promise<unknown>;

  const [deployer, alice, bob, carol, dave] = [0, 1, 2, 3, 4].map(actor);
  const arbitratorActors = [5, 6, 7].map(actor);

  let listing = 0;
  return {
    node,
    record,
    chainId: record.chainId,
    client,
    escrow,
    pool,
    fallbackArbitrator,
    tokens,
    deployer,
    alice,
    bob,
    carol,
    dave,
    arbitrators: arbitratorActors,
    actor,
    actorOf,
    rpc,
    /** Mints both stablecoins to the trading accounts and registers the three arbitrators. */
    async fund() {
      for (const user of [alice, bob, carol, dave, ...arbitratorActors]) {
        for (const token of Object.values(tokens)) await deployer.write(token, stablecoinAbi, "mint", [user.address, 1_000_000n * WHOLE]);
      }
      const stake = 500n * WHOLE;
      for (const arbitrator of arbitratorActors) {
        await arbitrator.write(tokens.USDT, stablecoinAbi, "approve", [pool, stake]);
        await arbitrator.write(pool, arbitratorPoolAbi, "register", [stake]);
      }
    },
    async createOrder(
      buyer: Actor,
      seller: Actor,
      whole: bigint,
      token: Address = tokens.USDC,
      productHash: Hash = keccak256(toHex(`listing-${++listing}`)),
    ) {
      const amount = whole * WHOLE;
      await buyer.write(token, stablecoinAbi, "approve", [escrow, amount]);
      await buyer.escrow("createOrder", [seller.address, token, amount, productHash, MAX_PROTOCOL_FEE_BPS]);
      return (await read<bigint>("nextOrderId")) - 1n;
    },
    /** The seller confirms delivery, committing to `deliveryHash` (by default a hash of the order id). */
    async confirmDelivery(orderId: bigint, deliveryHash: Hash = keccak256(toHex(`delivery-${orderId}`))) {
      const { seller } = await orderOf(orderId);
      return actorOf(seller).escrow("sellerConfirmDelivery", [orderId, deliveryHash]);
    },
    /** `by` opens a dispute, depositing the arbitration fee (approved first); returns the fee. */
    async openDispute(orderId: bigint, by: Actor) {
      const fee = await approveDeposit(by, orderId);
      await by.escrow("openDispute", [orderId]);
      return fee;
    },
    /** The party that did not open the dispute matches the opener's deposit; the draw starts. */
    async payDisputeFee(orderId: bigint) {
      const [{ buyer, seller }, dispute] = await Promise.all([orderOf(orderId), read<{ opener: Address }>("getDispute", [orderId])]);
      const other = actorOf(isAddressEqual(dispute.opener, buyer) ? seller : buyer);
      await approveDeposit(other, orderId);
      return other.escrow("payDisputeFee", [orderId]);
    },
    /** Opens a dispute, has the other side deposit too, and draws; returns the drawn arbitrator. */
    async disputeAndDraw(orderId: bigint, openedBy: Actor) {
      await this.openDispute(orderId, openedBy);
      await this.payDisputeFee(orderId);
      return this.drawFor(orderId);
    },
    /** Waits out the RNG's lookahead, draws, and returns the drawn arbitrator as an actor. */
    async drawFor(orderId: bigint) {
      await this.mine(6);
      await deployer.escrow("drawArbitrator", [orderId]);
      const dispute = await read<{ arbitrator: Address }>("getDispute", [orderId]);
      return arbitratorActors.find((a) => isAddressEqual(a.address, dispute.arbitrator))!;
    },
    /** `by` offers the buyer `buyerAmount` token units of the order, open for `forSeconds` of the chain's time; returns the expiry. */
    async proposeSettlement(orderId: bigint, by: Actor, buyerAmount: bigint, forSeconds = 3600n) {
      const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
      const expiresAt = now + forSeconds;
      await by.escrow("proposeSettlement", [orderId, buyerAmount, expiresAt]);
      return expiresAt;
    },
    /** The fallback arbitrator's owner (the deployer) rules on the escalated dispute of `orderId`. */
    async fallbackRules(orderId: bigint, ruling: 0 | 1 | 2) {
      if (!fallbackArbitrator) throw new Error("the stack has no fallback arbitrator");
      const logs = await client.getContractEvents({
        address: escrow,
        abi: escrowAbi,
        eventName: "DisputeEscalated",
        args: { orderId },
        fromBlock: 0n,
      });
      const disputeId = (logs.at(-1)?.args as { disputeId?: bigint } | undefined)?.disputeId;
      if (disputeId === undefined) throw new Error(`order ${orderId} was never escalated`);
      return deployer.write(fallbackArbitrator, fallbackArbitratorAbi, "giveRuling", [disputeId, BigInt(ruling)]);
    },
    /**
     * Mines `blocks` empty blocks one by one. (hardhat_mine mines lazily, and a block range it
     * reserved can change hashes under an indexer that already read it.)
     */
    async mine(blocks: number) {
      for (let i = 0; i < blocks; i++) await rpc("evm_mine");
    },
    async passTime(seconds: bigint) {
      await rpc("evm_increaseTime", [Number(seconds)]);
      await rpc("evm_mine");
    },
    /**
     * Puts `count` orders on chain, `perTransaction` at a time, through the OrderBatcher helper
     * contract (one block per transaction). Returns the batcher, which is the orders' buyer.
     */
    async bulkOrders(count: number, { perTransaction = 250, whole = 10n } = {}) {
      const artifact = JSON.parse(
        await readFile(path.join(ROOT, "artifacts/contracts/src/mocks/OrderBatcher.sol/OrderBatcher.json"), "utf8"),
      );
      // Estimating a transaction of hundreds of orders takes the node tens of seconds on a loaded
      // machine, past viem's default 10 s request timeout.
      const wallet = createWalletClient({ account: devAccount(0), chain, transport: http(node.url, { timeout: 180_000 }) });
      const deployed = await send(wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [escrow] }));
      const batcher = deployed.contractAddress!;
      /** Calls the batcher (createOrders, cancelOrders) from the deployer. */
      const write = (functionName: string, args: readonly unknown[]) =>
        send(wallet.writeContract({ address: batcher, abi: artifact.abi, functionName, args } as never));
      await deployer.write(tokens.USDC, stablecoinAbi, "mint", [batcher, BigInt(count) * whole * WHOLE]);
      for (let done = 0; done < count; done += perTransaction) {
        const n = Math.min(perTransaction, count - done);
        await write("createOrders", [bob.address, tokens.USDC, whole * WHOLE, BigInt(n), BigInt(done)]);
      }
      return { address: batcher, abi: artifact.abi as readonly unknown[], write };
    },
    /** The JSON the indexer reads in place of the generated module (INDEXER_DEPLOYMENTS_FILE). */
    indexerDeployment() {
      return { [record.chainId]: chainDeploymentOf(record) };
    },
  };
}

/** Writes the indexer's deployments file for one or more chains and returns its path. */
export async function writeIndexerDeployments(chains: EscrowChain[]) {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "indexer-deployments-")), "deployments.json");
  await writeFile(file, JSON.stringify(Object.assign({}, ...chains.map((c) => c.indexerDeployment()))));
  return file;
}
