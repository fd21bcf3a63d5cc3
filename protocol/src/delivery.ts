// An order's delivery: the product's opening (product.ts: the listing's secret salt and the
// deliverable) sealed by the seller to the buyer's bound encryption key, and the hash of that sealed
// envelope, which the seller commits to on chain with sellerConfirmDelivery(orderId, deliveryHash).
//
// The order of things is what keeps a buyer from getting the goods while it can still cancel for a
// refund: the seller seals the delivery and confirms on chain first; the API takes the envelope only
// once that confirmation is final at the chain's required confirmations, and only if it hashes to
// the committed deliveryHash; it serves it to the buyer under the same two conditions. Anyone holding
// the envelope (the buyer, an arbitrator it is shown to) can check it against the on-chain hash.
//
// deliveryHash = keccak256(nonce ‖ senderPublicKey ‖ ciphertext) over the envelope's raw bytes
// (24, 32 and the rest), i.e. Solidity's keccak256(abi.encodePacked(bytes24, bytes32, bytes)). The
// hash covers the bytes rather than their base64 text, so it is the same however the text is spelt.
//
// Sealing is deterministic: the box nonce is an HMAC, under the pair's X25519 shared key, of the
// order and the plaintext. The seller can therefore rebuild the very envelope it committed to from
// its wallet keys and its listing (after a reload, on another device) and finish an upload that was
// interrupted after the on-chain confirmation. A nonce repeats only for the same pair, order and
// plaintext, where the ciphertext repeats too; keyed by the shared secret, it tells an onlooker
// nothing about the plaintext.
import { hmac } from "@noble/hashes/hmac";
import { sha512 } from "@noble/hashes/sha2";
import nacl from "tweetnacl";
import { concat, type Hex, keccak256, numberToBytes, stringToBytes } from "viem";
import { fromBase64, toBase64 } from "./encoding.ts";
import { decodeProductOpening, encodeProductOpening, opensProductHash, type ProductOpening } from "./product.ts";
import type { SealedEnvelope } from "./sealing.ts";

/** The order a delivery belongs to. */
export interface DeliveryOrder {
  chainId: number;
  orderId: bigint | string;
}

const NONCE_LABEL = stringToBytes("p2p-escrow/delivery-nonce/v1");

/** The hash the seller commits to on chain for `envelope`. Throws for a nonce or key of the wrong length. */
export function deliveryHash(envelope: SealedEnvelope): Hex {
  const nonce = fromBase64(envelope.nonce);
  const senderPublicKey = fromBase64(envelope.senderPublicKey);
  if (nonce.length !== nacl.box.nonceLength) throw new Error(`a delivery's nonce is ${nacl.box.nonceLength} bytes, not ${nonce.length}`);
  if (senderPublicKey.length !== nacl.box.publicKeyLength) {
    throw new Error(`a delivery's sender key is ${nacl.box.publicKeyLength} bytes, not ${senderPublicKey.length}`);
  }
  // The parts' lengths are fixed but the last, so packing them is unambiguous.
  return keccak256(concat([nonce, senderPublicKey, fromBase64(envelope.ciphertext)]));
}

/** Seals `opening` for the buyer of `order`: the same inputs always give the same envelope. */
export function sealDelivery(
  opening: ProductOpening,
  order: DeliveryOrder,
  buyerEncryptionPublicKey: string,
  seller: nacl.BoxKeyPair,
): SealedEnvelope {
  const plaintext = encodeProductOpening(opening);
  const shared = nacl.box.before(fromBase64(buyerEncryptionPublicKey), seller.secretKey);
  const context = concat([
    NONCE_LABEL,
    numberToBytes(order.chainId, { size: 32 }),
    numberToBytes(BigInt(order.orderId), { size: 32 }),
    plaintext,
  ]);
  const nonce = hmac(sha512, shared, context).subarray(0, nacl.box.nonceLength);
  return {
    nonce: toBase64(nonce),
    ciphertext: toBase64(nacl.box.after(plaintext, nonce, shared)),
    senderPublicKey: toBase64(seller.publicKey),
  };
}

/** What the buyer finds in a delivery, checked against what the order committed to on chain. */
export interface CheckedDelivery {
  /** The product's opening; null when the envelope opens to something else. */
  opening: ProductOpening | null;
  /** The envelope hashes to the deliveryHash the seller confirmed delivery with. */
  matchesCommitment: boolean;
  /** The opening hashes to the productHash the order paid for. */
  matchesProduct: boolean;
}

/**
 * Opens a delivery with the buyer's keys and checks it against the order's two commitments.
 * Throws when the envelope was not sealed to `buyer` or was altered.
 */
export function checkDelivery(
  envelope: SealedEnvelope,
  buyer: nacl.BoxKeyPair,
  committed: { deliveryHash: string | null; productHash: string },
): CheckedDelivery {
  const plaintext = nacl.box.open(
    fromBase64(envelope.ciphertext),
    fromBase64(envelope.nonce),
    fromBase64(envelope.senderPublicKey),
    buyer.secretKey,
  );
  if (!plaintext) throw new Error("The delivery cannot be opened with these keys");
  const opening = decodeProductOpening(plaintext);
  return {
    opening,
    matchesCommitment: committed.deliveryHash !== null && deliveryHash(envelope) === committed.deliveryHash.toLowerCase(),
    matchesProduct: opening !== null && opensProductHash(opening, committed.productHash),
  };
}
