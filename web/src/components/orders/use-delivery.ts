"use client";
// Delivering (seller) and opening the delivery (buyer).
//
// The seller's four steps, in this order so that the buyer can never hold the goods while it can
// still cancel for a refund: seal the product's opening to the buyer here, in the browser; confirm
// delivery on chain with the sealed delivery's hash; wait until the API counts that confirmation as
// final; upload the sealed delivery (the API refuses it before, and refuses any other). The steps
// show how far it got. Sealing is deterministic, so after a reload between the confirmation and the
// upload the seller rebuilds the same envelope and finishes the upload.
//
// The buyer opens the delivery once it is there, and checks it against the hash the seller
// committed to and the product hash the order paid for, before confirming receipt.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Delivery, OrderDetail, OwnDeliverable } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { type OpenedDelivery, openDelivery, type PreparedDelivery, prepareDelivery } from "@/lib/crypto/delivery.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";
import { useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";

const FINALITY_POLL_MS = 1_500;

type DeliveryState = Pick<OrderDetail, "delivery"> & { order: Pick<OrderDetail["order"], "status" | "deliveryHash"> };

/** What the caller may do with the delivery in this order's state. */
export function deliveryStepsFor({ order, delivery }: DeliveryState, role: Role) {
  const committed = order.deliveryHash !== null;
  // Only a delivery the seller committed to on chain, whose commitment is final and which was
  // uploaded: anything less has nothing the buyer could open.
  const available = committed && delivery?.final === true && delivery.postedAt != null;
  return {
    /** Seal, confirm on chain, wait, upload. */
    sellerCanDeliver: role === "seller" && order.status === "Created" && !committed,
    /** Confirmed on chain but not uploaded (a reload or a failure came in between): rebuild and upload. */
    sellerCanFinish: role === "seller" && committed && delivery?.postedAt == null,
    buyerCanOpen: role === "buyer" && available,
    /** The seller confirmed delivery; the delivery is not final or not uploaded yet. */
    buyerWaits: role === "buyer" && committed && !available,
    /** Receipt is confirmed while the buyer's window is open. */
    buyerCanConfirm: role === "buyer" && order.status === "SellerConfirmed",
  };
}

export const SELLER_STEPS = ["seal", "confirm", "finality", "upload"] as const;
export type SellerStep = (typeof SELLER_STEPS)[number];
export type StepState = "pending" | "active" | "done" | "failed";

/**
 * Where each of the seller's steps stands: from the order as the API shows it (confirmed on chain,
 * final, uploaded) and from what this page is doing (`running`, and whether it `failed`).
 */
export function sellerStepStates(
  { order, delivery }: DeliveryState,
  running: SellerStep | null,
  failed: boolean,
): Record<SellerStep, StepState> {
  const done: Record<SellerStep, boolean> = {
    seal: order.deliveryHash !== null,
    confirm: order.deliveryHash !== null,
    finality: delivery?.final === true,
    upload: delivery?.postedAt != null,
  };
  const states = {} as Record<SellerStep, StepState>;
  for (const step of SELLER_STEPS) {
    states[step] = done[step] ? "done" : step === running ? (failed ? "failed" : "active") : "pending";
  }
  // Once confirmed on chain, the wait for finality runs by itself.
  if (done.confirm && !done.finality && states.finality === "pending") states.finality = "active";
  return states;
}

export function useDelivery(detail: OrderDetail, role: Role) {
  const { order, listing } = detail;
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const chainId = order.chainId;
  const tx = useTransaction(chainId);
  const chainClient = useChainClients()(chainId);
  const { keys, token } = useAccountSetup();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  // A wallet that pays gas in stablecoins pays it in the order's token.
  const gas = useGasInStablecoins(chainId);
  const orderToken = order.token as Address;
  const [opened, setOpened] = useState<OpenedDelivery | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<SellerStep | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Runs one action, then refreshes the order; a failure is kept for the panel. */
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setRunning(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** Step 1: the product's opening sealed to the buyer's verified key, and the hash to commit to. */
  const seal = async (): Promise<PreparedDelivery> => {
    setRunning("seal");
    if (!keys || !listing) throw new Error(t("The order's listing is unknown, so its deliverable cannot be found."));
    const [own, profile] = await Promise.all([
      api.request<OwnDeliverable>(`/listings/${listing.id}/deliverable`, { token }),
      api.request<{ keys: never }>(`/profiles/${order.buyer}`),
    ]);
    const buyerKeys = await verifiedKeysOf(order.buyer, profile.keys, chainClient);
    if (!buyerKeys) throw new Error(t("The buyer has not set up encryption keys yet; ask them to open the order once."));
    return prepareDelivery(own, order, buyerKeys.encryptionPublicKey, keys);
  };

  /** Step 3: polls the order until the API counts the confirmation of `hash` as final. */
  const awaitFinality = async (hash: string) => {
    setRunning("finality");
    for (;;) {
      if (!mounted.current) throw new Error(t("The page was closed before the delivery was uploaded."));
      const latest = await api.request<OrderDetail>(`/orders/${chainId}/${order.orderId}`, { token });
      queryClient.setQueryData(queryKeys.order(chainId, order.orderId), latest);
      if (latest.order.deliveryHash !== null && latest.order.deliveryHash !== hash.toLowerCase()) {
        throw new Error(t("The order was confirmed on chain with another delivery hash."));
      }
      if (latest.order.deliveryHash !== null && latest.delivery?.final) return;
      await new Promise((resolve) => setTimeout(resolve, FINALITY_POLL_MS));
    }
  };

  /** Step 4: the upload; one already there (an earlier try that got through) counts as done. */
  const upload = async (prepared: PreparedDelivery) => {
    setRunning("upload");
    try {
      await api.request<Delivery>(`/deliveries/${chainId}/${order.orderId}`, {
        method: "PUT",
        token,
        body: { envelope: prepared.envelope },
      });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === "DELIVERY_EXISTS")) throw e;
    }
  };

  const deliver = () =>
    act(async () => {
      const prepared = await seal();
      setRunning("confirm");
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await gas.sendEscrow(
        tx,
        "Confirm delivery",
        { functionName: "sellerConfirmDelivery", args: [BigInt(order.orderId), prepared.hash] },
        orderToken,
      );
      await awaitFinality(prepared.hash);
      await upload(prepared);
    });

  /** After a reload (or a failed upload): the same envelope again, checked against the commitment, then uploaded. */
  const finish = () =>
    act(async () => {
      const prepared = await seal();
      if (prepared.hash !== order.deliveryHash) {
        throw new Error(
          t(
            "The delivery sealed now does not match the hash confirmed on chain (did the buyer's keys change?). Open a dispute to settle it.",
          ),
        );
      }
      await awaitFinality(prepared.hash);
      await upload(prepared);
    });

  const open = () =>
    act(async () => {
      if (!keys) throw new Error(t("Set up your encryption keys to open the delivery."));
      const delivery = await api.request<Delivery>(`/deliveries/${chainId}/${order.orderId}`, { token });
      setOpened(openDelivery(delivery.envelope, keys, order));
    });

  const confirmReceipt = () =>
    act(async () => {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await gas.sendEscrow(tx, "Confirm receipt", { functionName: "buyerConfirmReceived", args: [BigInt(order.orderId)] }, orderToken);
    });

  return {
    ...deliveryStepsFor(detail, role),
    /** Where each of the seller's steps stands. */
    steps: sellerStepStates(detail, running, error !== null),
    /** The delivery once opened, with its checks against both commitments. */
    opened,
    deliver: () => void deliver(),
    finish: () => void finish(),
    open: () => void open(),
    confirmReceipt: () => void confirmReceipt(),
    busy,
    tx: tx.state,
    error,
  };
}
