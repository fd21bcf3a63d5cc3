"use client";
// The sell form (the logic: use-sell-form.ts).
import Link from "next/link";
import { CategoryOptions } from "@/components/market/category-options.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useSellForm } from "./use-sell-form.ts";

export function SellForm() {
  const t = useT();
  const { amountHint } = useFormat();
  const sell = useSellForm();
  return (
    <>
      <h1>{t("Sell a product")}</h1>
      <p className="lead">
        {t(
          "The deliverable is encrypted in your browser. Buyers see only its hash until they pay; you deliver it to each buyer, encrypted to them.",
        )}
      </p>
      <form
        className="form stack"
        onSubmit={(e) => {
          e.preventDefault();
          sell.submit(new FormData(e.currentTarget));
        }}
      >
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
          <input name="price" required inputMode="decimal" placeholder={amountHint} />
        </label>
        <label>
          {t("Stock (empty for unlimited)")}
          <input name="stock" type="number" min={0} />
        </label>
        <div className="field">
          <label>
            {t("Images (PNG, JPEG or WebP, up to {max})", { max: sell.maxImages })}
            <input name="images" type="file" accept={sell.imageTypes} multiple aria-describedby="images-hint" />
          </label>
          <p id="images-hint" className="hint">
            {t(
              "Images are public: they are stored on IPFS unencrypted, and anyone can see and copy them. Never show the deliverable in them.",
            )}
          </p>
        </div>
        <fieldset>
          <legend>{t("Accepted payments")}</legend>
          {sell.payments.map((p) => (
            <label key={p.key} className="inline">
              <input type="checkbox" checked={sell.isAccepted(p.key)} onChange={(e) => sell.setPaymentAccepted(p.key, e.target.checked)} />
              {p.label}
            </label>
          ))}
        </fieldset>
        <label>
          {t("Deliverable (text: a code, a link, instructions)")}
          <textarea name="deliverable" />
        </label>
        <label>
          {t("…or a file")}
          <input name="deliverableFile" type="file" />
        </label>
        <button type="submit" className="button" aria-busy={sell.busy} disabled={!sell.canSubmit}>
          {sell.isConnected ? t("Encrypt and list") : t("Connect a wallet to sell")}
        </button>
        {sell.busy && <p aria-live="polite">{t("Check your wallet: sign in and key setup may ask for signatures.")}</p>}
        {sell.error !== null && (
          <div role="alert" className="notice error">
            {sell.publishedId !== null && <p>{t("The listing is published, but an image was refused:")}</p>}
            <p>{describeError(sell.error, t)}</p>
            {sell.publishedId !== null && <Link href={`/listing/${sell.publishedId}`}>{t("Open the listing")}</Link>}
          </div>
        )}
      </form>
    </>
  );
}
