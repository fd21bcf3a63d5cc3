// A new listing's commitment: a random secret salt and the product hash over salt ‖ deliverable;
// the product's opening (salt and deliverable) sealed to the seller's own key is all the API gets of
// either. The seller opens it again to seal it to each buyer (delivery.ts).
import { commitProduct, encodeProductOpening, seal, toBase64, type WalletKeys } from "@p2p-escrow/protocol";

export function commitDeliverable(deliverable: Uint8Array, keys: WalletKeys, random?: (n: number) => Uint8Array) {
  const { opening, productHash } = commitProduct(deliverable, random);
  return {
    productHash,
    sealedDeliverable: seal(encodeProductOpening(opening), toBase64(keys.encryption.publicKey), keys.encryption),
  };
}
