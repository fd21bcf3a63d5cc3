import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Browsers may call the API only from the web app's configured origins. */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(cors, {
      origin: app.config.corsOrigins,
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowedHeaders: ["authorization", "content-type"],
      exposedHeaders: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"],
      maxAge: 600,
    });
  },
  { name: "cors" },
);
