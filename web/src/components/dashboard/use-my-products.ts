"use client";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { type ListingStatus, queryKeys } from "@/lib/api/query-keys.ts";
import type { ListingPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

const STATUSES: readonly ListingStatus[] = ["active", "paused"];

/** The connected seller's listings, active and paused, and pausing or resuming one. */
export function useMyProducts() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { address, token } = useAccountSetup();
  const results = useQueries({
    queries: STATUSES.map((status) => ({
      queryKey: queryKeys.listings.mine.byStatus(address, status),
      enabled: !!address,
      queryFn: () => api.request<ListingPage>("/listings", { query: { seller: address, status, limit: 100 } }),
    })),
  });
  const setStatus = async (id: string, status: ListingStatus) => {
    await api.request(`/listings/${id}`, { method: "PATCH", token, body: { status } });
    await queryClient.invalidateQueries({ queryKey: queryKeys.listings.mine.all });
  };
  return {
    items: results.flatMap((r) => r.data?.items ?? []),
    /** Pauses an active listing, resumes a paused one. */
    toggle: (id: string, current: string) => void setStatus(id, current === "active" ? "paused" : "active"),
  };
}
