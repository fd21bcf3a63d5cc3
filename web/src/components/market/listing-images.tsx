"use client";
// A listing's pictures, served by the API from IPFS (public by design). Only `ipfs://` images the
// seller uploaded are shown: an outside https URL would tell a third party who looks at the page.
import { listingImagePath } from "@p2p-escrow/protocol/schemas/listing";
import { useState } from "react";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { useT } from "@/i18n/i18n.tsx";

/** The browser URLs of the listing's uploaded images, in the seller's order. */
export function useListingImageUrls(listingId: string, images: readonly string[]) {
  const { apiUrl } = useRuntimeConfig();
  return images.flatMap((uri) => {
    const path = listingImagePath(listingId, uri);
    return path ? [apiUrl + path] : [];
  });
}

const isPinned = (uri: string) => uri.startsWith("ipfs://");

/** The card's picture: the first uploaded image, or the title's initial on a tile of the same size. */
export function ListingThumb({ listingId, images, title }: { listingId: string; images: readonly string[]; title: string }) {
  const first = images.find(isPinned);
  if (!first) {
    return (
      <div className="listing-thumb placeholder" aria-hidden="true">
        {title.trim().charAt(0).toUpperCase() || "?"}
      </div>
    );
  }
  return <ThumbImage listingId={listingId} uri={first} />;
}

function ThumbImage({ listingId, uri }: { listingId: string; uri: string }) {
  const [src] = useListingImageUrls(listingId, [uri]);
  // biome-ignore lint/performance/noImgElement: served by the API, not by next/image's optimiser
  return <img className="listing-thumb" src={src} alt="" loading="lazy" decoding="async" />;
}

/** The product page's pictures: one large, the others as thumbnails that select it. */
export function ListingGallery({ listingId, images, title }: { listingId: string; images: readonly string[]; title: string }) {
  const t = useT();
  const urls = useListingImageUrls(listingId, images);
  const [shown, setShown] = useState(0);
  if (urls.length === 0) return null;
  const current = Math.min(shown, urls.length - 1);
  return (
    <figure className="gallery" aria-label={t("Pictures of {title}", { title })}>
      {/* biome-ignore lint/performance/noImgElement: served by the API, not by next/image's optimiser */}
      <img
        className="gallery-main"
        src={urls[current]}
        alt={t("Picture {n} of {count}: {title}", { n: current + 1, count: urls.length, title })}
        data-testid="listing-image"
      />
      {urls.length > 1 && (
        <ul className="gallery-thumbs">
          {urls.map((url, i) => (
            <li key={url}>
              <button
                type="button"
                aria-pressed={i === current}
                aria-label={t("Show picture {n}", { n: i + 1 })}
                onClick={() => setShown(i)}
              >
                {/* biome-ignore lint/performance/noImgElement: served by the API, not by next/image's optimiser */}
                <img src={url} alt="" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
