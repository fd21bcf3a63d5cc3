"use client";
import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { ApiError } from "@/lib/api/client.ts";
import type { OrderDetail, Profile } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";

export type Role = "buyer" | "seller" | "arbitrator" | null;

/** One order's detail for the signed-in party, refreshed by realtime events and a slow poll. */
export function useOrder(chainId: number, orderId: string) {
  const api = useApi();
  const { address } = useAccount();
  const { session } = useAccountSetup();
  const token = session?.token ?? null;
  const query = useQuery({
    queryKey: ["order", chainId, orderId],
    queryFn: () => api.request<OrderDetail>(`/orders/${chainId}/${orderId}`, { token }),
    enabled: token !== null,
    refetchInterval: 4_000,
    // A just-created order reaches the API once the indexer has seen it: keep asking meanwhile.
    retry: (count, error) => (error instanceof ApiError && error.code === "ORDER_NOT_FOUND" ? count < 60 : count < 1),
    retryDelay: 1_000,
  });
  const order = query.data?.order;
  const me = address?.toLowerCase();
  const role: Role = !order || !me ? null : order.buyer === me ? "buyer" : order.seller === me ? "seller" : order.arbitrator === me ? "arbitrator" : null;
  return { ...query, detail: query.data, order, role, token, me };
}

type Api = ReturnType<typeof useApi>;

/** The query for a wallet's bound public keys, verified against its binding signature (null when unbound). */
export const verifiedKeysQuery = (api: Api, address: string) => ({
  queryKey: ["verified-keys", address.toLowerCase()],
  queryFn: async () => verifiedKeysOf(address, (await api.request<Profile>(`/profiles/${address}`)).keys),
  staleTime: 60_000,
});

/** A wallet's bound public keys, verified against its binding signature (null when unbound). */
export function useVerifiedKeys(address: string | null | undefined) {
  const api = useApi();
  return useQuery({ ...verifiedKeysQuery(api, address ?? ""), enabled: !!address });
}
