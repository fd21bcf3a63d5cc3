"use client";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/** The seller's listings, active and paused, with pause/resume. */
export function MyProducts() {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { address, session } = useAccountSetup();
  const results = useQueries({
    queries: (["active", "paused"] as const).map((status) => ({
      queryKey: ["listings", "mine", address, status],
      enabled: !!address,
      queryFn: () => api.request<ListingPage>("/listings", { query: { seller: address, status, limit: 100 } }),
    })),
  });
  const items = results.flatMap((r) => r.data?.items ?? []);
  const setStatus = async (id: string, status: "active" | "paused") => {
    await api.request(`/listings/${id}`, { method: "PATCH", token: session?.token, body: { status } });
    await queryClient.invalidateQueries({ queryKey: ["listings", "mine"] });
  };
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
                <Link dir="auto" href={`/listing/${l.id}`}>{l.title}</Link>
              </td>
              <td>${l.price}</td>
              <td>{l.stock ?? t("Unlimited")}</td>
              <td>{t(l.status)}</td>
              <td>
                <button type="button" className="button secondary" onClick={() => void setStatus(l.id, l.status === "active" ? "paused" : "active")}>
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
