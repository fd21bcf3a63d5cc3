// A stored review as the API serves it: addresses checksummed, everything the signature covers
// included, so a client can re-verify it.
import type { Review } from "@p2p-escrow/protocol/schemas/review";
import type { Static } from "@sinclair/typebox";
import { getAddress } from "viem";
import type { Review as ReviewRow } from "../db/tables/api.ts";

export const reviewView = (row: ReviewRow): Static<typeof Review> => ({
  id: row.id,
  chainId: row.chain_id,
  orderId: row.order_id,
  reviewer: getAddress(row.reviewer),
  reviewee: getAddress(row.reviewee),
  rating: row.rating,
  text: row.text,
  signature: row.signature,
  createdAt: new Date(row.created_at).toISOString(),
});
