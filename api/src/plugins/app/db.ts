import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { connectDatabase } from "../../db/connect.ts";
import type { Database } from "../../db/database.ts";
import { migrateToLatest, PendingMigrationsError, pendingMigrations } from "../../db/migrate.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

/**
 * The database at the latest schema before the app serves anything. Development and tests migrate
 * it here; production never does (several processes would race, and a schema change is the
 * operator's step: the migrate command), so it refuses to start while migrations are pending.
 */
export default fp(
  async function db(app: FastifyInstance) {
    const db = connectDatabase({
      connectionString: app.config.DATABASE_URL,
      viewsSchema: app.config.INDEXER_VIEWS_SCHEMA,
      onConnectionError: (err) => app.log.warn({ err }, "database connection failed"),
    });
    if (app.config.NODE_ENV === "production") {
      const pending = await pendingMigrations(db).catch(async (error) => {
        await db.destroy();
        throw error;
      });
      if (pending.length > 0) {
        await db.destroy();
        throw new PendingMigrationsError(pending);
      }
    } else await migrateToLatest(db);
    app.decorate("db", db);
    app.addHook("onClose", async () => db.destroy());
  },
  { name: "db" },
);
