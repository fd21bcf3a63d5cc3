import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { type ApiError, unauthorized } from "../../lib/api-error.ts";
import { tokenRefusal } from "../external/jwt.ts";
import type { SessionState } from "./auth-repository.ts";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Verifies the bearer token and that its session is still on (neither signed out nor past its
     * end); sets `request.user`.
     */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyContextConfig {
    /** `required` (the default), `optional` (read the token when one is sent) or `public`. */
    auth?: "required" | "optional" | "public";
  }
}

/** Why a session whose token verified may not be used, or null when it may. */
export function sessionRefusal(state: SessionState): ApiError | null {
  if (state === "live") return null;
  // The session ends at the SIWE message's expiration time when that comes before the token's.
  if (state === "expired") return unauthorized("TOKEN_EXPIRED", "The session has expired; sign in again");
  return unauthorized("SESSION_REVOKED", "This session was signed out; sign in again");
}

export default fp(
  async function authenticate(app: FastifyInstance) {
    app.decorate("authenticate", async (request: FastifyRequest) => {
      try {
        await request.jwtVerify();
      } catch (error) {
        throw tokenRefusal(error);
      }
      const refusal = sessionRefusal(await app.authRepository.sessionState(request.user.jti));
      if (refusal) throw refusal;
    });
  },
  { name: "authenticate", dependencies: ["jwt", "auth-repository"] },
);
