// How far a Ponder deployment (one PostgreSQL schema) has got, read from the tables Ponder keeps in
// that schema. Read from the database rather than over HTTP: the checkpoint row is written in the
// same transaction as the block's rows, so it says exactly what a reader of the schema sees, and
// the live deployment need not be reachable from wherever the rollout runs.
import pg from "pg";

/** Ponder's own tables in every deployment schema (ponder/src/database/index.ts). */
export const PONDER_META_TABLE = "_ponder_meta";
export const PONDER_CHECKPOINT_TABLE = "_ponder_checkpoint";

export interface DeploymentProgress {
  /** The historical backfill is done (what Ponder's /ready answers). */
  ready: boolean;
  /** The app's tables and views, which the views schema mirrors. */
  relations: string[];
  /** The last block indexed, per chain id. */
  blocks: Map<number, bigint>;
}

/** The app row Ponder writes into `_ponder_meta` (its `PonderApp6`, which it does not export). */
interface PonderApp {
  is_ready?: number;
  table_names?: string[];
  view_names?: string[];
}

// A checkpoint is 75 digits: block timestamp (10), chain id (16), block number (16), then the
// position inside the block (ponder/src/utils/checkpoint.ts).
const BLOCK_NUMBER_AT = 10 + 16;
const BLOCK_NUMBER_DIGITS = 16;

export const blockOfCheckpoint = (checkpoint: string) => BigInt(checkpoint.slice(BLOCK_NUMBER_AT, BLOCK_NUMBER_AT + BLOCK_NUMBER_DIGITS));
/** The unix time (seconds) of the checkpoint's block. */
export const timestampOfCheckpoint = (checkpoint: string) => Number(checkpoint.slice(0, 10));

/** The deployment in `schema`, or undefined while Ponder has not written its app row there. */
export async function deploymentProgress(client: pg.ClientBase, schema: string): Promise<DeploymentProgress | undefined> {
  const quoted = pg.escapeIdentifier(schema);
  const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2", [schema, PONDER_CHECKPOINT_TABLE]);
  if (!exists.rowCount) return undefined;
  const meta = await client.query<{ value: PonderApp }>(`SELECT value FROM ${quoted}.${PONDER_META_TABLE} WHERE key = 'app'`);
  const app = meta.rows[0]?.value;
  if (!app) return undefined;
  const checkpoints = await client.query<{ chain_id: string; latest_checkpoint: string }>(
    `SELECT chain_id::text, latest_checkpoint FROM ${quoted}.${PONDER_CHECKPOINT_TABLE}`,
  );
  return {
    ready: app.is_ready === 1,
    relations: [...(app.table_names ?? []), ...(app.view_names ?? [])],
    blocks: new Map(checkpoints.rows.map((r) => [Number(r.chain_id), blockOfCheckpoint(r.latest_checkpoint)])),
  };
}

export interface Lag {
  chainId: number;
  /** The candidate's last block, or null when it does not index the chain yet. */
  candidate: bigint | null;
  live: bigint;
}

/**
 * The chains on which `candidate` is behind `live`: none once it has caught up. A chain the live
 * deployment indexes counts until the candidate has a checkpoint there too; a chain only the
 * candidate indexes (one the new version adds) cannot be compared and does not hold it back.
 */
export function lagBehind(candidate: DeploymentProgress, live: DeploymentProgress | undefined): Lag[] {
  if (!live) return [];
  const lags: Lag[] = [];
  for (const [chainId, block] of live.blocks) {
    const own = candidate.blocks.get(chainId) ?? null;
    if (own === null || own < block) lags.push({ chainId, candidate: own, live: block });
  }
  return lags;
}
