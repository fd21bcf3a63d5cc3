// Reviews are EIP-712 typed data signed by the reviewer's wallet, so the server cannot write or
// alter one. The domain names the chain the order lives on.
import { type Hex, recoverTypedDataAddress } from "viem";

export const reviewDomain = (chainId: number) => ({ name: "P2P Escrow Reviews", version: "1", chainId }) as const;

export const reviewTypes = {
  Review: [
    { name: "orderId", type: "uint256" },
    { name: "reviewer", type: "address" },
    { name: "reviewee", type: "address" },
    { name: "rating", type: "uint8" },
    { name: "text", type: "string" },
  ],
} as const;

export interface ReviewContent {
  orderId: bigint;
  reviewer: Hex;
  reviewee: Hex;
  rating: number;
  text: string;
}

export const reviewTypedData = (chainId: number, review: ReviewContent) => ({
  domain: reviewDomain(chainId),
  types: reviewTypes,
  primaryType: "Review" as const,
  message: review,
});

export async function recoverReviewer(chainId: number, review: ReviewContent, signature: Hex): Promise<Hex | null> {
  try {
    return await recoverTypedDataAddress({ ...reviewTypedData(chainId, review), signature });
  } catch {
    return null;
  }
}
