// Rolling out a new indexer version beside the live one: start it on a schema of its own, wait
// until it has caught up, switch the views schema to it in one transaction. The live version keeps
// indexing (and readers keep reading it through the views) until the switch.
import pg from "pg";
import { publishWhenCaughtUp, withClient } from "../../../api/src/db/indexer-views/publish.ts";
import { liveSchema } from "../../../api/src/db/indexer-views/switch.ts";
import type { RunningIndexer } from "../stack/indexer.ts";

export interface RolloutOptions {
  databaseUrl: string;
  /** The new version's Ponder schema: fresh, or one it already started on (it resumes there). */
  schema: string;
  viewsSchema: string;
  /** Starts the new version on `schema`, without `--views-schema`: the switch is done here. */
  start: () => Promise<RunningIndexer>;
  /** How long the new version may take to backfill and catch up. */
  timeoutMs: number;
  /** Passed to switchViews. */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Rollout {
  indexer: RunningIndexer;
  /** The schema the views showed before, if any. */
  previous: string | undefined;
  /** From the start of the new version to the switch. */
  catchUpMs: number;
  /** How long the switch held the views (readers waited at most this long). */
  heldMs: number;
  /** Switch attempts that found a reader in the way or the live version a block ahead. */
  retries: number;
}

/**
 * Starts the new version and switches the views to it once it has finished its backfill and, on
 * every chain the live version indexes, reached the live version's block. Stops the new version
 * again if that does not happen within `timeoutMs` (the views then still show the live version).
 */
export async function rollOutIndexer(options: RolloutOptions): Promise<Rollout> {
  const { schema, viewsSchema, log = () => {} } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  try {
    const previous = await withClient(pool, (client) => liveSchema(client, viewsSchema));
    if (previous === schema) throw new Error(`the views in "${viewsSchema}" already show "${schema}": nothing to roll out`);
    log(`views "${viewsSchema}" show ${previous ? `"${previous}"` : "nothing yet"}; starting the new version on "${schema}"`);
    const started = performance.now();
    const indexer = await options.start();
    try {
      const published = await publishWhenCaughtUp(pool, {
        schema,
        viewsSchema,
        timeoutMs: options.timeoutMs,
        lockTimeoutMs: options.lockTimeoutMs,
        log,
        abort: () => (indexer.process.exitCode !== null ? `the new version exited with ${indexer.process.exitCode}` : undefined),
      });
      return { indexer, previous, catchUpMs: performance.now() - started, heldMs: published.heldMs, retries: published.retries };
    } catch (error) {
      await indexer.stop();
      throw new Error(`${(error as Error).message}\n--- new indexer output ---\n${indexer.output().slice(-4000)}`);
    }
  } finally {
    await pool.end();
  }
}
