// Sign-In with Ethereum (EIP-4361), verified locally: the message's fields (parsed by the protocol's
// sign-in module, which also builds the message) against what this API expects, then the signature.
// An EOA's signature is checked by recovery alone, with no RPC call; a contract account's (ERC-1271)
// or a not-yet-deployed account's (ERC-6492) on the chain the message names.
// Every rejection carries its own code so the client can say what went wrong.
import { chainById } from "@p2p-escrow/contracts/chains";
import { contractOn } from "@p2p-escrow/contracts/deployed";
import { parseSignInMessage } from "@p2p-escrow/protocol/sign-in";
import { getAddress, type Hex, hashMessage } from "viem";
import { unauthorized } from "../lib/api-error.ts";
import { type WalletSignatures, walletSignatureError } from "../plugins/app/wallet-signatures.ts";

/** Allowed clock skew between the wallet's clock and the server's. */
const CLOCK_SKEW_MS = 60_000;

export interface SiweExpectations {
  domain: string;
  /** The web app's origin; the message's URI must lie on it. */
  origin: string;
  maxAgeMs: number;
  now: Date;
  /** Where the signature is checked. */
  signatures: WalletSignatures;
}

export interface SignIn {
  address: `0x${string}`;
  chainId: number;
  nonce: string;
  expirationTime: Date | undefined;
}

export async function verifySiweMessage(message: string, signature: Hex, expect: SiweExpectations): Promise<SignIn> {
  const fields = parseSignInMessage(message);
  if (!fields) throw unauthorized("SIWE_MESSAGE_INVALID", "The message is not a complete EIP-4361 sign-in message");
  if (fields.domain !== expect.domain) {
    throw unauthorized("SIWE_DOMAIN_MISMATCH", `The message is for ${fields.domain}, not ${expect.domain}`);
  }
  let uri: URL;
  try {
    uri = new URL(fields.uri);
  } catch {
    throw unauthorized("SIWE_URI_MISMATCH", "The message's URI is not a URL");
  }
  if (uri.origin !== new URL(expect.origin).origin) {
    throw unauthorized("SIWE_URI_MISMATCH", `The message's URI is not on ${expect.origin}`);
  }
  // A chain the registry knows but where the escrow is not deployed has nothing to sign in to.
  if (!chainById(fields.chainId) || !contractOn(fields.chainId, "P2PEscrow")) {
    throw unauthorized("SIWE_CHAIN_UNSUPPORTED", `Chain ${fields.chainId} is not supported: the escrow is not deployed there`);
  }
  // A time that does not parse is no time: read as NaN, it would pass every comparison below.
  for (const time of [fields.expirationTime, fields.notBefore]) {
    if (time && Number.isNaN(time.getTime())) throw unauthorized("SIWE_MESSAGE_INVALID", "The message has a time that is not a date");
  }
  const now = expect.now.getTime();
  if (Number.isNaN(fields.issuedAt.getTime()) || fields.issuedAt.getTime() > now + CLOCK_SKEW_MS) {
    throw unauthorized("SIWE_NOT_YET_VALID", "The message was issued in the future");
  }
  if (fields.issuedAt.getTime() < now - expect.maxAgeMs) {
    throw unauthorized("SIWE_EXPIRED", "The message was issued too long ago; sign a new one");
  }
  if (fields.notBefore && fields.notBefore.getTime() > now + CLOCK_SKEW_MS) {
    throw unauthorized("SIWE_NOT_YET_VALID", "The message is not valid yet");
  }
  if (fields.expirationTime && fields.expirationTime.getTime() <= now) {
    throw unauthorized("SIWE_EXPIRED", "The message has expired");
  }
  const check = await expect.signatures.check(fields.chainId, { address: fields.address, hash: hashMessage(message), signature });
  if (!check.valid) {
    throw walletSignatureError(check, {
      status: 401,
      malformed: "SIWE_SIGNATURE_INVALID",
      wrongSigner: "SIWE_SIGNER_MISMATCH",
      what: "the sign-in message",
    });
  }
  return { address: getAddress(fields.address), chainId: fields.chainId, nonce: fields.nonce, expirationTime: fields.expirationTime };
}
