// Loads the indexer's own handler files and table definitions outside Ponder, so the baseline runs
// exactly the code Ponder runs: `ponder:registry` becomes registry.ts (which records each handler),
// `ponder:schema` the indexer's ponder.schema.ts. The imports are dynamic so that the root typecheck
// does not follow them into Ponder's virtual modules. It needs Node's own loader (where the resolve
// hook applies): a test runs it in a child process (cli.ts), not inside Vitest's module runner.
import { realpathSync } from "node:fs";
import { registerHooks } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { INDEXED_TABLES } from "../harness/indexed-tables.ts";
import type { Handler } from "./registry.ts";

const INDEXER_DIR = path.resolve(import.meta.dirname, "../../../indexer");

/** The parts of a Drizzle column the store needs (Ponder's tables are Drizzle tables). */
export interface Column {
  name: string; // SQL name
  notNull: boolean;
  hasDefault: boolean;
  default?: unknown;
  getSQLType(): string;
  mapToDriverValue?(value: unknown): unknown;
  mapFromDriverValue?(value: unknown): unknown;
}

/** One table as the store and the DDL need it, keyed by the handlers' table object. */
export interface TableInfo {
  name: string;
  /** JS property name → column, in declaration order. */
  columns: [string, Column][];
  /** The primary key's columns, by JS property name. */
  primaryKey: [string, Column][];
  /** Secondary indexes, as lists of SQL column names. */
  indexes: string[][];
}

interface DrizzleTableConfig {
  name: string;
  columns: (Column & { primary: boolean })[];
  primaryKeys: { columns: Column[] }[];
  indexes: { config: { columns: { name: string }[] } }[];
}

let loaded: Promise<{ handlers: Map<string, Handler>; tables: Map<object, TableInfo> }> | undefined;

/** The indexer's handlers and tables, loaded once per process. */
export function loadIndexer() {
  loaded ??= load();
  return loaded;
}

async function load() {
  const registryUrl = new URL("./registry.ts", import.meta.url).href;
  const schemaUrl = pathToFileURL(path.join(INDEXER_DIR, "ponder.schema.ts")).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === "ponder:registry") return { url: registryUrl, shortCircuit: true };
      if (specifier === "ponder:schema") return { url: schemaUrl, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
  // Drizzle as Ponder itself resolves it (a dependency of Ponder's, not of ours).
  const ponderDir = realpathSync(path.join(INDEXER_DIR, "node_modules/ponder"));
  const drizzle = (await import(pathToFileURL(path.join(ponderDir, "../drizzle-orm/pg-core/index.js")).href)) as {
    getTableConfig: (table: object) => DrizzleTableConfig;
  };
  const { handlers } = (await import(registryUrl)) as { handlers: Map<string, Handler> };
  const schema = (await import(schemaUrl)) as Record<string, object>;
  for (const file of ["P2PEscrow.ts", "ArbitratorPool.ts"]) await import(pathToFileURL(path.join(INDEXER_DIR, "src", file)).href);

  const tables = new Map<object, TableInfo>();
  for (const table of Object.values(schema)) {
    const config = drizzle.getTableConfig(table);
    if (!(INDEXED_TABLES as readonly string[]).includes(config.name)) continue;
    // Columns are matched by SQL name: the key and index configs hold copies of the column objects.
    const jsName = new Map(
      Object.entries(table as Record<string, unknown>).flatMap(([js, column]) =>
        config.columns.includes(column as DrizzleTableConfig["columns"][number]) ? [[(column as Column).name, js] as const] : [],
      ),
    );
    const columns = config.columns.map((column) => [jsName.get(column.name)!, column] as [string, Column]);
    const primary = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
    tables.set(table, {
      name: config.name,
      columns,
      primaryKey: primary.map((key) => columns.find(([, column]) => column.name === key.name)!),
      indexes: config.indexes.map((index) => index.config.columns.map((c) => c.name)),
    });
  }
  const missing = INDEXED_TABLES.filter((name) => ![...tables.values()].some((t) => t.name === name));
  if (missing.length > 0) throw new Error(`the indexer's schema has no table ${missing.join(", ")}`);
  return { handlers, tables };
}
