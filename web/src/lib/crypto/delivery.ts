// Delivery on the client. The seller opens the product's opening it sealed to itself when listing
// and seals it to the buyer's verified key, deterministically (protocol/src/delivery.ts), so the
// envelope whose hash it confirms on chain can be rebuilt for the upload after a reload. The buyer
// opens the delivery and checks it against both commitments: the delivery hash the seller confirmed
// with, and the product hash the order paid for.
import {
  type CheckedDelivery,
  checkDelivery,
  type DeliveryOrder,
  decodeProductOpening,
  deliveryHash,
  open,
  type ProductOpening,
  type SealedEnvelope,
  sealDelivery,
  type WalletKeys,
} from "@p2p-escrow/protocol";
import type { Hex } from "viem";
import type { OwnDeliverable } from "@/lib/api/types.ts";

/**
 * The product's opening from the seller's own sealed copy. A listing made before salts were secret
 * has a legacy salt, and its sealed copy holds the bare deliverable.
 */
export function ownOpening(own: OwnDeliverable, sellerKeys: WalletKeys): ProductOpening {
  const plain = open(own.sealedDeliverable, sellerKeys.encryption);
  if (!plain) throw new Error("This wallet's keys cannot open the listing's deliverable (was it listed with other keys?)");
  if (own.legacyProductSalt !== null) return { salt: own.legacyProductSalt as Hex, deliverable: plain };
  const opening = decodeProductOpening(plain);
  if (!opening) throw new Error("The listing's sealed deliverable is not in a form this app knows");
  return opening;
}

export interface PreparedDelivery {
  envelope: SealedEnvelope;
  /** What the seller confirms delivery with on chain. */
  hash: Hex;
}

/** The delivery sealed to the buyer, and its hash: the same every time for the same order and keys. */
export function prepareDelivery(
  own: OwnDeliverable,
  order: DeliveryOrder,
  buyerEncryptionKey: string,
  sellerKeys: WalletKeys,
): PreparedDelivery {
  const envelope = sealDelivery(ownOpening(own, sellerKeys), order, buyerEncryptionKey, sellerKeys.encryption);
  return { envelope, hash: deliveryHash(envelope) };
}

export interface OpenedDelivery extends CheckedDelivery {
  /** The deliverable's bytes; empty when the delivery held no product opening. */
  bytes: Uint8Array;
  /** The deliverable as text, when it is UTF-8. */
  text: string | null;
  /** Both checks passed: this is what the seller committed to, and what the order paid for. */
  verified: boolean;
}

export function openDelivery(
  envelope: SealedEnvelope,
  buyerKeys: WalletKeys,
  committed: { deliveryHash: string | null; productHash: string },
): OpenedDelivery {
  const checked = checkDelivery(envelope, buyerKeys.encryption, committed);
  const bytes = checked.opening?.deliverable ?? new Uint8Array();
  let text: string | null = null;
  try {
    text = checked.opening ? new TextDecoder("utf-8", { fatal: true }).decode(bytes) : null;
  } catch {
    text = null;
  }
  return { ...checked, bytes, text, verified: checked.matchesCommitment && checked.matchesProduct };
}
