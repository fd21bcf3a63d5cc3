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
  /**
   * A connection failed (the server restarted or ended the session): an idle one is replaced on
   * next use; one a transaction holds fails that transaction's next statement, then is discarded.
   */
  onConnectionError?: (error: Error) => void;
}

/** A Kysely instance on a pg pool; each table a query names is put in its schema (`api` or the views'). */
export function connectDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 20 });
  // A client's error event with no listener is thrown and ends the process. pg's pool listens to
  // its clients only while they are idle, so each client gets a listener of its own for its whole
  // life: a session ended while a transaction holds it between statements (a server restart under
  // load) must fail that transaction, not every request the process serves.
  const onError = options.onConnectionError ?? (() => {});
  pool.on("connect", (client) => client.on("error", onError));
  pool.on("error", () => {}); // an idle client's error, already reported by the listener above
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new TableSchemasPlugin(tableSchemas(options.viewsSchema))],
  });
}
