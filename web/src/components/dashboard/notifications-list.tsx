"use client";
import Link from "next/link";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { useNotifications } from "./use-notifications.ts";

const KIND_TEXT: Record<string, string> = {
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
};

export function NotificationsList() {
  const t = useT();
  const { formatInstant, formatId } = useFormat();
  const { items, markAllRead } = useNotifications();
  return (
    <section className="panel" id="notifications" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t("Notifications")}</h2>
      <button type="button" className="button secondary" onClick={markAllRead}>
        {t("Mark all read")}
      </button>
      <ul>
        {items?.map((n) => (
          <li key={n.id} style={{ fontWeight: n.readAt ? "normal" : 600 }}>
            {n.chainId && n.orderId ? (
              <Link href={`/dashboard/orders/${n.chainId}/${n.orderId}`}>
                {t(KIND_TEXT[n.kind] ?? n.kind)} · #{formatId(n.orderId)}
              </Link>
            ) : (
              t(KIND_TEXT[n.kind] ?? n.kind)
            )}{" "}
            <span className="muted">{formatInstant(new Date(n.createdAt))}</span>
          </li>
        ))}
      </ul>
      {items && items.length === 0 && <p className="muted">{t("Nothing new.")}</p>}
    </section>
  );
}
