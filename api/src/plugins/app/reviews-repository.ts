import type { Review as ReviewSchema } from "@p2p-escrow/protocol/schemas/review";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { getAddress } from "viem";
import { apiShaped, type NewRow } from "../../db/api-shape.ts";
import type { Database } from "../../db/database.ts";
import { isViewsUnpublished } from "../../lib/views-unpublished.ts";

export interface OrderParties {
  buyer: string;
  seller: string;
  status: string;
}

/** A stored review as served: addresses checksummed, everything the signature covers included. */
export type Review = Static<typeof ReviewSchema>;
export type NewReview = NewRow<"reviews">;

export interface RatingSummary {
  count: number;
  /** Mean stars to two decimals, null without reviews. */
  average: number | null;
  histogram: Record<1 | 2 | 3 | 4 | 5, number>;
}

export interface ReviewsRepository {
  /** The order's parties and status as indexed, or null when the indexer has not seen it. */
  orderParties(chainId: number, orderId: string): Promise<OrderParties | null>;
  /**
   * Stores the review and runs `alongside` in the same transaction; null when this reviewer
   * already reviewed this order, and then nothing is written.
   */
  create(review: NewReview, alongside?: (trx: Kysely<Database>) => Promise<void>): Promise<Review | null>;
  /** Reviews of `reviewee`, newest first, strictly older than the review `before` when given. */
  listForReviewee(reviewee: string, limit: number, before?: string): Promise<Review[]>;
  forOrder(chainId: number, orderId: string): Promise<Review[]>;
  ratingOf(reviewee: string): Promise<RatingSummary>;
}

declare module "fastify" {
  interface FastifyInstance {
    reviewsRepository: ReviewsRepository;
  }
}

const UNIQUE_VIOLATION = "23505";

export default fp(
  async function reviewsRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const columns = ["id", "chainId", "orderId", "reviewer", "reviewee", "rating", "text", "signature", "createdAt"] as const;
    const served = <R extends { reviewer: string; reviewee: string }>(row: R) => ({
      ...row,
      reviewer: getAddress(row.reviewer),
      reviewee: getAddress(row.reviewee),
    });

    const repository: ReviewsRepository = {
      async orderParties(chainId, orderId) {
        try {
          const row = await db
            .selectFrom("orders")
            .select(["buyer", "seller", "status"])
            .where("chainId", "=", chainId)
            .where("orderId", "=", orderId)
            .executeTakeFirst();
          return row ?? null;
        } catch (error) {
          // Until the indexer publishes its views it knows no order at all.
          if (isViewsUnpublished(error)) return null;
          throw error;
        }
      },
      async create(review, alongside) {
        try {
          // The transaction runs on the plain instance: `alongside` writes the realtime log in its own terms.
          return await app.db.transaction().execute(async (trx) => {
            const row = await apiShaped(trx).insertInto("reviews").values(review).returning(columns).executeTakeFirstOrThrow();
            await alongside?.(trx);
            return served(row);
          });
        } catch (error) {
          if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
          throw error;
        }
      },
      async listForReviewee(reviewee, limit, before) {
        let query = db.selectFrom("reviews").select(columns).where("reviewee", "=", reviewee.toLowerCase());
        if (before !== undefined) query = query.where("id", "<", before);
        return (await query.orderBy("id", "desc").limit(limit).execute()).map(served);
      },
      async forOrder(chainId, orderId) {
        const rows = await db
          .selectFrom("reviews")
          .select(columns)
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .orderBy("id")
          .execute();
        return rows.map(served);
      },
      async ratingOf(reviewee) {
        const rows = await db
          .selectFrom("reviews")
          .select(["rating", (eb) => eb.fn.countAll<string>().as("n")])
          .where("reviewee", "=", reviewee.toLowerCase())
          .groupBy("rating")
          .execute();
        const histogram = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
        let count = 0;
        let stars = 0;
        for (const row of rows) {
          const n = Number(row.n);
          histogram[row.rating as 1 | 2 | 3 | 4 | 5] = n;
          count += n;
          stars += n * row.rating;
        }
        return { count, average: count === 0 ? null : Math.round((stars / count) * 100) / 100, histogram };
      },
    };
    app.decorate("reviewsRepository", repository);
  },
  { name: "reviews-repository", dependencies: ["db"] },
);
