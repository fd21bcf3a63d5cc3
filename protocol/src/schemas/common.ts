// Schema pieces shared by several schemas and routes: each is defined here once.
import { type Static, type TLiteral, type TSchema, Type } from "@sinclair/typebox";

export const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "an EVM address" });
export const Hex32 = Type.String({ pattern: "^0x[0-9a-fA-F]{64}$", description: "32 bytes, hex" });
export const Base64 = Type.String({ pattern: "^[A-Za-z0-9+/]*={0,2}$" });
/** A NaCl box or secretbox nonce. */
export const Nonce24 = Type.String({ pattern: "^[A-Za-z0-9+/]{32}$", description: "24 bytes, base64" });
/** A 32-byte key, base64 (X25519 or Ed25519). */
export const PublicKey32 = Type.String({ pattern: "^[A-Za-z0-9+/]{43}=$", description: "32 bytes, base64" });
export const ChainId = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
/** A uint256 as a decimal string (token units, order ids). */
export const UintString = Type.String({ pattern: "^[0-9]{1,78}$" });
export const DateTime = Type.String({ format: "date-time" });

/**
 * `type: [T, "null"]`, for response schemas: fast-json-stringify serializes it without trying each
 * branch of an anyOf. (Request schemas use a plain union: the route type provider reads those.)
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type, "null"] });

/** A union of string literals, typed as a tuple so the route type provider sees each literal. */
export const Literals = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)) as { -readonly [K in keyof T]: TLiteral<T[K]> }, options);

/** A NaCl box sealed to one X25519 public key, all fields base64. */
export const SealedEnvelope = Type.Object(
  {
    nonce: Type.String({ ...Nonce24, description: "24-byte box nonce, base64" }),
    ciphertext: Type.String({ ...Base64, minLength: 1 }),
    senderPublicKey: Type.String({ ...PublicKey32, description: "the sender's X25519 public key, base64" }),
  },
  { additionalProperties: false },
);

/** The path parameters naming one order. */
export const OrderParams = Type.Object({ chainId: ChainId, orderId: UintString });

/** For routes that take no query: an unknown (or oversized) parameter is an error, not ignored. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** An opaque pagination cursor, from the previous page's `nextCursor`. */
export const Cursor = Type.String({ maxLength: 200 });

/** Cursor pagination: `cursor` is opaque, from the previous page's `nextCursor`. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Cursor),
});
