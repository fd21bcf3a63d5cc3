// The indexer watcher's work, one chain at a time: turn new indexed order events into realtime
// events and notifications, and remind the party who must act before a timeout falls due.
import { OPEN_ORDER_STATUSES } from "@p2p-escrow/contracts/order-status";
import { EVENT_NOTIFICATION_KINDS } from "@p2p-escrow/protocol/notification-kinds";
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { announce } from "./announce.ts";
import { insertNotifications } from "./notify.ts";
import { publishRealtime } from "./publish.ts";

/** Steps of the protocol nobody needs to be notified of (they still reach open sockets). */
const SILENT = new Set(["RandomnessRequested"]);

interface WatchedEvent {
  id: string;
  chain_id: number;
  order_id: string;
  name: string;
  actor: string | null;
  args: Record<string, unknown>;
  block_number: string;
  timestamp: string;
  transaction_hash: string;
  log_index: number;
  buyer: string | null;
  seller: string | null;
  arbitrator: string | null;
  status: string | null;
}

const cursorName = (chainId: number) => `indexer-watcher:${chainId}`;
export const orderEventKey = (eventId: string) => `order-event:${eventId}`;

export async function watchedChains(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom("escrow_config").select("chain_id").execute()).map((r) => r.chain_id);
}

/**
 * Publishes the chain's indexed order events not published yet, from `rescanBlocks` before the
 * cursor on (a reorg can put new events below it; ones already published are skipped by their
 * dedupe key). Returns how many it published; a full batch means more are waiting.
 */
export async function publishOrderEvents(
  db: Kysely<Database>,
  chainId: number,
  { rescanBlocks, batch }: { rescanBlocks: number; batch: number },
): Promise<number> {
  const cursor = await db.selectFrom("cursors").select("value").where("name", "=", cursorName(chainId)).executeTakeFirst();
  let block: bigint;
  if (cursor) block = BigInt(String(cursor.value.block));
  else {
    // A first run starts at the indexed head: a new deployment does not replay the whole history.
    const head = await db
      .selectFrom("order_events")
      .select((eb) => eb.fn.max("block_number").as("max"))
      .where("chain_id", "=", chainId)
      .executeTakeFirst();
    block = head?.max == null ? 0n : BigInt(head.max);
    await saveCursor(db, chainId, block);
  }
  const from = block > BigInt(rescanBlocks) ? block - BigInt(rescanBlocks) : 0n;
  const { rows } = await sql<WatchedEvent>`
    select e.id, e.chain_id, e.order_id::text as order_id, e.name, e.actor, e.args, e.block_number::text as block_number,
           e.timestamp::text as timestamp, e.transaction_hash, e.log_index, o.buyer, o.seller, o.arbitrator, o.status
    from ${sql.table("order_events")} e
    left join ${sql.table("orders")} o on o.chain_id = e.chain_id and o.order_id = e.order_id
    where e.chain_id = ${chainId} and e.block_number >= ${from.toString()}
      -- the key publishRealtime gives the order room's row (orderEventKey @ orderRoom)
      and not exists (
        select 1 from ${sql.table("realtime_events")} r
        where r.dedupe_key = 'order-event:' || e.id || '@order:' || e.chain_id || ':' || e.order_id::text
      )
    order by e.block_number, e.log_index
    limit ${batch}`.execute(db);

  for (const event of rows) await publishOrderEvent(db, event);
  const highest = rows.reduce((max, e) => (BigInt(e.block_number) > max ? BigInt(e.block_number) : max), block);
  if (highest > block) await saveCursor(db, chainId, highest);
  return rows.length;
}

async function saveCursor(db: Kysely<Database>, chainId: number, block: bigint) {
  const value = JSON.stringify({ block: block.toString() });
  await db
    .insertInto("cursors")
    .values({ name: cursorName(chainId), value })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_at: sql`now()` }))
    .execute();
}

async function publishOrderEvent(db: Kysely<Database>, event: WatchedEvent) {
  const kind = EVENT_NOTIFICATION_KINDS[event.name] ?? "order.updated";
  const lower = (a: unknown) => (typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a) ? a.toLowerCase() : null);
  // The arbitrator an event names (assigned or replaced) hears of it even when no longer of record.
  const parties = [
    ...new Set([event.buyer, event.seller, event.arbitrator, lower(event.args.arbitrator)].map(lower).filter((a) => a !== null)),
  ];
  const actor = lower(event.actor);
  const payload = {
    chainId: event.chain_id,
    orderId: event.order_id,
    event: event.name,
    actor,
    args: event.args,
    status: event.status,
    blockNumber: event.block_number,
    timestamp: event.timestamp,
    transactionHash: event.transaction_hash,
    logIndex: event.log_index,
  };
  const key = orderEventKey(event.id);
  await db.transaction().execute((trx) =>
    announce(trx, {
      kind,
      chainId: event.chain_id,
      orderId: event.order_id,
      actor,
      parties,
      payload,
      key,
      silent: SILENT.has(event.name),
    }),
  );
}

/**
 * Who must act before an order's deadline, and what they must do: by the order's status, and for
 * a dispute by its phase (a draw and an escalated case wait on nobody in particular).
 */
const DUE: Record<string, { party: "seller" | "buyer" | "respondent" | "arbitrator"; action: string }> = {
  Created: { party: "seller", action: "Confirm delivery, or the order expires and the buyer is refunded" },
  SellerConfirmed: { party: "buyer", action: "Confirm receipt or open a dispute, or the payment is released to the seller" },
  AwaitingDeposit: { party: "respondent", action: "Deposit the arbitration fee, or you lose the dispute by default" },
  Ruling: { party: "arbitrator", action: "Rule on the dispute, or you are replaced and penalised" },
};

export const reminderKey = (chainId: number, orderId: string, deadline: string) => `reminder:${chainId}:${orderId}:${deadline}`;

/**
 * Reminds the party who must act on each order whose deadline falls within `leadSeconds` of
 * `now` (the chain's clock), once per (order, deadline). Returns how many reminders it sent.
 */
export async function sendReminders(db: Kysely<Database>, chainId: number, now: bigint, leadSeconds: number): Promise<number> {
  // `due` names the status, or the phase of a dispute; `recipient` is who acts in it (the side that
  // has not matched the opener's deposit, or the drawn arbitrator).
  const { rows } = await sql<{ order_id: string; status: string; due: string; deadline: string; recipient: string | null }>`
    select * from (
      select o.chain_id, o.order_id::text as order_id, o.status, coalesce(d.phase, o.status) as due, o.deadline::text as deadline,
             lower(case
               when o.status = 'Created' then o.seller
               when o.status = 'SellerConfirmed' then o.buyer
               when d.phase = 'AwaitingDeposit' then case when d.opened_by = o.buyer then o.seller else o.buyer end
               when d.phase = 'Ruling' then o.arbitrator
             end) as recipient
      from ${sql.table("orders")} o
      left join ${sql.table("disputes")} d on d.chain_id = o.chain_id and d.order_id = o.order_id
      where o.chain_id = ${chainId}
        and o.status in (${sql.join(OPEN_ORDER_STATUSES.map((s) => sql.lit(s)))})
        and o.deadline > ${now.toString()} and o.deadline <= ${(now + BigInt(leadSeconds)).toString()}
    ) due
    where due.recipient is not null
      and not exists (
        select 1 from ${sql.table("notifications")} n
        where n.dedupe_key = 'reminder:' || due.chain_id || ':' || due.order_id || ':' || due.deadline || ':' || due.recipient
      )
    limit 500`.execute(db);
  let sent = 0;
  for (const row of rows) {
    const due = DUE[row.due];
    if (!row.recipient || !due) continue;
    const key = reminderKey(chainId, row.order_id, row.deadline);
    const payload = {
      chainId,
      orderId: row.order_id,
      status: row.status,
      party: due.party,
      action: due.action,
      deadline: row.deadline,
      secondsLeft: Number(BigInt(row.deadline) - now),
    };
    await db.transaction().execute(async (trx) => {
      const stored = await insertNotifications(trx, [
        { recipient: row.recipient!, kind: "reminder.due", chainId, orderId: row.order_id, payload, dedupeKey: `${key}:${row.recipient}` },
      ]);
      if (stored.length > 0)
        await publishRealtime(trx, { rooms: [userRoom(row.recipient!)], kind: "reminder.due", payload, dedupeKey: key });
    });
    sent++;
  }
  return sent;
}
