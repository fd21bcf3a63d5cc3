// Tables the indexer maintains. SQL names are snake_case (Ponder maps camelCase columns); every
// row carries the block number of its last change, so readers can count confirmations.
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import { index, onchainTable, primaryKey } from "ponder";

/** Per chain: the escrow's fixed parameters and its owner-set state. */
export const escrowConfig = onchainTable("escrow_config", (t) => ({
  chainId: t.integer().primaryKey(),
  escrow: t.hex().notNull(),
  pool: t.hex().notNull(),
  rng: t.hex().notNull(),
  sellerWindow: t.bigint().notNull(), // seconds
  buyerWindow: t.bigint().notNull(), // seconds
  arbitrationWindow: t.bigint().notNull(), // seconds
  arbitratorFeeBps: t.integer().notNull(),
  protocolFeeBps: t.integer().notNull(), // for orders created from now on
  feeRecipient: t.hex(),
  paused: t.boolean().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const orders = onchainTable(
  "orders",
  (t) => ({
    id: t.text().primaryKey(), // `${chainId}:${orderId}`
    chainId: t.integer().notNull(),
    orderId: t.bigint().notNull(),
    buyer: t.hex().notNull(),
    seller: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(), // token units that arrived
    productHash: t.hex().notNull(),
    protocolFeeBps: t.integer().notNull(),
    status: t.text().$type<OrderStatus>().notNull(), // the Solidity enum's name (contracts/order-status.ts)
    deadline: t.bigint(), // unix seconds at which the current window closes; null when none runs
    createdAt: t.bigint().notNull(),
    deliveryConfirmedAt: t.bigint(),
    deliveryHash: t.hex(), // what the seller's confirmation committed to: the hash of the sealed delivery
    deliveryConfirmedBlockNumber: t.bigint(), // the confirmation's block: the API serves the delivery once it is final
    disputedAt: t.bigint(),
    closedAt: t.bigint(), // reached a terminal status
    cancelledBy: t.hex(),
    autoReleased: t.boolean(),
    disputeOpenedBy: t.hex(),
    arbitrator: t.hex(),
    ruling: t.text(), // Buyer | Seller
    settlementBuyerAmount: t.bigint(),
    settlementSellerAmount: t.bigint(),
    paidToBuyer: t.bigint().notNull(),
    paidToSeller: t.bigint().notNull(),
    paidToArbitrator: t.bigint().notNull(),
    protocolFee: t.bigint().notNull(),
    credited: t.bigint().notNull(), // part of the payouts credited instead of sent (refused by the token)
    createdBlockNumber: t.bigint().notNull(),
    createdTransactionHash: t.hex().notNull(),
    blockNumber: t.bigint().notNull(), // block of the last change
    transactionHash: t.hex().notNull(), // transaction of the last change
  }),
  // "My orders" pages are one party's orders across chains, newest first: each party index is in
  // that order, so a page is read straight off it. Listings count their orders by product hash.
  (table) => ({
    buyerIndex: index().on(table.buyer, table.createdAt, table.chainId, table.orderId),
    sellerIndex: index().on(table.seller, table.createdAt, table.chainId, table.orderId),
    arbitratorIndex: index().on(table.arbitrator, table.createdAt, table.chainId, table.orderId),
    statusIndex: index().on(table.chainId, table.status),
    productIndex: index().on(table.productHash),
  }),
);

/** The full timeline: one row per escrow event about an order. */
export const orderEvents = onchainTable(
  "order_events",
  (t) => ({
    id: t.text().primaryKey(), // Ponder's event id: unique per log
    chainId: t.integer().notNull(),
    orderId: t.bigint().notNull(),
    name: t.text().notNull(), // the event's name
    actor: t.hex(), // who caused it, when the event says
    args: t.json().notNull(), // the event's arguments (bigints as strings)
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  // The API's watcher follows the timeline by block, per chain.
  (table) => ({ orderIndex: index().on(table.chainId, table.orderId), blockIndex: index().on(table.chainId, table.blockNumber) }),
);

export const disputes = onchainTable(
  "disputes",
  (t) => ({
    id: t.text().primaryKey(), // `${chainId}:${orderId}`
    chainId: t.integer().notNull(),
    orderId: t.bigint().notNull(),
    openedBy: t.hex().notNull(),
    openedAt: t.bigint().notNull(),
    status: t.text().notNull(), // AwaitingDraw | Assigned | Resolved | Settled
    round: t.integer().notNull(), // arbitrators replaced so far
    randomnessRequestId: t.bigint(),
    arbitrator: t.hex(),
    assignedAt: t.bigint(),
    deadline: t.bigint(), // the arbitrator must rule by then
    replacedArbitrators: t.json().notNull(), // addresses, in order
    offerProposer: t.hex(),
    offerBuyerAmount: t.bigint(),
    ruling: t.text(),
    winnerAmount: t.bigint(),
    arbitratorFee: t.bigint(),
    closedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ arbitratorIndex: index().on(table.chainId, table.arbitrator) }),
);

export const evidence = onchainTable(
  "evidence",
  (t) => ({
    id: t.text().primaryKey(), // event id
    chainId: t.integer().notNull(),
    orderId: t.bigint().notNull(),
    submitter: t.hex().notNull(),
    uri: t.text().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ orderIndex: index().on(table.chainId, table.orderId) }),
);

export const arbitrators = onchainTable(
  "arbitrators",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    stake: t.bigint().notNull(),
    reputation: t.integer().notNull(),
    status: t.text().notNull(), // Active | Unstaking | Withdrawn
    unstakeAvailableAt: t.bigint(),
    casesAssigned: t.integer().notNull(),
    casesResolved: t.integer().notNull(),
    casesMissed: t.integer().notNull(),
    casesSettled: t.integer().notNull(),
    openCases: t.integer().notNull(),
    slashed: t.bigint().notNull(), // stake-token units lost to missed windows
    registeredAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** Arbitration fees earned, per token. */
export const arbitratorEarnings = onchainTable(
  "arbitrator_earnings",
  (t) => ({
    chainId: t.integer().notNull(),
    arbitrator: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    rulings: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.arbitrator, table.token] }) }),
);

export const userStats = onchainTable(
  "user_stats",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    tradesAsBuyer: t.integer().notNull(),
    tradesAsSeller: t.integer().notNull(),
    completed: t.integer().notNull(),
    disputesOpened: t.integer().notNull(),
    disputesWon: t.integer().notNull(),
    disputesLost: t.integer().notNull(),
    volume: t.json().$type<Record<string, string>>().notNull(), // token address → token units traded (as buyer or seller), as a decimal string
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

export const dailyVolume = onchainTable(
  "daily_volume",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    day: t.text().notNull(), // UTC date, YYYY-MM-DD
    ordersCreated: t.integer().notNull(),
    volumeCreated: t.bigint().notNull(),
    ordersCompleted: t.integer().notNull(),
    volumeCompleted: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token, table.day] }) }),
);
