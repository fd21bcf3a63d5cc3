// Reads from the realtime log.
import { type Kysely, sql } from "kysely";
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

/** The first `limit` events, in id order, of each room after that room's own `after`. */
export async function eventsAfterEach(db: Kysely<Database>, marks: { room: string; after: bigint }[], limit: number) {
  if (marks.length === 0) return [];
  const rooms = marks.map((m) => m.room);
  const afters = marks.map((m) => m.after.toString());
  // One index range scan per room (realtime_events_room is on (room, id)).
  const { rows } = await sql<{ id: string; room: string; kind: string; payload: Record<string, unknown>; created_at: Date }>`
    select e.id, e.room, e.kind, e.payload, e.created_at
    from unnest(${rooms}::text[], ${afters}::bigint[]) as mark(room, after)
    cross join lateral (
      select id, room, kind, payload, created_at from ${sql.table("realtime_events")}
      where room = mark.room and id > mark.after order by id limit ${limit}
    ) as e
    order by e.id
    limit ${limit}`.execute(db);
  return rows.map(toRealtimeEvent);
}

/** The room's highest event id, "0" when it has none. */
export async function latestEventIdIn(db: Kysely<Database>, room: string): Promise<string> {
  const row = await db
    .selectFrom("realtime_events")
    .select((eb) => eb.fn.max("id").as("max"))
    .where("room", "=", room)
    .executeTakeFirst();
  return row?.max == null ? "0" : String(row.max);
}
