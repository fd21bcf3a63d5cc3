// What the keeper may do, read from the indexer's views. The views can lag the chain, so each item
// is only a candidate: the keeper checks it on chain before acting.
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

export type KeeperAction = "expireOrder" | "autoRelease" | "drawArbitrator" | "replaceArbitrator";

/**
 * Open orders that anyone may close once their window has passed: expired when the seller never
 * confirmed (Created), released when the buyer never answered (SellerConfirmed). A dispute's
 * window is the arbitrator's: it is replaced, below.
 */
const TIMED_OUT_STATUSES = ["Created", "SellerConfirmed"] as const satisfies readonly OrderStatus[];

export interface DueItem {
  action: KeeperAction;
  orderId: string;
  buyer: string;
  seller: string;
  /** What makes this item distinct from a later one on the same order (deadline or draw round). */
  occasion: string;
}

/** Orders whose window closed before `now` (the chain's clock) and disputes waiting for a draw. */
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
  const disputes = await db
    .selectFrom("disputes as d")
    .innerJoin("orders as o", (join) => join.onRef("o.chain_id", "=", "d.chain_id").onRef("o.order_id", "=", "d.order_id"))
    .select(["d.order_id", "d.status", "d.round", sql<string | null>`d.deadline::text`.as("deadline"), "o.buyer", "o.seller"])
    .where("d.chain_id", "=", chainId)
    .where("o.status", "=", "Disputed" satisfies OrderStatus)
    .where((eb) => eb.or([eb("d.status", "=", "AwaitingDraw"), eb.and([eb("d.status", "=", "Assigned"), eb("d.deadline", "<", nowText)])]))
    .orderBy("d.order_id")
    .limit(limit)
    .execute();
  return [
    ...timeouts.map((o) => ({
      action: (o.status === "Created" ? "expireOrder" : "autoRelease") as KeeperAction,
      orderId: String(o.order_id),
      buyer: o.buyer.toLowerCase(),
      seller: o.seller.toLowerCase(),
      occasion: o.deadline,
    })),
    ...disputes.map((d) => ({
      action: (d.status === "AwaitingDraw" ? "drawArbitrator" : "replaceArbitrator") as KeeperAction,
      orderId: String(d.order_id),
      buyer: d.buyer.toLowerCase(),
      seller: d.seller.toLowerCase(),
      occasion: d.status === "AwaitingDraw" ? `round-${d.round}` : `deadline-${d.deadline}`,
    })),
  ];
}
