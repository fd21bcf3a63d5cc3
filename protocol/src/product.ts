// A listing's product hash commits to its deliverable: productHash = keccak256(salt ‖ deliverable),
// on chain in every order. The salt is 32 random bytes, unique per listing, and secret: with it, the
// hash would let anyone confirm a guessed deliverable (a licence key of a known format, a file
// that circulates) offline. So nobody but the seller holds it before a sale: it travels inside the
// product's opening (salt and deliverable together), which the seller keeps sealed to its own key
// in the listing and seals to the buyer in the delivery, once the order is committed on chain. The
// server only ever holds the opening sealed. The buyer recomputes the hash over the opening it
// received before confirming receipt.
import { bytesToHex, concat, type Hex, hexToBytes, keccak256 } from "viem";

/** What opens a product hash: the listing's secret salt and the deliverable. */
export interface ProductOpening {
  salt: Hex; // 32 bytes
  deliverable: Uint8Array;
}

const SALT_BYTES = 32;
/** The first byte of an encoded opening; a later layout gets another. */
const OPENING_VERSION = 1;
/** The shortest encoded opening: its version and salt, with an empty deliverable. */
export const MIN_OPENING_BYTES = 1 + SALT_BYTES;

// viem's concat takes all-hex or all-bytes parts, never a mix.
export const productHash = (salt: Hex, deliverable: Uint8Array): Hex => keccak256(concat([hexToBytes(salt), deliverable]));

/** A fresh listing's commitment: a random secret salt, and the hash it gives the deliverable. */
export function commitProduct(
  deliverable: Uint8Array,
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): { opening: ProductOpening; productHash: Hex } {
  const salt = bytesToHex(random(SALT_BYTES));
  return { opening: { salt, deliverable }, productHash: productHash(salt, deliverable) };
}

/** The opening as the bytes that get sealed: version (1 byte) ‖ salt (32 bytes) ‖ deliverable. */
export function encodeProductOpening({ salt, deliverable }: ProductOpening): Uint8Array {
  const saltBytes = hexToBytes(salt);
  if (saltBytes.length !== SALT_BYTES) throw new Error(`a product salt is ${SALT_BYTES} bytes, not ${saltBytes.length}`);
  return concat([Uint8Array.of(OPENING_VERSION), saltBytes, deliverable]);
}

/** The opening encoded in `bytes`, or null when they are not an encoded opening. */
export function decodeProductOpening(bytes: Uint8Array): ProductOpening | null {
  if (bytes.length < MIN_OPENING_BYTES || bytes[0] !== OPENING_VERSION) return null;
  return { salt: bytesToHex(bytes.subarray(1, 1 + SALT_BYTES)), deliverable: bytes.slice(1 + SALT_BYTES) };
}

/** Whether `opening` opens `expectedHash` (hex, any case). */
export const opensProductHash = (opening: ProductOpening, expectedHash: string): boolean =>
  productHash(opening.salt, opening.deliverable) === expectedHash.toLowerCase();
