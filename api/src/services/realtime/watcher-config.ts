// The indexer watcher's settings, validated like the API's own environment (config/env.ts).
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

export const WatcherEnvSchema = Type.Object({
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
});

export type WatcherConfig = Static<typeof WatcherEnvSchema>;

export function loadWatcherConfig(source: Record<string, unknown>): WatcherConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(WatcherEnvSchema.properties)) if (source[key] !== undefined && source[key] !== "") raw[key] = source[key];
  const env = Value.Convert(WatcherEnvSchema, Value.Default(WatcherEnvSchema, raw));
  const errors = [...Value.Errors(WatcherEnvSchema, env)];
  if (errors.length > 0) throw new Error(`invalid environment:\n${[...new Set(errors.map((e) => `  ${e.path.slice(1)}: ${e.message}`))].join("\n")}`);
  return env as WatcherConfig;
}
