import jwt from "@fastify/jwt";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type ApiError, badRequest, unauthorized } from "../../lib/api-error.ts";

export interface SessionClaims {
  sub: string; // the wallet address, lowercase
  chainId: number; // the chain the wallet signed in on
  jti: string; // the session id, checked against revocation
}

declare module "@fastify/jwt" {
  interface FastifyJWT {
    payload: SessionClaims;
    user: { address: `0x${string}`; chainId: number; jti: string };
  }
}

/**
 * Why a bearer token was refused. Verifying is pure computation on what the client sent, so every
 * failure is the client's: a header naming another algorithm, a header that is not JSON, a bad
 * signature, a claim out of place. fast-jwt raises some of these with no HTTP status at all.
 */
export function tokenRefusal(error: unknown): ApiError {
  switch ((error as { code?: string }).code) {
    case "FST_JWT_NO_AUTHORIZATION_IN_HEADER":
      return unauthorized("UNAUTHENTICATED", "Sign in: no bearer token was sent");
    case "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED":
    case "FAST_JWT_EXPIRED":
      return unauthorized("TOKEN_EXPIRED", "The session token has expired; sign in again");
    case "FST_JWT_BAD_REQUEST":
      return badRequest("TOKEN_INVALID", "The authorization header is malformed");
    default:
      return unauthorized("TOKEN_INVALID", "The session token is invalid");
  }
}

/**
 * Session tokens: HS256 only, with a pinned issuer and audience on both signing and verifying.
 * @fastify/jwt reads a numeric `expiresIn` as seconds.
 */
export default fp(
  async (app: FastifyInstance) => {
    const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, JWT_TTL_SECONDS } = app.config;
    await app.register(jwt, {
      secret: JWT_SECRET,
      sign: { algorithm: "HS256", iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: JWT_TTL_SECONDS },
      verify: { algorithms: ["HS256"], allowedIss: JWT_ISSUER, allowedAud: JWT_AUDIENCE, requiredClaims: ["sub", "jti", "exp", "iat"] },
      formatUser: (claims) => ({ address: claims.sub as `0x${string}`, chainId: claims.chainId, jti: claims.jti }),
    });
  },
  { name: "jwt" },
);
