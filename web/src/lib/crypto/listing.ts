// A new listing's commitment: a random public salt, the product hash over salt ‖ deliverable, and
// the deliverable sealed to the seller's own key (the seller re-seals it to each buyer later).
import { productHash, seal, toBase64, type WalletKeys } from "@p2p-escrow/protocol";
import { bytesToHex } from "viem";

export function commitDeliverable(
  deliverable: Uint8Array,
  keys: WalletKeys,
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
) {
  const productSalt = bytesToHex(random(32));
  return {
    productSalt,
    productHash: productHash(productSalt, deliverable),
    sealedDeliverable: seal(deliverable, toBase64(keys.encryption.publicKey), keys.encryption),
  };
}
