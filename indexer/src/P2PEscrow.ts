import { resolutionName, rulingName } from "@p2p-escrow/contracts/dispute-phase";
import { ponder } from "ponder:registry";
import { arbitratorEarnings, disputes, escrowConfig, evidence, orders, tokenConfigs } from "ponder:schema";
import { zeroAddress } from "viem";
import {
  addDailyVolume,
  bumpUserStat,
  enterPhase,
  escrowConfigOf,
  moveCredit,
  orderKey,
  recordOrderEvent,
  stamp,
  updateDispute,
  updateOrder,
} from "./lib/rows.ts";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

ponder.on("P2PEscrow:EscrowConfigured", async ({ event, context }) => {
  const { pool, rng, fallbackArbitrator, sellerWindow, buyerWindow, responseWindow, drawWindow, arbitrationWindow, arbitratorFeeBps } =
    event.args;
  await context.db
    .insert(escrowConfig)
    .values({
      chainId: context.chain.id,
      escrow: event.log.address,
      pool,
      rng,
      fallbackArbitrator: fallbackArbitrator === zeroAddress ? null : fallbackArbitrator,
      sellerWindow,
      buyerWindow,
      responseWindow,
      drawWindow,
      arbitrationWindow,
      arbitratorFeeBps: Number(arbitratorFeeBps),
      protocolFeeBps: 0,
      feeRecipient: null,
      paused: false,
      blockNumber: event.block.number,
    })
    .onConflictDoNothing();
});

ponder.on("P2PEscrow:TokenConfigured", async ({ event, context }) => {
  const { token, tokenId, allowed, minAmount, maxAmount, minArbitrationFee } = event.args;
  const values = { allowed, minAmount, maxAmount, minArbitrationFee, blockNumber: event.block.number };
  await context.db
    .insert(tokenConfigs)
    .values({ chainId: context.chain.id, token, tokenId: Number(tokenId), ...values })
    .onConflictDoUpdate(values);
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

const windows = (context: { db: Parameters<typeof escrowConfigOf>[0]; chain: { id: number } }) =>
  escrowConfigOf(context.db, context.chain.id);

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
  const { orderId, buyer, seller, openedBy, fee, responseDeadline } = event.args;
  await updateOrder(context.db, chainId, event, {
    status: "Disputed",
    deadline: responseDeadline,
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
      phase: "AwaitingDeposit",
      phaseSince: event.block.timestamp,
      step: 1,
      deadline: responseDeadline,
      fee,
      // The opener's deposit came with the opening; the other side's is due by responseDeadline.
      buyerDeposited: same(openedBy, buyer),
      sellerDeposited: same(openedBy, seller),
      responseDeadline,
      round: 0,
      replacedArbitrators: [],
      blockNumber: event.block.number,
    })
    .onConflictDoNothing();
  await recordOrderEvent(context.db, chainId, "DisputeOpened", event, openedBy);
  await bumpUserStat(context.db, chainId, openedBy, "disputesOpened", event.block.number);
});

ponder.on("P2PEscrow:DisputeFeePaid", async ({ event, context }) => {
  const chainId = context.chain.id;
  // The draw window runs from now; RandomnessRequested, in the same transaction, names its end.
  const deadline = event.block.timestamp + (await windows(context)).drawWindow;
  await updateDispute(context.db, chainId, event, (row) => ({
    ...enterPhase(row, "Drawing", event.block.timestamp),
    buyerDeposited: true,
    sellerDeposited: true,
    feePaidAt: event.block.timestamp,
    deadline,
  }));
  await updateOrder(context.db, chainId, event, { deadline });
  await recordOrderEvent(context.db, chainId, "DisputeFeePaid", event, event.args.payer);
});

ponder.on("P2PEscrow:RandomnessRequested", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { requestId, round, fallbackAt } = event.args;
  // A new request for expired randomness keeps the phase, so the fallback's time stands.
  await updateDispute(context.db, chainId, event, {
    randomnessRequestId: requestId,
    round: Number(round),
    fallbackAt,
    deadline: fallbackAt,
  });
  await updateOrder(context.db, chainId, event, { deadline: fallbackAt });
  await recordOrderEvent(context.db, chainId, "RandomnessRequested", event);
});

ponder.on("P2PEscrow:ArbitratorAssigned", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { arbitrator, deadline } = event.args;
  await updateDispute(context.db, chainId, event, (row) => ({
    ...enterPhase(row, "Ruling", event.block.timestamp),
    arbitrator,
    assignedAt: event.block.timestamp,
    deadline,
  }));
  await updateOrder(context.db, chainId, event, { arbitrator, deadline });
  await recordOrderEvent(context.db, chainId, "ArbitratorAssigned", event);
});

ponder.on("P2PEscrow:ArbitratorReplaced", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { arbitrator, round } = event.args;
  // Once every round is used, the fallback is due at once and no randomness is requested; otherwise
  // the RandomnessRequested that follows in the same transaction moves the deadline on.
  const deadline = event.block.timestamp;
  await updateDispute(context.db, chainId, event, (row) => ({
    ...enterPhase(row, "Drawing", event.block.timestamp),
    arbitrator: null,
    assignedAt: null,
    round: Number(round),
    fallbackAt: deadline,
    deadline,
    replacedArbitrators: [...row.replacedArbitrators, arbitrator],
  }));
  await updateOrder(context.db, chainId, event, { arbitrator: null, deadline });
  await recordOrderEvent(context.db, chainId, "ArbitratorReplaced", event);
});

ponder.on("P2PEscrow:DisputeEscalated", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { fallbackArbitrator, disputeId } = event.args;
  // The fallback arbitrator rules when it rules: no deadline runs.
  await updateDispute(context.db, chainId, event, (row) => ({
    ...enterPhase(row, "Escalated", event.block.timestamp),
    fallbackArbitrator,
    fallbackDisputeId: disputeId,
    escalatedAt: event.block.timestamp,
    deadline: null,
  }));
  await updateOrder(context.db, chainId, event, { deadline: null });
  await recordOrderEvent(context.db, chainId, "DisputeEscalated", event);
});

ponder.on("P2PEscrow:DisputeResolved", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { buyer, seller, arbitrator, buyerPaid, sellerPaid, arbitratorFee, protocolFee } = event.args;
  const ruling = rulingName(event.args.ruling);
  const resolution = resolutionName(event.args.resolution);
  const buyerWins = ruling === "Buyer";
  let token: `0x${string}` | undefined;
  await updateOrder(context.db, chainId, event, (row) => {
    token = row.token;
    // The winner takes the order's amount (the seller less the protocol fee); deposits are the dispute's.
    return {
      status: buyerWins ? "ResolvedBuyer" : "ResolvedSeller",
      deadline: null,
      closedAt: event.block.timestamp,
      ruling,
      paidToBuyer: buyerWins ? row.amount : 0n,
      paidToSeller: buyerWins ? 0n : row.amount - protocolFee,
      paidToArbitrator: arbitratorFee,
      protocolFee,
    };
  });
  await updateDispute(context.db, chainId, event, {
    resolution,
    ruling,
    buyerPaid,
    sellerPaid,
    arbitratorFee,
    protocolFee,
    deadline: null,
    closedAt: event.block.timestamp,
  });
  await recordOrderEvent(context.db, chainId, "DisputeResolved", event, arbitrator === zeroAddress ? undefined : arbitrator);
  // A timeout has no winner: nobody could rule, and every deposit went back.
  if (resolution !== "Timeout") {
    const [winner, loser] = buyerWins ? [buyer, seller] : [seller, buyer];
    await bumpUserStat(context.db, chainId, winner, "disputesWon", event.block.number);
    await bumpUserStat(context.db, chainId, loser, "disputesLost", event.block.number);
  }
  // Only a drawn arbitrator earns: the loser's deposit. The fallback arbitrator is paid on its own terms.
  if (token && arbitratorFee > 0n) {
    await context.db
      .insert(arbitratorEarnings)
      .values({ chainId, arbitrator, token, amount: arbitratorFee, rulings: 1, blockNumber: event.block.number })
      .onConflictDoUpdate((row) => ({ amount: row.amount + arbitratorFee, rulings: row.rulings + 1, blockNumber: event.block.number }));
  }
});

ponder.on("P2PEscrow:SettlementProposed", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { proposer, buyerAmount, expiresAt } = event.args;
  await updateDispute(context.db, chainId, event, (row) => ({
    offerProposer: proposer,
    offerBuyerAmount: buyerAmount,
    offerExpiresAt: expiresAt,
    offerStep: row.step,
    offeredAt: event.block.timestamp,
  }));
  await recordOrderEvent(context.db, chainId, "SettlementProposed", event, proposer);
});

ponder.on("P2PEscrow:SettlementWithdrawn", async ({ event, context }) => {
  const chainId = context.chain.id;
  await updateDispute(context.db, chainId, event, {
    offerProposer: null,
    offerBuyerAmount: null,
    offerExpiresAt: null,
    offerStep: null,
    offeredAt: null,
  });
  await recordOrderEvent(context.db, chainId, "SettlementWithdrawn", event, event.args.proposer);
});

ponder.on("P2PEscrow:DisputeSettled", async ({ event, context }) => {
  const chainId = context.chain.id;
  const { orderId, buyerPaid, sellerPaid, protocolFee } = event.args;
  const dispute = await context.db.find(disputes, { id: orderKey(chainId, orderId) });
  // Both deposits held came back with the split: what is left of each payout is the order's.
  const buyerPart = buyerPaid - (dispute?.buyerDeposited ? dispute.fee : 0n);
  const sellerPart = sellerPaid - (dispute?.sellerDeposited ? dispute.fee : 0n);
  await updateOrder(context.db, chainId, event, (row) => ({
    status: "Settled",
    deadline: null,
    closedAt: event.block.timestamp,
    settlementBuyerAmount: buyerPart,
    settlementSellerAmount: row.amount - buyerPart,
    paidToBuyer: buyerPart,
    paidToSeller: sellerPart,
    protocolFee,
  }));
  await updateDispute(context.db, chainId, event, {
    buyerPaid,
    sellerPaid,
    arbitratorFee: 0n,
    protocolFee,
    deadline: null,
    closedAt: event.block.timestamp,
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
  const { account, token, amount } = event.args;
  await updateOrder(context.db, chainId, event, (row) => ({ credited: row.credited + amount }));
  await moveCredit(context.db, chainId, "P2PEscrow", account, token, { credited: amount }, event.block.number);
  await recordOrderEvent(context.db, chainId, "PaymentCredited", event);
});

ponder.on("P2PEscrow:Withdrawn", async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await moveCredit(context.db, context.chain.id, "P2PEscrow", account, token, { withdrawn: amount }, event.block.number);
});
