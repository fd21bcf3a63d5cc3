// The migrate command (`pnpm --filter @p2p-escrow/api migrate`; `node src/db/migrate-cli.ts` in the
// API's image): applies pending migrations and exits. It needs only the database, so an operator
// runs it before starting or upgrading the API processes, which in production refuse to start
// while a migration is pending (plugins/app/db.ts).
import { type Static, Type } from "@sinclair/typebox";
import { parseEnv } from "../config/parse-env.ts";
import { connectDatabase } from "./connect.ts";
import { migrateToLatest } from "./migrate.ts";
import { ViewsSchemaEnv } from "./views-schema.ts";

const MigrateEnv = Type.Object({ DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }), ...ViewsSchemaEnv });

const { env, problems } = parseEnv(MigrateEnv, process.env);
if (problems.length > 0) {
  console.error(`invalid environment:\n${problems.join("\n")}`);
  process.exit(1);
}
const config: Static<typeof MigrateEnv> = env;
const db = connectDatabase({ connectionString: config.DATABASE_URL, viewsSchema: config.INDEXER_VIEWS_SCHEMA, max: 1 });
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "already up to date");
} finally {
  await db.destroy();
}
