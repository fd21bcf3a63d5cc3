import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../lib/api-error.ts";

/**
 * Per-IP limit on every route. Signed-in routes add a per-wallet limit on top (routes/autohooks.ts),
 * so neither many wallets behind one address nor one wallet from many addresses escapes a limit.
 * Counters live in the process: behind several API processes, each enforces its own share.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: true,
      max: app.config.RATE_LIMIT_IP_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (request) => `ip:${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, "RATE_LIMITED", `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, {
          limit: context.max,
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    });
  },
  { name: "rate-limit" },
);
