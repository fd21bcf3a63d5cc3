// Publishing a realtime event: one row per room in `realtime_events` (the log reconnecting clients
// replay from), then a NOTIFY that wakes every API process's listener.
import { parseRoom } from "@p2p-escrow/protocol/rooms";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/database.ts";

export const REALTIME_CHANNEL = "realtime_events";

/**
 * The publish locks: one transaction-scoped advisory lock per room, held while the event's ids are
 * drawn and until commit, so each room's events commit in id order. Without it a later id could
 * commit first, a client could see it live and reconnect with it as its last id, and the earlier
 * one, committed a moment after, would never reach that client. Rooms need no order between them:
 * a client resumes each room from that room's last id (session.ts) and each process's listener
 * keeps a watermark per room (listener.ts), so publishes to different rooms commit side by side.
 * The lock is (this namespace, hashtext(room)); two rooms sharing a hash only wait for each other.
 */
const ROOM_LOCK_SPACE = 0x7274_6576; // "rtev"

/** NOTIFY payloads are capped at 8000 bytes; past this, only the highest id is sent. */
const MAX_NOTIFY_BYTES = 7_000;

export interface RealtimePublish {
  /** `user:<address>` and/or `order:<chainId>:<orderId>`. */
  rooms: string[];
  /** What happened, e.g. `message.created`, `order.updated`. */
  kind: string;
  payload: Record<string, unknown>;
  /** Publishing the same key again (per room) is a no-op: retries and re-scans are harmless. */
  dedupeKey?: string;
}

export interface RealtimeEvent {
  id: string;
  room: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** What the NOTIFY carries: the new ids and their rooms, or only the highest id when too long. */
export interface RealtimeNotice {
  ids?: string[];
  rooms?: string[];
  maxId: string;
}

export const perRoomDedupeKey = (dedupeKey: string, room: string) => `${dedupeKey}@${room}`;

export function toRealtimeEvent(row: {
  id: string;
  room: string;
  kind: string;
  payload: Record<string, unknown>;
  created_at: Date;
}): RealtimeEvent {
  return { id: String(row.id), room: row.room, kind: row.kind, payload: row.payload, createdAt: row.created_at.toISOString() };
}

/**
 * Stores the event once per room and notifies the listeners; returns the rows it inserted (none
 * when every room already had `dedupeKey`). Given a transaction, it joins it and the NOTIFY goes
 * out on commit; call it last in that transaction, since it holds its rooms' publish locks until commit.
 */
export async function publishRealtime(db: Kysely<Database>, event: RealtimePublish): Promise<RealtimeEvent[]> {
  const rooms = [...new Set(event.rooms)];
  const bad = rooms.filter((room) => parseRoom(room) === null);
  if (bad.length > 0) throw new Error(`invalid realtime room(s): ${bad.join(", ")}`);
  if (rooms.length === 0) return [];
  const run = async (trx: Transaction<Database> | Kysely<Database>) => {
    // Taken in one order (by key) by every publisher, so two publishes sharing rooms never deadlock.
    await sql`select count(pg_advisory_xact_lock(${ROOM_LOCK_SPACE}, key)) from (
      select distinct hashtext(room) as key from unnest(${rooms}::text[]) as room order by key
    ) as keys`.execute(trx);
    const rows = await trx
      .insertInto("realtime_events")
      .values(
        rooms.map((room) => ({
          room,
          kind: event.kind,
          payload: JSON.stringify(event.payload),
          dedupe_key: event.dedupeKey === undefined ? null : perRoomDedupeKey(event.dedupeKey, room),
        })),
      )
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .returning(["id", "room", "kind", "payload", "created_at"])
      .execute();
    if (rows.length > 0) {
      const ids = rows.map((r) => String(r.id));
      const maxId = ids.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      let notice = JSON.stringify({ ids, rooms: [...new Set(rows.map((r) => r.room))], maxId } satisfies RealtimeNotice);
      if (Buffer.byteLength(notice) > MAX_NOTIFY_BYTES) notice = JSON.stringify({ maxId } satisfies RealtimeNotice);
      await sql`select pg_notify(${REALTIME_CHANNEL}, ${notice})`.execute(trx);
    }
    return rows.map(toRealtimeEvent);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
