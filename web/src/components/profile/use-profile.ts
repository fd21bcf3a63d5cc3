"use client";
// A wallet's public profile, and its reviews with each signature re-checked here: a review counts
// as verified only when its EIP-712 signature recovers to the reviewer it names.
import { recoverReviewer } from "@p2p-escrow/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Profile, ReviewPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";

export function useProfile(wallet: string) {
  const api = useApi();
  const profile = useQuery({ queryKey: queryKeys.profile(wallet), queryFn: () => api.request<Profile>(`/profiles/${wallet}`) });
  const reviews = useQuery({
    queryKey: queryKeys.profileReviews(wallet),
    queryFn: async () => {
      const page = await api.request<ReviewPage>(`/profiles/${wallet}/reviews`, { query: { limit: 50 } });
      return Promise.all(
        page.items.map(async (r) => {
          const signer = await recoverReviewer(
            r.chainId,
            { orderId: BigInt(r.orderId), reviewer: r.reviewer as Hex, reviewee: r.reviewee as Hex, rating: r.rating, text: r.text },
            r.signature as Hex,
          );
          return { ...r, verified: signer?.toLowerCase() === r.reviewer.toLowerCase() };
        }),
      );
    },
  });
  return { profile, reviews };
}
