"use client";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog, useConfirm } from "@/components/ui/confirm-dialog.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingSummary } from "@/lib/api/types.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { type ListingEdit, useMyProducts } from "./use-my-products.ts";

/** One listing's row while the seller edits it: title, price and stock. */
function EditRow({
  listing,
  onSave,
  onCancel,
}: {
  listing: ListingSummary;
  onSave: (edit: ListingEdit) => Promise<boolean>;
  onCancel: () => void;
}) {
  const t = useT();
  const [edit, setEdit] = useState<ListingEdit>({
    title: listing.title,
    price: listing.price,
    stock: listing.stock === null ? "" : String(listing.stock),
  });
  const [busy, setBusy] = useState(false);
  const field = (name: keyof ListingEdit) => ({
    value: edit[name],
    onChange: (e: { target: { value: string } }) => setEdit((current) => ({ ...current, [name]: e.target.value })),
  });
  const formId = `edit-${listing.id}`;
  return (
    <tr data-testid="editing-listing">
      <td>
        <form
          id={formId}
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            const saved = await onSave(edit);
            setBusy(false);
            if (saved) onCancel();
          }}
        />
        <input form={formId} aria-label={t("Title")} required maxLength={140} dir="auto" {...field("title")} />
      </td>
      <td>
        <input form={formId} aria-label={t("Price (USD)")} required inputMode="decimal" pattern="[0-9]+(\.[0-9]+)?" {...field("price")} />
      </td>
      <td>
        <input form={formId} aria-label={t("Stock (empty: unlimited)")} type="number" min={0} step={1} {...field("stock")} />
      </td>
      <td>{t(listing.status)}</td>
      <td>
        <button type="submit" form={formId} className="button" disabled={busy}>
          {t("Save")}
        </button>{" "}
        <button type="button" className="button secondary" disabled={busy} onClick={onCancel}>
          {t("Cancel")}
        </button>
      </td>
    </tr>
  );
}

/** The seller's listings, active and paused: stock left, pause/resume, edit, remove. */
export function MyProducts() {
  const t = useT();
  const { formatNumber, formatPrice } = useFormat();
  const { items, error, toggle, edit, remove } = useMyProducts();
  const [editing, setEditing] = useState<string | null>(null);
  const confirm = useConfirm();
  const askRemove = async (listing: ListingSummary) => {
    const yes = await confirm.ask({
      title: t("Remove “{title}”?", { title: listing.title }),
      consequences: t(
        "The listing leaves the marketplace for good and nobody can buy it any more. Orders already placed keep running and their money is not touched.",
      ),
      confirmLabel: t("Remove the listing"),
      danger: true,
    });
    if (yes !== null) await remove(listing.id);
  };
  return (
    <div className="table-wrap">
      <p>
        <Link className="button" href="/sell">
          {t("List a new product")}
        </Link>
      </p>
      {error !== null && (
        <p role="alert" className="notice error">
          {describeError(error, t)}
        </p>
      )}
      <table>
        <caption>{t("Your listings")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Title")}</th>
            <th scope="col">{t("Price")}</th>
            <th scope="col">{t("Stock left")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col">{t("Actions")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) =>
            editing === l.id ? (
              <EditRow key={l.id} listing={l} onSave={(changes) => edit(l.id, changes)} onCancel={() => setEditing(null)} />
            ) : (
              <tr key={l.id}>
                <td>
                  <Link dir="auto" href={`/listing/${l.id}`}>
                    {l.title}
                  </Link>
                </td>
                <td>{formatPrice(l.price)}</td>
                <td data-testid="stock-left">
                  {l.available === null || l.available === undefined ? t("Unlimited") : formatNumber(l.available)}
                </td>
                <td>
                  <span className="pill" data-status={l.status}>
                    {t(l.status)}
                  </span>
                </td>
                <td>
                  <button type="button" className="button secondary small" onClick={() => toggle(l.id, l.status)}>
                    {l.status === "active" ? t("Pause") : t("Resume")}
                  </button>{" "}
                  <button type="button" className="button secondary small" onClick={() => setEditing(l.id)}>
                    {t("Edit")}
                  </button>{" "}
                  <button type="button" className="button secondary small danger" onClick={() => void askRemove(l)}>
                    {t("Remove")}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {items.length === 0 && (
        <EmptyState
          title={t("No listings yet.")}
          hint={t("List something to sell: buyers pay into escrow, and the money is yours once they confirm.")}
        />
      )}
      <ConfirmDialog {...confirm.dialogProps} />
    </div>
  );
}
