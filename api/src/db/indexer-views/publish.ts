// Publishing an indexer deployment in the views schema once it may be shown: backfilled and, on
// every chain the deployment shown now indexes, at or past it. This is the only way the views
// change in production: the first deployment (the views step, publish-views-cli.ts) and every new
// version (scripts/indexer-rollout.ts) go through it, and no production indexer runs with Ponder's
// `--views-schema` (docs/indexer-rollout.md says why).
import type pg from "pg";
import { deploymentProgress, type Lag, lagBehind } from "./progress.ts";
import { liveSchema, type SwitchOutcome, switchViews } from "./switch.ts";

export interface PublishOptions {
  /** The Ponder schema to show. */
  schema: string;
  viewsSchema: string;
  /** How long the deployment may take to backfill and catch up. */
  timeoutMs: number;
  /** Passed to switchViews. */
  lockTimeoutMs?: number;
  /** A reason to stop waiting, checked before every attempt (the deployment's process exited, say). */
  abort?: () => string | undefined;
  log?: (line: string) => void;
}

export interface Published {
  /** The schema the views showed before, if any. */
  from: string | undefined;
  /** How long the switch held the views (readers waited at most this long). */
  heldMs: number;
  /** Switch attempts that found a reader in the way or the shown deployment a block ahead. */
  retries: number;
}

const POLL_MS = 200;
const PROGRESS_LOG_MS = 10_000;

/**
 * Switches the views to `schema` as soon as that can be done without readers stepping back;
 * throws when `timeoutMs` passes first (the views then still show what they showed). `pool`, not
 * one client: a connection lost during a long backfill is replaced on the next attempt.
 */
export async function publishWhenCaughtUp(pool: pg.Pool, options: PublishOptions): Promise<Published> {
  const { schema, viewsSchema, log = () => {} } = options;
  const deadline = Date.now() + options.timeoutMs;
  let retries = 0;
  let loggedAt = 0;
  let lastError: Error | undefined;
  const report = (what: string) => {
    if (performance.now() - loggedAt < PROGRESS_LOG_MS) return;
    loggedAt = performance.now();
    log(what);
  };
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new Error(aborted);
    // An error (PostgreSQL restarting, a view something else depends on) is reported and tried again.
    const outcome = await withClient(pool, async (client) => {
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
    if (outcome) {
      log(`views "${viewsSchema}" now show "${schema}" (held ${outcome.heldMs.toFixed(1)} ms, ${retries} retries)`);
      return { from: outcome.from, heldMs: outcome.heldMs, retries };
    }
    if (Date.now() > deadline) {
      const cause = lastError ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for "${schema}" to catch up and take the views over${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function describeLags(lags: Lag[]) {
  return lags.map((l) => `chain ${l.chainId} at ${l.candidate ?? "nothing"} of ${l.live}`).join(", ");
}

export async function withClient<T>(pool: pg.Pool, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg's pool stops listening to a client it lends, and `use` may hold it idle for long (waiting
  // for the candidate to catch up): a session the server ends meanwhile must fail the next query
  // here, not throw an unheard error event that ends the process.
  const ended = () => {};
  client.on("error", ended);
  try {
    const result = await use(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  } finally {
    client.off("error", ended);
  }
}
