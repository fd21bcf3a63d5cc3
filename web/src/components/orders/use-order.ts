"use client";
import { useAccount } from "wagmi";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderAccess, OrderDetail } from "@/lib/api/types.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

export type Role = "buyer" | "seller" | "arbitrator" | null;

/** The caller's part in an order, from its lowercase address. */
export const roleIn = (order: Pick<OrderDetail["order"], "buyer" | "seller" | "arbitrator"> | undefined, me: string | undefined): Role =>
  !order || !me ? null : order.buyer === me ? "buyer" : order.seller === me ? "seller" : order.arbitrator === me ? "arbitrator" : null;

/**
 * One order's detail for the signed-in party, refreshed by realtime events and a slow poll. It asks
 * for the detail only once the access check says the indexer has the order and the caller is a
 * party: a page waiting for a just-paid order, or opened by someone else, gets no error answers
 * (each would be a console error) and says why it shows nothing (`notIndexed`, `notAParty`).
 */
export function useOrder(chainId: number, orderId: string) {
  const { address } = useAccount();
  const { token } = useAccountSetup();
  const access = useSessionQuery(token, {
    queryKey: [...queryKeys.orderAccess(chainId, orderId), token],
    read: (api) => api.get<OrderAccess>(`/orders/${chainId}/${orderId}/access`),
    // Each second while the indexer has not seen the order; slowly while the caller is not a party
    // (a drawn arbitrator becomes one); for a party, realtime events refresh it.
    refetchInterval: (query) => (query.state.data?.indexed === false ? 1_000 : query.state.data?.role == null ? 10_000 : false),
  });
  const party = access.data?.role != null;
  const query = useSessionQuery(token, {
    queryKey: queryKeys.order(chainId, orderId),
    read: (api) => api.get<OrderDetail>(`/orders/${chainId}/${orderId}`),
    enabled: party,
    refetchInterval: 4_000,
  });
  const order = query.data?.order;
  const me = address?.toLowerCase();
  return {
    ...query,
    error: access.error ?? query.error,
    isPending: access.isPending || (party && query.isPending),
    notIndexed: access.data?.indexed === false,
    notAParty: access.data?.indexed === true && !party,
    detail: query.data,
    order,
    role: roleIn(order, me),
  };
}
