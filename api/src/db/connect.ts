import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { API_SCHEMA, type Database } from "./database.ts";

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size; each API process keeps its own pool. */
  max?: number;
  /** An idle connection failed (the server restarted, say); the pool replaces it on next use. */
  onIdleError?: (error: Error) => void;
}

/** A Kysely instance on a pg pool, defaulting unqualified table names to the `api` schema. */
export function connectDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 20 });
  // Without a listener, an idle client's error would crash the process.
  pool.on("error", options.onIdleError ?? (() => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }).withSchema(API_SCHEMA);
}
