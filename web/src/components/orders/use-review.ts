"use client";
// A review of the other party: EIP-712 typed data signed by the wallet, so nobody can forge it.
import { reviewTypedData } from "@p2p-escrow/protocol";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useSignTypedData } from "wagmi";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail, Review } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";

/** The caller's review of a closed order: the one already published, or the form to sign one. */
export function useReview({ order }: OrderDetail, role: Role) {
  const api = useApi();
  const { session, address } = useAccountSetup();
  const { signTypedDataAsync } = useSignTypedData();
  const [rating, setRating] = useState(5);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const reviewee = (role === "buyer" ? order.seller : order.buyer) as Address;
  const existing = useQuery({
    queryKey: queryKeys.reviews(order.chainId, order.orderId),
    queryFn: () => api.request<Review[] | { items: Review[] }>(`/reviews/${order.chainId}/${order.orderId}`),
  });
  const reviews = existing.data ? (Array.isArray(existing.data) ? existing.data : existing.data.items) : [];
  const mine = reviews.find((r) => r.reviewer.toLowerCase() === address?.toLowerCase());

  async function publish() {
    if (!address || !session) return;
    setError(null);
    try {
      const content = { orderId: BigInt(order.orderId), reviewer: address, reviewee, rating, text };
      const signature = await signTypedDataAsync(reviewTypedData(order.chainId, content));
      await api.request("/reviews", {
        method: "POST",
        token: session.token,
        body: { chainId: order.chainId, orderId: order.orderId, reviewee, rating, text, signature },
      });
      await existing.refetch();
    } catch (e) {
      setError(e);
    }
  }

  return { mine, rating, setRating, text, setText, publish: () => void publish(), error };
}
