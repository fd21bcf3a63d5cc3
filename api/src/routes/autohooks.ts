// Authentication, applied once for every route: a route is signed-in only unless its config says
// `auth: "public"` (or `"optional"`). Signed-in requests also count against a per-wallet limit.
import type { FastifyInstance } from "fastify";

export default async function autohooks(app: FastifyInstance) {
  const perWallet = app.rateLimit({
    max: app.config.RATE_LIMIT_WALLET_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `wallet:${request.user.address}`,
  });

  app.addHook("onRequest", async (request, reply) => {
    const auth = request.routeOptions.config.auth ?? "required";
    if (auth === "public") return;
    if (auth === "optional" && request.headers.authorization === undefined) return;
    await app.authenticate(request);
    // @fastify/rate-limit runs one limiter per request (the first marks it done): a route with a
    // limit of its own (config.rateLimit) is held to that one, not to the per-wallet limit.
    if (request.routeOptions.config.rateLimit === undefined) await perWallet.call(app, request, reply);
  });
}
