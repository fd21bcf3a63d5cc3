// The views schema (INDEXER_VIEWS_SCHEMA): which Ponder deployment it shows, and switching it to
// another one in a single transaction.
//
// Why not Ponder's own switch: `ponder start --views-schema` publishes the views when its backfill
// ends, and the backfill ends at the chain's finalized block (30 blocks below the head on an unknown
// chain, 65 on Ethereum), so readers would step back in time from the live deployment's head; and
// `ponder db create-views` drops and creates each view in a statement of its own, so a reader
// between the two finds no relation. Here the views are swapped in one transaction, and only after
// the new deployment is, under the switch's own locks, at or past the live one on every chain.
import pg from "pg";
import { deploymentProgress, type Lag, lagBehind, PONDER_CHECKPOINT_TABLE, PONDER_META_TABLE } from "./progress.ts";

/** The Ponder schema the views in `viewsSchema` show, or undefined when there are none yet. */
export async function liveSchema(client: pg.ClientBase, viewsSchema: string): Promise<string | undefined> {
  // Every deployment's views include its `_ponder_checkpoint`: the schema of the table behind it.
  const { rows } = await client.query<{ schema: string }>(
    `SELECT DISTINCT base_ns.nspname AS schema
       FROM pg_class v
       JOIN pg_namespace v_ns ON v_ns.oid = v.relnamespace
       JOIN pg_rewrite r ON r.ev_class = v.oid
       JOIN pg_depend d ON d.objid = r.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
       JOIN pg_class base ON base.oid = d.refobjid AND base.oid <> v.oid
       JOIN pg_namespace base_ns ON base_ns.oid = base.relnamespace
      WHERE v_ns.nspname = $1 AND v.relname = $2 AND v.relkind = 'v'`,
    [viewsSchema, PONDER_CHECKPOINT_TABLE],
  );
  return rows[0]?.schema;
}

export type SwitchOutcome =
  | { switched: true; from: string | undefined; heldMs: number }
  /** The deployment has not finished its backfill, or has not started writing at all. */
  | { switched: false; reason: "not-ready" }
  /** It is behind the live deployment on these chains; the views stay where they are. */
  | { switched: false; reason: "behind"; lags: Lag[] }
  /** A reader held a view longer than the lock timeout; nothing changed, try again. */
  | { switched: false; reason: "busy" };

export interface SwitchOptions {
  /** The Ponder schema to show. */
  schema: string;
  viewsSchema: string;
  /**
   * How long the switch waits for any one lock. Readers queue behind a view the switch has
   * dropped until it commits, so this bounds the pause they can see; it also stays under
   * PostgreSQL's deadlock_timeout (1 s), so when a reader and the switch wait on each other the
   * switch gives way rather than the reader's query failing.
   */
  lockTimeoutMs?: number;
}

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Points every view in `viewsSchema` at the tables of `schema`, in one transaction: readers see the
 * old deployment or the new one, never a missing view or a mix of the two, and never an older
 * block than they saw before.
 */
export async function switchViews(
  client: pg.ClientBase,
  { schema, viewsSchema, lockTimeoutMs = 200 }: SwitchOptions,
): Promise<SwitchOutcome> {
  const views = pg.escapeIdentifier(viewsSchema);
  const target = pg.escapeIdentifier(schema);
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    const started = performance.now();
    const from = await liveSchema(client, viewsSchema);
    const candidate = await deploymentProgress(client, schema);
    if (!candidate?.ready) return await rollback(client, { switched: false, reason: "not-ready" });
    const previous = from && from !== schema ? await deploymentProgress(client, from) : undefined;

    // Dropping takes each view's exclusive lock: from here on readers wait for the commit, so what
    // the live deployment has committed now is the most any reader has seen through the views.
    const ponderOwn = [PONDER_META_TABLE, PONDER_CHECKPOINT_TABLE];
    const relations = [...candidate.relations, ...ponderOwn];
    const dropped = new Set([...relations, ...(previous?.relations ?? [])]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${views}`);
    for (const name of dropped) await client.query(`DROP VIEW IF EXISTS ${views}.${pg.escapeIdentifier(name)}`);
    if (from && from !== schema) {
      const live = await deploymentProgress(client, from);
      const lags = live ? lagBehind((await deploymentProgress(client, schema)) ?? candidate, live) : [];
      if (lags.length > 0) return await rollback(client, { switched: false, reason: "behind", lags });
    }
    for (const name of relations) {
      const quoted = pg.escapeIdentifier(name);
      await client.query(`CREATE VIEW ${views}.${quoted} AS SELECT * FROM ${target}.${quoted}`);
    }
    await moveLiveQueryTrigger(client, { viewsSchema, schema, from });
    await client.query("COMMIT");
    return { switched: true, from, heldMs: performance.now() - started };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return { switched: false, reason: "busy" };
    throw error;
  }
}

async function rollback<T>(client: pg.ClientBase, outcome: T): Promise<T> {
  await client.query("ROLLBACK");
  return outcome;
}

/**
 * What `ponder start --views-schema` also leaves behind (ponder/src/database/actions.ts
 * createViews): a NOTIFY on `<views>_live_query` whenever the shown deployment's checkpoint moves,
 * for Ponder's live queries over the views. It follows the views: off the old deployment, onto the new.
 */
async function moveLiveQueryTrigger(
  client: pg.ClientBase,
  { viewsSchema, schema, from }: { viewsSchema: string; schema: string; from?: string },
) {
  const views = pg.escapeIdentifier(viewsSchema);
  const trigger = pg.escapeIdentifier(`${viewsSchema}_live_query_notify`);
  const channel = `${viewsSchema}_live_query`.replaceAll("'", "''");
  const checkpoint = (s: string) => `${pg.escapeIdentifier(s)}.${PONDER_CHECKPOINT_TABLE}`;
  if (from && from !== schema) {
    const stillThere = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2", [
      from,
      PONDER_CHECKPOINT_TABLE,
    ]);
    if (stillThere.rowCount) await client.query(`DROP TRIGGER IF EXISTS ${trigger} ON ${checkpoint(from)}`);
  }
  await client.query(`
CREATE OR REPLACE FUNCTION ${views}.live_query_notify()
RETURNS TRIGGER LANGUAGE plpgsql
AS $$
  DECLARE
    table_names json;
    table_exists boolean := false;
  BEGIN
    SELECT EXISTS (
      SELECT 1 FROM information_schema.tables
      WHERE table_name = 'live_query_tables' AND table_type = 'LOCAL TEMPORARY'
    ) INTO table_exists;
    IF table_exists THEN
      SELECT json_agg(table_name) INTO table_names FROM live_query_tables;
      table_names := COALESCE(table_names, '[]'::json);
      PERFORM pg_notify('${channel}', table_names::text);
    END IF;
    RETURN NULL;
  END;
$$;`);
  await client.query(
    `CREATE OR REPLACE TRIGGER ${trigger} AFTER INSERT OR UPDATE OR DELETE ON ${checkpoint(schema)}
     FOR EACH STATEMENT EXECUTE PROCEDURE ${views}.live_query_notify()`,
  );
}
