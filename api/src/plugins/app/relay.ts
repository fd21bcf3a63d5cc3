// The order relay (services/relay/order-relay.ts) on the chains this process can relay on: null
// when no relayer key is configured, and then /relay answers RELAY_UNAVAILABLE.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { privateKeyToAccount } from "viem/accounts";
import { createOrderRelay, type OrderRelay } from "../../services/relay/order-relay.ts";
import { relayChainsFrom } from "../../services/relay/relay-config.ts";

declare module "fastify" {
  interface FastifyInstance {
    orderRelay: OrderRelay | null;
  }
}

export default fp(
  async function relay(app: FastifyInstance) {
    const { config } = app;
    const key = config.RELAYER_PRIVATE_KEY as `0x${string}` | undefined;
    const chains = relayChainsFrom(config.rpcUrls, config.nativePrices, config.PAYMASTER_PRICE_FEED_MAX_AGE_SECONDS);
    const relay =
      key && chains.size > 0
        ? createOrderRelay({
            chains,
            account: privateKeyToAccount(key),
            db: app.db,
            marginBps: config.PAYMASTER_MARGIN_BPS,
            ordersPerSenderPerHour: config.RELAY_ORDERS_PER_SENDER_PER_HOUR,
          })
        : null;
    app.decorate("orderRelay", relay);
  },
  { name: "relay", dependencies: ["db"] },
);
