// Whether a wallet signed a hash, for every kind of wallet the app serves: a plain EOA (and an
// EIP-7702-delegated one, which still signs with its own key), a deployed contract account
// (ERC-1271 `isValidSignature`) and an account not deployed yet (ERC-6492: the signature carries
// the factory call that would deploy it). The sign-in, key bindings and reviews all check through
// here, in the API and in the browser alike, so both ends accept exactly the same signatures.
//
// An EOA's signature that recovers to the address is accepted at once, without the chain: that is
// the common case, and it stays as fast as before. Anything else needs the chain's state (is there
// code at the address, what does it answer), read through the `client` the caller passes for the
// chain the signature is about.
import {
  type Address,
  type Client,
  getAddress,
  type Hex,
  isAddressEqual,
  isErc6492Signature,
  isHex,
  parseErc6492Signature,
  recoverAddress,
  size,
} from "viem";
import { getCode, verifyHash } from "viem/actions";

/** How a valid signature was made: by the address's own key, by a deployed contract account, or by one not deployed yet. */
export type WalletSignatureKind = "eoa" | "erc1271" | "erc6492";

/**
 * Why a signature was refused:
 * - `malformed`: not a signature at all (not hex, or no key recovers from it) and no contract to ask;
 * - `wrong-signer`: the address holds no code and the signature recovers to another key (an
 *   account not deployed yet must sign with ERC-6492, its factory call included);
 * - `contract-refused`: the address is a contract account, or the signature is an ERC-6492 one,
 *   and the account does not accept it (another owner, a wrong magic value, a revert, a factory
 *   call that deploys something else);
 * - `chain-unavailable`: only the chain can tell, and it could not be asked (no client for the
 *   chain, or the RPC failed). Not the signer's fault: worth retrying.
 */
export type WalletSignatureRefusal = "malformed" | "wrong-signer" | "contract-refused" | "chain-unavailable";

export type WalletSignatureCheck = { valid: true; kind: WalletSignatureKind } | { valid: false; reason: WalletSignatureRefusal };

export interface WalletSignatureParameters {
  /** The wallet that claims to have signed. */
  address: string;
  /** What was signed: `hashMessage(message)` for EIP-191, `hashTypedData(data)` for EIP-712. */
  hash: Hex;
  signature: Hex;
  /** A client of the chain the signature is about; without one only an EOA's signature can be checked. */
  client?: Client;
}

/** The signer `signature` recovers to, or null when it recovers to none (not 64 or 65 bytes, bad `v`, off the curve). */
async function recovered(hash: Hex, signature: Hex): Promise<Address | null> {
  try {
    return await recoverAddress({ hash, signature });
  } catch {
    return null;
  }
}

/** Checks that `address` signed `hash`, as an EOA without the chain, else on chain (ERC-1271, ERC-6492). */
export async function checkWalletSignature({ address, hash, signature, client }: WalletSignatureParameters): Promise<WalletSignatureCheck> {
  if (!isHex(signature, { strict: true }) || size(signature) === 0) return { valid: false, reason: "malformed" };
  const wallet = getAddress(address);
  const counterfactual = isErc6492Signature(signature);
  // The fast path: an EOA's own signature is proof enough, whatever the chain says.
  const signer = counterfactual ? null : await recovered(hash, signature);
  if (signer && isAddressEqual(signer, wallet)) return { valid: true, kind: "eoa" };
  if (!client) return { valid: false, reason: counterfactual ? "chain-unavailable" : signer ? "wrong-signer" : "malformed" };
  let code: Hex | undefined;
  try {
    code = await getCode(client, { address: wallet });
  } catch {
    return { valid: false, reason: "chain-unavailable" };
  }
  const deployed = code !== undefined && code !== "0x";
  // No code and no factory call: an EOA (or an account nobody can deploy from this signature), whose
  // signature did not recover to it above.
  if (!deployed && !counterfactual) return { valid: false, reason: signer ? "wrong-signer" : "malformed" };
  try {
    // viem's universal validator: deploys the account first when the signature carries its factory
    // call and it has no code yet, then asks its `isValidSignature`, in one eth_call that changes nothing.
    if (await verifyHash(client, { address: wallet, hash, signature })) return { valid: true, kind: deployed ? "erc1271" : "erc6492" };
  } catch {
    return { valid: false, reason: "chain-unavailable" };
  }
  return { valid: false, reason: "contract-refused" };
}

/**
 * The signature the account's own key made, without an ERC-6492 wrapper: what the same account
 * signs once it is deployed. Keys derived from a signature use this, so an account keeps its keys
 * when it is deployed.
 */
export const innerSignature = (signature: Hex): Hex =>
  isErc6492Signature(signature) ? parseErc6492Signature(signature).signature : signature;
