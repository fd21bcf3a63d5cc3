"use client";
// Delivering (seller) and opening the delivery (buyer); the logic: use-delivery.ts.
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { ConfirmDialog, useConfirm } from "@/components/ui/confirm-dialog.tsx";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { LinkedText } from "./linked-text.tsx";
import { SELLER_STEPS, type SellerStep, type StepState, useDelivery } from "./use-delivery.ts";
import type { Role } from "./use-order.ts";
import { confirmRequestOf, receiptConfirmation } from "./use-order-actions.ts";

const STEP_TEXT: Record<SellerStep, string> = {
  seal: "Seal the delivery to the buyer's key, here in your browser",
  confirm: "Confirm delivery on chain, committing to the sealed delivery's hash",
  finality: "Wait until the confirmation is final ({confirmations} of {count} confirmations)",
  upload: "Upload the sealed delivery for the buyer",
};

const STATE_TEXT: Record<StepState, string> = {
  pending: "to do",
  active: "in progress",
  done: "done",
  failed: "failed",
};

function SellerSteps({ detail, steps }: { detail: OrderDetail; steps: Record<SellerStep, StepState> }) {
  const t = useT();
  const vars = { confirmations: detail.delivery?.confirmations ?? 0, count: detail.requiredConfirmations };
  return (
    <ol className="steps" data-testid="delivery-steps">
      {SELLER_STEPS.map((step) => (
        <li key={step} data-step={step} data-state={steps[step]} aria-current={steps[step] === "active" ? "step" : undefined}>
          {t(STEP_TEXT[step], vars)} <span className="muted">({t(STATE_TEXT[steps[step]])})</span>
        </li>
      ))}
    </ol>
  );
}

export function DeliveryPanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const locale = useLocale();
  const delivery = useDelivery(detail, role);
  // Paying the seller is irreversible: the buyer confirms it in the dialog first.
  const { ask, dialogProps } = useConfirm();
  const confirmReceipt = async () => {
    if ((await ask(confirmRequestOf(t, receiptConfirmation(detail, locale)))) !== null) delivery.confirmReceipt();
  };
  const { opened, busy } = delivery;
  const sellerSees = delivery.sellerCanDeliver || delivery.sellerCanFinish || (role === "seller" && detail.order.deliveryHash !== null);
  if (!sellerSees && !delivery.buyerCanOpen && !delivery.buyerWaits) return null;

  return (
    <section className="panel" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{t("Delivery")}</h2>
      {sellerSees && (
        <>
          <p>
            {t(
              "The buyer gets nothing before your on-chain confirmation is final: it could still cancel for a refund until then. So the delivery is sealed first, its hash confirmed on chain, and uploaded only once that confirmation is final.",
            )}
          </p>
          <SellerSteps detail={detail} steps={delivery.steps} />
          {delivery.sellerCanDeliver && (
            <button type="button" className="button" disabled={busy} onClick={delivery.deliver}>
              {t("Deliver and confirm delivery")}
            </button>
          )}
          {delivery.sellerCanFinish && !busy && (
            <>
              <p>{t("Your confirmation is on chain but the sealed delivery has not been uploaded yet.")}</p>
              <button type="button" className="button" onClick={delivery.finish}>
                {t("Finish the delivery")}
              </button>
            </>
          )}
        </>
      )}
      {delivery.buyerWaits && (
        <p role="status" data-testid="delivery-waiting">
          {t(
            "The seller confirmed delivery on chain. The delivery opens once that confirmation is final ({confirmations} of {count} confirmations) and the seller has uploaded it.",
            { confirmations: detail.delivery?.confirmations ?? 0, count: detail.requiredConfirmations },
          )}
        </p>
      )}
      {delivery.buyerCanOpen && (
        <>
          {!opened && (
            <button type="button" className="button secondary" disabled={busy} onClick={delivery.open}>
              {t("Open the delivery")}
            </button>
          )}
          {opened && (
            <>
              <p role="status" className={opened.verified ? "notice ok" : "notice error"} data-testid="hash-check">
                {opened.verified
                  ? t("The delivery matches the hash the seller committed to on chain and the product hash you paid for.")
                  : !opened.matchesCommitment
                    ? t("Warning: the delivery does NOT match the hash the seller committed to on chain. Do not confirm; open a dispute.")
                    : t("Warning: the delivery does NOT match the product hash. Do not confirm; open a dispute.")}
              </p>
              {opened.text !== null ? (
                <pre className="deliverable" data-testid="deliverable">
                  <LinkedText text={opened.text} />
                </pre>
              ) : (
                opened.opening && (
                  <a download="delivery.bin" href={URL.createObjectURL(new Blob([opened.bytes as BlobPart]))}>
                    {t("Download the delivery")}
                  </a>
                )
              )}
              {delivery.buyerCanConfirm && (
                <button type="button" className="button" disabled={busy || !opened.verified} onClick={() => void confirmReceipt()}>
                  {t("Confirm receipt and release payment")}
                </button>
              )}
            </>
          )}
        </>
      )}
      <TxStatus state={delivery.tx} chainId={detail.order.chainId} />
      <ConfirmDialog {...dialogProps} />
      {delivery.error !== null && delivery.tx.stage !== "failed" && (
        <p role="alert" className="notice error">
          {describeError(delivery.error, t)}
        </p>
      )}
    </section>
  );
}
