// The indexer watcher's settings: part of the API's environment (config/env.ts).
import { Type } from "@sinclair/typebox";

export const WatcherEnv = {
  /** "false" turns the watcher off in this process (another process, or none, produces events). */
  INDEXER_WATCHER_ENABLED: Type.Boolean({ default: true }),
  INDEXER_WATCHER_POLL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 500 }),
  /** Blocks below the cursor re-read each poll, so events a reorg put there are not missed. */
  INDEXER_WATCHER_RESCAN_BLOCKS: Type.Integer({ minimum: 0, maximum: 10_000, default: 64 }),
  /** A process not leading tries to take over this often. */
  INDEXER_WATCHER_ELECTION_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5_000 }),
  /** Remind the party who must act when less than this remains before its deadline. */
  REMINDER_LEAD_SECONDS: Type.Integer({ minimum: 60, default: 21_600 }),
  REMINDER_CHECK_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5_000 }),
};
