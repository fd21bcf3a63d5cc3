"use client";
import { useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { NotificationPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/** The signed-in wallet's latest notifications, and marking them all read (which clears the badge too). */
export function useNotifications() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { token } = useAccountSetup();
  const { data } = useSessionQuery(token, {
    queryKey: queryKeys.notifications.list(token),
    read: (session) => session.get<NotificationPage>("/notifications", { limit: 20 }),
  });
  const markAllRead = async () => {
    await api.request("/notifications/read", { method: "POST", token, body: { all: true } });
    await queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all });
  };
  return { items: data?.items, markAllRead: () => void markAllRead() };
}
