// A listing's product hash commits to its deliverable: keccak256(salt ‖ deliverable). The salt is
// public and unique per listing, so equal deliverables still get distinct hashes and the hash
// names its listing. The buyer recomputes it over the decrypted delivery before confirming receipt.
import { concat, type Hex, keccak256 } from "viem";

export const productHash = (salt: Hex, deliverable: Uint8Array): Hex => keccak256(concat([salt, deliverable]));
