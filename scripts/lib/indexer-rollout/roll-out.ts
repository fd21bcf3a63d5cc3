// Rolling out a new indexer version beside the live one: start it on a schema of its own, wait
// until it has caught up, switch the views schema to it in one transaction. The live version keeps
// indexing (and readers keep reading it through the views) until the switch.
import pg from "pg";
import type { RunningIndexer } from "../stack/indexer.ts";
import { WaitAborted, waitFor } from "../wait-for.ts";
import { deploymentProgress, type Lag, lagBehind } from "./progress.ts";
import { liveSchema, type SwitchOutcome, switchViews } from "./views.ts";

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

const PROGRESS_LOG_MS = 10_000;

/**
 * Starts the new version and switches the views to it once it has finished its backfill and, on
 * every chain the live version indexes, reached the live version's block. Stops the new version
 * again if that does not happen within `timeoutMs` (the views then still show the live version).
 */
export async function rollOutIndexer(options: RolloutOptions): Promise<Rollout> {
  const { schema, viewsSchema, log = () => {} } = options;
  // A pool, not one client: a connection lost during a long backfill is replaced on the next poll.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  try {
    const previous = await withClient(pool, (client) => liveSchema(client, viewsSchema));
    if (previous === schema) throw new Error(`the views in "${viewsSchema}" already show "${schema}": nothing to roll out`);
    log(`views "${viewsSchema}" show ${previous ? `"${previous}"` : "nothing yet"}; starting the new version on "${schema}"`);
    const started = performance.now();
    const indexer = await options.start();
    let retries = 0;
    let loggedAt = 0;
    let lastError: Error | undefined;
    const report = (what: string) => {
      if (performance.now() - loggedAt < PROGRESS_LOG_MS) return;
      loggedAt = performance.now();
      log(what);
    };
    try {
      const outcome = await waitFor(
        async () => {
          if (indexer.process.exitCode !== null) throw new WaitAborted(`the new version exited with ${indexer.process.exitCode}`);
          // An error (PostgreSQL restarting, a view something else depends on) is reported and tried again.
          return withClient(pool, async (client) => {
            // A cheap look first: the switch, which makes readers wait a moment, is tried only once it should succeed.
            const own = await deploymentProgress(client, schema);
            if (!own?.ready) return void report(`"${schema}" is backfilling`);
            const live = await liveSchema(client, viewsSchema);
            const lags = live && live !== schema ? lagBehind(own, await deploymentProgress(client, live)) : [];
            if (lags.length > 0) return void report(`"${schema}" is behind "${live}": ${describeLags(lags)}`);
            const attempt: SwitchOutcome = await switchViews(client, { schema, viewsSchema, lockTimeoutMs: options.lockTimeoutMs });
            if (attempt.switched) return attempt;
            retries++;
            report(`switch attempt ${retries}: ${attempt.reason}`);
            return undefined;
          }).catch((error: Error) => {
            lastError = error;
            report(`switch attempt failed: ${error.message}`);
            return undefined;
          });
        },
        { timeoutMs: options.timeoutMs, intervalMs: 200, what: `the indexer on "${schema}" to catch up and take the views over` },
      );
      const rollout = { indexer, previous, catchUpMs: performance.now() - started, heldMs: outcome.heldMs, retries };
      log(`views "${viewsSchema}" now show "${schema}" (held ${outcome.heldMs.toFixed(1)} ms, ${retries} retries)`);
      return rollout;
    } catch (error) {
      await indexer.stop();
      const cause = lastError ? ` (last error: ${lastError.message})` : "";
      throw new Error(`${(error as Error).message}${cause}\n--- new indexer output ---\n${indexer.output().slice(-4000)}`);
    }
  } finally {
    await pool.end();
  }
}

function describeLags(lags: Lag[]) {
  return lags.map((l) => `chain ${l.chainId} at ${l.candidate ?? "nothing"} of ${l.live}`).join(", ");
}

async function withClient<T>(pool: pg.Pool, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await use(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
