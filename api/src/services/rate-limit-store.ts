// A @fastify/rate-limit store on PostgreSQL, so every API process counts against the same limits:
// behind a load balancer, N processes together allow what one allows. One statement per hit: the
// upsert increments the key's counter, or starts a new window when the last one has ended, and
// PostgreSQL's row lock on the key makes concurrent hits from any process count one by one.
import type { FastifyRateLimitStore } from "@fastify/rate-limit";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/** Counts one hit on `key` in a fixed window of `windowMs`. */
export async function hitRateLimit(db: Kysely<Database>, key: string, windowMs: number): Promise<RateLimitHit> {
  const ended = sql<boolean>`rate_limits.resets_at <= now()`;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, hits: 1, resets_at: sql`now() + ${windowMs} * interval '1 millisecond'` })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql`case when ${ended} then 1 else rate_limits.hits + 1 end`,
        resets_at: sql`case when ${ended} then excluded.resets_at else rate_limits.resets_at end`,
      }),
    )
    .returning(["hits", sql<number>`greatest(0, extract(epoch from resets_at - now()) * 1000)::float8`.as("ttl")])
    .executeTakeFirstOrThrow();
  return { current: row.hits, ttl: Math.ceil(row.ttl) };
}

/** Deletes the counters whose window has ended (a later hit would start over anyway). */
export async function deleteEndedRateLimits(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom("rate_limits").where("resets_at", "<", sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The store. `db` is read at each hit: the rate-limit plugin is registered before the database
 * plugin decorates the app. A route with its own limit (`config.rateLimit`) gets a child whose keys
 * carry the route, so its counter never mixes with the global one.
 */
export class PostgresRateLimitStore implements FastifyRateLimitStore {
  readonly #db: () => Kysely<Database>;
  readonly #prefix: string;

  constructor(db: () => Kysely<Database>, prefix = "") {
    this.#db = db;
    this.#prefix = prefix;
  }

  incr(key: string, callback: (error: Error | null, result?: RateLimitHit) => void, timeWindow: number) {
    hitRateLimit(this.#db(), this.#prefix + key, timeWindow).then(
      (hit) => callback(null, hit),
      (error: Error) => callback(error),
    );
  }

  child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]): PostgresRateLimitStore {
    // Typed as the route's options, but what the plugin passes is the limit's merged parameters,
    // with the route under `routeInfo` (empty for a limiter made with `app.rateLimit()`).
    const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
    return route?.url === undefined ? this : new PostgresRateLimitStore(this.#db, `${this.#prefix}${String(route.method)} ${route.url}|`);
  }
}
