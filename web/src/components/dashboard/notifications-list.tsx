"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import type { NotificationPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

const KIND_TEXT: Record<string, string> = {
  "order.updated": "Order updated",
  "dispute.arbitrator_assigned": "Arbitrator assigned",
  "reminder.due": "A deadline is near",
  "message.created": "New message",
};

export function NotificationsList() {
  const t = useT();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useAccountSetup();
  const token = session?.token ?? null;
  const { data } = useQuery({
    queryKey: ["notifications", "list", token],
    enabled: token !== null,
    queryFn: () => api.request<NotificationPage>("/notifications", { token, query: { limit: 20 } }),
  });
  const markAll = async () => {
    await api.request("/notifications/read", { method: "POST", token, body: { all: true } });
    await queryClient.invalidateQueries({ queryKey: ["notifications"] });
  };
  return (
    <section className="panel" id="notifications" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t("Notifications")}</h2>
      <button type="button" className="button secondary" onClick={() => void markAll()}>
        {t("Mark all read")}
      </button>
      <ul>
        {data?.items.map((n) => (
          <li key={n.id} style={{ fontWeight: n.readAt ? "normal" : 600 }}>
            {n.chainId && n.orderId ? <Link href={`/dashboard/orders/${n.chainId}/${n.orderId}`}>{t(KIND_TEXT[n.kind] ?? n.kind)} · #{n.orderId}</Link> : t(KIND_TEXT[n.kind] ?? n.kind)}{" "}
            <span className="muted">{new Date(n.createdAt).toLocaleString(locale === "fa" ? "fa-IR" : "en-GB")}</span>
          </li>
        ))}
      </ul>
      {data && data.items.length === 0 && <p className="muted">{t("Nothing new.")}</p>}
    </section>
  );
}
