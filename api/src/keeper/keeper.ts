// One round of the keeper on one chain: read the due work, check each call on chain (a simulation
// at the chain's latest state), then either send it (with a key) or tell the parties it is due.

import { escrowAbi, rngAbi } from "@p2p-escrow/contracts/deployments";
import { userRoom } from "@p2p-escrow/protocol/rooms";
import type { Kysely } from "kysely";
import {
  type Account,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import type { Database } from "../db/database.ts";
import { insertNotifications } from "../services/realtime/notify.ts";
import { publishRealtime } from "../services/realtime/publish.ts";
import { type DueItem, dueWork, type KeeperAction } from "./due-work.ts";
import type { KeeperChain } from "./env.ts";

/** RandomnessStatus.Pending in contracts/src/types/Types.sol; Ready and Expired both let a draw go through. */
const RANDOMNESS_PENDING = 0;

export interface KeeperLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RoundResult {
  sent: { action: KeeperAction; orderId: string; hash: string }[];
  notified: { action: KeeperAction; orderId: string }[];
  skipped: { action: KeeperAction; orderId: string; reason: string }[];
}

/** Who gains from the call, and so is told it can be made when the keeper cannot make it. */
const BENEFICIARIES: Record<KeeperAction, (item: DueItem) => string[]> = {
  expireOrder: (i) => [i.buyer],
  autoRelease: (i) => [i.seller],
  drawArbitrator: (i) => [i.buyer, i.seller],
  replaceArbitrator: (i) => [i.buyer, i.seller],
};

const EXPLANATIONS: Record<KeeperAction, string> = {
  expireOrder: "The seller window has closed: anyone may expire the order to refund the buyer",
  autoRelease: "The buyer window has closed: anyone may release the payment to the seller",
  drawArbitrator: "The randomness for the draw is ready: anyone may draw the arbitrator",
  replaceArbitrator: "The arbitrator missed its deadline: anyone may replace it",
};

export class ChainKeeper {
  readonly chain: KeeperChain;
  readonly #client: PublicClient;
  readonly #wallet: WalletClient | null;
  readonly #account: Account | null;
  readonly #db: Kysely<Database>;
  readonly #log: KeeperLog;
  readonly #batch: number;
  #rng: `0x${string}` | null = null;

  constructor(options: { chain: KeeperChain; db: Kysely<Database>; account: Account | null; log: KeeperLog; batch: number }) {
    this.chain = options.chain;
    this.#db = options.db;
    this.#log = options.log;
    this.#batch = options.batch;
    this.#account = options.account;
    const transport = http(options.chain.rpcUrl, { timeout: 10_000 });
    this.#client = createPublicClient({ transport, pollingInterval: 250 });
    this.#wallet = options.account ? createWalletClient({ account: options.account, transport }) : null;
  }

  async round(): Promise<RoundResult> {
    const result: RoundResult = { sent: [], notified: [], skipped: [] };
    // The chain's clock decides what is due, never the wall clock.
    const now = (await this.#client.getBlock({ blockTag: "latest" })).timestamp;
    for (const item of await dueWork(this.#db, this.chain.chainId, now, this.#batch)) {
      const { action, orderId } = item;
      const why = await this.#blocker(item);
      if (why) {
        result.skipped.push({ action, orderId, reason: why });
        continue;
      }
      if (this.#wallet && this.#account) {
        const hash = await this.#wallet.writeContract({
          account: this.#account,
          chain: null,
          address: this.chain.escrow,
          abi: escrowAbi,
          functionName: action,
          args: [BigInt(orderId)],
        });
        const receipt = await this.#client.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") {
          result.skipped.push({ action, orderId, reason: `transaction ${hash} reverted` });
          continue;
        }
        this.#log.info({ chainId: this.chain.chainId, action, orderId, hash }, "keeper call sent");
        result.sent.push({ action, orderId, hash });
      } else {
        await this.#notify(item);
        result.notified.push({ action, orderId });
      }
    }
    return result;
  }

  /** Why the call cannot be made now (null when a simulation of it succeeds). */
  async #blocker(item: DueItem): Promise<string | null> {
    if (item.action === "drawArbitrator") {
      // The view says a draw is awaited; the RNG says whether its randomness is there yet.
      const dispute = await this.#client.readContract({
        address: this.chain.escrow,
        abi: escrowAbi,
        functionName: "getDispute",
        args: [BigInt(item.orderId)],
      });
      if (dispute.arbitrator !== "0x0000000000000000000000000000000000000000") return "an arbitrator is already assigned";
      this.#rng ??= await this.#client.readContract({ address: this.chain.escrow, abi: escrowAbi, functionName: "rng" });
      const [status] = await this.#client.readContract({
        address: this.#rng,
        abi: rngAbi,
        functionName: "randomnessOf",
        args: [dispute.randomnessRequest],
      });
      if (Number(status) === RANDOMNESS_PENDING) return "randomness pending";
    }
    try {
      await this.#client.simulateContract({
        account: this.#account ?? undefined,
        address: this.chain.escrow,
        abi: escrowAbi,
        functionName: item.action,
        args: [BigInt(item.orderId)],
      });
      return null;
    } catch (error) {
      const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (revert instanceof ContractFunctionRevertedError) return `would revert: ${revert.data?.errorName ?? revert.shortMessage}`;
      throw error;
    }
  }

  async #notify(item: DueItem) {
    const { chainId } = this.chain;
    const key = `keeper:${item.action}:${chainId}:${item.orderId}:${item.occasion}`;
    const payload = { chainId, orderId: item.orderId, action: item.action, message: EXPLANATIONS[item.action] };
    const recipients = BENEFICIARIES[item.action](item);
    await this.#db.transaction().execute(async (trx) => {
      const stored = await insertNotifications(
        trx,
        recipients.map((recipient) => ({
          recipient,
          kind: "keeper.action_due",
          chainId,
          orderId: item.orderId,
          payload,
          dedupeKey: `${key}:${recipient}`,
        })),
      );
      if (stored.length > 0)
        await publishRealtime(trx, { rooms: stored.map(userRoom), kind: "keeper.action_due", payload, dedupeKey: key });
    });
  }
}
