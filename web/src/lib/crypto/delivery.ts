// Delivery on the client. The seller opens its self-sealed deliverable and seals it to the buyer's
// verified key; the buyer opens it and recomputes the product hash the order committed to.
import { open, productHash, type SealedEnvelope, seal, type WalletKeys } from "@p2p-escrow/protocol";
import type { Hex } from "viem";

export function resealForBuyer(ownSealed: SealedEnvelope, buyerEncryptionKey: string, sellerKeys: WalletKeys): SealedEnvelope {
  const plain = open(ownSealed, sellerKeys.encryption);
  if (!plain) throw new Error("This wallet's keys cannot open the listing's deliverable (was it listed with other keys?)");
  return seal(plain, buyerEncryptionKey, sellerKeys.encryption);
}

export interface OpenedDelivery {
  bytes: Uint8Array;
  text: string | null;
  /** The deliverable hashes (with the listing's salt) to the product hash the order paid for. */
  hashMatches: boolean;
}

export function openDelivery(envelope: SealedEnvelope, buyerKeys: WalletKeys, salt: Hex, expectedHash: string): OpenedDelivery {
  const bytes = open(envelope, buyerKeys.encryption);
  if (!bytes) throw new Error("The delivery cannot be opened with your keys");
  let text: string | null = null;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  return { bytes, text, hashMatches: productHash(salt, bytes).toLowerCase() === expectedHash.toLowerCase() };
}
