// Reading what the indexer wrote, to compare one index with another.
import pg from "pg";

/** Every row of `table` in `schema`, ordered by its text form so runs compare as equal. */
export async function tableRows(databaseUrl: string, schema: string, table: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} t ORDER BY 1`,
    );
    return rows.map((r) => r.row as string);
  } finally {
    await client.end();
  }
}

export const INDEXED_TABLES = [
  "escrow_config",
  "token_configs",
  "orders",
  "order_events",
  "disputes",
  "evidence",
  "arbitrators",
  "pool_config",
  "credits",
  "arbitrator_earnings",
  "user_stats",
  "daily_volume",
] as const;

/** Rows of every indexed table, for comparing one index with another. */
export async function snapshotTables(databaseUrl: string, schema: string) {
  const snapshot: Record<string, string[]> = {};
  for (const table of INDEXED_TABLES) snapshot[table] = await tableRows(databaseUrl, schema, table);
  return snapshot;
}
