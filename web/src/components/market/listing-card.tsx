"use client";
import Link from "next/link";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingSummary } from "@/lib/api/types.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { CATEGORY_NAMES, type Category } from "./categories.ts";

export function ListingCard({ listing }: { listing: ListingSummary }) {
  const t = useT();
  const payments = listing.accepted.map(
    (a) => `${tokenInfo(a.chainId, a.token)?.symbol ?? "?"} · ${chainInfo(a.chainId)?.chain.name ?? a.chainId}`,
  );
  return (
    <article className="card">
      <h2 dir="auto">
        <Link href={`/listing/${listing.id}`}>{listing.title}</Link>
      </h2>
      <p className="price">${listing.price}</p>
      <p className="muted">{t(CATEGORY_NAMES[listing.category as Category] ?? listing.category)}</p>
      <p className="muted">{[...new Set(payments)].join(", ")}</p>
      <p className="muted">
        {t("Seller")}: <Link href={`/profile/${listing.seller}`}>{shortAddress(listing.seller)}</Link>
      </p>
    </article>
  );
}
