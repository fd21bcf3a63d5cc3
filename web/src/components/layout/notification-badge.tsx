"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useApi } from "../../lib/api/use-api.ts";
import { useT } from "../../i18n/i18n.tsx";
import { sessionOf, useSessionStore } from "../../stores/session.ts";

/** The unread notification count of the signed-in wallet; the realtime socket keeps it fresh. */
export function NotificationBadge() {
  const api = useApi();
  const t = useT();
  const token = useSessionStore((s) => sessionOf(s.sessions, s.active ?? undefined)?.token ?? null);
  const { data } = useQuery({
    queryKey: ["notifications", "unread", token],
    queryFn: () => api.request<{ count: number }>("/notifications/unread-count", { token }),
    enabled: token !== null,
    refetchInterval: 30_000,
  });
  if (!token) return null;
  const count = data?.count ?? 0;
  return (
    <Link href="/dashboard#notifications" className="badge-link" aria-label={t("Notifications: {count} unread", { count })}>
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="badge" data-testid="unread-count">
          {count}
        </span>
      )}
    </Link>
  );
}
