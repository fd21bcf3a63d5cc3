// The error codes the API sends: as `error.code` in the HTTP envelope, as `code` in the realtime
// socket's `{ type: "error" }` frames, and as the reason of the socket's close frames. Clients
// match on codes, never on messages. The API's error helpers take only these; a 4xx that Fastify
// raises and the API does not map keeps Fastify's own code (FST_…), which no client matches.
export const API_ERROR_CODES = [
  // Any route
  "VALIDATION_FAILED",
  "INVALID_BODY",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "BAD_REQUEST",
  "BAD_URL",
  "URI_TOO_LONG",
  "NOT_FOUND",
  "RATE_LIMITED",
  "NOT_READY",
  // PostgreSQL could not be reached (down, restarting, a dropped connection): 503 with retry-after.
  "DATABASE_UNAVAILABLE",
  "INTERNAL",
  // A cursor the API did not issue: INVALID_CURSOR from listings and orders, CURSOR_INVALID from reviews.
  "INVALID_CURSOR",
  "CURSOR_INVALID",
  // Sessions
  "UNAUTHENTICATED",
  "TOKEN_EXPIRED",
  "TOKEN_INVALID",
  "SESSION_REVOKED",
  // Sign-in (EIP-4361)
  "SIWE_MESSAGE_INVALID",
  "SIWE_DOMAIN_MISMATCH",
  "SIWE_URI_MISMATCH",
  "SIWE_CHAIN_UNSUPPORTED",
  "SIWE_NOT_YET_VALID",
  "SIWE_EXPIRED",
  "SIWE_SIGNATURE_INVALID",
  "SIWE_SIGNER_MISMATCH",
  "SIWE_NONCE_INVALID",
  // Wallet signatures of contract accounts, wherever the API checks one (sign-in, key binding,
  // reviews): the account is a contract (ERC-1271) or the signature deploys one (ERC-6492) and it
  // refused the signature (401 at sign-in, 400 elsewhere); or only the chain can tell and the API
  // cannot reach it (503: retry). An EOA's refusals keep their route's own codes.
  "CONTRACT_SIGNATURE_INVALID",
  "SIGNATURE_CHAIN_UNAVAILABLE",
  // Profiles and keys
  "DISPLAY_NAME_INVALID",
  "KEY_BINDING_INVALID",
  "KEYS_NOT_BOUND",
  "SENDER_KEY_MISMATCH",
  // Listings
  "LISTING_NOT_FOUND",
  "NOT_SELLER",
  "INVALID_PRICE",
  "INVALID_PRICE_RANGE",
  // A price below an accepted token's minimum order, or above its per-order cap: the escrow would refuse it.
  "PRICE_BELOW_MINIMUM",
  "PRICE_ABOVE_MAXIMUM",
  "UNSUPPORTED_TOKEN",
  "DELIVERABLE_TOO_LARGE",
  "PRODUCT_HASH_TAKEN",
  // Listing images: bytes that are not PNG, JPEG or WebP by their magic bytes (whatever type the
  // upload declares), a listing that has its maximum number of images, or an image it has already.
  "IMAGE_TYPE_UNSUPPORTED",
  "TOO_MANY_IMAGES",
  "IMAGE_EXISTS",
  "IMAGE_NOT_FOUND",
  // Orders and their parties
  "ORDER_NOT_FOUND",
  "NOT_A_PARTY",
  "ORDER_CLOSED",
  "RECIPIENT_NOT_ALLOWED",
  // Deliveries: taken and served only once the seller's on-chain confirmation, which commits to the
  // delivery's hash, is final (DELIVERY_NOT_COMMITTED before it, DELIVERY_NOT_FINAL while it is too
  // shallow), and only if the delivery hashes to that commitment (DELIVERY_HASH_MISMATCH).
  "DELIVERY_EXISTS",
  "DELIVERY_NOT_FOUND",
  "DELIVERY_NOT_COMMITTED",
  "DELIVERY_NOT_FINAL",
  "DELIVERY_HASH_MISMATCH",
  // Conversations
  "KEY_EXISTS",
  "HASH_MISMATCH",
  "BAD_SIGNATURE",
  "CHAIN_HEAD_MOVED",
  // Evidence
  "KEYS_RECIPIENTS",
  "EVIDENCE_EXISTS",
  "EVIDENCE_NOT_FOUND",
  "IPFS_UNAVAILABLE",
  // Reviews
  "NOT_ORDER_PARTY",
  "REVIEWEE_NOT_COUNTERPARTY",
  "ORDER_NOT_FINISHED",
  "REVIEW_SIGNATURE_INVALID",
  "REVIEW_EXISTS",
  // The paymaster service (ERC-7677, POST /paymaster): as `error.data.code` of its JSON-RPC errors.
  // The chain, EntryPoint or token is not one it serves; a call is not the marketplace's; the sender
  // cannot pay (balance, no approval of the paymaster), is throttled, or the operation would cost
  // more than one operation may.
  "PAYMASTER_UNAVAILABLE",
  "PAYMASTER_CHAIN_UNSUPPORTED",
  "PAYMASTER_ENTRY_POINT_UNSUPPORTED",
  "PAYMASTER_TOKEN_UNSUPPORTED",
  "PAYMASTER_CALL_NOT_SPONSORED",
  "PAYMASTER_INSUFFICIENT_BALANCE",
  "PAYMASTER_APPROVAL_MISSING",
  "PAYMASTER_SENDER_THROTTLED",
  "PAYMASTER_OP_COST_TOO_HIGH",
  // The chain's native coin price cannot be had (its feed is stale or unreadable): nothing is priced.
  "PAYMASTER_PRICE_UNAVAILABLE",
  // The order relay (/relay): it is not configured, or does not serve the chain or token (a token
  // the escrow does not take, or one without EIP-3009); the signed fee is below the relay's cost;
  // the call would revert (a bad signature, a used nonce, an escrow rule); the same authorization is
  // already being relayed; the buyer relayed too often lately.
  "RELAY_UNAVAILABLE",
  "RELAY_CHAIN_UNSUPPORTED",
  "RELAY_TOKEN_UNSUPPORTED",
  "RELAY_FEE_TOO_LOW",
  "RELAY_WOULD_REVERT",
  "RELAY_DUPLICATE",
  "RELAY_SENDER_LIMITED",
  "RELAY_PRICE_UNAVAILABLE",
  // Realtime socket: refused requests, then close reasons
  "BAD_MESSAGE",
  "ALREADY_AUTHENTICATED",
  "BAD_ROOM",
  "TOO_MANY_ROOMS",
  "FORBIDDEN",
  "AUTH_TIMEOUT",
  // Too many sockets from one IP address or one wallet (close code 4429).
  "TOO_MANY_CONNECTIONS",
  "SLOW_CONSUMER",
  "SHUTTING_DOWN",
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
