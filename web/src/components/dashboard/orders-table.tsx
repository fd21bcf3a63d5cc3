"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { chainInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { type OrderRole, queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderPage } from "@/lib/api/types.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { statusLabel } from "@/lib/labels.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/** Time left to an order's deadline on its chain's clock, or that it has passed. */
function DeadlineCell({ chainId, deadline }: { chainId: number; deadline: string | null }) {
  const t = useT();
  const { formatDuration } = useFormat();
  const now = useChainNow(chainId);
  if (deadline === null) return <td>—</td>;
  const left = Number(deadline) - now;
  return <td data-testid="order-deadline">{left >= 0 ? formatDuration(left) : t("passed")}</td>;
}

/**
 * The signed-in wallet's orders (GET /orders), optionally by role and status. `deadline` adds a
 * column with the time left to each order's current deadline, headed by its text.
 */
export function OrdersTable({
  role = "any",
  status,
  caption,
  deadline,
}: {
  role?: OrderRole;
  status?: string;
  caption: string;
  deadline?: string;
}) {
  const t = useT();
  const { formatAmount, formatId } = useFormat();
  const { token, address } = useAccountSetup();
  const { data, error } = useSessionQuery(token, {
    queryKey: queryKeys.orders.list(role, status, token),
    refetchInterval: 10_000,
    read: (session) => session.get<OrderPage>("/orders", { role, status, limit: 50 }),
  });
  if (error) return <p role="alert">{describeError(error, t)}</p>;
  const me = address?.toLowerCase();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t(caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Order")}</th>
            <th scope="col">{t("Item")}</th>
            <th scope="col">{t("Amount")}</th>
            <th scope="col" className="col-optional">
              {t("Role")}
            </th>
            <th scope="col" className="col-optional">
              {t("Counterparty")}
            </th>
            <th scope="col">{t("Status")}</th>
            {deadline && <th scope="col">{t(deadline)}</th>}
          </tr>
        </thead>
        <tbody>
          {data?.items.map((o) => {
            const mine = o.buyer === me ? "buyer" : o.seller === me ? "seller" : "arbitrator";
            return (
              <tr key={`${o.chainId}:${o.orderId}`}>
                <td>
                  <Link href={`/dashboard/orders/${o.chainId}/${o.orderId}`}>
                    #{formatId(o.orderId)} · {chainInfo(o.chainId)?.chain.name}
                  </Link>
                </td>
                <td>{o.listing?.title ?? "—"}</td>
                <td>{formatAmount(o.chainId, o.token, o.amount)}</td>
                <td className="col-optional">{t(mine)}</td>
                <td className="col-optional">{shortAddress(mine === "buyer" ? o.seller : o.buyer)}</td>
                <td>
                  <span className="pill" data-status={o.status}>
                    {t(statusLabel(o.status))}
                  </span>
                </td>
                {deadline && <DeadlineCell chainId={o.chainId} deadline={o.deadline} />}
              </tr>
            );
          })}
        </tbody>
      </table>
      {token !== null && !data && <Skeleton shape="table" />}
      {data && data.items.length === 0 && (
        <EmptyState
          title={t("No orders yet.")}
          hint={t("When you buy or sell, the order and what happens next show here.")}
          action={
            <Link className="button secondary" href="/marketplace">
              {t("Browse the marketplace")}
            </Link>
          }
        />
      )}
    </div>
  );
}
