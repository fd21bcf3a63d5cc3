// Rate-limit counters shared by every API process (plugins/external/rate-limit.ts): one row per key
// (`ip:<address>`, `wallet:<address>`, a route's own prefix) and fixed window.
//
// UNLOGGED: a counter is worth less than the WAL it would write on every request. A crash or a
// failover to a replica empties the table, which at worst grants each client one fresh window.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    .modifyFront(sql`unlogged`)
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("resets_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limits_resets_at").on("rate_limits").column("resets_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}
