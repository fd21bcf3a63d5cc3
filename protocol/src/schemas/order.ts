// Order schemas: the indexed order as the API shows it, the caller's order list and one order's detail.
// Uint256 values (ids, amounts, block numbers, unix times) are decimal strings; addresses lowercase.
import { ORDER_STATUSES } from "@p2p-escrow/contracts/order-status";
import { type Static, Type } from "@sinclair/typebox";
import { ChainId, Cursor, DateTime, Literals, Nullable } from "./common.ts";

const Str = Type.String();
const NStr = Nullable(Type.String());

export const OrdersQuery = Type.Object(
  {
    role: Literals(["buyer", "seller", "arbitrator", "any"], { default: "any" }),
    status: Type.Optional(Literals(ORDER_STATUSES)),
    chainId: Type.Optional(ChainId),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type OrdersQuery = Static<typeof OrdersQuery>;

/** The listing an order names by its product hash (same seller), when the API knows it. */
export const OrderListingRef = Nullable(Type.Object({ id: Str, title: Str, price: Str }));

/** One row of the caller's order list. */
export const OrderSummary = Type.Object({
  chainId: Type.Integer(),
  orderId: Str,
  buyer: Str,
  seller: Str,
  arbitrator: NStr,
  token: Str,
  amount: Str,
  productHash: Str,
  status: Str,
  deadline: NStr,
  createdAt: Str,
  closedAt: NStr,
  createdBlockNumber: Str,
  blockNumber: Str,
  listing: OrderListingRef,
});
export type OrderSummary = Static<typeof OrderSummary>;

export const OrderPage = Type.Object({ items: Type.Array(OrderSummary), nextCursor: NStr });

/**
 * What the caller has earned, per chain and token, summed by the database: as seller, what its
 * closed sales paid it (sent or credited); as arbitrator, the fees of its rulings.
 */
export const Earnings = Type.Object({
  sales: Type.Array(Type.Object({ chainId: Type.Integer(), token: Str, orders: Type.Integer(), received: Str })),
  arbitration: Type.Array(Type.Object({ chainId: Type.Integer(), token: Str, rulings: Type.Integer(), fees: Str })),
});
export type Earnings = Static<typeof Earnings>;

export const IndexedOrder = Type.Object({
  chainId: Type.Integer(),
  orderId: Str,
  buyer: Str,
  seller: Str,
  token: Str,
  amount: Str,
  productHash: Str,
  protocolFeeBps: Type.Integer(),
  status: Str,
  deadline: NStr,
  createdAt: Str,
  deliveryConfirmedAt: NStr,
  /** What the seller's confirmation committed to: the hash of the sealed delivery (protocol/src/delivery.ts). */
  deliveryHash: NStr,
  /** The block of the seller's confirmation, from which its confirmations count. */
  deliveryConfirmedBlockNumber: NStr,
  disputedAt: NStr,
  closedAt: NStr,
  cancelledBy: NStr,
  autoReleased: Nullable(Type.Boolean()),
  disputeOpenedBy: NStr,
  arbitrator: NStr,
  ruling: NStr,
  settlementBuyerAmount: NStr,
  settlementSellerAmount: NStr,
  paidToBuyer: Str,
  paidToSeller: Str,
  paidToArbitrator: Str,
  protocolFee: Str,
  credited: Str,
  createdBlockNumber: Str,
  createdTransactionHash: Str,
  blockNumber: Str,
  transactionHash: Str,
});

export const TimelineEvent = Type.Object({
  name: Str,
  actor: NStr,
  args: Type.Record(Type.String(), Type.Unknown()),
  blockNumber: Str,
  timestamp: Str,
  transactionHash: Str,
  logIndex: Type.Integer(),
});

export const Dispute = Type.Object({
  openedBy: Str,
  openedAt: Str,
  status: Str,
  round: Type.Integer(),
  arbitrator: NStr,
  assignedAt: NStr,
  deadline: NStr,
  replacedArbitrators: Type.Array(Type.String()),
  offerProposer: NStr,
  offerBuyerAmount: NStr,
  ruling: NStr,
  winnerAmount: NStr,
  arbitratorFee: NStr,
  closedAt: NStr,
  blockNumber: Str,
});

/** The escrow's windows on this chain, in seconds, for countdowns next to the order's deadline. */
export const EscrowWindows = Nullable(Type.Object({ seller: Str, buyer: Str, arbitration: Str }));

/**
 * The delivery's progress once the seller has confirmed on chain (null before): how deep that
 * confirmation is, whether it is final (only then does the API take and serve the delivery), and
 * when the seller uploaded the sealed delivery (null while it has not).
 */
export const DeliveryProgress = Nullable(
  Type.Object({ confirmations: Nullable(Type.Integer()), final: Type.Boolean(), postedAt: Nullable(DateTime) }),
);

export const OrderDetail = Type.Object({
  order: IndexedOrder,
  listing: Nullable(Type.Object({ id: Str, title: Str, price: Str, category: Str, status: Str, images: Type.Array(Type.String()) })),
  timeline: Type.Array(TimelineEvent),
  dispute: Nullable(Dispute),
  windows: EscrowWindows,
  headBlock: NStr,
  confirmations: Nullable(Type.Integer()),
  requiredConfirmations: Type.Integer(),
  final: Type.Boolean(),
  delivery: DeliveryProgress,
});
export type OrderDetail = Static<typeof OrderDetail>;
