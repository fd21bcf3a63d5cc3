// A wallet's encryption and signing keys. Both are derived in the browser from a wallet signature
// (HKDF-SHA256 with a label per key), so the same wallet always gets the same keys and the secret
// keys never leave the browser. The wallet then signs a binding statement naming both public keys:
// anyone can check that a key the server hands out is the one the wallet bound.
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha256";
import nacl from "tweetnacl";
import { getAddress, type Hex, hexToBytes, isAddressEqual, recoverMessageAddress } from "viem";
import { toBase64 } from "./encoding.ts";

/** What the wallet signs to derive its keys. Signing it again must give the same signature. */
export const keyDerivationMessage = (address: string) =>
  `P2P Escrow: derive my encryption keys\n\nWallet: ${getAddress(address)}\n\nOnly sign this on the P2P Escrow app. It costs nothing and sends no transaction.`;

const SALT = new TextEncoder().encode("p2p-escrow/keys/v1");

export interface WalletKeys {
  encryption: nacl.BoxKeyPair; // X25519
  signing: nacl.SignKeyPair; // Ed25519
}

/** Derives both key pairs from the wallet's signature of `keyDerivationMessage`. */
export function deriveWalletKeys(signature: Hex): WalletKeys {
  const ikm = hexToBytes(signature);
  const seed = (label: string) => hkdf(sha256, ikm, SALT, new TextEncoder().encode(label), 32);
  return {
    encryption: nacl.box.keyPair.fromSecretKey(seed("x25519-encryption")),
    signing: nacl.sign.keyPair.fromSeed(seed("ed25519-signing")),
  };
}

export interface PublicKeys {
  encryptionPublicKey: string; // base64
  signingPublicKey: string; // base64
}

export const publicKeysOf = (keys: WalletKeys): PublicKeys => ({
  encryptionPublicKey: toBase64(keys.encryption.publicKey),
  signingPublicKey: toBase64(keys.signing.publicKey),
});

/** The statement a wallet signs (EIP-191) to bind its public keys to itself. */
export const keyBindingMessage = (address: string, keys: PublicKeys) =>
  `P2P Escrow: these are my keys\n\nWallet: ${getAddress(address)}\nEncryption key (X25519): ${keys.encryptionPublicKey}\nSigning key (Ed25519): ${keys.signingPublicKey}`;

/** True when `signature` is `address`'s signature of the binding statement for `keys`. */
export async function verifyKeyBinding(address: string, keys: PublicKeys, signature: Hex): Promise<boolean> {
  try {
    const signer = await recoverMessageAddress({ message: keyBindingMessage(address, keys), signature });
    return isAddressEqual(signer, getAddress(address));
  } catch {
    return false;
  }
}
