// The views step (`node src/db/publish-views-cli.ts` in the API's image; the Compose file's
// `indexer-views` service): shows the indexer deployment in INDEXER_SCHEMA through the views schema
// once it has backfilled (and, when the views show another deployment, caught up with it), then
// exits. Already shown: exits at once. Production indexers run without Ponder's `--views-schema`,
// so this step, like `pnpm indexer:rollout` for a version started beside the live one, is what
// publishes the views: docs/indexer-rollout.md.
import { type Static, Type } from "@sinclair/typebox";
import pg from "pg";
import { parseEnv } from "../config/parse-env.ts";
import { publishWhenCaughtUp, withClient } from "./indexer-views/publish.ts";
import { liveSchema } from "./indexer-views/switch.ts";
import { ViewsSchemaEnv } from "./views-schema.ts";

const PublishEnv = Type.Object({
  DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
  INDEXER_SCHEMA: Type.String({
    pattern: "^[a-z_][a-z0-9_]{0,62}$",
    description: "the indexer deployment's Ponder schema (its DATABASE_SCHEMA)",
  }),
  ...ViewsSchemaEnv,
  INDEXER_VIEWS_TIMEOUT_MINUTES: Type.Number({ exclusiveMinimum: 0, default: 720, description: "how long the backfill may take" }),
});

const { env, problems } = parseEnv(PublishEnv, process.env);
if (problems.length > 0) {
  console.error(`invalid environment:\n${problems.join("\n")}`);
  process.exit(1);
}
const config: Static<typeof PublishEnv> = env;
const { INDEXER_SCHEMA: schema, INDEXER_VIEWS_SCHEMA: viewsSchema } = config;
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
pool.on("error", () => {}); // an idle connection dropped by a restart: the next attempt opens another
try {
  if ((await withClient(pool, (client) => liveSchema(client, viewsSchema))) === schema) {
    console.log(`views "${viewsSchema}" already show "${schema}"`);
  } else {
    const published = await publishWhenCaughtUp(pool, {
      schema,
      viewsSchema,
      timeoutMs: config.INDEXER_VIEWS_TIMEOUT_MINUTES * 60_000,
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify({ schema, viewsSchema, previous: published.from ?? null, heldMs: Number(published.heldMs.toFixed(1)) }));
  }
} catch (error) {
  console.error(`publishing the views failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
