// The paymaster service (services/paymaster/quote-service.ts) on the chains this process can quote
// on: null when no quote signer is configured, and then POST /paymaster answers PAYMASTER_UNAVAILABLE.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { privateKeyToAccount } from "viem/accounts";
import { paymasterChainsFrom } from "../../services/paymaster/paymaster-config.ts";
import { createQuoteService, type QuoteService } from "../../services/paymaster/quote-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    paymasterQuotes: QuoteService | null;
  }
}

export default fp(
  async function paymaster(app: FastifyInstance) {
    const { config } = app;
    const key = config.PAYMASTER_QUOTE_SIGNER_KEY as `0x${string}` | undefined;
    const chains = paymasterChainsFrom(config.rpcUrls, config.nativePrices, config.PAYMASTER_PRICE_FEED_MAX_AGE_SECONDS);
    const service =
      key && chains.size > 0
        ? createQuoteService({
            chains,
            signer: privateKeyToAccount(key),
            marginBps: config.PAYMASTER_MARGIN_BPS,
            ttlSeconds: config.PAYMASTER_QUOTE_TTL_SECONDS,
          })
        : null;
    app.decorate("paymasterQuotes", service);
  },
  { name: "paymaster" },
);
