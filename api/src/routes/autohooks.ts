// Authentication, applied once for every route: a route is signed-in only unless its config says
// `auth: "public"` (or `"optional"`). Signed-in requests also count against a per-wallet limit.
import type { FastifyInstance } from "fastify";
import { rateLimited } from "../plugins/external/rate-limit.ts";

export default async function autohooks(app: FastifyInstance) {
  // createRateLimit, not rateLimit: the handler rateLimit() makes shares the plugin's "already
  // limited" flag with the per-IP hook, so whichever ran first made the other skip the request.
  const perWallet = app.createRateLimit({
    max: app.config.RATE_LIMIT_WALLET_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `wallet:${request.user.address}`,
  });

  app.addHook("onRequest", async (request, reply) => {
    const auth = request.routeOptions.config.auth ?? "required";
    if (auth === "public") return;
    if (auth === "optional" && request.headers.authorization === undefined) return;
    await app.authenticate(request);
    const limit = await perWallet(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header("retry-after", limit.ttlInSeconds);
    throw rateLimited(limit.max, limit.ttl);
  });
}
