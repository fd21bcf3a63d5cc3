// The wallet's notifications: stored by the indexer watcher (order events, reminders) and the
// keeper, read and marked read by their recipient only.

import type { Notification } from "@p2p-escrow/protocol/schemas/notification";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type Kysely, sql } from "kysely";
import { apiShaped } from "../../db/api-shape.ts";
import type { Database } from "../../db/database.ts";
import { insertNotifications, type NewNotice } from "../../services/realtime/notify.ts";

export type NotificationView = Static<typeof Notification>;

export interface NotificationsRepository {
  /** Newest first; `cursor` is the last id of the previous page. */
  list(
    recipient: string,
    options: { limit: number; cursor?: string; unreadOnly: boolean },
  ): Promise<{ items: NotificationView[]; nextCursor: string | null }>;
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

export default fp(
  async function notificationsRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const repository: NotificationsRepository = {
      async list(recipient, { limit, cursor, unreadOnly }) {
        let query = db
          .selectFrom("notifications")
          .select(["id", "kind", "chainId", "orderId", "payload", "createdAt", "readAt"])
          .where("recipient", "=", recipient)
          .orderBy("id", "desc")
          .limit(limit + 1);
        if (cursor !== undefined) query = query.where("id", "<", cursor);
        if (unreadOnly) query = query.where("readAt", "is", null);
        const rows = await query.execute();
        const items = rows.slice(0, limit);
        return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
      },
      async unreadCount(recipient) {
        const row = await db
          .selectFrom("notifications")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("recipient", "=", recipient)
          .where("readAt", "is", null)
          .executeTakeFirstOrThrow();
        return row.n;
      },
      async markRead(recipient, which) {
        let query = db
          .updateTable("notifications")
          .set({ readAt: sql`now()` })
          .where("recipient", "=", recipient)
          .where("readAt", "is", null);
        if ("ids" in which) query = query.where("id", "in", which.ids);
        const result = await query.executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
      create: (notices, target = app.db) => insertNotifications(target, notices),
    };
    app.decorate("notificationsRepository", repository);
  },
  { name: "notifications-repository", dependencies: ["db"] },
);
