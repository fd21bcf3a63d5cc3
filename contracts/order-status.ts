// Order statuses and the groups the packages act on, all in the order of the Solidity enum
// (contracts/src/types/Types.sol), from which the generator takes the names. Browser-safe.
import { orderStatusEnum } from "./generated/deployments.ts";

/** A status an order can be in. The enum's `None` means "no such order", so no order is ever in it. */
export type OrderStatus = Exclude<(typeof orderStatusEnum)[number], "None">;

/** Every status an order can be in. */
export const ORDER_STATUSES: readonly OrderStatus[] = orderStatusEnum.filter((s): s is OrderStatus => s !== "None");

const inEnumOrder = (members: readonly OrderStatus[]): readonly OrderStatus[] => ORDER_STATUSES.filter((s) => members.includes(s));

/**
 * The escrow still holds the order's money and a window runs (the seller's, the buyer's or the
 * arbitrator's): deliveries and evidence are taken, and the keeper and the deadline alerts watch it.
 */
export const OPEN_ORDER_STATUSES = inEnumOrder(["Created", "SellerConfirmed", "Disputed"]);

/** The order is closed and its money paid out: it can no longer change, and the parties may review each other. */
export const TERMINAL_ORDER_STATUSES = ORDER_STATUSES.filter((s) => !OPEN_ORDER_STATUSES.includes(s));

/** Closed without a sale: the order no longer holds a unit of its listing's stock. */
export const RELEASED_STOCK_ORDER_STATUSES = inEnumOrder(["Cancelled", "Expired"]);

const memberOf =
  (group: readonly OrderStatus[]) =>
  (status: string): status is OrderStatus =>
    (group as readonly string[]).includes(status);

export const isOrderStatus = memberOf(ORDER_STATUSES);
export const isOpenOrderStatus = memberOf(OPEN_ORDER_STATUSES);
export const isTerminalOrderStatus = memberOf(TERMINAL_ORDER_STATUSES);
