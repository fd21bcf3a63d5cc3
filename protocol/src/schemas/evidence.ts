// Evidence: ciphertext pinned on IPFS, its file key wrapped per party, and the on-chain pointers.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime, Nonce24, SealedEnvelope, SealedKey, UintString } from "./common.ts";

export const Cid = Type.String({ pattern: "^[A-Za-z0-9]{46,100}$", description: "an IPFS CID" });

export const EvidenceParams = Type.Object({ chainId: ChainId, orderId: UintString, cid: Cid });

/**
 * The multipart `keys` field, parsed: the file key sealed to each party (buyer, seller, the assigned
 * arbitrator) and, during a dispute, to the case-key relay.
 */
export const FileKeys = Type.Array(Type.Object({ recipient: Address, envelope: SealedKey }, { additionalProperties: false }), {
  minItems: 1,
  maxItems: 4,
});

export const FileNonce = Type.String({ ...Nonce24, description: "24-byte secretbox nonce, base64" });

export const Pinned = Type.Object({ cid: Cid, uri: Type.String({ description: "ipfs://<cid>, for submitEvidence" }) });

export const EvidenceItem = Type.Object({
  uri: Type.String(),
  submitter: Address,
  timestamp: UintString,
  blockNumber: UintString,
  transactionHash: Type.String(),
  /** The pinned file behind the uri when it was uploaded here; null for any other uri. */
  file: Type.Union([
    Type.Object({ cid: Cid, uploader: Address, size: Type.Integer(), nonce: Type.String(), createdAt: DateTime }),
    Type.Null(),
  ]),
  /** The file key sealed to the caller, when someone wrapped it for them. */
  key: Type.Union([Type.Object({ wrappedBy: Address, envelope: SealedEnvelope }), Type.Null()]),
  /** Who holds a copy of the file key (addresses only): a party seals the missing ones. Empty for any other uri. */
  sealedTo: Type.Array(Address),
});

export const EvidenceList = Type.Object({ chainId: ChainId, orderId: UintString, evidence: Type.Array(EvidenceItem) });
