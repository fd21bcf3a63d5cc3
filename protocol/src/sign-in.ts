// Sign-In with Ethereum (EIP-4361): the message a wallet signs for a session token. Every client
// (the web app, the scripts, the tests) builds it here and the API parses it here, so both ends
// agree on its fields. What the API then checks (domain, origin, chain, times, signer) is its own.
import type { Address } from "viem";
import { createSiweMessage, parseSiweMessage } from "viem/siwe";

export const SIGN_IN_STATEMENT = "Sign in to P2P Escrow";

export interface SignInRequest {
  address: Address;
  chainId: number;
  /** The web app's host (`app.example` or `localhost:3000`): the API accepts only its own. */
  domain: string;
  /** A URI on the web app's origin. */
  uri: string;
  /** A single-use nonce from POST /auth/nonce. */
  nonce: string;
  /** Now, unless given. */
  issuedAt?: Date;
  expirationTime?: Date;
  notBefore?: Date;
}

/** The EIP-4361 message (version 1) for `request`, with the app's statement. */
export const signInMessage = ({ issuedAt = new Date(), ...request }: SignInRequest): string =>
  createSiweMessage({ ...request, issuedAt, version: "1", statement: SIGN_IN_STATEMENT });

export interface SignInFields {
  address: Address;
  chainId: number;
  domain: string;
  uri: string;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date | undefined;
  notBefore: Date | undefined;
}

/** The message's fields, or null when it is not a complete EIP-4361 message of version 1. */
export function parseSignInMessage(message: string): SignInFields | null {
  const { address, chainId, domain, uri, nonce, issuedAt, expirationTime, notBefore, version } = parseSiweMessage(message);
  if (!address || !domain || !uri || !nonce || !chainId || !issuedAt || version !== "1") return null;
  return { address, chainId, domain, uri, nonce, issuedAt, expirationTime, notBefore };
}
