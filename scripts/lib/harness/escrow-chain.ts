import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Address, createPublicClient, createWalletClient, defineChain, type Hash, http, keccak256, toHex } from "viem";
import { chainDeploymentOf, type DeploymentRecord } from "../../../contracts/deployment-records.ts";
import { arbitratorPoolAbi, escrowAbi, stablecoinAbi } from "../../../contracts/generated/deployments.ts";
import { devAccount, devActor } from "../../dev/accounts.ts";
import { type HardhatNode, startHardhatNode } from "../stack/chain.ts";
import { deployContracts } from "../stack/contracts.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const WHOLE = 10n ** 6n;

/** A Hardhat node with the stack deployed by the real deploy script, and helpers to drive it. */
export async function startEscrowChain({ chainId = 31337 } = {}) {
  const node = await startHardhatNode({ chainId });
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
  const client = createPublicClient({ chain, transport: http(node.url), pollingInterval: 50 });
  const escrow = record.contracts.P2PEscrow.address;
  const pool = record.contracts.ArbitratorPool.address;
  const tokens = { USDT: record.tokens.USDT.address, USDC: record.tokens.USDC.address };

  const send = async (hash: Promise<Hash>) => {
    const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const actor = (index: number) => {
    const { account, address, write } = devActor(index, chain, node.url);
    return { account, address, write, escrow: (fn: string, args: readonly unknown[] = []) => write(escrow, escrowAbi, fn, args) };
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
    tokens,
    deployer,
    alice,
    bob,
    carol,
    dave,
    arbitrators: arbitratorActors,
    actor,
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
      buyer: ReturnType<typeof actor>,
      seller: ReturnType<typeof actor>,
      whole: bigint,
      token: Address = tokens.USDC,
      productHash: Hash = keccak256(toHex(`listing-${++listing}`)),
    ) {
      const amount = whole * WHOLE;
      await buyer.write(token, stablecoinAbi, "approve", [escrow, amount]);
      await buyer.escrow("createOrder", [seller.address, token, amount, productHash]);
      return (await client.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })) - 1n;
    },
    async disputeAndDraw(orderId: bigint, openedBy: ReturnType<typeof actor>) {
      await openedBy.escrow("openDispute", [orderId]);
      return this.drawFor(orderId);
    },
    /** Waits out the RNG's lookahead, draws, and returns the drawn arbitrator as an actor. */
    async drawFor(orderId: bigint) {
      await this.mine(6);
      await deployer.escrow("drawArbitrator", [orderId]);
      const dispute = await client.readContract({ address: escrow, abi: escrowAbi, functionName: "getDispute", args: [orderId] });
      return arbitratorActors.find((a) => a.address.toLowerCase() === dispute.arbitrator.toLowerCase())!;
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
    async bulkOrders(count: number, { perTransaction = 250, whole = 1n } = {}) {
      const artifact = JSON.parse(
        await readFile(path.join(ROOT, "artifacts/contracts/src/mocks/OrderBatcher.sol/OrderBatcher.json"), "utf8"),
      );
      const wallet = createWalletClient({ account: devAccount(0), chain, transport: http(node.url) });
      const deployed = await send(wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [escrow] }));
      const batcher = deployed.contractAddress!;
      await deployer.write(tokens.USDC, stablecoinAbi, "mint", [batcher, BigInt(count) * whole * WHOLE]);
      for (let done = 0; done < count; done += perTransaction) {
        const n = Math.min(perTransaction, count - done);
        await deployer.write(batcher, artifact.abi, "createOrders", [bob.address, tokens.USDC, whole * WHOLE, BigInt(n), BigInt(done)]);
      }
      return { address: batcher, abi: artifact.abi as readonly unknown[] };
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
