// Order schemas: the indexed order as the API shows it, the caller's order list and one order's detail.
// Uint256 values (ids, amounts, block numbers, unix times) are decimal strings; addresses lowercase.
import { DISPUTE_PHASES } from "@p2p-escrow/contracts/dispute-phase";
import { ORDER_STATUSES } from "@p2p-escrow/contracts/order-status";
import { type Static, Type } from "@sinclair/typebox";
import { ChainId, Cursor, DateTime, Literals, Nullable } from "./common.ts";
import { TokenTerms } from "./token.ts";

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
 * closed sales paid it (sent or credited) of the orders' amounts, less the protocol fee (its own
 * dispute deposits coming back are not earnings); as arbitrator, the fees of its rulings (the
 * losers' deposits).
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

/**
 * The standing settlement offer. It can be accepted until `expiresAt` (unix seconds, the chain's
 * clock) and only at the dispute step it was made at: `lapsed` once either has passed.
 */
export const SettlementOffer = Nullable(
  Type.Object({
    proposer: Str,
    buyerAmount: Str, // token units of the order to the buyer
    sellerAmount: Str, // the rest, before the protocol fee
    expiresAt: Str,
    step: Type.Integer(),
    offeredAt: Str,
    lapsed: Type.Boolean(),
  }),
);

/**
 * What the dispute waits for: who must make which call by when (`actor` null: anyone may), and the
 * call anyone may make once `deadline` has passed without it. Null when Escalated (the fallback
 * arbitrator rules when it rules) or closed.
 */
export const DisputeDue = Nullable(
  Type.Object({
    phase: Literals(DISPUTE_PHASES),
    actor: NStr,
    action: Literals(["payDisputeFee", "drawArbitrator", "resolveDispute"]),
    deadline: Str,
    passed: Type.Boolean({ description: "the deadline has passed by the chain's clock" }),
    afterwards: Literals(["resolveUnanswered", "escalate", "replaceArbitrator"]),
  }),
);

export const Dispute = Type.Object({
  openedBy: Str,
  openedAt: Str,
  phase: Literals(DISPUTE_PHASES, { description: "as the escrow holds it; the last phase once closed" }),
  phaseSince: Str,
  step: Type.Integer({ description: "counts phase changes; an offer made at another step has lapsed" }),
  deadline: NStr, // the current phase's: response deadline, fallback time or arbitration deadline
  fee: Str, // each side's deposit, token units
  buyerDeposited: Type.Boolean(),
  sellerDeposited: Type.Boolean(),
  responseDeadline: Str, // by when the other side had to match the opener's deposit
  feePaidAt: NStr,
  round: Type.Integer(),
  arbitrator: NStr,
  assignedAt: NStr,
  replacedArbitrators: Type.Array(Type.String()),
  fallbackAt: NStr, // from when the fallback may take the case if nobody was drawn
  fallbackArbitrator: NStr,
  fallbackDisputeId: NStr,
  escalatedAt: NStr,
  offer: SettlementOffer,
  due: DisputeDue,
  resolution: NStr, // Arbitrator | Default | FallbackArbitrator | Timeout; null while open or when settled
  ruling: NStr,
  buyerPaid: NStr, // what its end paid each side, deposits included
  sellerPaid: NStr,
  arbitratorFee: NStr,
  protocolFee: NStr,
  closedAt: NStr,
  blockNumber: Str,
});
export type Dispute = Static<typeof Dispute>;

/** What one side stands to pay or receive in a dispute over the order. Token units. */
export const PartyStake = Type.Object({
  deposit: Str, // the arbitration fee it deposits to take part
  deposited: Type.Boolean(),
  dueBy: NStr, // when its deposit is due (the response deadline); null when paid, or before a dispute
  ifWins: Str, // what winning a ruling pays it: the order (the seller: less the protocol fee) and its deposit back
  ifLoses: Str, // what losing a ruling costs it: its deposit, the arbitrator's fee
});

/**
 * What a dispute over the order costs each side: while no dispute is open, what opening one would
 * ask now; once open, the deposit fixed then. Null once the order is closed.
 */
export const DisputeStakes = Nullable(
  Type.Object({
    fee: Str,
    protocolFee: Str, // taken from the seller's proceeds when it is paid the whole order
    buyer: PartyStake,
    seller: PartyStake,
  }),
);

/** The escrow's windows on this chain, in seconds, for countdowns next to the order's deadline. */
export const EscrowWindows = Nullable(Type.Object({ seller: Str, buyer: Str, response: Str, draw: Str, arbitration: Str }));

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
  /** How the escrow treats the order's token (its minimum order and dispute deposit). */
  token: Nullable(TokenTerms),
  stakes: DisputeStakes,
  /** The chain's clock (its latest block's time), against which deadlines and offers run out. */
  chainTime: NStr,
  headBlock: NStr,
  confirmations: Nullable(Type.Integer()),
  requiredConfirmations: Type.Integer(),
  final: Type.Boolean(),
  delivery: DeliveryProgress,
});
export type OrderDetail = Static<typeof OrderDetail>;

/** The parts a wallet can play in an order. */
export const ORDER_ROLES = ["buyer", "seller", "arbitrator"] as const;

/**
 * Whether the indexer has seen an order and the caller's part in it, always answered with 200: a
 * page waits on it for an order it has just paid for, and learns without an error response that
 * the caller is not a party.
 */
export const OrderAccess = Type.Object({
  indexed: Type.Boolean(),
  // One string-or-null schema with an enum, as fast-json-stringify serializes without trying branches.
  role: Type.Unsafe<(typeof ORDER_ROLES)[number] | null>({
    type: ["string", "null"],
    enum: [...ORDER_ROLES, null],
    description: "the caller's part; null when not a party, or not indexed yet",
  }),
});
export type OrderAccess = Static<typeof OrderAccess>;
