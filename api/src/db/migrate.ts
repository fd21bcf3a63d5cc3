import { promises as fs } from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { API_SCHEMA, type Database } from "./database.ts";

const MIGRATIONS_DIR = path.join(import.meta.dirname, "migrations");

/** Brings the `api` schema to the latest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(API_SCHEMA)}`.execute(db);
  const migrator = new Migrator({
    db: db.withSchema(API_SCHEMA),
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
    migrationTableSchema: API_SCHEMA,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? "(setup)"} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
