import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../lib/api-error.ts";
import { deleteEndedRateLimits, PostgresRateLimitStore } from "../../services/rate-limit-store.ts";

const WINDOW_MS = 60_000;

/** The 429 every limit answers with. */
export const rateLimited = (limit: number, ttlMs: number) =>
  new ApiError(429, "RATE_LIMITED", `Too many requests; retry in ${Math.ceil(ttlMs / 1000)} s`, {
    limit,
    retryAfterSeconds: Math.ceil(ttlMs / 1000),
  });

/**
 * Per-IP limit on every route. Signed-in routes add a per-wallet limit on top (routes/autohooks.ts),
 * so neither many wallets behind one address nor one wallet from many addresses escapes a limit.
 * Counters live in PostgreSQL (services/rate-limit-store.ts), shared by every API process.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: true,
      max: app.config.RATE_LIMIT_IP_PER_MINUTE,
      timeWindow: WINDOW_MS,
      keyGenerator: (request) => `ip:${request.ip}`,
      store: class extends PostgresRateLimitStore {
        constructor() {
          super(() => app.db);
        }
      },
      // With the database down, a request is let through rather than refused: whatever it needs
      // from the database fails on its own, and what it does not (the chain's state) still answers.
      skipOnError: true,
      errorResponseBuilder: (_request, context) => rateLimited(context.max, context.ttl),
    });

    // Ended windows are deleted now and then; any process may do it, and doing it twice is harmless.
    const sweep = setInterval(() => {
      deleteEndedRateLimits(app.db).catch((err) => app.log.warn({ err }, "deleting ended rate-limit windows failed"));
    }, WINDOW_MS);
    sweep.unref();
    app.addHook("onClose", async () => clearInterval(sweep));
  },
  { name: "rate-limit" },
);
