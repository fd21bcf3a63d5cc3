"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { ListingDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { BuyPanel } from "./buy-panel.tsx";
import { CATEGORY_NAMES, type Category } from "./categories.ts";
import { ListingGallery } from "./listing-images.tsx";

/** Product detail: what is sold, by whom (with their rating), and the buy panel. */
export function ListingView({ id }: { id: string }) {
  const t = useT();
  const { formatNumber, formatPrice } = useFormat();
  const api = useApi();
  const { data: listing, error } = useQuery({
    queryKey: queryKeys.listing(id),
    queryFn: () => api.request<ListingDetail>(`/listings/${id}`),
  });
  if (error)
    return (
      <p role="alert" className="notice error">
        {describeError(error, t)}
      </p>
    );
  if (!listing) return <Skeleton shape="detail" count={5} />;
  const rating = listing.sellerRating;
  return (
    <div className="two-col">
      <section>
        <ListingGallery listingId={listing.id} images={listing.images} title={listing.title} />
        <div className="listing-head">
          <p className="eyebrow">{t(CATEGORY_NAMES[listing.category as Category] ?? listing.category)}</p>
          <h1 dir="auto">{listing.title}</h1>
          <p className="price">{formatPrice(listing.price)}</p>
        </div>
        <p dir="auto" style={{ whiteSpace: "pre-wrap" }}>
          {listing.description}
        </p>
        <dl className="facts">
          <dt>{t("Seller")}</dt>
          <dd>
            <Link href={`/profile/${listing.seller}`}>{shortAddress(listing.seller)}</Link>
          </dd>
          <dt>{t("Seller rating")}</dt>
          <dd data-testid="seller-rating">
            {rating
              ? t("{average} / 5 from {count} reviews", {
                  average: formatNumber(rating.average, { maximumFractionDigits: 2 }),
                  count: rating.count,
                })
              : t("No reviews yet")}
          </dd>
          <dt>{t("Available")}</dt>
          <dd>{listing.available === null ? t("Unlimited") : formatNumber(listing.available)}</dd>
          <dt>{t("Product hash")}</dt>
          <dd>
            <code>{listing.productHash}</code>
          </dd>
        </dl>
      </section>
      <BuyPanel listing={listing} />
    </div>
  );
}
