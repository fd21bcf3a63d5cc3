"use client";
import { useAccount } from "wagmi";
import { ApiError } from "@/lib/api/client.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

export type Role = "buyer" | "seller" | "arbitrator" | null;

/** The caller's part in an order, from its lowercase address. */
export const roleIn = (order: Pick<OrderDetail["order"], "buyer" | "seller" | "arbitrator"> | undefined, me: string | undefined): Role =>
  !order || !me ? null : order.buyer === me ? "buyer" : order.seller === me ? "seller" : order.arbitrator === me ? "arbitrator" : null;

/** One order's detail for the signed-in party, refreshed by realtime events and a slow poll. */
export function useOrder(chainId: number, orderId: string) {
  const { address } = useAccount();
  const { token } = useAccountSetup();
  const query = useSessionQuery(token, {
    queryKey: queryKeys.order(chainId, orderId),
    read: (api) => api.get<OrderDetail>(`/orders/${chainId}/${orderId}`),
    refetchInterval: 4_000,
    // A just-created order reaches the API once the indexer has seen it: keep asking meanwhile.
    retry: (count, error) => (error instanceof ApiError && error.code === "ORDER_NOT_FOUND" ? count < 60 : count < 1),
    retryDelay: 1_000,
  });
  const order = query.data?.order;
  const me = address?.toLowerCase();
  return { ...query, detail: query.data, order, role: roleIn(order, me) };
}
