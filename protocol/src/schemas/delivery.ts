// The deliverable, sealed by the seller to the buyer's bound encryption key.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime, SealedEnvelope, UintString } from "./common.ts";

export const DeliveryBody = Type.Object({ envelope: SealedEnvelope }, { additionalProperties: false });

export const Delivery = Type.Object({
  chainId: ChainId,
  orderId: UintString,
  seller: Address,
  buyer: Address,
  envelope: SealedEnvelope,
  createdAt: DateTime,
});
