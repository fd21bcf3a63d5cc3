"use client";
import { isTerminalOrderStatus } from "@p2p-escrow/contracts/order-status";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { Term } from "@/components/ui/term.tsx";
import { NetworkGuard } from "@/components/wallet/network-guard.tsx";
import { chainInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { shortAddress } from "@/lib/format/format.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { eventLabel, statusLabel } from "@/lib/labels.ts";
import { useOrderRoom } from "@/lib/realtime/use-realtime.tsx";
import { describeError } from "@/lib/tx/errors.ts";
import { ChatPanel } from "./chat-panel.tsx";
import { DeliveryPanel } from "./delivery-panel.tsx";
import { DisputePanel } from "./dispute-panel.tsx";
import { EvidencePanel } from "./evidence-panel.tsx";
import { NextStepBanner } from "./next-step-banner.tsx";
import { OrderActions } from "./order-actions.tsx";
import { OrderHeading } from "./order-heading.tsx";
import { ReviewForm } from "./review-form.tsx";
import { useOrder } from "./use-order.ts";

/** Order detail: what happens next, facts, confirmations, timeline, the allowed actions, the dispute, delivery, chat, evidence. */
export function OrderView({ chainId, orderId }: { chainId: number; orderId: string }) {
  const t = useT();
  const { formatAmount, formatDate } = useFormat();
  useOrderRoom(chainId, orderId);
  const { detail, role, error, isPending, notIndexed, notAParty } = useOrder(chainId, orderId);
  // Someone who is not a party, or an order the indexer has not seen yet, still lands on a page
  // that says which order it is and why it shows nothing more.
  const why = error ? describeError(error, t) : notAParty ? t("Only the order's buyer, seller and drawn arbitrator can see it.") : null;
  if (why)
    return (
      <>
        <OrderHeading orderId={orderId} />
        <p role="alert">{why}</p>
      </>
    );
  if (notIndexed)
    return (
      <>
        <OrderHeading orderId={orderId} />
        <p role="status">{t("Waiting for the network to record the order…")}</p>
        <Skeleton shape="detail" count={6} />
      </>
    );
  if (isPending || !detail) return <Skeleton shape="detail" count={6} />;
  const { order, timeline } = detail;
  const chain = chainInfo(chainId);

  return (
    <>
      <NetworkGuard chainId={chainId} />
      <OrderHeading orderId={orderId} chainName={chain?.chain.name} />
      <p>
        {t("Status")}:{" "}
        <strong data-testid="order-status" data-status={order.status}>
          {t(statusLabel(order.status))}
        </strong>
        {role && <span className="muted"> · {t("you are the {role}", { role: t(role) })}</span>}
      </p>
      <NextStepBanner detail={detail} role={role} />
      <div className="two-col">
        <div>
          <OrderActions detail={detail} role={role} />
          <DisputePanel detail={detail} role={role} />
          <DeliveryPanel detail={detail} role={role} />
          {order.status === "Disputed" && <EvidencePanel detail={detail} role={role} />}
          <ChatPanel detail={detail} role={role} />
          {isTerminalOrderStatus(order.status) && (role === "buyer" || role === "seller") && <ReviewForm detail={detail} role={role} />}
        </div>
        <aside>
          <section className="panel" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t("Details")}</h2>
            <dl className="facts">
              <dt>{t("Amount")}</dt>
              <dd data-testid="order-amount">{formatAmount(chainId, order.token, order.amount)}</dd>
              {detail.listing && (
                <>
                  <dt>{t("Listing")}</dt>
                  <dd>
                    <Link dir="auto" href={`/listing/${detail.listing.id}`}>
                      {detail.listing.title}
                    </Link>
                  </dd>
                </>
              )}
              <dt>{t("Buyer")}</dt>
              <dd>
                <Link href={`/profile/${order.buyer}`}>{shortAddress(order.buyer)}</Link>
              </dd>
              <dt>{t("Seller")}</dt>
              <dd>
                <Link href={`/profile/${order.seller}`}>{shortAddress(order.seller)}</Link>
              </dd>
              {order.arbitrator && (
                <>
                  <dt>{t("Arbitrator")}</dt>
                  <dd>{shortAddress(order.arbitrator)}</dd>
                </>
              )}
              {order.deliveryHash && (
                <>
                  <dt>
                    <Term name="deliveryHash">{t("Delivery hash")}</Term>
                  </dt>
                  <dd data-testid="delivery-hash" title={order.deliveryHash}>
                    <code>{`${order.deliveryHash.slice(0, 10)}…${order.deliveryHash.slice(-8)}`}</code>
                  </dd>
                </>
              )}
              <dt>
                <Term name="productHash">{t("Product hash")}</Term>
              </dt>
              <dd data-testid="product-hash" title={order.productHash}>
                <code>{`${order.productHash.slice(0, 10)}…${order.productHash.slice(-8)}`}</code>
              </dd>
              {/* Confirmations matter only until the last change is final; after that they would only worry. */}
              {!detail.final && (
                <>
                  <dt>
                    <Term name="confirmation">{t("Confirmations")}</Term>
                  </dt>
                  <dd data-testid="confirmations">
                    {detail.confirmations === null ? "?" : detail.confirmations} / {detail.requiredConfirmations} ({t("not final yet")})
                  </dd>
                </>
              )}
            </dl>
          </section>
          <section className="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t("Timeline")}</h2>
            <ol className="timeline">
              {timeline.map((event, index) => (
                <li key={`${event.transactionHash}:${event.logIndex}`}>
                  <strong data-event={event.name}>{t(eventLabel(event.name))}</strong>
                  <br />
                  <span className="muted">
                    {formatDate(event.timestamp)} · {/* The first entry explains the word; the others only name their block. */}
                    {index === 0 ? (
                      <Term name="block">{t("block {n}", { n: event.blockNumber })}</Term>
                    ) : (
                      t("block {n}", { n: event.blockNumber })
                    )}
                    {event.actor ? ` · ${shortAddress(event.actor)}` : ""}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </>
  );
}
