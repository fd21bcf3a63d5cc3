"use client";
import { isDeliverableOrderStatus } from "@p2p-escrow/contracts/order-status";
// The seller re-seals the listing's deliverable to the buyer and confirms delivery on chain; the
// buyer opens it, checks it against the order's product hash, then confirms receipt on chain.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Hex } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import { useWriteEscrowBuyerConfirmReceived, useWriteEscrowSellerConfirmDelivery } from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Delivery, ListingDetail, OrderDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { type OpenedDelivery, openDelivery, resealForBuyer } from "@/lib/crypto/delivery.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";

/** What the caller may do with the delivery in this order's state. */
export function deliveryStepsFor(order: Pick<OrderDetail["order"], "status">, role: Role) {
  return {
    sellerCanDeliver: role === "seller" && order.status === "Created",
    buyerCanOpen: role === "buyer" && isDeliverableOrderStatus(order.status),
    /** Receipt is confirmed while the buyer's window is open. */
    buyerCanConfirm: role === "buyer" && order.status === "SellerConfirmed",
  };
}

export function useDelivery({ order, listing }: OrderDetail, role: Role) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const chainId = order.chainId;
  const tx = useTransaction(chainId);
  const { keys, token } = useAccountSetup();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const confirmDelivery = useWriteEscrowSellerConfirmDelivery();
  const confirmReceived = useWriteEscrowBuyerConfirmReceived();
  const [opened, setOpened] = useState<OpenedDelivery | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  /** Runs one step on the order's chain, then refreshes the order; a failure is kept for the panel. */
  const step = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await work();
      await queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const deliver = () =>
    step(async () => {
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

  const open = () =>
    step(async () => {
      if (!keys || !listing) throw new Error(t("The order's listing is unknown, so the product hash cannot be checked."));
      const [delivery, publicListing] = await Promise.all([
        api.request<Delivery>(`/deliveries/${chainId}/${order.orderId}`, { token }),
        api.request<ListingDetail>(`/listings/${listing.id}`),
      ]);
      setOpened(openDelivery(delivery.envelope, keys, publicListing.productSalt as Hex, order.productHash));
    });

  const confirmReceipt = () =>
    step(
      async () =>
        void (await tx.run("Confirm receipt", () => confirmReceived.writeContractAsync({ args: [BigInt(order.orderId)], chainId }))),
    );

  return {
    ...deliveryStepsFor(order, role),
    /** The delivery once opened, with whether it matches the product hash paid for. */
    opened,
    deliver: () => void deliver(),
    open: () => void open(),
    confirmReceipt: () => void confirmReceipt(),
    busy,
    tx: tx.state,
    error,
  };
}
