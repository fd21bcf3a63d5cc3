// Tables the indexer maintains. SQL names are snake_case (Ponder maps camelCase columns); every
// row carries the block number of its last change, so readers can count confirmations.
import type { DisputePhase, Resolution, Ruling } from "@p2p-escrow/contracts/dispute-phase";
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import { index, onchainTable, primaryKey } from "ponder";

/** Per chain: the escrow's fixed parameters and its owner-set state. */
export const escrowConfig = onchainTable("escrow_config", (t) => ({
  chainId: t.integer().primaryKey(),
  escrow: t.hex().notNull(),
  pool: t.hex().notNull(),
  rng: t.hex().notNull(),
  fallbackArbitrator: t.hex(), // the ERC-792 fallback; null when a dispute nobody could be drawn for ends with the timeout outcome
  sellerWindow: t.bigint().notNull(), // seconds
  buyerWindow: t.bigint().notNull(), // seconds
  responseWindow: t.bigint().notNull(), // seconds the other side has to match a dispute deposit
  drawWindow: t.bigint().notNull(), // seconds for a draw before the fallback takes over
  arbitrationWindow: t.bigint().notNull(), // seconds
  arbitratorFeeBps: t.integer().notNull(), // each side's deposit in bps of the order, raised to the token's minimum, at most 20%
  protocolFeeBps: t.integer().notNull(), // for orders created from now on
  feeRecipient: t.hex(),
  paused: t.boolean().notNull(),
  blockNumber: t.bigint().notNull(),
}));

/** Per chain and token: how the escrow treats it (TokenConfigured). */
export const tokenConfigs = onchainTable(
  "token_configs",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    tokenId: t.integer().notNull(), // the escrow's registry id
    allowed: t.boolean().notNull(), // new orders may use it
    minAmount: t.bigint().notNull(), // smallest order, token units
    maxAmount: t.bigint().notNull(), // per-order cap, token units; 0 means none
    minArbitrationFee: t.bigint().notNull(), // smallest dispute deposit (each side), token units
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

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
    disputedAt: t.bigint(),
    closedAt: t.bigint(), // reached a terminal status
    cancelledBy: t.hex(),
    autoReleased: t.boolean(),
    disputeOpenedBy: t.hex(),
    arbitrator: t.hex(),
    ruling: t.text().$type<Ruling>(), // who a dispute's end favoured
    settlementBuyerAmount: t.bigint(), // the agreed split of the order: the buyer's part
    settlementSellerAmount: t.bigint(), // and the seller's, before the protocol fee
    // What the order's own amount paid each side (sent or credited): paid to the buyer + to the
    // seller + the protocol fee is the amount of every closed order. Dispute deposits are not in
    // these; the disputes row has them.
    paidToBuyer: t.bigint().notNull(),
    paidToSeller: t.bigint().notNull(),
    paidToArbitrator: t.bigint().notNull(), // the drawn arbitrator's fee: the loser's deposit
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

/**
 * One row per disputed order. `step` mirrors the contract's: it counts phase changes, and a
 * settlement offer made at another step has lapsed. Amounts are token units of the order's token.
 */
export const disputes = onchainTable(
  "disputes",
  (t) => ({
    id: t.text().primaryKey(), // `${chainId}:${orderId}`
    chainId: t.integer().notNull(),
    orderId: t.bigint().notNull(),
    openedBy: t.hex().notNull(), // the opener, who deposited first
    openedAt: t.bigint().notNull(),
    phase: t.text().$type<DisputePhase>().notNull(), // the Solidity enum's name (contracts/dispute-phase.ts); kept at the last one once closed
    phaseSince: t.bigint().notNull(), // unix seconds at which the phase began
    step: t.integer().notNull(),
    // When the current phase's window closes (unix seconds): the response deadline (AwaitingDeposit),
    // the fallback's (Drawing), the arbitrator's (Ruling); null when Escalated or closed.
    deadline: t.bigint(),
    fee: t.bigint().notNull(), // each side's deposit: the arbitration fee
    buyerDeposited: t.boolean().notNull(),
    sellerDeposited: t.boolean().notNull(),
    responseDeadline: t.bigint().notNull(), // by when the other side had to match the deposit
    feePaidAt: t.bigint(), // when it did
    round: t.integer().notNull(), // arbitrators replaced so far
    randomnessRequestId: t.bigint(),
    fallbackAt: t.bigint(), // from when the fallback may take the case, if nobody was drawn
    arbitrator: t.hex(),
    assignedAt: t.bigint(),
    replacedArbitrators: t.json().$type<string[]>().notNull(), // addresses, in order
    fallbackArbitrator: t.hex(), // the ERC-792 arbitrator the case was escalated to
    fallbackDisputeId: t.bigint(), // its id for the case
    escalatedAt: t.bigint(),
    // The standing settlement offer (cleared when withdrawn). It can be accepted until
    // offerExpiresAt, and only while `step` still equals offerStep.
    offerProposer: t.hex(),
    offerBuyerAmount: t.bigint(),
    offerExpiresAt: t.bigint(),
    offerStep: t.integer(),
    offeredAt: t.bigint(),
    resolution: t.text().$type<Resolution>(), // how it ended, unless settled
    ruling: t.text().$type<Ruling>(),
    // What its end paid out, deposits included (DisputeResolved, DisputeSettled).
    buyerPaid: t.bigint(),
    sellerPaid: t.bigint(),
    arbitratorFee: t.bigint(),
    protocolFee: t.bigint(),
    closedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
  }),
  // The keeper reads open disputes by phase and deadline.
  (table) => ({ arbitratorIndex: index().on(table.chainId, table.arbitrator), phaseIndex: index().on(table.chainId, table.phase, table.deadline) }),
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
    weight: t.bigint().notNull(), // its weight in the draw tree: stake × reputation / 100, 0 when not drawable
    weightQueued: t.boolean().notNull(), // a weight change waits for the open draws to close (applyQueuedWeights)
    registeredAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** Per chain: the pool's fixed parameters, its escrow and how many draws are open. */
export const poolConfig = onchainTable("pool_config", (t) => ({
  chainId: t.integer().primaryKey(),
  pool: t.hex().notNull(),
  stakeToken: t.hex().notNull(),
  minStake: t.bigint().notNull(), // stake-token units
  unstakeCooldown: t.bigint().notNull(), // seconds
  slashBps: t.integer().notNull(), // the most of its stake one missed window costs
  slashRecipient: t.hex().notNull(),
  escrow: t.hex(),
  openDraws: t.integer().notNull(), // weight changes queue while it is not zero
  blockNumber: t.bigint().notNull(),
}));

/**
 * Payouts a token refused, credited to their recipient until it withdraws them (to itself), per
 * contract: the escrow's in any order token, the pool's in its stake token.
 */
export const credits = onchainTable(
  "credits",
  (t) => ({
    chainId: t.integer().notNull(),
    contract: t.text().$type<"P2PEscrow" | "ArbitratorPool">().notNull(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    credited: t.bigint().notNull(), // ever credited
    withdrawn: t.bigint().notNull(), // ever withdrawn
    balance: t.bigint().notNull(), // credited − withdrawn: what it may withdraw now
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.contract, table.account, table.token] }) }),
);

/** Arbitration fees earned, per token: the losers' deposits of the cases it ruled. */
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
