// Puts each table a query names in its PostgreSQL schema: the API's tables in `api`, the indexer's
// views in the schema Ponder publishes them to (INDEXER_VIEWS_SCHEMA).
//
// Kysely's withSchema() puts every table of an instance in one schema. The API needs two in the
// same statement (an order joined to its listing, an evidence pointer to the uploaded file), and
// the views' schema is only known at run time, so it cannot be part of a table's name in the
// Database interface either. So queries name tables bare, in the builder and in raw SQL alike
// (`sql.table("orders")`), and this plugin qualifies each name the map knows. Aliases and CTEs are
// left alone, as long as none reuses a table's name.
import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  TableNode,
} from "kysely";

class TableSchemasTransformer extends OperationNodeTransformer {
  readonly #schemas: ReadonlyMap<string, string>;

  constructor(schemas: Record<string, string>) {
    super();
    this.#schemas = new Map(Object.entries(schemas));
  }

  protected override transformTable(node: TableNode, queryId?: QueryId): TableNode {
    const transformed = super.transformTable(node, queryId);
    const name = transformed.table.identifier.name;
    const schema = this.#schemas.get(name);
    return transformed.table.schema || schema === undefined ? transformed : TableNode.createWithSchema(schema, name);
  }
}

export class TableSchemasPlugin implements KyselyPlugin {
  readonly #transformer: TableSchemasTransformer;

  /** `schemas`: table name → the schema it lives in. */
  constructor(schemas: Record<string, string>) {
    this.#transformer = new TableSchemasTransformer(schemas);
  }

  transformQuery(args: PluginTransformQueryArgs) {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}
