"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type ListingFilters, queryKeys } from "@/lib/api/query-keys.ts";
import type { ListingPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useFormat } from "@/lib/format/use-format.ts";

const EMPTY: ListingFilters = { q: "", category: "", chainId: "", minPrice: "", maxPrice: "" };

/** The marketplace search: the form's draft filters, applied on submit, and the active listings they match (GET /listings, keyset pages). */
export function useListingSearch() {
  const api = useApi();
  const { canonicalAmount } = useFormat();
  const [draft, setDraft] = useState<ListingFilters>(EMPTY);
  const [filters, setFilters] = useState<ListingFilters>(EMPTY);
  const query = useInfiniteQuery({
    queryKey: queryKeys.listings.search(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.request<ListingPage>("/listings", { query: { ...filters, limit: 12, cursor: pageParam } }),
    getNextPageParam: (page) => page.nextCursor,
  });
  return {
    /** A filter input's value and change handler. */
    field: (name: keyof ListingFilters) => ({
      value: draft[name],
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    }),
    // Prices typed in the reader's digits and marks go to the API as plain decimals.
    search: () =>
      setFilters({
        ...draft,
        minPrice: canonicalAmount(draft.minPrice) ?? draft.minPrice,
        maxPrice: canonicalAmount(draft.maxPrice) ?? draft.maxPrice,
      }),
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    query,
  };
}
