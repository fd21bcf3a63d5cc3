"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useMyProducts } from "./use-my-products.ts";

/** The seller's listings, active and paused, with pause/resume. */
export function MyProducts() {
  const t = useT();
  const { items, toggle } = useMyProducts();
  return (
    <div className="table-wrap">
      <p>
        <Link className="button" href="/sell">
          {t("List a new product")}
        </Link>
      </p>
      <table>
        <caption>{t("Your listings")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Title")}</th>
            <th scope="col">{t("Price")}</th>
            <th scope="col">{t("Stock")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col">{t("Actions")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.id}>
              <td>
                <Link dir="auto" href={`/listing/${l.id}`}>
                  {l.title}
                </Link>
              </td>
              <td>${l.price}</td>
              <td>{l.stock ?? t("Unlimited")}</td>
              <td>
                <span className="pill" data-status={l.status}>
                  {t(l.status)}
                </span>
              </td>
              <td>
                <button type="button" className="button secondary small" onClick={() => toggle(l.id, l.status)}>
                  {l.status === "active" ? t("Pause") : t("Resume")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && (
        <EmptyState
          title={t("No listings yet.")}
          hint={t("List something to sell: buyers pay into escrow, and the money is yours once they confirm.")}
        />
      )}
    </div>
  );
}
