// EIP-3009 payment of a new order (createOrderWithAuthorization): the buyer signs USDC's own
// `ReceiveWithAuthorization` for the escrow, the order's amount plus the relayer's fee, under a
// nonce that hashes the order's other terms, and anyone may submit it and pay the gas. The domain
// is the token's, as for a permit (permit.ts): FiatToken signs under its name() and version "2".
import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from "viem";
import { type PermitDomain, permitSignatureParts } from "./permit.ts";

export const RECEIVE_WITH_AUTHORIZATION_TYPES = {
  ReceiveWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** P2PEscrow's `_ORDER_AUTHORIZATION_TYPEHASH`: tags the nonce (a test checks it against the contract). */
const ORDER_AUTHORIZATION_TYPEHASH = keccak256(
  toHex("OrderAuthorization(address seller,bytes32 productHash,uint256 maxProtocolFeeBps,uint256 relayerFee,bytes32 salt)"),
);

/** The order terms an authorization's transfer does not bind by itself. */
export interface AuthorizedOrderTerms {
  seller: Address;
  productHash: Hex;
  maxProtocolFeeBps: bigint;
  relayerFee: bigint;
  /** The buyer's random 32 bytes, so that two orders on the same terms have distinct nonces. */
  salt: Hex;
}

/** The nonce the buyer signs: P2PEscrow.orderAuthorizationNonce of `terms`. */
export const orderAuthorizationNonce = ({ seller, productHash, maxProtocolFeeBps, relayerFee, salt }: AuthorizedOrderTerms): Hex =>
  keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "address" }, { type: "bytes32" }, { type: "uint256" }, { type: "uint256" }, { type: "bytes32" }],
      [ORDER_AUTHORIZATION_TYPEHASH, seller, productHash, maxProtocolFeeBps, relayerFee, salt],
    ),
  );

export interface OrderAuthorizationRequest extends AuthorizedOrderTerms {
  buyer: Address;
  escrow: Address;
  amount: bigint;
  validAfter: bigint;
  validBefore: bigint;
}

/** The typed data the buyer's wallet signs (viem's signTypedData, wagmi's signTypedDataAsync). */
export const orderAuthorizationTypedData = (domain: PermitDomain, request: OrderAuthorizationRequest) => ({
  domain,
  types: RECEIVE_WITH_AUTHORIZATION_TYPES,
  primaryType: "ReceiveWithAuthorization" as const,
  message: {
    from: request.buyer,
    to: request.escrow,
    value: request.amount + request.relayerFee,
    validAfter: request.validAfter,
    validBefore: request.validBefore,
    nonce: orderAuthorizationNonce(request),
  },
});

/** createOrderWithAuthorization's `auth` argument, from the request and the wallet's signature. */
export function paymentAuthorization(request: OrderAuthorizationRequest, signature: Hex) {
  const { v, r, s } = permitSignatureParts(signature);
  return {
    buyer: request.buyer,
    v,
    r,
    s,
    relayerFee: request.relayerFee,
    validAfter: request.validAfter,
    validBefore: request.validBefore,
    salt: request.salt,
  };
}

/** What an EIP-3009 token answers about an authorization: whether `nonce` of `authorizer` is used. */
export const eip3009Abi = [
  {
    type: "function",
    name: "authorizationState",
    stateMutability: "view",
    inputs: [
      { name: "authorizer", type: "address" },
      { name: "nonce", type: "bytes32" },
    ],
    outputs: [{ type: "bool" }],
  },
] as const;
