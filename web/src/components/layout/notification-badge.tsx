"use client";
import Link from "next/link";
import { useT } from "@/i18n/i18n.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { activeSessionToken, useSessionStore } from "@/stores/session.ts";

/** The unread notification count of the signed-in wallet; the realtime socket keeps it fresh. */
export function NotificationBadge() {
  const t = useT();
  const { formatNumber } = useFormat();
  // Shown on every route, so the tab's active wallet rather than a connected one (no wagmi here).
  const token = useSessionStore(activeSessionToken);
  const { data } = useSessionQuery(token, {
    queryKey: queryKeys.notifications.unread(token),
    read: (session) => session.get<{ count: number }>("/notifications/unread-count"),
    refetchInterval: 30_000,
  });
  if (!token) return null;
  const count = data?.count ?? 0;
  return (
    <Link href="/dashboard#notifications" className="badge-link">
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {/* The link's name is the whole sentence, and the number beside the bell repeats it for the
          eye only: Arabic says one and two in words, so an aria-label would not contain the digit
          the badge shows (a name that does not match the visible text). */}
      <span className="visually-hidden">{t("Notifications: {count} unread", { count })}</span>
      {count > 0 && (
        <span className="badge" data-testid="unread-count" aria-hidden="true">
          {formatNumber(count)}
        </span>
      )}
    </Link>
  );
}
