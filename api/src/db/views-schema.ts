// Where the API and the keeper find the indexer's views: the schema that `ponder start
// --views-schema <name>` keeps pointed at the live deployment. The default is the name the dev
// stack and the tests start Ponder with; a deployment that publishes the views under another name
// sets INDEXER_VIEWS_SCHEMA for the API and the keeper alike.
import { INDEXER_VIEWS_SCHEMA } from "@p2p-escrow/indexer/views-schema";
import { Type } from "@sinclair/typebox";

export const ViewsSchemaEnv = {
  // Lowercase: CamelCasePlugin (db/api-shape.ts) would rewrite an uppercase letter in an identifier.
  INDEXER_VIEWS_SCHEMA: Type.String({
    pattern: "^[a-z_][a-z0-9_]{0,62}$",
    default: INDEXER_VIEWS_SCHEMA,
    description: "the indexer's views schema",
  }),
};
