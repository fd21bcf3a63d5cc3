// EIP-2612 permit typed data: what a wallet signs so that createOrderWithPermit can pull the
// payment without a separate approve transaction.
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;
