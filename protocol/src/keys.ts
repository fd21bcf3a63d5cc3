// A wallet's encryption and signing keys. Both are derived in the browser from a wallet signature
// (HKDF-SHA256 with a label per key), so the same wallet always gets the same keys and the secret
// keys never leave the browser. The wallet then signs a binding statement naming both public keys:
// anyone can check that a key the server hands out is the one the wallet bound. A contract account
// signs too (ERC-1271, or ERC-6492 before it is deployed): its binding is checked on the chain the
// keys are used on (an order's chain), through `checkWalletSignature`.
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha256";
import nacl from "tweetnacl";
import { type Client, getAddress, type Hex, hashMessage, hexToBytes } from "viem";
import { toBase64 } from "./encoding.ts";
import { checkWalletSignature, innerSignature, type WalletSignatureCheck } from "./wallet-signature.ts";

/** What the wallet signs to derive its keys. Signing it again must give the same signature. */
export const keyDerivationMessage = (address: string) =>
  `P2P Escrow: derive my encryption keys\n\nWallet: ${getAddress(address)}\n\nOnly sign this on the P2P Escrow app. It costs nothing and sends no transaction.`;

const SALT = new TextEncoder().encode("p2p-escrow/keys/v1");

export interface WalletKeys {
  encryption: nacl.BoxKeyPair; // X25519
  signing: nacl.SignKeyPair; // Ed25519
}

/**
 * Derives both key pairs from the wallet's signature of `keyDerivationMessage`. An account not
 * deployed yet signs with an ERC-6492 wrapper that its deployment drops: the keys come from the
 * signature inside, so the account keeps them once it is deployed.
 */
export function deriveWalletKeys(signature: Hex): WalletKeys {
  const ikm = hexToBytes(innerSignature(signature));
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

/** The EIP-191 hash of the binding statement: what a contract account's `isValidSignature` is asked about. */
export const keyBindingHash = (address: string, keys: PublicKeys): Hex => hashMessage(keyBindingMessage(address, keys));

/**
 * Whether `signature` is `address`'s signature of the binding statement for `keys`, and if not, why.
 * `client` is a client of the chain where the wallet's keys are used; an EOA needs none.
 */
export const checkKeyBinding = (address: string, keys: PublicKeys, signature: Hex, client?: Client): Promise<WalletSignatureCheck> =>
  checkWalletSignature({ address, hash: keyBindingHash(address, keys), signature, client });

/** True when `signature` is `address`'s signature of the binding statement for `keys` (see `checkKeyBinding`). */
export async function verifyKeyBinding(address: string, keys: PublicKeys, signature: Hex, client?: Client): Promise<boolean> {
  return (await checkKeyBinding(address, keys, signature, client)).valid;
}
