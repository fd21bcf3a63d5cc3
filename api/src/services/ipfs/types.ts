// What the API needs from IPFS: pin bytes and get their CID, read them back, and shut down.
// Evidence is ciphertext already, so every backend sees only encrypted bytes.

export interface IpfsStore {
  /** Pins `bytes` and returns their CID (v1, base32). */
  add(bytes: Uint8Array): Promise<string>;
  /** The bytes behind `cid`, in chunks. */
  cat(cid: string): AsyncIterable<Uint8Array>;
  stop(): Promise<void>;
}

/** IPFS could not serve or store the content (an upstream failure, not the client's). */
export class IpfsError extends Error {}
