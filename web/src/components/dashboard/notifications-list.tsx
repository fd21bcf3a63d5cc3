"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { notificationLabel } from "@/lib/labels.ts";
import { useNotifications } from "./use-notifications.ts";

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
                {t(notificationLabel(n.kind))} · #{formatId(n.orderId)}
              </Link>
            ) : (
              t(notificationLabel(n.kind))
            )}{" "}
            <span className="muted">{formatInstant(new Date(n.createdAt))}</span>
          </li>
        ))}
      </ul>
      {items && items.length === 0 && (
        <EmptyState title={t("Nothing new.")} hint={t("You are told here when an order changes, a message arrives or a deadline nears.")} />
      )}
    </section>
  );
}
