"use client";
// Delivering (seller) and opening the delivery (buyer); the logic: use-delivery.ts.
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useDelivery } from "./use-delivery.ts";
import type { Role } from "./use-order.ts";

export function DeliveryPanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const delivery = useDelivery(detail, role);
  const { opened, busy } = delivery;
  if (!delivery.sellerCanDeliver && !delivery.buyerCanOpen) return null;

  return (
    <section className="panel" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{t("Delivery")}</h2>
      {delivery.sellerCanDeliver && (
        <>
          <p>{t("Deliver: your deliverable is encrypted to the buyer's key, then you confirm delivery on chain.")}</p>
          <button type="button" className="button" disabled={busy} onClick={delivery.deliver}>
            {t("Deliver and confirm delivery")}
          </button>
        </>
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
              <p role="status" className={opened.hashMatches ? "notice ok" : "notice error"} data-testid="hash-check">
                {opened.hashMatches
                  ? t("The delivery matches the product hash you paid for.")
                  : t("Warning: the delivery does NOT match the product hash. Do not confirm; open a dispute.")}
              </p>
              {opened.text !== null ? (
                <pre className="deliverable" data-testid="deliverable">
                  {opened.text}
                </pre>
              ) : (
                <a download="delivery.bin" href={URL.createObjectURL(new Blob([opened.bytes as BlobPart]))}>
                  {t("Download the delivery")}
                </a>
              )}
              {delivery.buyerCanConfirm && (
                <button type="button" className="button" disabled={busy || !opened.hashMatches} onClick={delivery.confirmReceipt}>
                  {t("Confirm receipt and release payment")}
                </button>
              )}
            </>
          )}
        </>
      )}
      <TxStatus state={delivery.tx} chainId={detail.order.chainId} />
      {delivery.error !== null && delivery.tx.stage !== "failed" && (
        <p role="alert" className="notice error">
          {describeError(delivery.error, t)}
        </p>
      )}
    </section>
  );
}
