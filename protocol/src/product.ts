// A listing's product hash commits to its deliverable: keccak256(salt ‖ deliverable). The salt is
// public and unique per listing, so equal deliverables still get distinct hashes and the hash
// names its listing. The buyer recomputes it over the decrypted delivery before confirming receipt.
import { concat, type Hex, hexToBytes, keccak256 } from "viem";

// viem's concat takes all-hex or all-bytes parts, never a mix.
export const productHash = (salt: Hex, deliverable: Uint8Array): Hex => keccak256(concat([hexToBytes(salt), deliverable]));
