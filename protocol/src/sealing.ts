// Sealing: a NaCl box (X25519 + XSalsa20-Poly1305) from the sender's encryption key to one
// recipient's. Conversation keys, evidence file keys and deliverables travel this way.
import nacl from "tweetnacl";
import { fromBase64, toBase64 } from "./encoding.ts";

/** What a box or a secretbox adds to its plaintext: the Poly1305 tag. */
export const SEAL_OVERHEAD_BYTES = nacl.box.overheadLength;
/** A 32-byte symmetric key (a conversation key, an evidence file key) sealed to one recipient. */
export const SEALED_KEY_BYTES = nacl.secretbox.keyLength + SEAL_OVERHEAD_BYTES;
/** The smallest secretbox worth storing (a chat message, an evidence file): one byte of plaintext. */
export const MIN_SECRETBOX_BYTES = 1 + SEAL_OVERHEAD_BYTES;

export interface SealedEnvelope {
  nonce: string; // base64, 24 bytes
  ciphertext: string; // base64
  senderPublicKey: string; // base64, the sender's X25519 public key
}

export function seal(plaintext: Uint8Array, recipientPublicKey: string, sender: nacl.BoxKeyPair): SealedEnvelope {
  const nonce = nacl.randomBytes(nacl.box.nonceLength);
  const ciphertext = nacl.box(plaintext, nonce, fromBase64(recipientPublicKey), sender.secretKey);
  return { nonce: toBase64(nonce), ciphertext: toBase64(ciphertext), senderPublicKey: toBase64(sender.publicKey) };
}

/** The plaintext, or null when the envelope was not sealed to `recipient` or was altered. */
export function open(envelope: SealedEnvelope, recipient: nacl.BoxKeyPair): Uint8Array | null {
  return nacl.box.open(
    fromBase64(envelope.ciphertext),
    fromBase64(envelope.nonce),
    fromBase64(envelope.senderPublicKey),
    recipient.secretKey,
  );
}

/** Symmetric encryption under a random 32-byte key (chat messages, evidence files). */
export function encryptWithKey(plaintext: Uint8Array, key: Uint8Array): { nonce: string; ciphertext: Uint8Array } {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  return { nonce: toBase64(nonce), ciphertext: nacl.secretbox(plaintext, nonce, key) };
}

export function decryptWithKey(ciphertext: Uint8Array, nonce: string, key: Uint8Array): Uint8Array | null {
  return nacl.secretbox.open(ciphertext, fromBase64(nonce), key);
}

export const newSymmetricKey = (): Uint8Array => nacl.randomBytes(nacl.secretbox.keyLength);
