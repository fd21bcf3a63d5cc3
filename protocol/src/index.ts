// The client-side protocol the web app and the API share: key derivation and binding, sealing,
// product hashes, the chat hash chain and signed reviews. Runs in browsers and in Node.
export * from "./chat.ts";
export * from "./encoding.ts";
export * from "./keys.ts";
export * from "./permit.ts";
export * from "./product.ts";
export * from "./review.ts";
export * from "./sealing.ts";
