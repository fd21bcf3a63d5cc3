"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useApi } from "@/lib/api/use-api.ts";
import { useT } from "@/i18n/i18n.tsx";
import { sessionOf, useSessionStore } from "@/stores/session.ts";

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
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {count > 0 && (
        <span className="badge" data-testid="unread-count">
          {count}
        </span>
      )}
    </Link>
  );
}
