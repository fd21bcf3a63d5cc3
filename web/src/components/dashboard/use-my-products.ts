"use client";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type ListingStatus, queryKeys } from "@/lib/api/query-keys.ts";
import type { ListingPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

const STATUSES: readonly ListingStatus[] = ["active", "paused"];

/** What the seller edits in its list: the rest (description, payments, images) stays as listed. */
export interface ListingEdit {
  title: string;
  /** Whole stablecoin units, as the listing form takes it. */
  price: string;
  /** Empty: unlimited. */
  stock: string;
}

/** The edit as the API takes it (PATCH /listings/:id): a stock of "" is unlimited (null). */
export function listingChanges(edit: ListingEdit) {
  const stock = edit.stock.trim();
  return { title: edit.title.trim(), price: edit.price.trim(), stock: stock === "" ? null : Number(stock) };
}

/**
 * The connected seller's listings, active and paused, with the stock left as the listing shows it,
 * and what the seller does with one: pause or resume it, edit it, remove it.
 */
export function useMyProducts() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { address, token } = useAccountSetup();
  const [error, setError] = useState<unknown>(null);
  const results = useQueries({
    queries: STATUSES.map((status) => ({
      queryKey: queryKeys.listings.mine.byStatus(address, status),
      enabled: !!address,
      queryFn: () => api.request<ListingPage>("/listings", { query: { seller: address, status, limit: 100 } }),
    })),
  });
  /** Sends one change of a listing, then reloads the list; a refusal is kept for the page. */
  const change = async (id: string, init: { method: "PATCH" | "DELETE"; body?: unknown }) => {
    setError(null);
    try {
      await api.request(`/listings/${id}`, { ...init, token });
      await queryClient.invalidateQueries({ queryKey: queryKeys.listings.mine.all });
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return {
    items: results.flatMap((r) => r.data?.items ?? []),
    error,
    /** Pauses an active listing, resumes a paused one. */
    toggle: (id: string, current: string) =>
      void change(id, { method: "PATCH", body: { status: current === "active" ? "paused" : "active" } }),
    /** Saves an edit; true once the API took it. */
    edit: (id: string, edit: ListingEdit) => change(id, { method: "PATCH", body: listingChanges(edit) }),
    /** Takes the listing off the marketplace for good; its orders keep referring to it. */
    remove: (id: string) => change(id, { method: "DELETE" }),
  };
}
