// How the escrow of a chain treats a stablecoin: the bounds of an order and of a dispute deposit.
// Token amounts are decimal strings of token units (the token's smallest unit).
import { type Static, Type } from "@sinclair/typebox";
import { Nullable } from "./common.ts";

const Units = Type.String({ pattern: "^[0-9]{1,78}$", description: "token units" });

export const TokenTerms = Type.Object({
  chainId: Type.Integer(),
  token: Type.String({ description: "the token's address, lowercase" }),
  decimals: Nullable(Type.Integer({ description: "null for a token the chain registry does not list" })),
  allowed: Type.Boolean({ description: "new orders may use it" }),
  minAmount: Type.String({ ...Units, description: "the smallest order, in token units" }),
  maxAmount: Type.String({ ...Units, description: "the per-order cap in token units; 0 for none" }),
  minArbitrationFee: Type.String({ ...Units, description: "the smallest dispute deposit (each side's), in token units" }),
  arbitrationFeeBps: Type.Integer({ description: "each side's deposit in bps of the order, before the minimum and the 20% cap" }),
  protocolFeeBps: Type.Integer({ description: "the protocol fee of orders created now, in bps of the seller's proceeds" }),
});
export type TokenTerms = Static<typeof TokenTerms>;

/** A listing's price in one accepted token, and what a dispute over such an order would ask. */
export const PaymentTerms = Type.Object({
  ...TokenTerms.properties,
  amount: Type.String({ ...Units, description: "the listing's price in token units" }),
  arbitrationFee: Type.String({ ...Units, description: "each side's deposit if an order at this price is disputed" }),
  protocolFee: Type.String({ ...Units, description: "what the protocol fee takes from the seller's proceeds at today's rate" }),
});
export type PaymentTerms = Static<typeof PaymentTerms>;
