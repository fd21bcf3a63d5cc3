// The API's own tables. Frozen once landed: change the schema with a new, later-dated migration.
// Addresses are stored lowercase; token amounts as numeric; all times as timestamptz.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("auth_nonces")
    .addColumn("nonce", "text", (c) => c.primaryKey())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("auth_nonces_expires_at").on("auth_nonces").column("expires_at").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("jti", "uuid", (c) => c.primaryKey())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("issued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("sessions_address").on("sessions").column("address").execute();

  await db.schema
    .createTable("profiles")
    .addColumn("address", "text", (c) => c.primaryKey())
    .addColumn("display_name", "text")
    .addColumn("encryption_public_key", "text") // X25519, base64
    .addColumn("signing_public_key", "text") // Ed25519, base64
    .addColumn("key_signature", "text") // the wallet's EIP-191 signature binding both keys to it
    .addColumn("keys_updated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("listings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("seller", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("price", "numeric(38, 18)", (c) => c.notNull()) // in the stablecoin's whole units (USD)
    .addColumn("accepted", "jsonb", (c) => c.notNull()) // [{ chainId, token }]
    .addColumn("stock", "integer") // null: unlimited
    .addColumn("images", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("product_salt", "text", (c) => c.notNull()) // bytes32 hex: productHash = keccak256(salt ‖ deliverable)
    .addColumn("product_hash", "text", (c) => c.notNull().unique())
    .addColumn("sealed_deliverable", "jsonb", (c) => c.notNull()) // the deliverable, sealed to the seller's own key
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active")) // active | paused | removed
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("search", sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(category, ''))`,
        )
        .stored(),
    )
    .execute();
  await db.schema.createIndex("listings_seller").on("listings").columns(["seller", "created_at"]).execute();
  await db.schema.createIndex("listings_browse").on("listings").columns(["status", "created_at", "id"]).execute();
  await db.schema.createIndex("listings_search").on("listings").using("gin").column("search").execute();

  await db.schema
    .createTable("deliveries")
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("order_id", "numeric(78, 0)", (c) => c.notNull())
    .addColumn("seller", "text", (c) => c.notNull())
    .addColumn("buyer", "text", (c) => c.notNull())
    .addColumn("envelope", "jsonb", (c) => c.notNull()) // { nonce, ciphertext, senderPublicKey } sealed to the buyer
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("deliveries_pk", ["chain_id", "order_id"])
    .execute();

  await db.schema
    .createTable("conversation_keys")
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("order_id", "numeric(78, 0)", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("wrapped_by", "text", (c) => c.notNull())
    .addColumn("envelope", "jsonb", (c) => c.notNull()) // the conversation key, sealed to the recipient
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("conversation_keys_pk", ["chain_id", "order_id", "recipient"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("order_id", "numeric(78, 0)", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull()) // 1, 2, … within the order's conversation
    .addColumn("sender", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("ciphertext", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull()) // Ed25519 over `hash`, by the sender's bound signing key
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("messages_order_seq", ["chain_id", "order_id", "seq"])
    .execute();

  await db.schema
    .createTable("evidence_files")
    .addColumn("cid", "text", (c) => c.primaryKey())
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("order_id", "numeric(78, 0)", (c) => c.notNull())
    .addColumn("uploader", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull()) // secretbox nonce of the file
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("evidence_files_order").on("evidence_files").columns(["chain_id", "order_id"]).execute();

  await db.schema
    .createTable("evidence_keys")
    .addColumn("cid", "text", (c) => c.notNull().references("evidence_files.cid").onDelete("cascade"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("wrapped_by", "text", (c) => c.notNull())
    .addColumn("envelope", "jsonb", (c) => c.notNull()) // the file key, sealed to the recipient
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("evidence_keys_pk", ["cid", "recipient"])
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("chain_id", "integer", (c) => c.notNull())
    .addColumn("order_id", "numeric(78, 0)", (c) => c.notNull())
    .addColumn("reviewer", "text", (c) => c.notNull())
    .addColumn("reviewee", "text", (c) => c.notNull())
    .addColumn("rating", "smallint", (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull()) // EIP-712, by the reviewer
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("reviews_once", ["chain_id", "order_id", "reviewer"])
    .execute();
  await db.schema.createIndex("reviews_reviewee").on("reviews").columns(["reviewee", "created_at"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("chain_id", "integer")
    .addColumn("order_id", "numeric(78, 0)")
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique()) // the same reminder or event is stored once
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    .execute();
  await db.schema.createIndex("notifications_recipient").on("notifications").columns(["recipient", "id"]).execute();

  // The realtime log: every event pushed over the WebSocket, so a reconnecting client can ask for
  // everything after the last id it saw.
  await db.schema
    .createTable("realtime_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("room", "text", (c) => c.notNull()) // user:<address> | order:<chainId>:<orderId>
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("realtime_events_room").on("realtime_events").columns(["room", "id"]).execute();

  // Progress of background workers that follow the indexer (per chain), so a restart resumes.
  await db.schema
    .createTable("cursors")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "cursors",
    "realtime_events",
    "notifications",
    "reviews",
    "evidence_keys",
    "evidence_files",
    "messages",
    "conversation_keys",
    "deliveries",
    "listings",
    "profiles",
    "sessions",
    "auth_nonces",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
