// A conversation is a hash chain: each message's hash covers the previous hash, its position and
// its ciphertext, and the sender signs the hash with its bound Ed25519 key. A reader who walks the
// chain from the genesis hash notices any message the server dropped, reordered or altered.
import nacl from "tweetnacl";
import { encodeAbiParameters, type Hex, hexToBytes, keccak256, stringToHex } from "viem";
import { fromBase64, toBase64 } from "./encoding.ts";

export const chatGenesis = (chainId: number, orderId: bigint): Hex => keccak256(stringToHex(`p2p-escrow/chat/v1/${chainId}/${orderId}`));

export interface ChainedMessage {
  seq: number;
  sender: string; // lowercase address
  nonce: string; // base64
  ciphertext: string; // base64
  prevHash: Hex;
}

export const messageHash = (chainId: number, orderId: bigint, m: ChainedMessage): Hex =>
  keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint32" },
        { type: "address" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [m.prevHash, BigInt(chainId), orderId, m.seq, m.sender as Hex, keccak256(fromBase64(m.nonce)), keccak256(fromBase64(m.ciphertext))],
    ),
  );

export const signMessageHash = (hash: Hex, signingSecretKey: Uint8Array): string =>
  toBase64(nacl.sign.detached(hexToBytes(hash), signingSecretKey));

export const verifyMessageSignature = (hash: Hex, signature: string, signingPublicKey: string): boolean => {
  try {
    return nacl.sign.detached.verify(hexToBytes(hash), fromBase64(signature), fromBase64(signingPublicKey));
  } catch {
    return false;
  }
};

export type ChainBreak = { seq: number; reason: "gap" | "prev-hash" | "hash" | "signature" };

/**
 * Walks a conversation from its genesis; returns the first break, or null when the chain is whole.
 * `signingKeyOf` gives each sender's bound signing key (already verified against its wallet).
 */
export function verifyChat(
  chainId: number,
  orderId: bigint,
  messages: (ChainedMessage & { hash: Hex; signature: string })[],
  signingKeyOf: (sender: string) => string | undefined,
): ChainBreak | null {
  let prev = chatGenesis(chainId, orderId);
  for (const [i, m] of messages.entries()) {
    if (m.seq !== i + 1) return { seq: m.seq, reason: "gap" };
    if (m.prevHash !== prev) return { seq: m.seq, reason: "prev-hash" };
    if (messageHash(chainId, orderId, m) !== m.hash) return { seq: m.seq, reason: "hash" };
    const key = signingKeyOf(m.sender);
    if (!key || !verifyMessageSignature(m.hash, m.signature, key)) return { seq: m.seq, reason: "signature" };
    prev = m.hash;
  }
  return null;
}
