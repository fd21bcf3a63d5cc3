// Reviews are EIP-712 typed data signed by the reviewer's wallet, so the server cannot write or
// alter one. The domain names the chain the order lives on, and a contract account's signature
// (ERC-1271, ERC-6492) is checked on that chain.
import { type Client, type Hex, hashTypedData, recoverTypedDataAddress } from "viem";
import { checkWalletSignature, type WalletSignatureCheck } from "./wallet-signature.ts";

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

/** The EIP-712 hash of `review` on chain `chainId`: what a contract account's `isValidSignature` is asked about. */
export const reviewHash = (chainId: number, review: ReviewContent): Hex => hashTypedData(reviewTypedData(chainId, review));

/**
 * Whether `signature` is the named reviewer's signature of `review`, and if not, why. `client` is a
 * client of chain `chainId`, the order's; without one only an EOA reviewer's signature can be checked.
 */
export const checkReviewSignature = (
  chainId: number,
  review: ReviewContent,
  signature: Hex,
  client?: Client,
): Promise<WalletSignatureCheck> =>
  checkWalletSignature({ address: review.reviewer, hash: reviewHash(chainId, review), signature, client });

/** The EOA whose key signed `review`, or null; a contract account's signature is checked with `checkReviewSignature`. */
export async function recoverReviewer(chainId: number, review: ReviewContent, signature: Hex): Promise<Hex | null> {
  try {
    return await recoverTypedDataAddress({ ...reviewTypedData(chainId, review), signature });
  } catch {
    return null;
  }
}
