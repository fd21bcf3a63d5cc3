import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { type Database, tableSchemas } from "./database.ts";
import { TableSchemasPlugin } from "./table-schemas.ts";

export interface DatabaseOptions {
  connectionString: string;
  /** The schema holding the indexer's views (INDEXER_VIEWS_SCHEMA). */
  viewsSchema: string;
  /** Pool size; each API process keeps its own pool. */
  max?: number;
  /** An idle connection failed (the server restarted, say); the pool replaces it on next use. */
  onIdleError?: (error: Error) => void;
}

/** A Kysely instance on a pg pool; each table a query names is put in its schema (`api` or the views'). */
export function connectDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 20 });
  // Without a listener, an idle client's error would crash the process.
  pool.on("error", options.onIdleError ?? (() => {}));
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new TableSchemasPlugin(tableSchemas(options.viewsSchema))],
  });
}
