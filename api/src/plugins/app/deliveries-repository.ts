import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Delivery, SealedEnvelope } from "../../db/tables/api.ts";

export interface NewDelivery {
  chainId: number;
  orderId: string;
  seller: string;
  buyer: string;
  envelope: SealedEnvelope;
}

export interface DeliveriesRepository {
  /** Stores the order's one delivery; false when it already has one. */
  create(delivery: NewDelivery): Promise<boolean>;
  find(chainId: number, orderId: string): Promise<Delivery | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    deliveriesRepository: DeliveriesRepository;
  }
}

export default fp(
  async function deliveriesRepository(app: FastifyInstance) {
    const { db } = app;
    app.decorate("deliveriesRepository", {
      async create({ chainId, orderId, seller, buyer, envelope }) {
        const row = await db
          .insertInto("deliveries")
          .values({ chain_id: chainId, order_id: orderId, seller, buyer, envelope: JSON.stringify(envelope) })
          .onConflict((oc) => oc.columns(["chain_id", "order_id"]).doNothing())
          .returning("chain_id")
          .executeTakeFirst();
        return row !== undefined;
      },
      async find(chainId, orderId) {
        return (await db.selectFrom("deliveries").selectAll().where("chain_id", "=", chainId).where("order_id", "=", orderId).executeTakeFirst()) ?? null;
      },
    } satisfies DeliveriesRepository);
  },
  { name: "deliveries-repository", dependencies: ["db"] },
);
