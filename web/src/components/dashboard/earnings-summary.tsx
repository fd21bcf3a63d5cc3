"use client";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { TableWrap } from "@/components/ui/table-wrap.tsx";
// What the signed-in wallet has earned, summed by the API over every closed order: sales as seller
// (net of the protocol's and any arbitrator's fee) and fees as arbitrator, per chain and token.
import { chainInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Earnings } from "@/lib/api/types.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/** One table row per chain and token: what sales paid the seller, then what rulings paid the arbitrator. */
export const earningsRows = ({ sales, arbitration }: Earnings) => [
  ...sales.map((s) => ({ kind: "Sales", chainId: s.chainId, token: s.token, amount: s.received, count: s.orders })),
  ...arbitration.map((a) => ({ kind: "Arbitration fees", chainId: a.chainId, token: a.token, amount: a.fees, count: a.rulings })),
];

export function EarningsSummary() {
  const t = useT();
  const { formatAmount, formatNumber } = useFormat();
  const { token } = useAccountSetup();
  const { data, error } = useSessionQuery(token, {
    queryKey: queryKeys.earnings(token),
    refetchInterval: 30_000,
    read: (session) => session.get<Earnings>("/orders/earnings"),
  });
  if (error) return <p role="alert">{describeError(error, t)}</p>;
  return (
    <section className="panel" aria-labelledby="earned-heading">
      <h2 id="earned-heading">{t("What you earned")}</h2>
      {token !== null && !data && <Skeleton shape="table" count={2} />}
      {data && data.sales.length === 0 && data.arbitration.length === 0 && (
        <EmptyState
          title={t("Nothing yet.")}
          hint={t("Completed sales and the rulings you made show here, summed per network and token.")}
        />
      )}
      {data && (data.sales.length > 0 || data.arbitration.length > 0) && (
        <TableWrap label={t("What you earned")}>
          <table data-testid="earned">
            <thead>
              <tr>
                <th scope="col">{t("From")}</th>
                <th scope="col">{t("Network")}</th>
                <th scope="col">{t("Amount")}</th>
                <th scope="col">{t("Orders or rulings")}</th>
              </tr>
            </thead>
            <tbody>
              {earningsRows(data).map((row) => (
                <tr key={`${row.kind}:${row.chainId}:${row.token}`}>
                  <td>{t(row.kind)}</td>
                  <td>{chainInfo(row.chainId)?.chain.name ?? row.chainId}</td>
                  <td>{formatAmount(row.chainId, row.token, row.amount)}</td>
                  <td>{formatNumber(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
