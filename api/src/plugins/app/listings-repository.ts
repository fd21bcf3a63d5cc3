// Listings: the seller's public offer and the product's opening (secret salt and deliverable) sealed
// to the seller's own key. Stock left is never stored: it is counted from the indexed orders on every
// read, so a reorg that drops or restores an order moves it back by itself.

import { RELEASED_STOCK_ORDER_STATUSES } from "@p2p-escrow/contracts/order-status";
import type { BrowseQuery, ListingDetail, ListingSummary } from "@p2p-escrow/protocol/schemas/listing";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type SqlBool, sql } from "kysely";
import { apiShaped } from "../../db/api-shape.ts";
import type { AcceptedPayment, SealedEnvelope } from "../../db/tables/api.ts";
import { badRequest, conflict } from "../../lib/api-error.ts";

export interface NewListingInput {
  seller: string;
  title: string;
  description: string;
  category: string;
  price: string;
  accepted: AcceptedPayment[];
  stock: number | null;
  images: string[];
  productHash: string;
  sealedDeliverable: SealedEnvelope;
}

export type ListingChanges = Partial<
  Pick<NewListingInput, "title" | "description" | "category" | "price" | "accepted" | "stock" | "images">
> & {
  status?: "active" | "paused" | "removed";
};

export interface ListingsRepository {
  /** Throws 409 PRODUCT_HASH_TAKEN when another listing commits to the same product hash. */
  create(input: NewListingInput): Promise<ListingSummary>;
  browse(query: BrowseQuery): Promise<{ items: ListingSummary[]; nextCursor: string | null }>;
  /** The listing with its stock left and its seller's rating; removed ones too (routes decide, and add the payment terms). */
  detail(id: string): Promise<(Omit<ListingDetail, "payments"> & { sealedDeliverable: SealedEnvelope }) | undefined>;
  /** The seller and status, for permission checks, and what the seller delivers with. */
  owner(
    id: string,
  ): Promise<
    { seller: string; status: string; images: string[]; sealedDeliverable: SealedEnvelope; legacyProductSalt: string | null } | undefined
  >;
  update(id: string, changes: ListingChanges): Promise<ListingSummary | undefined>;
}

declare module "fastify" {
  interface FastifyInstance {
    listingsRepository: ListingsRepository;
  }
}

// The keyset is (created_at, id). created_at travels as whole microseconds since the epoch, so
// the cursor keeps PostgreSQL's full precision and decoding needs no date parsing.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const encodeCursor = (micros: string, id: string) => Buffer.from(`${micros}:${id}`).toString("base64url");
function decodeCursor(cursor: string): [string, string] {
  const [micros, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  if (rest.length > 0 || !micros || !/^-?[0-9]{1,17}$/.test(micros) || !id || !UUID.test(id)) {
    throw badRequest("INVALID_CURSOR", "The cursor is malformed; use nextCursor from the previous page");
  }
  return [micros, id];
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "23505";

export default fp(
  async function listingsRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);

    // A listing as ListingSummary shows it. trim_scale: numeric(38, 18) would otherwise read back as
    // "5.000000000000000000".
    const summaryColumns = [
      "l.id",
      "l.seller",
      "l.title",
      "l.description",
      "l.category",
      sql<string>`trim_scale(l.price)::text`.as("price"),
      "l.accepted",
      "l.stock",
      // The stock left, as every view of the listing shows it (the seller's list included): orders
      // naming this product hash that still hold a unit. Only the listing's own seller's orders
      // count, so strangers cannot drain its stock with orders to someone else.
      sql<number | null>`case when l.stock is null then null else greatest(0, l.stock - (
        select count(*) from ${sql.table("orders")} o
        where o.product_hash = l.product_hash and o.seller = l.seller
          and o.status not in (${sql.join(RELEASED_STOCK_ORDER_STATUSES.map((s) => sql.lit(s)))})
      ))::int end`.as("available"),
      "l.images",
      "l.productHash",
      "l.status",
      "l.createdAt",
      "l.updatedAt",
    ] as const;

    const repository: ListingsRepository = {
      async create(input) {
        try {
          const row = await db
            .insertInto("listings")
            .values({
              ...input,
              accepted: JSON.stringify(input.accepted),
              images: JSON.stringify(input.images),
              sealedDeliverable: JSON.stringify(input.sealedDeliverable),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          return await db.selectFrom("listings as l").select(summaryColumns).where("l.id", "=", row.id).executeTakeFirstOrThrow();
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw conflict("PRODUCT_HASH_TAKEN", "Another listing already commits to this product hash; pick a fresh salt");
          }
          throw error;
        }
      },

      async browse(query) {
        let q = db
          .selectFrom("listings as l")
          .select([...summaryColumns, sql<string>`(extract(epoch from l.created_at) * 1000000)::bigint::text`.as("createdAtMicros")])
          .where("l.status", "=", query.status);
        if (query.q) q = q.where(sql<SqlBool>`l.search @@ websearch_to_tsquery('simple', ${query.q})`);
        if (query.category) q = q.where("l.category", "=", query.category);
        if (query.seller) q = q.where("l.seller", "=", query.seller.toLowerCase());
        if (query.minPrice) q = q.where(sql<SqlBool>`l.price >= ${query.minPrice}::numeric`);
        if (query.maxPrice) q = q.where(sql<SqlBool>`l.price <= ${query.maxPrice}::numeric`);
        if (query.chainId !== undefined || query.token) {
          const wanted: Record<string, unknown> = {};
          if (query.chainId !== undefined) wanted.chainId = query.chainId;
          if (query.token) wanted.token = query.token.toLowerCase();
          q = q.where(sql<SqlBool>`l.accepted @> ${JSON.stringify([wanted])}::jsonb`);
        }
        if (query.cursor) {
          const [micros, id] = decodeCursor(query.cursor);
          q = q.where(
            sql<SqlBool>`(l.created_at, l.id) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`,
          );
        }
        const rows = await q
          .orderBy("l.createdAt", "desc")
          .orderBy("l.id", "desc")
          .limit(query.limit + 1)
          .execute();
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: page.map(({ createdAtMicros: _, ...listing }) => listing),
          nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtMicros, last.id) : null,
        };
      },

      async detail(id) {
        const reviews = sql.table("reviews");
        const row = await db
          .selectFrom("listings as l")
          .select([
            ...summaryColumns,
            "l.sealedDeliverable",
            sql<string | null>`(select avg(r.rating)::float8 from ${reviews} r where r.reviewee = l.seller)`.as("ratingAverage"),
            sql<number>`(select count(*)::int from ${reviews} r where r.reviewee = l.seller)`.as("ratingCount"),
          ])
          .where("l.id", "=", id)
          .executeTakeFirst();
        if (!row) return undefined;
        const { ratingAverage, ratingCount, ...listing } = row;
        const sellerRating = ratingCount > 0 ? { average: Math.round(Number(ratingAverage) * 100) / 100, count: ratingCount } : null;
        return { ...listing, sellerRating };
      },

      async owner(id) {
        return db
          .selectFrom("listings")
          .select(["seller", "status", "images", "sealedDeliverable", "legacyProductSalt"])
          .where("id", "=", id)
          .executeTakeFirst();
      },

      async update(id, changes) {
        const updated = await db
          .updateTable("listings")
          .set({
            // Kysely leaves out the fields that are undefined: those stay as they are.
            ...changes,
            accepted: changes.accepted && JSON.stringify(changes.accepted),
            images: changes.images && JSON.stringify(changes.images),
            updatedAt: sql`now()`,
          })
          .where("id", "=", id)
          .returning("id")
          .executeTakeFirst();
        if (!updated) return undefined;
        return db.selectFrom("listings as l").select(summaryColumns).where("l.id", "=", id).executeTakeFirstOrThrow();
      },
    };
    app.decorate("listingsRepository", repository);
  },
  { name: "listings-repository", dependencies: ["db"] },
);
