"use client";
import Link from "next/link";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingSummary } from "@/lib/api/types.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { CATEGORY_NAMES, type Category } from "./categories.ts";
import { ListingThumb } from "./listing-images.tsx";

/** One listing in the marketplace grid: its first picture, title, price, and how it can be paid. */
export function ListingCard({ listing }: { listing: ListingSummary }) {
  const t = useT();
  const { formatPrice } = useFormat();
  const payments = listing.accepted.map(
    (a) => `${tokenInfo(a.chainId, a.token)?.symbol ?? "?"} · ${chainInfo(a.chainId)?.chain.name ?? a.chainId}`,
  );
  return (
    <article className="card">
      <ListingThumb listingId={listing.id} images={listing.images} title={listing.title} />
      <div className="card-body">
        <p className="eyebrow">{t(CATEGORY_NAMES[listing.category as Category] ?? listing.category)}</p>
        <h2 dir="auto">
          <Link href={`/listing/${listing.id}`}>{listing.title}</Link>
        </h2>
        <p className="price">{formatPrice(listing.price)}</p>
        <p className="card-meta">{[...new Set(payments)].join(", ")}</p>
        <p className="card-seller">
          {t("Seller")}: <Link href={`/profile/${listing.seller}`}>{shortAddress(listing.seller)}</Link>
        </p>
      </div>
    </article>
  );
}
