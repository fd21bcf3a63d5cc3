"use client";
// Listing a product: the deliverable is encrypted here, in the browser, to the seller's own key,
// and only its hash is committed publicly. The API never sees the plaintext.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useAccount } from "wagmi";
import { supportedChains } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { commitDeliverable } from "@/lib/crypto/listing.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { CategoryOptions } from "@/components/market/category-options.tsx";

const paymentKey = (chainId: number, token: string) => `${chainId}:${token}`;

export function SellForm() {
  const t = useT();
  const api = useApi();
  const router = useRouter();
  const { isConnected } = useAccount();
  const { ensureKeys, ensureSession } = useAccountSetup();
  const allPayments = supportedChains.flatMap((c) => c.tokens.map((tok) => ({ chainId: c.id, token: tok.address, label: `${tok.symbol} · ${c.chain.name}` })));
  const [accepted, setAccepted] = useState<Set<string>>(() => new Set(allPayments.map((p) => paymentKey(p.chainId, p.token))));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
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
          price: String(form.get("price")).trim(),
          stock: stockText === "" ? null : Number(stockText),
          accepted: allPayments.filter((p) => accepted.has(paymentKey(p.chainId, p.token))).map(({ chainId, token: tok }) => ({ chainId, token: tok })),
          images: [],
          ...commitDeliverable(deliverable, keys),
        },
      });
      router.push(`/listing/${listing.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t("Sell a product")}</h1>
      <p className="muted">{t("The deliverable is encrypted in your browser. Buyers see only its hash until they pay; you deliver it to each buyer, encrypted to them.")}</p>
      <form className="form stack" onSubmit={(e) => void submit(e)}>
        <label>
          {t("Title")}
          <input name="title" required maxLength={140} />
        </label>
        <label>
          {t("Description")}
          <textarea name="description" maxLength={10000} />
        </label>
        <label>
          {t("Category")}
          <select name="category" defaultValue="digital-goods">
            <CategoryOptions />
          </select>
        </label>
        <label>
          {t("Price (USD)")}
          <input name="price" required inputMode="decimal" pattern="^(0|[1-9][0-9]{0,19})(\.[0-9]{1,18})?$" />
        </label>
        <label>
          {t("Stock (empty for unlimited)")}
          <input name="stock" type="number" min={0} />
        </label>
        <fieldset>
          <legend>{t("Accepted payments")}</legend>
          {allPayments.map((p) => {
            const key = paymentKey(p.chainId, p.token);
            return (
              <label key={key} className="inline">
                <input
                  type="checkbox"
                  checked={accepted.has(key)}
                  onChange={(e) =>
                    setAccepted((s) => {
                      const next = new Set(s);
                      if (e.target.checked) next.add(key);
                      else next.delete(key);
                      return next;
                    })
                  }
                />
                {p.label}
              </label>
            );
          })}
        </fieldset>
        <label>
          {t("Deliverable (text: a code, a link, instructions)")}
          <textarea name="deliverable" />
        </label>
        <label>
          {t("…or a file")}
          <input name="deliverableFile" type="file" />
        </label>
        <button type="submit" className="button" disabled={busy || !isConnected || accepted.size === 0}>
          {isConnected ? t("Encrypt and list") : t("Connect a wallet to sell")}
        </button>
        {busy && <p aria-live="polite">{t("Check your wallet: sign in and key setup may ask for signatures.")}</p>}
        {error !== null && <p role="alert" className="notice error">{describeError(error, t)}</p>}
      </form>
    </>
  );
}
