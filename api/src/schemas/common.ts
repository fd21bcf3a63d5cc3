// Schemas shared by several routes.
import { Type } from "@sinclair/typebox";

export const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "an EVM address" });
export const Hex32 = Type.String({ pattern: "^0x[0-9a-fA-F]{64}$", description: "32 bytes, hex" });
export const HexBytes = Type.String({ pattern: "^0x([0-9a-fA-F]{2})*$", maxLength: 4098 });
export const Base64 = Type.String({ pattern: "^[A-Za-z0-9+/]*={0,2}$" });
export const ChainId = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
/** A uint256 as a decimal string (token units, order ids). */
export const UintString = Type.String({ pattern: "^[0-9]{1,78}$" });

/** A NaCl box sealed to one X25519 public key, all fields base64. */
export const SealedEnvelope = Type.Object(
  {
    nonce: Type.String({ pattern: "^[A-Za-z0-9+/]{32}$", description: "24-byte box nonce, base64" }),
    ciphertext: Type.String({ pattern: "^[A-Za-z0-9+/]*={0,2}$", minLength: 1 }),
    senderPublicKey: Type.String({ pattern: "^[A-Za-z0-9+/]{43}=$", description: "the sender's X25519 public key, base64" }),
  },
  { additionalProperties: false },
);

/** Cursor pagination: `cursor` is opaque, from the previous page's `nextCursor`. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
