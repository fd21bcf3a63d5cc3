// The client-side protocol the web app, the API and the scripts share: key derivation and binding,
// sealing, product hashes and their secret openings, deliveries and their hashes, the chat hash
// chain and its next message, signed reviews, permits, the sign-in message, wallet signatures (EOA,
// ERC-1271, ERC-6492), realtime room names and the API's error codes.
// Runs in browsers and in Node. The API's wire schemas are imported one by one from
// `@p2p-escrow/protocol/schemas/<name>`.
export * from "./chat.ts";
export * from "./chat-message.ts";
export * from "./delivery.ts";
export * from "./encoding.ts";
export * from "./error-codes.ts";
export * from "./keys.ts";
export * from "./permit.ts";
export * from "./product.ts";
export * from "./review.ts";
export * from "./rooms.ts";
export * from "./sealing.ts";
export * from "./sign-in.ts";
export * from "./wallet-signature.ts";
