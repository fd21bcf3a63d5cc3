"use client";
// A review of the other party: EIP-712 typed data signed by the wallet, so nobody can forge it.
import { reviewTypedData } from "@p2p-escrow/api/protocol";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Address } from "viem";
import { useSignTypedData } from "wagmi";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail, Review } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";

export function ReviewForm({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const api = useApi();
  const { order } = detail;
  const { session, address } = useAccountSetup();
  const { signTypedDataAsync } = useSignTypedData();
  const [rating, setRating] = useState(5);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const reviewee = (role === "buyer" ? order.seller : order.buyer) as Address;
  const existing = useQuery({
    queryKey: ["reviews", order.chainId, order.orderId],
    queryFn: () => api.request<Review[] | { items: Review[] }>(`/reviews/${order.chainId}/${order.orderId}`),
  });
  const reviews = existing.data ? (Array.isArray(existing.data) ? existing.data : existing.data.items) : [];
  const mine = reviews.find((r) => r.reviewer.toLowerCase() === address?.toLowerCase());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!address || !session) return;
    setError(null);
    try {
      const content = { orderId: BigInt(order.orderId), reviewer: address, reviewee, rating, text };
      const signature = await signTypedDataAsync(reviewTypedData(order.chainId, content));
      await api.request("/reviews", { method: "POST", token: session.token, body: { chainId: order.chainId, orderId: order.orderId, reviewee, rating, text, signature } });
      await existing.refetch();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="panel" aria-labelledby="review-heading">
      <h2 id="review-heading">{t("Review")}</h2>
      {mine ? (
        <p data-testid="my-review">{t("You rated this trade {rating}/5: {text}", { rating: mine.rating, text: mine.text })}</p>
      ) : (
        <form className="form stack" onSubmit={(e) => void submit(e)}>
          <label>
            {t("Rating")}
            <select value={rating} onChange={(e) => setRating(Number(e.target.value))}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {"★".repeat(n)} ({n})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("Your review")}
            <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
          </label>
          <button type="submit" className="button">
            {t("Sign and publish review")}
          </button>
        </form>
      )}
      {error !== null && <p role="alert" className="notice error">{describeError(error, t)}</p>}
    </section>
  );
}
