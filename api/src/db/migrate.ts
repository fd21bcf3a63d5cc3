import { promises as fs } from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { API_SCHEMA, type Database } from "./database.ts";

const MIGRATIONS_DIR = path.join(import.meta.dirname, "migrations");

const migratorOf = (db: Kysely<Database>) =>
  new Migrator({
    db: db.withSchema(API_SCHEMA),
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
    migrationTableSchema: API_SCHEMA,
  });

/** The database has migrations this code would apply: production runs them with the migrate command first. */
export class PendingMigrationsError extends Error {
  readonly pending: string[];

  constructor(pending: string[]) {
    super(
      `the database has ${pending.length} pending migration(s): ${pending.join(", ")}; ` +
        "run the migrate command (node src/db/migrate-cli.ts in the API's directory) first",
    );
    this.pending = pending;
  }
}

/** The migrations not yet applied to the database, by name, without changing anything. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrations = await migratorOf(db).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Brings the `api` schema to the latest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(API_SCHEMA)}`.execute(db);
  const migrator = migratorOf(db);
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? "(setup)"} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
