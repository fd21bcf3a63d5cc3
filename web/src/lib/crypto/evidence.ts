// Dispute evidence on the client: a file encrypted under a fresh key, the key sealed to each
// participant; reading opens the caller's copy of the key and decrypts the pinned ciphertext.
import { decryptWithKey, encryptWithKey, newSymmetricKey, open, type SealedEnvelope, seal, type WalletKeys } from "@p2p-escrow/protocol";

export function encryptEvidence(file: Uint8Array, recipients: { address: string; encryptionPublicKey: string }[], keys: WalletKeys) {
  const fileKey = newSymmetricKey();
  const { nonce, ciphertext } = encryptWithKey(file, fileKey);
  return {
    nonce,
    ciphertext,
    fileKey,
    keys: recipients.map((r) => ({ recipient: r.address, envelope: seal(fileKey, r.encryptionPublicKey, keys.encryption) })),
  };
}

export function openEvidenceKey(envelope: SealedEnvelope, keys: WalletKeys): Uint8Array | null {
  return open(envelope, keys.encryption);
}

export function decryptEvidence(ciphertext: Uint8Array, nonce: string, fileKey: Uint8Array): Uint8Array | null {
  return decryptWithKey(ciphertext, nonce, fileKey);
}
