// Listing images: public pictures a seller pins to IPFS through the API. One row per image a
// listing was given, with the type its bytes were sniffed as, so the public read route serves it
// with that type and only for the listing it belongs to (never another CID the node holds, such as
// evidence ciphertext).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("listing_images")
    .addColumn("listing_id", "uuid", (c) => c.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("cid", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("listing_images_pk", ["listing_id", "cid"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("listing_images").execute();
}
