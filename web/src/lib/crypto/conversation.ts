// The order chat on the client: open the conversation key, check the hash chain, decrypt each
// message, and build the next message on the chain's head (protocol/chat.ts, chat-message.ts).
import {
  type ChainBreak,
  decryptWithKey,
  fromBase64,
  newSymmetricKey,
  open,
  type SealedEnvelope,
  seal,
  verifyChat,
  type WalletKeys,
} from "@p2p-escrow/protocol";
import type { Hex } from "viem";

export interface StoredMessage {
  seq: number;
  sender: string;
  nonce: string;
  ciphertext: string;
  prevHash: string;
  hash: string;
  signature: string;
  createdAt: string;
}

export interface DecryptedMessage {
  seq: number;
  sender: string;
  text: string | null; // null: could not be decrypted
  createdAt: string;
}

export function openConversationKey(envelope: SealedEnvelope, keys: WalletKeys): Uint8Array | null {
  return open(envelope, keys.encryption);
}

/** A fresh conversation key sealed to each participant's verified encryption key. */
export function newConversationKey(recipients: string[], keys: WalletKeys): { key: Uint8Array; envelopes: Map<string, SealedEnvelope> } {
  const key = newSymmetricKey();
  return { key, envelopes: new Map(recipients.map((r) => [r, seal(key, r, keys.encryption)])) };
}

/** Seals an existing conversation (or file) key to one more participant. */
export const wrapKeyFor = (key: Uint8Array, recipientEncryptionKey: string, keys: WalletKeys) =>
  seal(key, recipientEncryptionKey, keys.encryption);

/** Checks the whole chain, then decrypts every message. A break means the server tampered. */
export function readConversation(
  chainId: number,
  orderId: bigint,
  messages: StoredMessage[],
  key: Uint8Array,
  signingKeyOf: (sender: string) => string | undefined,
): { broken: ChainBreak | null; messages: DecryptedMessage[] } {
  const broken = verifyChat(chainId, orderId, messages as (StoredMessage & { prevHash: Hex; hash: Hex })[], signingKeyOf);
  const decrypted = messages.map((m) => {
    const plain = decryptWithKey(fromBase64(m.ciphertext), m.nonce, key);
    return { seq: m.seq, sender: m.sender, text: plain ? new TextDecoder().decode(plain) : null, createdAt: m.createdAt };
  });
  return { broken, messages: decrypted };
}

/** The POST body of the next message, chained onto `head` (built in the protocol, as every client builds it). */
export { nextChatMessage as nextMessage } from "@p2p-escrow/protocol";
