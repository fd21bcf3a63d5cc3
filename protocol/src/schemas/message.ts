// The per-order conversation: a key wrapped for each party, and a hash chain of secretbox messages.
import { Type } from "@sinclair/typebox";
import { Address, DateTime, Hex32, Nonce24, SealedEnvelope, SealedKey, SecretboxCiphertext } from "./common.ts";

/** A conversation or file key sealed to one recipient. */
export const WrapKeyBody = Type.Object({ recipient: Address, envelope: SealedKey }, { additionalProperties: false });

export const WrappedKey = Type.Object({
  recipient: Address,
  wrappedBy: Address,
  envelope: SealedEnvelope,
  createdAt: DateTime,
});

/** Who holds a copy of an order's conversation key: lowercase addresses, no envelopes. */
export const KeyRecipients = Type.Object({ recipients: Type.Array(Address) });

export const NewMessageBody = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
    nonce: Type.String({ ...Nonce24, description: "24-byte secretbox nonce, base64" }),
    ciphertext: Type.String({ ...SecretboxCiphertext, description: "secretbox under the conversation key, base64" }),
    prevHash: Hex32,
    hash: Hex32,
    signature: Type.String({ pattern: "^[A-Za-z0-9+/]{86}==$", description: "Ed25519 signature of `hash`, base64" }),
  },
  { additionalProperties: false },
);

export const ChatHead = Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Hex32 });

export const ChatMessage = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  sender: Type.String({ pattern: "^0x[0-9a-f]{40}$", description: "lowercase, as the hash covers it" }),
  nonce: Type.String(),
  ciphertext: Type.String(),
  prevHash: Hex32,
  hash: Hex32,
  signature: Type.String(),
  createdAt: DateTime,
});

export const MessagesQuery = Type.Object({
  after: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 0, description: "return messages with a greater seq" }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const MessagePage = Type.Object({
  messages: Type.Array(ChatMessage),
  head: ChatHead,
  /** The `after` for the next page; null when this page reached the head. */
  nextAfter: Type.Union([Type.Integer(), Type.Null()]),
});
