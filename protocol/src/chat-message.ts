// The next message of an order's conversation, built as every client builds it (the web app, the
// test harness, the benchmarks): the text encrypted under the conversation key, chained onto the
// conversation's head (chat.ts) and signed with the sender's bound signing key. The API checks the
// chain on POST; the other party walks it with verifyChat.
import type { Hex } from "viem";
import { type ChainedMessage, messageHash, signMessageHash } from "./chat.ts";
import { toBase64 } from "./encoding.ts";
import type { WalletKeys } from "./keys.ts";
import { encryptWithKey } from "./sealing.ts";

/** Where a conversation stands: its last message's position and hash (the genesis hash at 0). */
export interface ChatHead {
  seq: number;
  hash: string;
}

/** The body of POST /conversations/:chainId/:orderId/messages. */
export interface NewChatMessage {
  seq: number;
  nonce: string;
  ciphertext: string;
  prevHash: Hex;
  hash: Hex;
  signature: string;
}

/** `text` from `sender` as the message after `head`, encrypted under the conversation `key`. */
export function nextChatMessage(
  chainId: number,
  orderId: bigint,
  head: ChatHead,
  sender: string,
  text: string,
  key: Uint8Array,
  keys: Pick<WalletKeys, "signing">,
): NewChatMessage {
  const { nonce, ciphertext } = encryptWithKey(new TextEncoder().encode(text), key);
  const chained: ChainedMessage = {
    seq: head.seq + 1,
    sender: sender.toLowerCase(),
    nonce,
    ciphertext: toBase64(ciphertext),
    prevHash: head.hash as Hex,
  };
  const hash = messageHash(chainId, orderId, chained);
  return {
    seq: chained.seq,
    nonce,
    ciphertext: chained.ciphertext,
    prevHash: chained.prevHash,
    hash,
    signature: signMessageHash(hash, keys.signing.secretKey),
  };
}
