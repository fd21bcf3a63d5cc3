// The wallet's notifications: stored by the indexer watcher (order events, reminders) and the
// keeper, read and marked read by their recipient only.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/database.ts";
import type { Notification } from "../../db/tables/api.ts";
import { insertNotifications, type NewNotice } from "../../services/realtime/notify.ts";

export interface NotificationView {
  id: string;
  kind: string;
  chainId: number | null;
  orderId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationsRepository {
  /** Newest first; `cursor` is the last id of the previous page. */
  list(recipient: string, options: { limit: number; cursor?: string; unreadOnly: boolean }): Promise<{ items: NotificationView[]; nextCursor: string | null }>;
  unreadCount(recipient: string): Promise<number>;
  /** Marks the recipient's own notifications read (`ids` of anyone else's are ignored); returns how many changed. */
  markRead(recipient: string, which: { ids: string[] } | { all: true }): Promise<number>;
  /** Stores notifications, once per dedupe key; pass a transaction to write inside it. */
  create(notices: NewNotice[], db?: Kysely<Database>): Promise<string[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    notificationsRepository: NotificationsRepository;
  }
}

const view = (row: Notification): NotificationView => ({
  id: String(row.id),
  kind: row.kind,
  chainId: row.chain_id,
  orderId: row.order_id,
  payload: row.payload,
  createdAt: row.created_at.toISOString(),
  readAt: row.read_at ? row.read_at.toISOString() : null,
});

export default fp(
  async function notificationsRepository(app: FastifyInstance) {
    const { db } = app;
    const repository: NotificationsRepository = {
      async list(recipient, { limit, cursor, unreadOnly }) {
        let query = db.selectFrom("notifications").selectAll().where("recipient", "=", recipient).orderBy("id", "desc").limit(limit + 1);
        if (cursor !== undefined) query = query.where("id", "<", cursor);
        if (unreadOnly) query = query.where("read_at", "is", null);
        const rows = await query.execute();
        const items = rows.slice(0, limit).map(view);
        return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
      },
      async unreadCount(recipient) {
        const row = await db
          .selectFrom("notifications")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("recipient", "=", recipient)
          .where("read_at", "is", null)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      },
      async markRead(recipient, which) {
        let query = db.updateTable("notifications").set({ read_at: sql`now()` }).where("recipient", "=", recipient).where("read_at", "is", null);
        if ("ids" in which) query = query.where("id", "in", which.ids);
        const result = await query.executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
      create: (notices, target = db) => insertNotifications(target, notices),
    };
    app.decorate("notificationsRepository", repository);
  },
  { name: "notifications-repository", dependencies: ["db"] },
);
