// The part of Ponder's store API the indexer's handlers use (insert with or without a conflict
// clause, update, find), over rows held in memory, with the same semantics: values are normalised
// through their Drizzle column as Ponder normalises them (hex lowercased, ...), an update skips
// undefined fields, a plain insert of an existing key and an update of a missing one throw. Changed
// rows are written to PostgreSQL by `flush`, as upserts in batches.
import pg from "pg";
import type { Column, TableInfo } from "./handlers.ts";

type Row = Record<string, unknown>;
type Patch = Row | ((row: Row) => Row);

// PostgreSQL takes at most 65,535 parameters in one statement.
const MAX_PARAMETERS = 65_535;

const ident = pg.escapeIdentifier;

function normalize(column: Column, value: unknown) {
  if (value === undefined) return column.hasDefault ? column.default : null;
  if (value === null || !column.mapToDriverValue || !column.mapFromDriverValue) return value;
  return column.mapFromDriverValue(column.mapToDriverValue(value));
}

export class MemoryStore {
  private readonly rows = new Map<TableInfo, Map<string, Row>>();
  private readonly dirty = new Map<TableInfo, Set<string>>();
  private readonly tables: Map<object, TableInfo>;

  constructor(tables: Map<object, TableInfo>) {
    this.tables = tables;
    for (const info of tables.values()) {
      this.rows.set(info, new Map());
      this.dirty.set(info, new Set());
    }
  }

  private info(table: object) {
    const info = this.tables.get(table);
    if (!info) throw new Error("not an indexed table");
    return info;
  }

  private key(info: TableInfo, values: Row) {
    return info.primaryKey.map(([js, column]) => String(normalize(column, values[js]))).join("_");
  }

  private put(info: TableInfo, key: string, row: Row) {
    this.rows.get(info)!.set(key, row);
    this.dirty.get(info)!.add(key);
    return { ...row };
  }

  private insertRow(info: TableInfo, key: string, values: Row) {
    const row: Row = {};
    for (const [js, column] of info.columns) {
      row[js] = normalize(column, values[js]);
      if (row[js] === null && column.notNull) throw new Error(`${info.name}.${column.name} violates its not-null constraint`);
    }
    return this.put(info, key, row);
  }

  private updateRow(info: TableInfo, key: string, row: Row, patch: Patch) {
    const set = typeof patch === "function" ? patch({ ...row }) : patch;
    const next = { ...row };
    for (const [js, column] of info.columns) if (set[js] !== undefined) next[js] = normalize(column, set[js]);
    return this.put(info, key, next);
  }

  /** Ponder's `context.db`, as far as the handlers use it. */
  readonly db = {
    find: async (table: object, key: Row) => {
      const info = this.info(table);
      const row = this.rows.get(info)!.get(this.key(info, key));
      return row ? { ...row } : null;
    },
    insert: (table: object) => ({
      values: (values: Row) => {
        const info = this.info(table);
        const key = this.key(info, values);
        const existing = () => this.rows.get(info)!.get(key);
        return {
          onConflictDoNothing: async () => (existing() ? null : this.insertRow(info, key, values)),
          onConflictDoUpdate: async (patch: Patch) => {
            const row = existing();
            return row ? this.updateRow(info, key, row, patch) : this.insertRow(info, key, values);
          },
          // biome-ignore lint/suspicious/noThenProperty: Ponder's insert is awaited directly when it has no conflict clause.
          then: (resolve: (row: Row) => void, reject: (error: Error) => void) => {
            if (existing()) reject(new Error(`${info.name}: a row with key ${key} exists`));
            else {
              try {
                resolve(this.insertRow(info, key, values));
              } catch (error) {
                reject(error as Error);
              }
            }
          },
        };
      },
    }),
    update: (table: object, key: Row) => ({
      set: async (patch: Patch) => {
        const info = this.info(table);
        const k = this.key(info, key);
        const row = this.rows.get(info)!.get(k);
        if (!row) throw new Error(`${info.name}: no row with key ${k} to update`);
        return this.updateRow(info, k, row, patch);
      },
    }),
  };

  /** Creates the tables in `schema` with the indexer's columns and primary keys; indexes come after the load. */
  async createTables(client: pg.ClientBase, schema: string) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    for (const info of this.tables.values()) {
      const columns = info.columns.map(([, c]) => `${ident(c.name)} ${c.getSQLType()}${c.notNull ? " NOT NULL" : ""}`);
      const primaryKey = info.primaryKey.map(([, column]) => ident(column.name));
      await client.query(
        `CREATE TABLE ${ident(schema)}.${ident(info.name)} (${columns.join(", ")}, PRIMARY KEY (${primaryKey.join(", ")}))`,
      );
    }
  }

  /** The indexer's secondary indexes, built once the rows are in, as Ponder builds them after its backfill. */
  async createIndexes(client: pg.ClientBase, schema: string) {
    for (const info of this.tables.values()) {
      for (const columns of info.indexes) {
        await client.query(`CREATE INDEX ON ${ident(schema)}.${ident(info.name)} (${columns.map(ident).join(", ")})`);
      }
    }
  }

  /** Writes every row changed since the last flush, in one transaction; returns how many. */
  async flush(client: pg.ClientBase, schema: string) {
    let written = 0;
    await client.query("BEGIN");
    try {
      for (const info of this.tables.values()) {
        const keys = this.dirty.get(info)!;
        if (keys.size === 0) continue;
        const rows = [...keys].map((key) => this.rows.get(info)!.get(key)!);
        keys.clear();
        const names = info.columns.map(([, c]) => ident(c.name));
        const primaryKey = new Set(info.primaryKey.map(([js]) => js));
        const updates = info.columns.filter(([js]) => !primaryKey.has(js)).map(([, c]) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
        const perStatement = Math.floor(MAX_PARAMETERS / names.length);
        for (let start = 0; start < rows.length; start += perStatement) {
          const batch = rows.slice(start, start + perStatement);
          const params: unknown[] = [];
          const tuples = batch.map((row) => {
            const placeholders = info.columns.map(([js, column]) => {
              const value = row[js];
              params.push(value === null || !column.mapToDriverValue ? value : column.mapToDriverValue(value));
              return `$${params.length}`;
            });
            return `(${placeholders.join(",")})`;
          });
          const conflict = info.primaryKey.map(([, column]) => ident(column.name)).join(", ");
          await client.query(
            `INSERT INTO ${ident(schema)}.${ident(info.name)} (${names.join(", ")}) VALUES ${tuples.join(",")}
             ON CONFLICT (${conflict}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
            params,
          );
        }
        written += rows.length;
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    return written;
  }
}
