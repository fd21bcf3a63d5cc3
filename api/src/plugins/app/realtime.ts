// Realtime events: `app.realtime.publish()` stores an event per room and NOTIFYs every API process;
// each process keeps one LISTEN connection and hands the events to its own sockets in those rooms.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import { publishRealtime, type RealtimeEvent, type RealtimePublish } from "../../services/realtime/publish.ts";

export type { RealtimeEvent, RealtimePublish } from "../../services/realtime/publish.ts";

export interface Realtime {
  /**
   * Stores the event once per room (`user:<address>`, `order:<chainId>:<orderId>`) and notifies
   * every API process. Pass a transaction as `db` to publish on its commit (call it last there).
   * Returns the inserted events; none when `dedupeKey` was already published to those rooms.
   */
  publish(event: RealtimePublish, db?: Kysely<Database>): Promise<RealtimeEvent[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

export default fp(
  async function realtime(app: FastifyInstance) {
    const realtime: Realtime = {
      publish: (event, db = app.db) => publishRealtime(db, event),
    };
    app.decorate("realtime", realtime);
  },
  { name: "realtime", dependencies: ["db"] },
);
