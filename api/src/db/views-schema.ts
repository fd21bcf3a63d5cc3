// Where the API and the keeper find the indexer's views: the schema that `ponder start
// --views-schema <name>` keeps pointed at the live deployment. The default repeats the name the dev
// stack and the tests start Ponder with (indexer/views-schema.ts): the API does not take on the
// indexer package, and Ponder, for one string. A deployment that publishes the views under another
// name sets INDEXER_VIEWS_SCHEMA for the API and the keeper alike.
import { Type } from "@sinclair/typebox";

export const ViewsSchemaEnv = {
  // Lowercase: CamelCasePlugin (db/api-shape.ts) would rewrite an uppercase letter in an identifier.
  INDEXER_VIEWS_SCHEMA: Type.String({ pattern: "^[a-z_][a-z0-9_]{0,62}$", default: "indexer", description: "the indexer's views schema" }),
};
