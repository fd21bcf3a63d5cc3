// Announcing something that happened to an order: a stored notification for each party who did not
// do it, and one realtime event in the order's room and in every party's own room (the actor's
// other tabs hear of it too). Written in the caller's transaction, so the announcement exists
// exactly when what it announces does; `key` makes a repeated announcement a no-op.
import { orderRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import { insertNotifications } from "./notify.ts";
import { publishRealtime } from "./publish.ts";

export interface Announcement {
  kind: string;
  chainId: number;
  orderId: string;
  /** Who did it (lowercase); never notified of their own act. Null for nobody in particular. */
  actor: string | null;
  /** Lowercase addresses of everyone concerned, the actor included. */
  parties: string[];
  payload: Record<string, unknown>;
  key: string;
  /** Reaches open sockets only: nothing is stored in anyone's notifications. */
  silent?: boolean;
}

export async function announce(db: Kysely<Database>, a: Announcement): Promise<void> {
  const parties = [...new Set(a.parties)];
  const notified = a.silent ? [] : parties.filter((p) => p !== a.actor);
  await insertNotifications(
    db,
    notified.map((recipient) => ({
      recipient,
      kind: a.kind,
      chainId: a.chainId,
      orderId: a.orderId,
      payload: a.payload,
      dedupeKey: `${a.key}:${recipient}`,
    })),
  );
  await publishRealtime(db, {
    rooms: [orderRoom(a.chainId, a.orderId), ...parties.map(userRoom)],
    kind: a.kind,
    payload: a.payload,
    dedupeKey: a.key,
  });
}
