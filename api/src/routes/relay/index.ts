// The order relay: a buyer holding only USDC asks the fee (GET /relay/quote), signs an EIP-3009
// authorization that pays the order plus that fee (protocol/payment-authorization.ts), and hands it
// here (POST /relay/orders); the relayer submits createOrderWithAuthorization and pays the gas.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { RelayedOrder, RelayOrderBody, RelayQuote, RelayQuoteQuery } from "@p2p-escrow/protocol/schemas/relay";
import type { Address } from "viem";
import { ApiError } from "../../lib/api-error.ts";
import type { OrderRelay } from "../../services/relay/order-relay.ts";

const relay: FastifyPluginAsyncTypebox = async (app) => {
  const rateLimit = { max: app.config.RATE_LIMIT_RELAY_PER_MINUTE, timeWindow: 60_000 };
  const service = (): OrderRelay => {
    if (!app.orderRelay) {
      throw new ApiError(
        503,
        "RELAY_UNAVAILABLE",
        "This deployment relays no orders; pay gas in the native coin or in stablecoins through a smart account",
      );
    }
    return app.orderRelay;
  };

  app.get(
    "/quote",
    {
      config: { auth: "public", rateLimit },
      schema: {
        tags: ["relay"],
        security: [],
        summary: "The fee to sign for having a buy relayed: its gas at today's price, in the token",
        description:
          "400 RELAY_CHAIN_UNSUPPORTED or RELAY_TOKEN_UNSUPPORTED (a token the escrow does not take, or without EIP-3009); 503 RELAY_UNAVAILABLE, or RELAY_PRICE_UNAVAILABLE (the chain's price feed is stale).",
        querystring: RelayQuoteQuery,
        response: { 200: Ok(RelayQuote), ...errorResponses(400, 429, 503) },
      },
    },
    async (request) => ok(await service().quote(request.query.chainId, request.query.token as Address)),
  );

  app.post(
    "/orders",
    {
      config: { auth: "public", rateLimit },
      schema: {
        tags: ["relay"],
        security: [],
        summary: "Submits createOrderWithAuthorization for the buyer's signed EIP-3009 authorization, paying its gas",
        description:
          "The authorization is signed as orderAuthorizationTypedData (protocol/payment-authorization.ts) in the token's EIP-712 domain. " +
          "202 with the transaction's hash once the node accepted it; the order appears when it is mined and indexed. " +
          "422 RELAY_WOULD_REVERT (the call fails in simulation: a bad or used authorization, an escrow rule; nothing is sent) or RELAY_FEE_TOO_LOW (details.required); " +
          "409 RELAY_DUPLICATE; 429 RELAY_SENDER_LIMITED (details.retryAfterSeconds); 400 RELAY_CHAIN_UNSUPPORTED or RELAY_TOKEN_UNSUPPORTED; 503 RELAY_UNAVAILABLE or RELAY_PRICE_UNAVAILABLE.",
        body: RelayOrderBody,
        response: { 202: Ok(RelayedOrder), ...errorResponses(400, 409, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => reply.status(202).send(ok(await service().submit(request.body))),
  );
};

export default relay;
