// Reads from the realtime log.
import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import { type RealtimeEvent, toRealtimeEvent } from "./publish.ts";

/** Events of `rooms` with `after < id <= upTo` (no upper bound when `upTo` is null), in id order. */
export async function eventsAfter(
  db: Kysely<Database>,
  rooms: string[],
  after: string,
  { upTo = null, limit = 500 }: { upTo?: string | null; limit?: number } = {},
): Promise<RealtimeEvent[]> {
  if (rooms.length === 0) return [];
  let query = db
    .selectFrom("realtime_events")
    .select(["id", "room", "kind", "payload", "created_at"])
    .where("room", "in", rooms)
    .where("id", ">", after)
    .orderBy("id")
    .limit(limit);
  if (upTo !== null) query = query.where("id", "<=", upTo);
  return (await query.execute()).map(toRealtimeEvent);
}

export async function latestEventId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom("realtime_events")
    .select((eb) => eb.fn.max("id").as("max"))
    .executeTakeFirst();
  return row?.max == null ? "0" : String(row.max);
}
