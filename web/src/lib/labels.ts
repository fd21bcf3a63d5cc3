// Plain phrases for the protocol's own names: order statuses (the Solidity enum), the escrow's
// events as the timeline lists them, and the kinds of notifications. Each table is typed over the
// generated enum, the escrow's ABI or the protocol's list, so a name added there without a phrase
// here fails the typecheck. The phrase is the English text, and so the i18n key (fa.ts).
import type { escrowAbi } from "@p2p-escrow/contracts/deployments";
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import type { NotificationKind } from "@p2p-escrow/protocol/notification-kinds";
import type { ContractEventName } from "viem";

export type EscrowEventName = ContractEventName<typeof escrowAbi>;

/** Where an order stands, as its parties would say it. */
export const STATUS_LABELS = {
  Created: "Paid, waiting for delivery",
  SellerConfirmed: "Delivered, waiting for the buyer",
  Completed: "Completed, seller paid",
  Cancelled: "Cancelled, buyer refunded",
  Expired: "Not delivered in time, buyer refunded",
  Disputed: "In dispute",
  ResolvedBuyer: "Dispute decided for the buyer",
  ResolvedSeller: "Dispute decided for the seller",
  Settled: "Settled by agreement",
} as const satisfies Record<OrderStatus, string>;

/** What each escrow event means on an order's timeline (the admin ones never reach a timeline, but are named too). */
export const EVENT_LABELS = {
  OrderCreated: "The buyer paid into escrow",
  DeliveryConfirmed: "The seller confirmed the delivery",
  OrderCompleted: "The seller was paid",
  OrderCancelled: "The order was cancelled and the buyer refunded",
  OrderExpired: "The seller missed the deadline; the buyer was refunded",
  DisputeOpened: "A dispute was opened",
  DisputeFeePaid: "The other side paid its dispute deposit",
  RandomnessRequested: "The arbitrator draw started",
  ArbitratorAssigned: "An arbitrator was drawn",
  ArbitratorReplaced: "The late arbitrator was replaced",
  DisputeEscalated: "The case went to the fallback arbitrator",
  EvidenceSubmitted: "Evidence was added",
  SettlementProposed: "A settlement was offered",
  SettlementWithdrawn: "The settlement offer was withdrawn",
  DisputeSettled: "The parties settled",
  DisputeResolved: "The dispute was decided",
  PaymentCredited: "A payout was credited, to be withdrawn",
  Withdrawn: "Credited funds were withdrawn",
  EscrowConfigured: "The escrow's settings changed",
  TokenConfigured: "A token's settings changed",
  ProtocolFeeUpdated: "The service fee changed",
  Paused: "The escrow was paused",
  Unpaused: "The escrow was resumed",
  OwnershipTransferStarted: "The escrow's owner is being changed",
  OwnershipTransferred: "The escrow's owner changed",
} as const satisfies Record<EscrowEventName, string>;

/** What a notification tells its reader. */
export const NOTIFICATION_LABELS = {
  "order.created": "New order",
  "order.updated": "Order updated",
  "dispute.opened": "Dispute opened",
  "dispute.fee_paid": "The dispute deposit was matched",
  "dispute.arbitrator_assigned": "Arbitrator assigned",
  "dispute.arbitrator_replaced": "Arbitrator replaced",
  "dispute.escalated": "The dispute went to the fallback arbitrator",
  "dispute.settlement_proposed": "Settlement offered",
  "dispute.settlement_withdrawn": "Settlement offer withdrawn",
  "evidence.submitted": "Evidence submitted",
  "payment.credited": "A payout was credited to you",
  "reminder.due": "A deadline is near",
  "message.created": "New message",
} as const satisfies Record<NotificationKind, string>;

const lookup =
  <K extends string>(table: Record<K, string>) =>
  (name: string): string =>
    Object.hasOwn(table, name) ? table[name as K] : name;

/** The plain phrase for a status, event or kind the API sends as a string; an unknown name (a newer server) shows as it is. */
export const statusLabel = lookup(STATUS_LABELS);
export const eventLabel = lookup(EVENT_LABELS);
export const notificationLabel = lookup(NOTIFICATION_LABELS);
