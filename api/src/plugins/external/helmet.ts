import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export default fp(
  async (app: FastifyInstance) => {
    // The API serves JSON; only /docs serves a page, and swagger-ui sets its own policy there.
    await app.register(helmet, { global: true, crossOriginResourcePolicy: { policy: "cross-origin" } });
  },
  { name: "helmet" },
);
