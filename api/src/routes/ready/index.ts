import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Type } from "@sinclair/typebox";
import { sql } from "kysely";
import { ApiError } from "../../lib/api-error.ts";
import { createIndexerStatus } from "../../services/indexer-status.ts";

const ChainLag = Type.Object({
  chainId: Type.Integer(),
  indexedBlock: Type.Integer(),
  headBlock: Type.Union([Type.Integer(), Type.Null()]),
  lagBlocks: Type.Union([Type.Integer(), Type.Null()]),
});
const Readiness = Type.Object({
  database: Type.Boolean(),
  indexer: Type.Object({
    published: Type.Boolean(),
    backfilled: Type.Boolean(),
    chains: Type.Array(ChainLag),
    error: Type.Optional(Type.String()),
  }),
  maxLagBlocks: Type.Integer(),
});

/**
 * Readiness: the database answers, and the indexer deployment the views show (whichever version a
 * rollout has switched them to) has backfilled and is within the allowed lag.
 */
const ready: FastifyPluginAsyncTypebox = async (app) => {
  const indexerStatus = createIndexerStatus(app.db, app.config.INDEXER_VIEWS_SCHEMA, app.config.rpcUrls);
  const maxLagBlocks = app.config.READY_MAX_LAG_BLOCKS;

  app.get(
    "/",
    {
      config: { auth: "public", rateLimit: false },
      schema: { tags: ["health"], security: [], response: { 200: Ok(Readiness), ...errorResponses(503) } },
    },
    async () => {
      const [database, indexer] = await Promise.all([
        sql`select 1`.execute(app.db).then(
          () => true,
          () => false,
        ),
        indexerStatus(),
      ]);
      const report = { database, indexer, maxLagBlocks };
      const lagging = indexer.chains.some((c) => c.lagBlocks !== null && c.lagBlocks > maxLagBlocks);
      if (!database || !indexer.published || !indexer.backfilled || lagging) {
        throw new ApiError(503, "NOT_READY", "A dependency is not ready", report);
      }
      return ok(report);
    },
  );
};

export default ready;
