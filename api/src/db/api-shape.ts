// The database in the API's shape. The tables (db/tables/*.ts), the migrations and every SQL
// statement use the database's snake_case names; repositories read and write through
// `apiShaped(db)`, whose rows carry the camelCase names the API's JSON uses and its timestamps as
// ISO 8601 strings (JSON has no dates). So a column is renamed and a timestamp formatted once, on
// the way out of the database, and routes send what the repositories return.
//
// Why Kysely's CamelCasePlugin rather than row types generated from indexer/ponder.schema.ts: the
// API reads its own tables as much as the indexer's views and wants one shape for both; Ponder's
// table types read uint256 columns as bigint (through Ponder's own client), while pg hands numeric
// back as the decimal string the API sends; and they would bring `ponder` into the API's
// dependencies. The views' camelCase names are the very names ponder.schema.ts gives the columns.
import {
  CamelCasePlugin,
  type ColumnType,
  type Insertable,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from "kysely";
import type { Database } from "./database.ts";

/** `snake_case` → `camelCase`, as CamelCasePlugin maps a column name. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type Iso<T> = T extends Date ? string : T;
/** Timestamps read back as ISO strings; what a query writes keeps its type. */
type IsoColumn<C> = C extends ColumnType<infer Select, infer Insert, infer Update> ? ColumnType<Iso<Select>, Insert, Update> : Iso<C>;
type ApiShapedTable<T> = { [K in keyof T & string as CamelCase<K>]: IsoColumn<T[K]> };

/** The tables under their SQL names, their columns as `apiShaped` reads and writes them. */
export type ApiShapedDatabase = { [T in keyof Database]: ApiShapedTable<Database[T]> };
/** A row of `T` as a repository inserts it. */
export type NewRow<T extends keyof ApiShapedDatabase> = Insertable<ApiShapedDatabase[T]>;

// JSON columns (event args, payloads, envelopes, volumes) are stored as the API sends them: only
// the row's own keys are renamed.
const camelCase = new CamelCasePlugin({ maintainNestedObjectKeys: true });

const isoTimestamps: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs) => args.node,
  async transformResult({ result }: PluginTransformResultArgs) {
    const rows = result.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
      return out;
    });
    return { ...result, rows };
  },
};

/**
 * `db` (or a transaction on it) reading and writing in the API's shape. The plugins do at run time
 * what ApiShapedDatabase says at compile time, which Kysely cannot derive by itself: hence the cast.
 */
export function apiShaped(db: Kysely<Database>): Kysely<ApiShapedDatabase> {
  return db.withPlugin(camelCase).withPlugin(isoTimestamps) as unknown as Kysely<ApiShapedDatabase>;
}
