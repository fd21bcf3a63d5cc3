import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { unauthorized } from "../../lib/api-error.ts";
import type {} from "../external/jwt.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Verifies the bearer token and that its session was not revoked; sets `request.user`. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyContextConfig {
    /** `required` (the default), `optional` (read the token when one is sent) or `public`. */
    auth?: "required" | "optional" | "public";
  }
}

export default fp(
  async function authenticate(app: FastifyInstance) {
    app.decorate("authenticate", async (request: FastifyRequest) => {
      await request.jwtVerify();
      if (!(await app.authRepository.isSessionLive(request.user.jti))) {
        throw unauthorized("SESSION_REVOKED", "This session was signed out; sign in again");
      }
    });
  },
  { name: "authenticate", dependencies: ["jwt", "auth-repository"] },
);
