import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Type } from "@sinclair/typebox";

/** Liveness: the process answers. Readiness, with its dependencies, is /ready. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/",
    {
      config: { auth: "public", rateLimit: false },
      schema: {
        tags: ["health"],
        security: [],
        response: { 200: Ok(Type.Object({ status: Type.Literal("ok"), uptimeSeconds: Type.Number() })) },
      },
    },
    async () => ok({ status: "ok" as const, uptimeSeconds: Math.round(process.uptime()) }),
  );
};

export default health;
