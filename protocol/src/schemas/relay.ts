// The order relay (/relay): a buyer holding only USDC signs an EIP-3009 authorization that pays an
// order (payment-authorization.ts), and the marketplace's relayer submits it and pays the gas for
// the fee the buyer signed (docs/gas.md, "USDC's own gasless transfer").
import { Type } from "@sinclair/typebox";
import { Address, ChainId, Hex32, UintString } from "./common.ts";

export const RelayQuoteQuery = Type.Object({ chainId: ChainId, token: Address }, { additionalProperties: false });

export const RelayQuote = Type.Object({
  /** Who submits: `msg.sender` of createOrderWithAuthorization, paid the fee. */
  relayer: Address,
  /** The fee to sign, in the token's base units: the relay's gas at today's price, its margin included. */
  relayerFee: UintString,
  /** The gas the fee is priced for. */
  gas: UintString,
});

export const PaymentAuthorizationBody = Type.Object(
  {
    buyer: Address,
    v: Type.Integer({ minimum: 27, maximum: 28 }),
    r: Hex32,
    s: Hex32,
    relayerFee: UintString,
    validAfter: UintString,
    validBefore: UintString,
    salt: Hex32,
  },
  { additionalProperties: false },
);

export const RelayOrderBody = Type.Object(
  {
    chainId: ChainId,
    token: Address,
    seller: Address,
    amount: UintString,
    productHash: Hex32,
    maxProtocolFeeBps: UintString,
    auth: PaymentAuthorizationBody,
  },
  { additionalProperties: false },
);

export const RelayedOrder = Type.Object({
  /** The relayer's transaction; the order appears once it is mined and indexed. */
  transactionHash: Hex32,
  relayer: Address,
});
