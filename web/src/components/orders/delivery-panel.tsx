"use client";
// The seller re-seals the listing's deliverable to the buyer and confirms delivery on chain; the
// buyer opens it, checks it against the order's product hash, then confirms receipt on chain.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Hex } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import { useWriteEscrowBuyerConfirmReceived, useWriteEscrowSellerConfirmDelivery } from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import type { Delivery, ListingDetail, OrderDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { type OpenedDelivery, openDelivery, resealForBuyer } from "@/lib/crypto/delivery.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { TxStatus } from "@/components/tx/tx-status.tsx";
import type { Role } from "./use-order.ts";

export function DeliveryPanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { order, listing } = detail;
  const chainId = order.chainId;
  const tx = useTransaction(chainId);
  const { keys, session } = useAccountSetup();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const confirmDelivery = useWriteEscrowSellerConfirmDelivery();
  const confirmReceived = useWriteEscrowBuyerConfirmReceived();
  const [opened, setOpened] = useState<OpenedDelivery | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const token = session?.token ?? null;

  const guard = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await work();
      await queryClient.invalidateQueries({ queryKey: ["order", chainId, order.orderId] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const deliver = () =>
    guard(async () => {
      if (!keys || !listing) throw new Error(t("The order's listing is unknown, so its deliverable cannot be found."));
      const own = await api.request<ListingDetail>(`/listings/${listing.id}`, { token });
      if (!own.sealedDeliverable) throw new Error(t("Only the seller can read the listing's deliverable."));
      const buyerKeys = await verifiedKeysOf(order.buyer, (await api.request<{ keys: never }>(`/profiles/${order.buyer}`)).keys);
      if (!buyerKeys) throw new Error(t("The buyer has not set up encryption keys yet; ask them to open the order once."));
      try {
        await api.request<Delivery>(`/deliveries/${chainId}/${order.orderId}`, {
          method: "PUT",
          token,
          body: { envelope: resealForBuyer(own.sealedDeliverable, buyerKeys.encryptionPublicKey, keys) },
        });
      } catch (e) {
        if (!(e instanceof ApiError && e.code === "DELIVERY_EXISTS")) throw e;
      }
      await tx.run("Confirm delivery", () => confirmDelivery.writeContractAsync({ args: [BigInt(order.orderId)], chainId }));
    });

  const openIt = () =>
    guard(async () => {
      if (!keys || !listing) throw new Error(t("The order's listing is unknown, so the product hash cannot be checked."));
      const [delivery, publicListing] = await Promise.all([
        api.request<Delivery>(`/deliveries/${chainId}/${order.orderId}`, { token }),
        api.request<ListingDetail>(`/listings/${listing.id}`),
      ]);
      setOpened(openDelivery(delivery.envelope, keys, publicListing.productSalt as Hex, order.productHash));
    });

  const receive = () => guard(async () => void (await tx.run("Confirm receipt", () => confirmReceived.writeContractAsync({ args: [BigInt(order.orderId)], chainId }))));

  const sellerCanDeliver = role === "seller" && order.status === "Created";
  const buyerCanOpen = role === "buyer" && ["SellerConfirmed", "Disputed", "Completed"].includes(order.status);
  if (!sellerCanDeliver && !buyerCanOpen) return null;

  return (
    <section className="panel" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{t("Delivery")}</h2>
      {sellerCanDeliver && (
        <>
          <p>{t("Deliver: your deliverable is encrypted to the buyer's key, then you confirm delivery on chain.")}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void deliver()}>
            {t("Deliver and confirm delivery")}
          </button>
        </>
      )}
      {buyerCanOpen && (
        <>
          {!opened && (
            <button type="button" className="button secondary" disabled={busy} onClick={() => void openIt()}>
              {t("Open the delivery")}
            </button>
          )}
          {opened && (
            <>
              <p role="status" className={opened.hashMatches ? "notice ok" : "notice error"} data-testid="hash-check">
                {opened.hashMatches ? t("The delivery matches the product hash you paid for.") : t("Warning: the delivery does NOT match the product hash. Do not confirm; open a dispute.")}
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
              {order.status === "SellerConfirmed" && (
                <button type="button" className="button" disabled={busy || !opened.hashMatches} onClick={() => void receive()}>
                  {t("Confirm receipt and release payment")}
                </button>
              )}
            </>
          )}
        </>
      )}
      <TxStatus state={tx.state} chainId={chainId} />
      {error !== null && tx.state.stage !== "failed" && <p role="alert" className="notice error">{describeError(error, t)}</p>}
    </section>
  );
}
