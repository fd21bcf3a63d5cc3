// Reviews are EIP-712 typed data signed by the reviewer (see protocol/review.ts). Every field a
// client needs to re-verify the signature is served with it.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, UintString } from "./common.ts";
import { WalletSignature } from "./profile.ts";

// PostgreSQL text cannot hold NUL; everything else the reviewer signed is stored verbatim.
export const ReviewText = Type.String({ maxLength: 2000, pattern: "^[^\\u0000]*$", description: "0–2000 characters, stored as signed" });

export const ReviewBody = Type.Object(
  {
    chainId: ChainId,
    orderId: UintString,
    reviewee: Address,
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    text: ReviewText,
    signature: Type.String({
      ...WalletSignature,
      description: "the reviewer's EIP-712 signature of reviewTypedData(chainId, { orderId, reviewer, reviewee, rating, text })",
    }),
  },
  { additionalProperties: false },
);

export const Review = Type.Object({
  id: Type.String(),
  chainId: ChainId,
  orderId: UintString,
  reviewer: Address,
  reviewee: Address,
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String(),
  signature: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export const ReviewPage = Type.Object({
  items: Type.Array(Review),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as `cursor` for the next page; null on the last page" }),
});

export const OrderParams = Type.Object({ chainId: ChainId, orderId: UintString });
