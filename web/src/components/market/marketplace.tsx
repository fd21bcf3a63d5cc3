"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { CategoryOptions } from "./category-options.tsx";
import { ListingCard } from "./listing-card.tsx";
import { useListingSearch } from "./use-listing-search.ts";

/** Browse, search and filter the active listings (the logic: use-listing-search.ts). */
export function Marketplace() {
  const t = useT();
  const { amountHint } = useFormat();
  const { field, search, items, query } = useListingSearch();
  const { chains } = useOfferedChains();
  return (
    <>
      <h1>{t("Marketplace")}</h1>
      <p className="lead">{t("Pay in stablecoins; the escrow holds the money until you confirm you received what you bought.")}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: a form that searches; a <search> around it would change the layout */}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label className="search-field">
          {t("Search")}
          <input type="search" name="q" {...field("q")} placeholder={t("What are you looking for?")} />
        </label>
        <label>
          {t("Category")}
          <select name="category" {...field("category")}>
            <option value="">{t("All categories")}</option>
            <CategoryOptions />
          </select>
        </label>
        <label>
          {t("Chain")}
          <select name="chainId" {...field("chainId")}>
            <option value="">{t("All chains")}</option>
            {chains.map((c) => (
              <option key={c.id} value={c.id}>
                {c.chain.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("Min price")}
          <input inputMode="decimal" name="minPrice" placeholder={amountHint} {...field("minPrice")} />
        </label>
        <label>
          {t("Max price")}
          <input inputMode="decimal" name="maxPrice" placeholder={amountHint} {...field("maxPrice")} />
        </label>
        <button type="submit" className="button">
          {t("Search")}
        </button>
      </form>
      {query.isError && (
        <p role="alert" className="notice error">
          {describeError(query.error, t)}
        </p>
      )}
      {query.isPending && <Skeleton shape="cards" count={6} />}
      {query.isSuccess && items.length === 0 && (
        <EmptyState
          title={t("No listings match.")}
          hint={t("Try other words or fewer filters, or be the first to sell something here.")}
          action={
            <Link className="button secondary" href="/sell">
              {t("Sell a product")}
            </Link>
          }
        />
      )}
      <ul className="grid" aria-label={t("Listings")}>
        {items.map((listing) => (
          <li key={listing.id}>
            <ListingCard listing={listing} />
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button type="button" className="button secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("Load more")}
        </button>
      )}
    </>
  );
}
