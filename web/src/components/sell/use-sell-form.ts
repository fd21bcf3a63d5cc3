"use client";
// Listing a product: the deliverable is encrypted here, in the browser, to the seller's own key,
// and only its hash is committed publicly. The API never sees the plaintext.
import { LISTING_IMAGE_TYPES, LISTING_IMAGES_MAX, type ListingImage } from "@p2p-escrow/protocol/schemas/listing";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAccount } from "wagmi";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import type { ListingDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { commitDeliverable } from "@/lib/crypto/listing.ts";
import { canonicalAmount } from "@/lib/format/number.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

export interface PaymentOption {
  /** `chainId:token`, the option's identity in the form. */
  key: string;
  chainId: number;
  token: string;
  label: string;
}

const paymentKey = (chainId: number, token: string) => `${chainId}:${token}`;

/** The files of the form's image input that are images at all; the API judges them by their bytes. */
const pickedImages = (form: FormData) => form.getAll("images").filter((f): f is File => f instanceof File && f.size > 0);

/** The sell form's state: the accepted payments (all of them at first) and listing the product. */
export function useSellForm() {
  const t = useT();
  const locale = useLocale();
  const api = useApi();
  const router = useRouter();
  const { isConnected } = useAccount();
  const { ensureKeys, ensureSession } = useAccountSetup();
  const { chains } = useOfferedChains();
  const payments: PaymentOption[] = chains.flatMap((c) =>
    c.tokens.map((tok) => ({
      key: paymentKey(c.id, tok.address),
      chainId: c.id,
      token: tok.address,
      label: `${tok.symbol} · ${c.chain.name}`,
    })),
  );
  const [accepted, setAccepted] = useState<Set<string>>(() => new Set(payments.map((p) => p.key)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** A listing that was published but whose images were not all taken: its page, to go on from. */
  const [publishedId, setPublishedId] = useState<string | null>(null);

  const setPaymentAccepted = (key: string, on: boolean) =>
    setAccepted((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  /**
   * Encrypts the deliverable, lists the product from the form's fields, uploads its images (public,
   * pinned to IPFS by the API) one by one, and opens its page. When an image is refused the listing
   * exists already: the error says why, and the page links to the listing.
   */
  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    setPublishedId(null);
    try {
      const images = pickedImages(form);
      if (images.length > LISTING_IMAGES_MAX) throw new Error(t("Choose at most {max} images.", { max: LISTING_IMAGES_MAX }));
      const keys = await ensureKeys();
      const { token } = await ensureSession();
      const file = form.get("deliverableFile");
      const text = String(form.get("deliverable") ?? "");
      const deliverable = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(text);
      if (deliverable.length === 0) throw new Error(t("Add the deliverable: text or a file."));
      const stockText = String(form.get("stock") ?? "").trim();
      const listing = await api.request<ListingDetail>("/listings", {
        method: "POST",
        token,
        body: {
          title: String(form.get("title")),
          description: String(form.get("description") ?? ""),
          category: String(form.get("category")),
          // Typed in the reader's digits and marks; the API takes a plain decimal string.
          price: canonicalAmount(String(form.get("price")), locale) ?? String(form.get("price")).trim(),
          stock: stockText === "" ? null : Number(stockText),
          accepted: payments.filter((p) => accepted.has(p.key)).map(({ chainId, token: tok }) => ({ chainId, token: tok })),
          images: [],
          ...commitDeliverable(deliverable, keys),
        },
      });
      for (const image of images) {
        const upload = new FormData();
        upload.append("file", image, image.name);
        try {
          await api.request<ListingImage>(`/listings/${listing.id}/images`, { method: "POST", token, form: upload });
        } catch (e) {
          setPublishedId(listing.id);
          throw e;
        }
      }
      router.push(`/listing/${listing.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return {
    isConnected,
    payments,
    isAccepted: (key: string) => accepted.has(key),
    setPaymentAccepted,
    canSubmit: !busy && isConnected && accepted.size > 0,
    submit: (form: FormData) => void submit(form),
    busy,
    error,
    publishedId,
    imageTypes: LISTING_IMAGE_TYPES.join(","),
    maxImages: LISTING_IMAGES_MAX,
  };
}
