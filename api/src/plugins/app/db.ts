import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { connectDatabase } from "../../db/connect.ts";
import type { Database } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

/** The database, migrated to the latest schema before the app serves anything. */
export default fp(
  async function db(app: FastifyInstance) {
    const db = connectDatabase({
      connectionString: app.config.DATABASE_URL,
      viewsSchema: app.config.INDEXER_VIEWS_SCHEMA,
      onIdleError: (err) => app.log.warn({ err }, "idle database connection failed"),
    });
    await migrateToLatest(db);
    app.decorate("db", db);
    app.addHook("onClose", async () => db.destroy());
  },
  { name: "db" },
);
