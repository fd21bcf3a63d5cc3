import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Session, SessionWallet, SignInBody, SignInNonce } from "@p2p-escrow/protocol/schemas/auth";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Type } from "@sinclair/typebox";
import { getAddress } from "viem";
import { unauthorized } from "../../lib/api-error.ts";
import { verifySiweMessage } from "../../services/siwe.ts";

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { config, authRepository } = app;

  app.post(
    "/nonce",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        security: [],
        summary: "A single-use sign-in nonce, valid for five minutes",
        response: { 200: Ok(SignInNonce), ...errorResponses(429) },
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
        body: SignInBody,
        response: { 200: Ok(Session), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const now = new Date();
      const signIn = await verifySiweMessage(request.body.message, request.body.signature as `0x${string}`, {
        domain: config.SIWE_DOMAIN,
        origin: config.SIWE_URI,
        maxAgeMs: config.SIWE_MAX_AGE_SECONDS * 1000,
        now,
      });
      // Consumed last, once everything else holds, so a bad signature cannot burn someone's nonce.
      if (!(await authRepository.consumeNonce(signIn.nonce))) {
        throw unauthorized("SIWE_NONCE_INVALID", "The nonce is unknown, expired or already used; request a new one");
      }
      const ttlMs = config.JWT_TTL_SECONDS * 1000;
      const sessionEnd =
        signIn.expirationTime && signIn.expirationTime.getTime() - now.getTime() < ttlMs
          ? signIn.expirationTime
          : new Date(now.getTime() + ttlMs);
      const address = signIn.address.toLowerCase();
      const jti = await authRepository.createSession(address, signIn.chainId, sessionEnd);
      const token = app.jwt.sign(
        { sub: address, chainId: signIn.chainId, jti },
        { expiresIn: Math.max(1_000, sessionEnd.getTime() - now.getTime()) },
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
        response: { 200: Ok(SessionWallet), ...errorResponses(401) },
      },
    },
    async (request) => ok({ address: getAddress(request.user.address), chainId: request.user.chainId }),
  );

  app.post(
    "/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Revokes the session token",
        response: { 200: Ok(Type.Object({ revoked: Type.Literal(true) })), ...errorResponses(401) },
      },
    },
    async (request) => {
      await authRepository.revokeSession(request.user.jti);
      return ok({ revoked: true as const });
    },
  );
};

export default auth;
