"use client";
// The search lives in the address (/marketplace?q=…&category=…): a search can be shared and
// bookmarked, and reload, back and forward bring it back, the form included.
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { type ListingFilters, queryKeys } from "@/lib/api/query-keys.ts";
import type { ListingPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useFormat } from "@/lib/format/use-format.ts";

const FIELDS = ["q", "category", "chainId", "minPrice", "maxPrice"] as const satisfies readonly (keyof ListingFilters)[];

/** The filters an address's query string names; anything else in it is ignored. */
export function filtersFrom(params: { get: (name: string) => string | null }): ListingFilters {
  return Object.fromEntries(FIELDS.map((name) => [name, params.get(name)?.trim() ?? ""])) as unknown as ListingFilters;
}

/** The address of a search: `pathname` with the filters that are set, in a fixed order. */
export function searchHref(pathname: string, filters: ListingFilters): string {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (filters[name].trim()) params.set(name, filters[name].trim());
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The marketplace search: the form's draft filters, the applied ones (the address's), and the active listings they match (GET /listings, keyset pages). */
export function useListingSearch() {
  const api = useApi();
  const { canonicalAmount } = useFormat();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the identity; the params object changes on every render.
  const filters = useMemo(() => filtersFrom(params), [key]);
  const [draft, setDraft] = useState<ListingFilters>(filters);
  // Back, forward or a link to another search: the form shows the search in the address.
  useEffect(() => setDraft(filters), [filters]);
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
    /** Applies the draft: a new entry in the history, so back returns to the search before. Prices
     * typed in the reader's digits and marks go to the address (and the API) as plain decimals. */
    search: () =>
      router.push(
        searchHref(pathname, {
          ...draft,
          minPrice: canonicalAmount(draft.minPrice) ?? draft.minPrice,
          maxPrice: canonicalAmount(draft.maxPrice) ?? draft.maxPrice,
        }),
        { scroll: false },
      ),
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    query,
  };
}
