import jwt from "@fastify/jwt";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

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

/** Session tokens: HS256 only, with a pinned issuer and audience on both signing and verifying. */
export default fp(
  async (app: FastifyInstance) => {
    const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, JWT_TTL_SECONDS } = app.config;
    await app.register(jwt, {
      secret: JWT_SECRET,
      sign: { algorithm: "HS256", iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: JWT_TTL_SECONDS * 1000 },
      verify: { algorithms: ["HS256"], allowedIss: JWT_ISSUER, allowedAud: JWT_AUDIENCE, requiredClaims: ["sub", "jti", "exp", "iat"] },
      formatUser: (claims) => ({ address: claims.sub as `0x${string}`, chainId: claims.chainId, jti: claims.jti }),
    });
  },
  { name: "jwt" },
);
