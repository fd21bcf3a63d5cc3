"use client";
// The order's on-chain actions as buttons, and the settlement form (the logic: use-order-actions.ts).
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import type { Role } from "./use-order.ts";
import { useOrderActions } from "./use-order-actions.ts";

export function OrderActions({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const { formatAmount, amountHint } = useFormat();
  const { order } = detail;
  const { actions, settlementToken, busy, confirmDialog, ...panel } = useOrderActions(detail, role);
  const opensDispute = actions.some((a) => a.txLabel === "Open dispute");
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t("Actions")}</h2>
      {opensDispute && panel.disputeFee !== undefined && (
        <p className="muted" data-testid="dispute-cost">
          {t(
            "Opening a dispute asks a deposit of {fee}. The other side must match it in time or lose by default; the winner gets its deposit back, and the loser's pays the arbitrator.",
            { fee: formatAmount(order.chainId, order.token, panel.disputeFee) },
          )}
        </p>
      )}
      <div className="actions">
        {actions.length > 0 ? (
          actions.map((action) => (
            <button key={action.label} type="button" className={action.className} disabled={busy} onClick={action.run}>
              {t(action.label, action.vars)}
            </button>
          ))
        ) : (
          <span className="muted">{t("Nothing to do on chain right now.")}</span>
        )}
      </div>
      {settlementToken && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            panel.proposeSettlement();
          }}
        >
          <label>
            {t("Settlement: amount to the buyer ({symbol})", { symbol: settlementToken.symbol })}
            <input
              inputMode="decimal"
              required
              placeholder={amountHint}
              value={panel.offer}
              onChange={(e) => panel.setOffer(e.target.value)}
            />
          </label>
          <label>
            {t("Offer open for (hours)")}
            <input inputMode="decimal" required value={panel.offerHours} onChange={(e) => panel.setOfferHours(e.target.value)} />
          </label>
          <button type="submit" className="button secondary" disabled={busy}>
            {t("Propose settlement")}
          </button>
          {panel.formProblem && (
            <p role="alert" className="notice error">
              {t(panel.formProblem)}
            </p>
          )}
        </form>
      )}
      <TxStatus state={panel.tx} chainId={order.chainId} />
      <ConfirmDialog {...confirmDialog} />
    </section>
  );
}
