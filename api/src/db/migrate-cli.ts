// `pnpm --filter @p2p-escrow/api migrate`: applies pending migrations and exits.
import { loadConfig } from "../config/env.ts";
import { connectDatabase } from "./connect.ts";
import { migrateToLatest } from "./migrate.ts";

const config = loadConfig();
const db = connectDatabase({ connectionString: config.DATABASE_URL, viewsSchema: config.INDEXER_VIEWS_SCHEMA, max: 1 });
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "already up to date");
} finally {
  await db.destroy();
}
