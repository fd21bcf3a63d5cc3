// Sign-in: a single-use nonce, the signed EIP-4361 message (built by sign-in.ts) and the session it buys.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime } from "./common.ts";
import { WalletSignature } from "./profile.ts";

export const SignInNonce = Type.Object({ nonce: Type.String(), expiresAt: DateTime });

export const SignInBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 4096 }),
    signature: WalletSignature,
  },
  { additionalProperties: false },
);

export const Session = Type.Object({
  token: Type.String(),
  address: Address,
  chainId: ChainId,
  expiresAt: DateTime,
});

/** The signed-in wallet, as GET /auth/session reports it. */
export const SessionWallet = Type.Object({ address: Address, chainId: ChainId });
