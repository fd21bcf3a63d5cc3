// What the keeper may do, read from the indexer's views. The views can lag the chain, so each item
// is only a candidate: the keeper checks it on chain before acting.
import type { DisputePhase } from "@p2p-escrow/contracts/dispute-phase";
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/** The escrow's calls the keeper makes on one order once its time has come. */
export type OrderAction = "expireOrder" | "autoRelease" | "resolveUnanswered" | "drawArbitrator" | "escalate" | "replaceArbitrator";
/** Every call the keeper makes: the escrow's, and the pool's `applyQueuedWeights`. */
export type KeeperAction = OrderAction | "applyQueuedWeights";

/**
 * Open orders that anyone may close once their window has passed: expired when the seller never
 * confirmed (Created), released when the buyer never answered (SellerConfirmed). A dispute's
 * windows are its phases', below.
 */
const TIMED_OUT_STATUSES = ["Created", "SellerConfirmed"] as const satisfies readonly OrderStatus[];

/** A call on one order. */
export interface OrderItem {
  action: OrderAction;
  orderId: string;
  buyer: string;
  seller: string;
  /** Who gains from the call, and so is told it can be made when the keeper cannot make it. */
  beneficiaries: string[];
  /** What makes this item distinct from a later one on the same order (deadline or draw round). */
  occasion: string;
}

/** Queued weight changes the pool may apply now that no draw is open: one call for all of them. */
export interface PoolItem {
  action: "applyQueuedWeights";
  accounts: `0x${string}`[];
}

export type DueItem = OrderItem | PoolItem;

/**
 * What a dispute's phase lets anyone do, once its deadline has passed (`late`) or while it runs:
 * an unanswered deposit ends the dispute by default; a draw goes ahead only before the draw
 * deadline, after which the fallback takes the case; a late arbitrator is replaced.
 */
function disputeAction(phase: DisputePhase, late: boolean): OrderAction | null {
  if (phase === "AwaitingDeposit") return late ? "resolveUnanswered" : null;
  if (phase === "Drawing") return late ? "escalate" : "drawArbitrator";
  if (phase === "Ruling") return late ? "replaceArbitrator" : null;
  return null; // Escalated: the fallback arbitrator rules when it rules
}

/** Orders whose window closed before `now` (the chain's clock), disputes due a step, and queued weights. */
export async function dueWork(db: Kysely<Database>, chainId: number, now: bigint, limit: number): Promise<DueItem[]> {
  const nowText = now.toString();
  const timeouts = await db
    .selectFrom("orders")
    .select(["order_id", "buyer", "seller", "status", sql<string>`deadline::text`.as("deadline")])
    .where("chain_id", "=", chainId)
    .where("status", "in", TIMED_OUT_STATUSES)
    .where("deadline", "<", nowText)
    .orderBy("deadline")
    .limit(limit)
    .execute();
  // Disputes past their phase's deadline, and draws still inside theirs.
  const disputes = await db
    .selectFrom("disputes as d")
    .innerJoin("orders as o", (join) => join.onRef("o.chain_id", "=", "d.chain_id").onRef("o.order_id", "=", "d.order_id"))
    .select(["d.order_id", "d.phase", "d.round", "d.opened_by", sql<string>`d.deadline::text`.as("deadline"), "o.buyer", "o.seller"])
    .where("d.chain_id", "=", chainId)
    .where("o.status", "=", "Disputed" satisfies OrderStatus)
    .where((eb) =>
      eb.or([
        eb.and([eb("d.phase", "in", ["AwaitingDeposit", "Drawing", "Ruling"] satisfies DisputePhase[]), eb("d.deadline", "<", nowText)]),
        eb.and([eb("d.phase", "=", "Drawing" satisfies DisputePhase), eb("d.deadline", ">=", nowText)]),
      ]),
    )
    .orderBy("d.deadline")
    .limit(limit)
    .execute();
  // Queued weights wait for every open draw to close; the pool's own count says when.
  const queued = await db
    .selectFrom("arbitrators as a")
    .innerJoin("pool_config as p", "p.chain_id", "a.chain_id")
    .select("a.address")
    .where("a.chain_id", "=", chainId)
    .where("a.weight_queued", "=", true)
    .where("p.open_draws", "=", 0)
    .orderBy("a.address")
    .limit(limit)
    .execute();

  const items: DueItem[] = timeouts.map((o) => ({
    action: o.status === "Created" ? "expireOrder" : "autoRelease",
    orderId: String(o.order_id),
    buyer: o.buyer.toLowerCase(),
    seller: o.seller.toLowerCase(),
    beneficiaries: [(o.status === "Created" ? o.buyer : o.seller).toLowerCase()],
    occasion: o.deadline,
  }));
  for (const d of disputes) {
    const action = disputeAction(d.phase as DisputePhase, BigInt(d.deadline) < now);
    if (!action) continue;
    const [buyer, seller] = [d.buyer.toLowerCase(), d.seller.toLowerCase()];
    items.push({
      action,
      orderId: String(d.order_id),
      buyer,
      seller,
      // A default pays the opener; every other step moves both parties' dispute on.
      beneficiaries: action === "resolveUnanswered" ? [d.opened_by.toLowerCase()] : [buyer, seller],
      occasion: action === "drawArbitrator" ? `round-${d.round}` : `${d.phase}-${d.deadline}`,
    });
  }
  if (queued.length > 0) items.push({ action: "applyQueuedWeights", accounts: queued.map((a) => a.address as `0x${string}`) });
  return items;
}
