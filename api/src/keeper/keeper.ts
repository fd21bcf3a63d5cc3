// One round of the keeper on one chain: read the due work, check each call on chain (a simulation
// at the chain's latest state, after the reads that explain a refusal), then either send it (with
// a key) or tell the parties it is due.

import { arbitratorPoolAbi, escrowAbi, fallbackArbitratorAbi, rngAbi } from "@p2p-escrow/contracts/deployments";
import type { WalletKeys } from "@p2p-escrow/protocol/keys";
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
  zeroAddress,
} from "viem";
import type { Database } from "../db/database.ts";
import { insertNotifications } from "../services/realtime/notify.ts";
import { publishRealtime } from "../services/realtime/publish.ts";
import { dueWork, type KeeperAction, type OrderAction, type OrderItem, type PoolItem } from "./due-work.ts";
import type { KeeperChain } from "./env.ts";
import { CaseRelay, type RelayedKey } from "./relay.ts";

/** The advisory lock whose holder is the working keeper (tests and tools ask PostgreSQL who holds it). */
export const KEEPER_LOCK_KEY = 0x6b65_6570; // "keep"

/** Why a due call was not sent: this keeper no longer holds the lock, and another may be sending it. */
const NOT_LEADING = "no longer the leading keeper";

/** RandomnessStatus.Pending in contracts/src/types/Types.sol; Ready and Expired both let a draw go through. */
const RANDOMNESS_PENDING = 0;

export interface KeeperLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What a call was about: an order, or the arbitrators whose queued weights it applied. */
type Subject = { orderId: string } | { accounts: string[] };

export interface RoundResult {
  sent: ({ action: KeeperAction; hash: string } & Subject)[];
  notified: { action: OrderAction; orderId: string }[];
  /** `reverted`: the keeper sent it and it reverted (a failure, where other skips are expected). */
  skipped: ({ action: KeeperAction; reason: string; reverted?: true } & Subject)[];
  /** Keys the case-key relay sealed to a disputed order's arbitrator this round (relay.ts). */
  relayed: RelayedKey[];
}

const EXPLANATIONS: Record<OrderAction, string> = {
  expireOrder: "The seller window has closed: anyone may expire the order to refund the buyer",
  autoRelease: "The buyer window has closed: anyone may release the payment to the seller",
  resolveUnanswered: "The other side did not match the dispute deposit in time: anyone may end the dispute for its opener",
  drawArbitrator: "The randomness for the draw is ready: anyone may draw the arbitrator",
  escalate: "Nobody was drawn in time: anyone may hand the dispute to the fallback arbitrator (paying its cost, if it has one)",
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
  readonly #mayAct: () => Promise<boolean>;
  #rng: `0x${string}` | null = null;
  #pool: `0x${string}` | null = null;
  #fallback: `0x${string}` | null = null;
  readonly #relayKeys: (() => Promise<WalletKeys>) | null;
  #relay: CaseRelay | null = null;

  constructor(options: {
    chain: KeeperChain;
    db: Kysely<Database>;
    account: Account | null;
    log: KeeperLog;
    batch: number;
    /** Asked right before each transaction: false skips it (the lock was lost). Always true unless given. */
    mayAct?: () => Promise<boolean>;
    /** The case-key relay's keys (the account's, relay.ts); without them the keeper relays nothing. */
    relayKeys?: () => Promise<WalletKeys>;
  }) {
    this.#relayKeys = options.relayKeys ?? null;
    this.chain = options.chain;
    this.#mayAct = options.mayAct ?? (async () => true);
    this.#db = options.db;
    this.#log = options.log;
    this.#batch = options.batch;
    this.#account = options.account;
    const transport = http(options.chain.rpcUrl, { timeout: 10_000 });
    this.#client = createPublicClient({ transport, pollingInterval: 250 });
    this.#wallet = options.account ? createWalletClient({ account: options.account, transport }) : null;
  }

  async round(): Promise<RoundResult> {
    const result: RoundResult = { sent: [], notified: [], skipped: [], relayed: [] };
    // The chain's clock decides what is due, never the wall clock.
    const now = (await this.#client.getBlock({ blockTag: "latest" })).timestamp;
    for (const item of await dueWork(this.#db, this.chain.chainId, now, this.#batch)) {
      if (item.action === "applyQueuedWeights") await this.#applyQueuedWeights(item, result);
      else await this.#orderCall(item, result);
    }
    // After the draws above, so an arbitrator drawn this round gets the case in the same round.
    const relay = await this.#caseRelay();
    if (relay) result.relayed = await relay.round();
    return result;
  }

  async #caseRelay(): Promise<CaseRelay | null> {
    if (this.#relay || !this.#relayKeys || !this.#account) return this.#relay;
    this.#relay = new CaseRelay({
      db: this.#db,
      client: this.#client,
      chainId: this.chain.chainId,
      escrow: this.chain.escrow,
      address: this.#account.address,
      keys: await this.#relayKeys(),
      batch: this.#batch,
    });
    return this.#relay;
  }

  async #orderCall(item: OrderItem, result: RoundResult) {
    const { action, orderId } = item;
    const blocked = await this.#orderBlocker(item);
    if (blocked) {
      result.skipped.push({ action, orderId, reason: blocked.reason });
      // A call only a party can pay for is still due: the parties hear of it.
      if (blocked.partiesMay) await this.#notify(item);
      return;
    }
    if (!this.#wallet || !this.#account) {
      await this.#notify(item);
      result.notified.push({ action, orderId });
      return;
    }
    if (!(await this.#mayAct())) {
      result.skipped.push({ action, orderId, reason: NOT_LEADING });
      return;
    }
    const hash = await this.#wallet.writeContract({
      account: this.#account,
      chain: null,
      address: this.chain.escrow,
      abi: escrowAbi,
      functionName: action,
      args: [BigInt(orderId)],
    });
    await this.#settle(result, { action, orderId }, hash);
  }

  async #applyQueuedWeights(item: PoolItem, result: RoundResult) {
    const { action } = item;
    const checked = await this.#poolCall(item);
    if (typeof checked === "string") {
      result.skipped.push({ action, accounts: item.accounts, reason: checked });
      return;
    }
    // Housekeeping nobody in particular gains from: without a key there is nobody to tell.
    if (!this.#wallet || !this.#account) {
      result.skipped.push({ action, accounts: checked.accounts, reason: "no key to send it with" });
      return;
    }
    if (!(await this.#mayAct())) {
      result.skipped.push({ action, accounts: checked.accounts, reason: NOT_LEADING });
      return;
    }
    const hash = await this.#wallet.writeContract({
      account: this.#account,
      chain: null,
      address: await this.#poolAddress(),
      abi: arbitratorPoolAbi,
      functionName: "applyQueuedWeights",
      args: [checked.accounts],
    });
    await this.#settle(result, { action, accounts: checked.accounts }, hash);
  }

  /** Waits for a sent call and records how it went. */
  async #settle(result: RoundResult, call: { action: KeeperAction } & Subject, hash: `0x${string}`) {
    const receipt = await this.#client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      result.skipped.push({ ...call, reason: `transaction ${hash} reverted`, reverted: true });
      return;
    }
    this.#log.info({ chainId: this.chain.chainId, ...call, hash }, "keeper call sent");
    result.sent.push({ ...call, hash });
  }

  async #poolAddress(): Promise<`0x${string}`> {
    this.#pool ??= await this.#client.readContract({ address: this.chain.escrow, abi: escrowAbi, functionName: "pool" });
    return this.#pool;
  }

  /**
   * The accounts whose queued weights can be applied now, or why none can: the pool refuses while
   * any draw is open, and skips accounts with nothing queued (the view may be behind).
   */
  async #poolCall(item: PoolItem): Promise<{ accounts: `0x${string}`[] } | string> {
    const pool = await this.#poolAddress();
    const openDraws = await this.#client.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "openDraws" });
    if (openDraws > 0n) return `${openDraws} draw(s) open`;
    const queued = await Promise.all(
      item.accounts.map((account) =>
        this.#client.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "isWeightQueued", args: [account] }),
      ),
    );
    const accounts = item.accounts.filter((_, i) => queued[i]);
    if (accounts.length === 0) return "no weight change queued any more";
    const why = await this.#simulated(() =>
      this.#client.simulateContract({
        account: this.#account ?? undefined,
        address: pool,
        abi: arbitratorPoolAbi,
        functionName: "applyQueuedWeights",
        args: [accounts],
      }),
    );
    return why ?? { accounts };
  }

  /**
   * Why the keeper cannot make the call on the order now (null when a simulation of it succeeds),
   * and whether a party still may (it pays what the keeper does not).
   */
  async #orderBlocker(item: OrderItem): Promise<{ reason: string; partiesMay?: boolean } | null> {
    if (item.action === "drawArbitrator") {
      // The view says a draw is awaited; the RNG says whether its randomness is there yet.
      const dispute = await this.#client.readContract({
        address: this.chain.escrow,
        abi: escrowAbi,
        functionName: "getDispute",
        args: [BigInt(item.orderId)],
      });
      if (dispute.arbitrator !== zeroAddress) return { reason: "an arbitrator is already assigned" };
      this.#rng ??= await this.#client.readContract({ address: this.chain.escrow, abi: escrowAbi, functionName: "rng" });
      const [status] = await this.#client.readContract({
        address: this.#rng,
        abi: rngAbi,
        functionName: "randomnessOf",
        args: [dispute.randomnessRequest],
      });
      if (Number(status) === RANDOMNESS_PENDING) return { reason: "randomness pending" };
    }
    if (item.action === "escalate") {
      // The keeper never pays for a case: it escalates only where the fallback is free (or there is
      // none, or its wait ran out and the timeout outcome applies, which the simulation shows).
      this.#fallback ??= await this.#client.readContract({
        address: this.chain.escrow,
        abi: escrowAbi,
        functionName: "fallbackArbitrator",
      });
      if (this.#fallback !== zeroAddress) {
        const cost = await this.#client.readContract({
          address: this.#fallback,
          abi: fallbackArbitratorAbi,
          functionName: "arbitrationCost",
          args: ["0x"],
        });
        // Sent without value, the call goes through only as the timeout outcome.
        if (cost > 0n) {
          const why = await this.#simulateOrderCall(item);
          return why === null
            ? null
            : { reason: `the fallback arbitrator costs ${cost} wei: a party escalates and pays it`, partiesMay: true };
        }
      }
    }
    const why = await this.#simulateOrderCall(item);
    return why === null ? null : { reason: why };
  }

  #simulateOrderCall(item: OrderItem) {
    return this.#simulated(() =>
      this.#client.simulateContract({
        account: this.#account ?? undefined,
        address: this.chain.escrow,
        abi: escrowAbi,
        functionName: item.action,
        args: [BigInt(item.orderId)],
      }),
    );
  }

  /** Null when `simulation` succeeds; the revert's error name when it reverts. */
  async #simulated(simulation: () => Promise<unknown>): Promise<string | null> {
    try {
      await simulation();
      return null;
    } catch (error) {
      const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (revert instanceof ContractFunctionRevertedError) return `would revert: ${revert.data?.errorName ?? revert.shortMessage}`;
      throw error;
    }
  }

  async #notify(item: OrderItem) {
    const { chainId } = this.chain;
    const key = `keeper:${item.action}:${chainId}:${item.orderId}:${item.occasion}`;
    const payload = { chainId, orderId: item.orderId, action: item.action, message: EXPLANATIONS[item.action] };
    await this.#db.transaction().execute(async (trx) => {
      const stored = await insertNotifications(
        trx,
        item.beneficiaries.map((recipient) => ({
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
