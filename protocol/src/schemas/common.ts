// Schema pieces shared by several schemas and routes: each is defined here once.
import { type Static, type TLiteral, type TSchema, Type } from "@sinclair/typebox";
import { MIN_OPENING_BYTES } from "../product.ts";
import { MIN_SECRETBOX_BYTES, SEAL_OVERHEAD_BYTES, SEALED_KEY_BYTES } from "../sealing.ts";

/**
 * A pattern for the decimal numbers up to `max` (from 0, or from 1 with `zero: false`), written
 * without leading zeros. Ids the database keeps in a bigint column and uint256 values the chain
 * takes must stay in range: past it, PostgreSQL or the ABI encoder fails instead of finding nothing.
 */
export function decimalsUpTo(max: bigint, { zero = true } = {}): string {
  const digits = max.toString();
  const n = digits.length;
  const below: string[] = n > 1 ? [`[1-9][0-9]{0,${n - 2}}`] : [];
  // As many digits as max: equal to it up to position i, below it at i, anything after.
  for (let i = 0; i < n; i++) {
    const low = i === 0 ? 1 : 0;
    const digit = Number(digits[i]);
    if (digit > low) below.push(`${digits.slice(0, i)}[${low}-${digit - 1}][0-9]{${n - i - 1}}`);
  }
  return `^(?:${zero ? "0|" : ""}${[...below, digits].join("|")})$`;
}

const B64 = "[A-Za-z0-9+/]";
const QUANTUM = `(?:${B64}{4})`;
const PAD1 = `${B64}{3}=`; // a last quantum of two bytes
const PAD2 = `${B64}{2}==`; // a last quantum of one byte

/** A pattern for padded base64 of at least `min` bytes (exactly `min` with `exact`). */
export function base64Bytes(min: number, { exact = false } = {}): string {
  const q = Math.floor(min / 3);
  const rest = min % 3;
  if (exact) return `^${QUANTUM}{${q}}${rest === 0 ? "" : rest === 1 ? PAD2 : PAD1}$`;
  // With q whole quanta, rest = 0 is reached already; rest = 1 needs one more quantum, however
  // padded; rest = 2 one more that is padded at most once, or two more.
  if (rest === 0) return `^${QUANTUM}{${q},}(?:${PAD1}|${PAD2})?$`;
  if (rest === 1) return `^${QUANTUM}{${q}}(?:${QUANTUM}+|${QUANTUM}*(?:${PAD1}|${PAD2}))$`;
  return `^${QUANTUM}{${q}}(?:${QUANTUM}+|${QUANTUM}*${PAD1}|${QUANTUM}+${PAD2})$`;
}

/** PostgreSQL's bigint: the ids of notifications, reviews and realtime events. */
export const MAX_BIGINT_ID = 2n ** 63n - 1n;
const MAX_UINT256 = 2n ** 256n - 1n;

export const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "an EVM address" });
export const Hex32 = Type.String({ pattern: "^0x[0-9a-fA-F]{64}$", description: "32 bytes, hex" });
/** Padded base64, any length. */
export const Base64 = Type.String({ pattern: base64Bytes(0) });
/** A NaCl box or secretbox nonce. */
export const Nonce24 = Type.String({ pattern: "^[A-Za-z0-9+/]{32}$", description: "24 bytes, base64" });
/** A 32-byte key, base64 (X25519 or Ed25519). */
export const PublicKey32 = Type.String({ pattern: "^[A-Za-z0-9+/]{43}=$", description: "32 bytes, base64" });
export const ChainId = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
/** A uint256 as a decimal string (token units, order ids), without leading zeros. */
export const UintString = Type.String({ pattern: decimalsUpTo(MAX_UINT256), maxLength: 78 });
/** A bigint row id (1 up to PostgreSQL's bigint maximum) as a decimal string. */
export const BigintId = Type.String({ pattern: decimalsUpTo(MAX_BIGINT_ID, { zero: false }), maxLength: 19 });
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

const sealedEnvelope = (ciphertext: { pattern: string; description: string }) =>
  Type.Object(
    {
      nonce: Type.String({ ...Nonce24, description: "24-byte box nonce, base64" }),
      ciphertext: Type.String(ciphertext),
      senderPublicKey: Type.String({ ...PublicKey32, description: "the sender's X25519 public key, base64" }),
    },
    { additionalProperties: false },
  );

/** A NaCl box sealed to one X25519 public key, all fields base64: at least its tag and one byte. */
export const SealedEnvelope = sealedEnvelope({
  pattern: base64Bytes(SEAL_OVERHEAD_BYTES + 1),
  description: "box ciphertext, base64: the 16-byte tag and at least one byte",
});
/** A 32-byte symmetric key (conversation or evidence file key) sealed to one recipient. */
export const SealedKey = sealedEnvelope({
  pattern: base64Bytes(SEALED_KEY_BYTES, { exact: true }),
  description: `box ciphertext of a 32-byte key, base64: exactly ${SEALED_KEY_BYTES} bytes`,
});
/** A product's opening (protocol/src/product.ts) sealed to one recipient. */
export const SealedOpening = sealedEnvelope({
  pattern: base64Bytes(MIN_OPENING_BYTES + SEAL_OVERHEAD_BYTES),
  description: `box ciphertext of an encoded product opening, base64: at least ${MIN_OPENING_BYTES + SEAL_OVERHEAD_BYTES} bytes`,
});
/** A secretbox under a symmetric key (a chat message), base64. */
export const SecretboxCiphertext = Type.String({
  pattern: base64Bytes(MIN_SECRETBOX_BYTES),
  description: `secretbox ciphertext, base64: the 16-byte tag and at least one byte (${MIN_SECRETBOX_BYTES} bytes)`,
});

/** For bodyless POSTs: no body, or an empty JSON object; anything else is refused. */
export const NoBody = Type.Unsafe<Record<string, never> | undefined>({
  maxProperties: 0,
  not: { type: ["string", "number", "integer", "boolean", "array"] },
  description: "no body, or {}",
});

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
