// Encryption key setup: the wallet signs the derivation message twice and the keys are derived
// (HKDF, a label per key: protocol/keys.ts) only when both signatures agree. A wallet that signs
// non-deterministically would otherwise give a different key on every visit and lose its messages.
import {
  deriveWalletKeys,
  keyBindingMessage,
  keyDerivationMessage,
  type PublicKeys,
  publicKeysOf,
  verifyKeyBinding,
  type WalletKeys,
} from "@p2p-escrow/protocol";
import type { Client, Hex } from "viem";

export class NonDeterministicSignatureError extends Error {
  constructor() {
    super(
      "Your wallet signed the same message twice with different signatures, so it cannot derive a stable encryption key. Use another wallet.",
    );
    this.name = "NonDeterministicSignatureError";
  }
}

export async function deriveKeysFromWallet(address: string, signMessage: (message: string) => Promise<Hex>): Promise<WalletKeys> {
  const message = keyDerivationMessage(address);
  const first = await signMessage(message);
  const second = await signMessage(message);
  if (first.toLowerCase() !== second.toLowerCase()) throw new NonDeterministicSignatureError();
  return deriveWalletKeys(first);
}

export interface BoundKeys extends PublicKeys {
  signature: string;
}

/**
 * True when the profile already binds exactly these public keys with a valid wallet signature.
 * `client` is the chain's where a contract account's signature is checked (ERC-1271, ERC-6492).
 */
export async function isBound(address: string, keys: WalletKeys, bound: BoundKeys | null, client?: Client): Promise<boolean> {
  if (!bound) return false;
  const mine = publicKeysOf(keys);
  if (bound.encryptionPublicKey !== mine.encryptionPublicKey || bound.signingPublicKey !== mine.signingPublicKey) return false;
  return verifyKeyBinding(address, mine, bound.signature as Hex, client);
}

/** The body of PUT /profiles/me/keys: the public keys and the wallet's binding signature. */
export async function bindingBody(address: string, keys: WalletKeys, signMessage: (message: string) => Promise<Hex>) {
  const publicKeys = publicKeysOf(keys);
  const signature = await signMessage(keyBindingMessage(address, publicKeys));
  return { ...publicKeys, signature };
}

/** A counterparty's bound keys, checked against its wallet's signature (on `client`'s chain for a contract account) before any use. */
export async function verifiedKeysOf(address: string, bound: BoundKeys | null | undefined, client?: Client): Promise<PublicKeys | null> {
  if (!bound) return null;
  const keys = { encryptionPublicKey: bound.encryptionPublicKey, signingPublicKey: bound.signingPublicKey };
  return (await verifyKeyBinding(address, keys, bound.signature as Hex, client)) ? keys : null;
}
