// Stored notifications, shared by the API's watcher and the keeper process.
import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";

export interface NewNotice {
  recipient: string;
  kind: string;
  chainId: number | null;
  orderId: string | null;
  payload: Record<string, unknown>;
  /** Stored once per key: re-scans and retries add nothing. */
  dedupeKey: string;
}

/** Inserts the notifications not stored yet; returns the recipients of those it inserted. */
export async function insertNotifications(db: Kysely<Database>, notices: NewNotice[]): Promise<string[]> {
  if (notices.length === 0) return [];
  const rows = await db
    .insertInto("notifications")
    .values(
      notices.map((n) => ({
        recipient: n.recipient.toLowerCase(),
        kind: n.kind,
        chain_id: n.chainId,
        order_id: n.orderId,
        payload: JSON.stringify(n.payload),
        dedupe_key: n.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("recipient")
    .execute();
  return rows.map((r) => r.recipient);
}
