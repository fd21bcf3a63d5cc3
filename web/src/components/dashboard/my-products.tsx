"use client";
import Link from "next/link";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { useMyProducts } from "./use-my-products.ts";

/** The seller's listings, active and paused, with pause/resume. */
export function MyProducts() {
  const t = useT();
  const { formatNumber } = useFormat();
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
              <td>{l.stock === null || l.stock === undefined ? t("Unlimited") : formatNumber(l.stock)}</td>
              <td>{t(l.status)}</td>
              <td>
                <button type="button" className="button secondary" onClick={() => toggle(l.id, l.status)}>
                  {l.status === "active" ? t("Pause") : t("Resume")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p className="muted">{t("No listings yet.")}</p>}
    </div>
  );
}
