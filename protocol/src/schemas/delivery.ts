// The deliverable, sealed by the seller to the buyer's bound encryption key.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime, SealedEnvelope, SealedOpening, UintString } from "./common.ts";

export const DeliveryBody = Type.Object({ envelope: SealedOpening }, { additionalProperties: false });

export const Delivery = Type.Object({
  chainId: ChainId,
  orderId: UintString,
  seller: Address,
  buyer: Address,
  envelope: SealedEnvelope,
  createdAt: DateTime,
});
