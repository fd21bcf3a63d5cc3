// A listing's product salt is secret from now on (protocol/src/product.ts): the seller keeps it
// inside its sealed deliverable, and the API no longer stores or publishes it. Listings made before
// published theirs, and their sealed deliverable holds the bare deliverable: their salt stays, as
// legacy_product_salt, for their seller alone to deliver with (it was public already). New listings
// leave it null.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("listings").renameColumn("product_salt", "legacy_product_salt").execute();
  await db.schema
    .alterTable("listings")
    .alterColumn("legacy_product_salt", (c) => c.dropNotNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Listings made with a secret salt have no public one to go back to.
  await db.deleteFrom("listings").where("legacy_product_salt", "is", null).execute();
  await db.schema
    .alterTable("listings")
    .alterColumn("legacy_product_salt", (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable("listings").renameColumn("legacy_product_salt", "product_salt").execute();
}
