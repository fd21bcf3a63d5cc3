// Listing images: which CIDs a listing was given, with their sniffed type. The listing's own
// `images` column keeps the display order (the seller may reorder or drop them with PATCH); this
// table is what the public read route checks, so it serves only images uploaded for that listing.
import type { ListingImageType } from "@p2p-escrow/protocol/schemas/listing";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";
import { apiShaped } from "../../db/api-shape.ts";

export interface NewListingImage {
  listingId: string;
  cid: string;
  contentType: ListingImageType;
  size: number;
}

export type AttachResult = { images: string[] } | "exists" | "full" | "gone";

export interface ListingImagesRepository {
  /**
   * Records the image and appends `ipfs://<cid>` to the listing's images, in one transaction that
   * locks the listing row, so concurrent uploads cannot pass the count limit together.
   */
  attach(image: NewListingImage, max: number): Promise<AttachResult>;
  /** The image's type and size, when it was uploaded for this listing. */
  find(listingId: string, cid: string): Promise<{ contentType: string; size: number } | undefined>;
}

declare module "fastify" {
  interface FastifyInstance {
    listingImagesRepository: ListingImagesRepository;
  }
}

export const imageUri = (cid: string) => `ipfs://${cid}`;

export default fp(
  async function listingImagesRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const repository: ListingImagesRepository = {
      async attach({ listingId, cid, contentType, size }, max) {
        return db.transaction().execute(async (trx) => {
          const listing = await trx
            .selectFrom("listings")
            .select(["images", "status"])
            .where("id", "=", listingId)
            .forUpdate()
            .executeTakeFirst();
          if (!listing || listing.status === "removed") return "gone";
          const uri = imageUri(cid);
          if (listing.images.includes(uri)) return "exists";
          if (listing.images.length >= max) return "full";
          await trx
            .insertInto("listing_images")
            .values({ listingId, cid, contentType, size })
            .onConflict((oc) => oc.columns(["listingId", "cid"]).doNothing())
            .execute();
          const images = [...listing.images, uri];
          await trx
            .updateTable("listings")
            .set({ images: JSON.stringify(images), updatedAt: sql`now()` })
            .where("id", "=", listingId)
            .execute();
          return { images };
        });
      },

      async find(listingId, cid) {
        return db
          .selectFrom("listing_images")
          .select(["contentType", "size"])
          .where("listingId", "=", listingId)
          .where("cid", "=", cid)
          .executeTakeFirst();
      },
    };
    app.decorate("listingImagesRepository", repository);
  },
  { name: "listing-images-repository", dependencies: ["db"] },
);
