"use client";
// A wallet's public profile, and its reviews with each signature re-checked here: a review counts
// as verified only when it is the named reviewer's EIP-712 signature, recovered for an EOA and
// asked of the order's chain for a contract account (ERC-1271, ERC-6492).
import { checkReviewSignature } from "@p2p-escrow/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Profile, ReviewPage } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";

export function useProfile(wallet: string) {
  const api = useApi();
  const clientOf = useChainClients();
  const profile = useQuery({ queryKey: queryKeys.profile(wallet), queryFn: () => api.request<Profile>(`/profiles/${wallet}`) });
  const reviews = useQuery({
    queryKey: queryKeys.profileReviews(wallet),
    queryFn: async () => {
      const page = await api.request<ReviewPage>(`/profiles/${wallet}/reviews`, { query: { limit: 50 } });
      return Promise.all(
        page.items.map(async (r) => {
          const check = await checkReviewSignature(
            r.chainId,
            { orderId: BigInt(r.orderId), reviewer: r.reviewer as Hex, reviewee: r.reviewee as Hex, rating: r.rating, text: r.text },
            r.signature as Hex,
            clientOf(r.chainId),
          );
          return { ...r, verified: check.valid };
        }),
      );
    },
  });
  return { profile, reviews };
}
