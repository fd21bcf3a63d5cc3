import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Session, SessionWallet, SignInBody, SignInNonce } from "@p2p-escrow/protocol/schemas/auth";
import { NoBody, NoQuery } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Type } from "@sinclair/typebox";
import { getAddress } from "viem";
import { unauthorized } from "../../lib/api-error.ts";
import { verifySiweMessage } from "../../services/siwe.ts";

/** Bodyless routes read nothing: a body beyond `{}` is refused before it is parsed in full. */
const NO_BODY_LIMIT_BYTES = 64;

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { config, authRepository } = app;
  // Each nonce is a row, and signing out is one call per session: both have their own, tighter
  // per-IP limit than the general one.
  const authLimit = { max: config.RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: 60_000 };

  app.post(
    "/nonce",
    {
      config: { auth: "public", rateLimit: authLimit },
      bodyLimit: NO_BODY_LIMIT_BYTES,
      schema: {
        tags: ["auth"],
        security: [],
        summary: "A single-use sign-in nonce, valid for five minutes",
        body: NoBody,
        querystring: NoQuery,
        response: { 200: Ok(SignInNonce), ...errorResponses(400, 413, 415, 429) },
      },
    },
    async () => {
      const { nonce, expiresAt } = await authRepository.issueNonce();
      return ok({ nonce, expiresAt: expiresAt.toISOString() });
    },
  );

  app.post(
    "/verify",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        security: [],
        summary: "Exchanges a signed EIP-4361 message for a session token",
        description:
          "The signature is an EOA's, or a contract account's checked on the message's chain: ERC-1271, or ERC-6492 for an account not deployed yet. " +
          "401 CONTRACT_SIGNATURE_INVALID when the account refuses it; 503 SIGNATURE_CHAIN_UNAVAILABLE when the chain cannot be asked.",
        body: SignInBody,
        querystring: NoQuery,
        response: { 200: Ok(Session), ...errorResponses(400, 401, 413, 429, 503) },
      },
    },
    async (request) => {
      const now = new Date();
      // The token's times are whole seconds: it is issued at the second `now` falls in.
      const issuedAtMs = Math.floor(now.getTime() / 1000) * 1000;
      const signIn = await verifySiweMessage(request.body.message, request.body.signature as `0x${string}`, {
        domain: config.SIWE_DOMAIN,
        origin: config.SIWE_URI,
        maxAgeMs: config.SIWE_MAX_AGE_SECONDS * 1000,
        now,
        signatures: app.walletSignatures,
      });
      // Consumed last, once everything else holds, so a bad signature cannot burn someone's nonce.
      if (!(await authRepository.consumeNonce(signIn.nonce))) {
        throw unauthorized("SIWE_NONCE_INVALID", "The nonce is unknown, expired or already used; request a new one");
      }
      // The session ends JWT_TTL_SECONDS after it was issued, or at the message's Expiration Time if
      // that comes first.
      const ttlEnd = new Date(issuedAtMs + config.JWT_TTL_SECONDS * 1000);
      const sessionEnd = signIn.expirationTime && signIn.expirationTime < ttlEnd ? signIn.expirationTime : ttlEnd;
      const address = signIn.address.toLowerCase();
      const jti = await authRepository.createSession(address, signIn.chainId, sessionEnd);
      // The token's exp is the session's end rounded up to the second; between the two, the
      // session's own end (checked on every request) refuses it. `expiresIn` as a string is read in
      // milliseconds ("…ms"); a number would be read as seconds.
      const expMs = Math.ceil(sessionEnd.getTime() / 1000) * 1000;
      const token = app.jwt.sign(
        { sub: address, chainId: signIn.chainId, jti },
        { clockTimestamp: issuedAtMs, expiresIn: `${expMs - issuedAtMs}ms` },
      );
      return ok({ token, address: signIn.address, chainId: signIn.chainId, expiresAt: sessionEnd.toISOString() });
    },
  );

  app.get(
    "/session",
    {
      schema: {
        tags: ["auth"],
        summary: "The signed-in wallet",
        querystring: NoQuery,
        response: { 200: Ok(SessionWallet), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => ok({ address: getAddress(request.user.address), chainId: request.user.chainId }),
  );

  app.post(
    "/logout",
    {
      config: { rateLimit: authLimit },
      bodyLimit: NO_BODY_LIMIT_BYTES,
      schema: {
        tags: ["auth"],
        summary: "Revokes the session token",
        body: NoBody,
        querystring: NoQuery,
        response: { 200: Ok(Type.Object({ revoked: Type.Literal(true) })), ...errorResponses(400, 401, 413, 415, 429) },
      },
    },
    async (request) => {
      await authRepository.revokeSession(request.user.jti);
      return ok({ revoked: true as const });
    },
  );
};

export default auth;
