import { ponder } from "ponder:registry";
import { arbitratorEarnings, disputes, escrowConfig, evidence, orders } from "ponder:schema";
import { addDailyVolume, bumpUserStat, orderKey, recordOrderEvent, stamp, updateOrder } from "./lib/rows.ts";

const Ruling = { 1: "Buyer", 2: "Seller" } as const;

ponder.on("P2PEscrow:EscrowConfigured", async ({ event, context }) => {
  const { pool, rng, sellerWindow, buyerWindow, arbitrationWindow, arbitratorFeeBps } = event.args;
  await context.db
    .insert(escrowConfig)
    .values({
      chainId: context.chain.id,
      escrow: event.log.address,
      pool,
      rng,
      sellerWindow,
      buyerWindow,
      arbitrationWindow,
      arbitratorFeeBps: Number(arbitratorFeeBps),
      protocolFeeBps: 0,
      feeRecipient: null,
      paused: false,
      blockNumber: event.block.number,
    })
    .onConflictDoNothing();
});

ponder.on("P2PEscrow:ProtocolFeeUpdated", async ({ event, context }) => {
  await context.db
    .update(escrowConfig, { chainId: context.chain.id })
    .set({ protocolFeeBps: Number(event.args.feeBps), feeRecipient: event.args.recipient, blockNumber: event.block.number });
});

ponder.on("P2PEscrow:Paused", async ({ event, context }) => {
  await context.db.update(escrowConfig, { chainId: context.chain.id }).set({ paused: true, blockNumber: event.block.number });
});

ponder.on("P2PEscrow:Unpaused", async ({ event, context }) => {
  await context.db.update(escrowConfig, { chainId: context.chain.id }).set({ paused: false, blockNumber: event.block.number });
});

async function windows(context: { db: { find: unknown }; chain: { id: number } }) {
  const config = await (
    context.db.find as (t: typeof escrowConfig, k: { chainId: number }) => Promise<typeof escrowConfig.$inferSelect | null>
  )(escrowConfig, { chainId: context.chain.id });
  if (!config) throw new Error(`no EscrowConfigured event indexed for chain ${context.chain.id}`);
  return config;
}

ponder.on("P2PEscrow:OrderCreated", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, buyer, seller, token, amount, productHash, protocolFeeBps } = event.args;
  const { sellerWindow } = await windows(context);
  await context.db
    .insert(orders)
    .values({
      id: orderKey(chainId, orderId),
      chainId,
      orderId,
      buyer,
      seller,
      token,
      amount,
      productHash,
      protocolFeeBps: Number(protocolFeeBps),
      status: "Created",
      deadline: event.block.timestamp + sellerWindow,
      createdAt: event.block.timestamp,
      paidToBuyer: 0n,
      paidToSeller: 0n,
      paidToArbitrator: 0n,
      protocolFee: 0n,
      credited: 0n,
      createdBlockNumber: event.block.number,
      createdTransactionHash: event.transaction.hash,
      ...stamp(event),
    })
    .onConflictDoNothing();
  await recordOrderEvent(context.db, chainId, "OrderCreated", event, buyer);
  await bumpUserStat(context.db, chainId, buyer, "tradesAsBuyer", event.block.number, { token, amount });
  await bumpUserStat(context.db, chainId, seller, "tradesAsSeller", event.block.number, { token, amount });
  await addDailyVolume(context.db, chainId, token, event.block.timestamp, "created", amount, event.block.number);
});

ponder.on("P2PEscrow:OrderCancelled", async ({ event, context }) => {
  const chainId = context.chain.id;
  await updateOrder(context.db, chainId, event, (row) => ({
    status: "Cancelled",
    deadline: null,
    closedAt: event.block.timestamp,
    cancelledBy: event.args.cancelledBy,
    paidToBuyer: row.amount,
  }));
  await recordOrderEvent(context.db, chainId, "OrderCancelled", event, event.args.cancelledBy);
});

ponder.on("P2PEscrow:DeliveryConfirmed", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { buyerWindow } = await windows(context);
  await updateOrder(context.db, chainId, event, {
    status: "SellerConfirmed",
    deliveryConfirmedAt: event.block.timestamp,
    deliveryHash: event.args.deliveryHash,
    deliveryConfirmedBlockNumber: event.block.number,
    deadline: event.block.timestamp + buyerWindow,
  });
  await recordOrderEvent(context.db, chainId, "DeliveryConfirmed", event, event.args.seller);
});

ponder.on("P2PEscrow:OrderCompleted", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { buyer, seller, sellerAmount, protocolFee, autoReleased } = event.args;
  let token: `0x${string}` | undefined;
  let amount = 0n;
  await updateOrder(context.db, chainId, event, (row) => {
    token = row.token;
    amount = row.amount;
    return { status: "Completed", deadline: null, closedAt: event.block.timestamp, autoReleased, paidToSeller: sellerAmount, protocolFee };
  });
  await recordOrderEvent(context.db, chainId, "OrderCompleted", event, autoReleased ? undefined : buyer);
  await bumpUserStat(context.db, chainId, buyer, "completed", event.block.number);
  await bumpUserStat(context.db, chainId, seller, "completed", event.block.number);
  if (token) await addDailyVolume(context.db, chainId, token, event.block.timestamp, "completed", amount, event.block.number);
});

ponder.on("P2PEscrow:OrderExpired", async ({ event, context }) => {
  const chainId = context.chain.id;
  await updateOrder(context.db, chainId, event, (row) => ({
    status: "Expired",
    deadline: null,
    closedAt: event.block.timestamp,
    paidToBuyer: row.amount,
  }));
  await recordOrderEvent(context.db, chainId, "OrderExpired", event);
});

ponder.on("P2PEscrow:DisputeOpened", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, openedBy } = event.args;
  await updateOrder(context.db, chainId, event, {
    status: "Disputed",
    deadline: null,
    disputedAt: event.block.timestamp,
    disputeOpenedBy: openedBy,
  });
  await context.db
    .insert(disputes)
    .values({
      id: orderKey(chainId, orderId),
      chainId,
      orderId,
      openedBy,
      openedAt: event.block.timestamp,
      status: "AwaitingDraw",
      round: 0,
      replacedArbitrators: [],
      blockNumber: event.block.number,
    })
    .onConflictDoNothing();
  await recordOrderEvent(context.db, chainId, "DisputeOpened", event, openedBy);
  await bumpUserStat(context.db, chainId, openedBy, "disputesOpened", event.block.number);
});

ponder.on("P2PEscrow:RandomnessRequested", async ({ event, context }) => {
  const chainId = context.chain.id;
  await context.db
    .update(disputes, { id: orderKey(chainId, event.args.orderId) })
    .set({ randomnessRequestId: event.args.requestId, round: Number(event.args.round), blockNumber: event.block.number });
  await recordOrderEvent(context.db, chainId, "RandomnessRequested", event);
});

ponder.on("P2PEscrow:ArbitratorAssigned", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, arbitrator, deadline } = event.args;
  await context.db.update(disputes, { id: orderKey(chainId, orderId) }).set({
    status: "Assigned",
    arbitrator,
    assignedAt: event.block.timestamp,
    deadline,
    blockNumber: event.block.number,
  });
  await updateOrder(context.db, chainId, event, { arbitrator, deadline });
  await recordOrderEvent(context.db, chainId, "ArbitratorAssigned", event);
});

ponder.on("P2PEscrow:ArbitratorReplaced", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, arbitrator, round } = event.args;
  await context.db.update(disputes, { id: orderKey(chainId, orderId) }).set((row) => ({
    status: "AwaitingDraw",
    arbitrator: null,
    assignedAt: null,
    deadline: null,
    round: Number(round),
    replacedArbitrators: [...(row.replacedArbitrators as string[]), arbitrator],
    blockNumber: event.block.number,
  }));
  await updateOrder(context.db, chainId, event, { arbitrator: null, deadline: null });
  await recordOrderEvent(context.db, chainId, "ArbitratorReplaced", event);
});

ponder.on("P2PEscrow:DisputeResolved", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, buyer, seller, arbitrator, ruling, winnerAmount, arbitratorFee } = event.args;
  const rulingName = Ruling[ruling as 1 | 2];
  let token: `0x${string}` | undefined;
  await updateOrder(context.db, chainId, event, (row) => {
    token = row.token;
    return {
      status: rulingName === "Buyer" ? "ResolvedBuyer" : "ResolvedSeller",
      deadline: null,
      closedAt: event.block.timestamp,
      ruling: rulingName,
      paidToBuyer: rulingName === "Buyer" ? winnerAmount : 0n,
      paidToSeller: rulingName === "Seller" ? winnerAmount : 0n,
      paidToArbitrator: arbitratorFee,
    };
  });
  await context.db.update(disputes, { id: orderKey(chainId, orderId) }).set({
    status: "Resolved",
    ruling: rulingName,
    winnerAmount,
    arbitratorFee,
    closedAt: event.block.timestamp,
    blockNumber: event.block.number,
  });
  await recordOrderEvent(context.db, chainId, "DisputeResolved", event, arbitrator);
  const [winner, loser] = rulingName === "Buyer" ? [buyer, seller] : [seller, buyer];
  await bumpUserStat(context.db, chainId, winner, "disputesWon", event.block.number);
  await bumpUserStat(context.db, chainId, loser, "disputesLost", event.block.number);
  if (token) {
    await context.db
      .insert(arbitratorEarnings)
      .values({ chainId, arbitrator, token, amount: arbitratorFee, rulings: 1, blockNumber: event.block.number })
      .onConflictDoUpdate((row) => ({ amount: row.amount + arbitratorFee, rulings: row.rulings + 1, blockNumber: event.block.number }));
  }
});

ponder.on("P2PEscrow:SettlementProposed", async ({ event, context }) => {
  const chainId = context.chain.id;
  await context.db.update(disputes, { id: orderKey(chainId, event.args.orderId) }).set({
    offerProposer: event.args.proposer,
    offerBuyerAmount: event.args.buyerAmount,
    blockNumber: event.block.number,
  });
  await recordOrderEvent(context.db, chainId, "SettlementProposed", event, event.args.proposer);
});

ponder.on("P2PEscrow:DisputeSettled", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, buyerAmount, sellerAmount } = event.args;
  await updateOrder(context.db, chainId, event, {
    status: "Settled",
    deadline: null,
    closedAt: event.block.timestamp,
    settlementBuyerAmount: buyerAmount,
    settlementSellerAmount: sellerAmount,
    paidToBuyer: buyerAmount,
    paidToSeller: sellerAmount,
  });
  await context.db.update(disputes, { id: orderKey(chainId, orderId) }).set({
    status: "Settled",
    closedAt: event.block.timestamp,
    blockNumber: event.block.number,
  });
  await recordOrderEvent(context.db, chainId, "DisputeSettled", event);
});

ponder.on("P2PEscrow:EvidenceSubmitted", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, submitter, evidenceUri } = event.args;
  await context.db
    .insert(evidence)
    .values({
      id: event.id,
      chainId,
      orderId,
      submitter,
      uri: evidenceUri,
      timestamp: event.block.timestamp,
      blockNumber: event.block.number,
      transactionHash: event.transaction.hash,
    })
    .onConflictDoNothing();
  await recordOrderEvent(context.db, chainId, "EvidenceSubmitted", event, submitter);
});

ponder.on("P2PEscrow:PaymentCredited", async ({ event, context }) => {
  const chainId = context.chain.id;
  await updateOrder(context.db, chainId, event, (row) => ({ credited: row.credited + event.args.amount }));
  await recordOrderEvent(context.db, chainId, "PaymentCredited", event);
});
