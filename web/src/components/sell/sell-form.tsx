"use client";
// The sell form (the logic: use-sell-form.ts).
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
      <p className="muted">
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
        <button type="submit" className="button" disabled={!sell.canSubmit}>
          {sell.isConnected ? t("Encrypt and list") : t("Connect a wallet to sell")}
        </button>
        {sell.busy && <p aria-live="polite">{t("Check your wallet: sign in and key setup may ask for signatures.")}</p>}
        {sell.error !== null && (
          <p role="alert" className="notice error">
            {describeError(sell.error, t)}
          </p>
        )}
      </form>
    </>
  );
}
