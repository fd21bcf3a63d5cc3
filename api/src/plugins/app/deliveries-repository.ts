import type { Delivery } from "@p2p-escrow/protocol/schemas/delivery";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { getAddress } from "viem";
import { apiShaped } from "../../db/api-shape.ts";
import type { SealedEnvelope } from "../../db/tables/api.ts";

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
  /** The delivery as served: the parties checksummed. */
  find(chainId: number, orderId: string): Promise<Static<typeof Delivery> | null>;
  /** When the order's delivery was posted (ISO 8601), or null while it has not been. */
  postedAt(chainId: number, orderId: string): Promise<string | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    deliveriesRepository: DeliveriesRepository;
  }
}

export default fp(
  async function deliveriesRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    app.decorate("deliveriesRepository", {
      async create({ chainId, orderId, seller, buyer, envelope }) {
        const row = await db
          .insertInto("deliveries")
          .values({ chainId, orderId, seller, buyer, envelope: JSON.stringify(envelope) })
          .onConflict((oc) => oc.columns(["chainId", "orderId"]).doNothing())
          .returning("chainId")
          .executeTakeFirst();
        return row !== undefined;
      },
      async find(chainId, orderId) {
        const row = await db
          .selectFrom("deliveries")
          .select(["chainId", "orderId", "seller", "buyer", "envelope", "createdAt"])
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .executeTakeFirst();
        return row ? { ...row, seller: getAddress(row.seller), buyer: getAddress(row.buyer) } : null;
      },
      async postedAt(chainId, orderId) {
        const row = await db
          .selectFrom("deliveries")
          .select("createdAt")
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .executeTakeFirst();
        return row?.createdAt ?? null;
      },
    } satisfies DeliveriesRepository);
  },
  { name: "deliveries-repository", dependencies: ["db"] },
);
