// The deliverable, sealed by the seller to the buyer's bound encryption key.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, SealedEnvelope, UintString } from "./common.ts";

export const OrderParams = Type.Object({ chainId: ChainId, orderId: UintString });

export const DeliveryBody = Type.Object({ envelope: SealedEnvelope }, { additionalProperties: false });

export const Delivery = Type.Object({
  chainId: ChainId,
  orderId: UintString,
  seller: Address,
  buyer: Address,
  envelope: SealedEnvelope,
  createdAt: Type.String({ format: "date-time" }),
});
