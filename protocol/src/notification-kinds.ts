// What a notification or realtime event is about: its `kind`, one list the API publishes from and
// the web app labels (a kind added here without a plain phrase fails the web app's typecheck).

/** Every kind the API publishes. */
export const NOTIFICATION_KINDS = [
  "order.created",
  "order.updated",
  "dispute.opened",
  "dispute.fee_paid",
  "dispute.arbitrator_assigned",
  "dispute.arbitrator_replaced",
  "dispute.escalated",
  "dispute.settlement_proposed",
  "dispute.settlement_withdrawn",
  "evidence.submitted",
  "payment.credited",
  "reminder.due",
  "message.created",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kind a contract event is published as; an event not listed here is `order.updated`. */
export const EVENT_NOTIFICATION_KINDS: Readonly<Record<string, NotificationKind>> = {
  OrderCreated: "order.created",
  DisputeOpened: "dispute.opened",
  DisputeFeePaid: "dispute.fee_paid",
  ArbitratorAssigned: "dispute.arbitrator_assigned",
  ArbitratorReplaced: "dispute.arbitrator_replaced",
  DisputeEscalated: "dispute.escalated",
  SettlementProposed: "dispute.settlement_proposed",
  SettlementWithdrawn: "dispute.settlement_withdrawn",
  EvidenceSubmitted: "evidence.submitted",
  PaymentCredited: "payment.credited",
};

export const isNotificationKind = (kind: string): kind is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(kind);
